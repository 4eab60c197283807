-- participants_enrolled: people enrolled in the program (domain-metrics C2, D3).
-- numerator   = cases whose enrolled_date is in the month
-- denominator = none (a count)
-- Rows: the total, then one per program, sex and race (the race as the program codes it, in
-- lower case), for every month from the first enrolment to the last, 0 in a month without one
-- (a count chart needs its zeros).
WITH cases AS (
    SELECT
        date_trunc('month', enrolled_date)::DATE AS period,
        program,
        sex,
        lower(trim(race)) AS race
    FROM data
),
grouped AS (
    SELECT period, '' AS disaggregation FROM cases
    UNION ALL
    SELECT period, 'program:' || program FROM cases
    UNION ALL
    SELECT period, 'sex:' || sex FROM cases
    UNION ALL
    SELECT period, 'race:' || race FROM cases
),
counts AS (
    SELECT period, disaggregation, count(*) AS n
    FROM grouped
    WHERE disaggregation IS NOT NULL
    GROUP BY ALL
),
months AS (
    SELECT range::DATE AS period
    FROM range(
        (SELECT min(period) FROM cases)::TIMESTAMP,
        (SELECT max(period) FROM cases)::TIMESTAMP + INTERVAL 1 DAY,
        INTERVAL 1 MONTH
    )
),
groups AS (
    SELECT DISTINCT disaggregation FROM counts
)
SELECT m.period, g.disaggregation, coalesce(c.n, 0) AS numerator, NULL AS denominator
FROM months m
CROSS JOIN groups g
LEFT JOIN counts c ON c.period = m.period AND c.disaggregation = g.disaggregation
