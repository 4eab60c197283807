-- participants_recidivism: new arrest within a follow-up window of enrolment (domain-metrics
-- C2, D3: 6 and 12 months). Filled from the measure's params in schemas/participants.yaml:
-- $days, the window (183 days for 6 months, 365 for 12).
-- numerator   = cases enrolled in the month with a new arrest on or after the enrolment day
--               and at most $days days after it
-- denominator = cases enrolled in the month
-- Only cohorts whose window has closed: a month is reported when its last day plus $days days
-- is on or before the file's last date (the latest date of any kind in the file), so that
-- every case of the month had its full window; later months are left out, not counted as
-- no arrest. The period is the month of enrolment. Rows: the total, then one per program, sex
-- and race (lower case).
WITH as_of AS (
    SELECT greatest(
        max(enrolled_date), max(exit_date), max(new_arrest_date), max(referral_date),
        max(reinjury_date)
    ) AS day
    FROM data
),
cases AS (
    SELECT
        date_trunc('month', enrolled_date)::DATE AS period,
        coalesce(
            new_arrest_date BETWEEN enrolled_date AND enrolled_date + INTERVAL ($days) DAY, false
        ) AS arrested,
        program,
        sex,
        lower(trim(race)) AS race
    FROM data
    WHERE last_day(enrolled_date) + INTERVAL ($days) DAY <= (SELECT day FROM as_of)
),
grouped AS (
    SELECT period, arrested, '' AS disaggregation FROM cases
    UNION ALL
    SELECT period, arrested, 'program:' || program FROM cases
    UNION ALL
    SELECT period, arrested, 'sex:' || sex FROM cases
    UNION ALL
    SELECT period, arrested, 'race:' || race FROM cases
)
SELECT period, disaggregation, count(*) FILTER (WHERE arrested) AS numerator,
    count(*) AS denominator
FROM grouped
WHERE disaggregation IS NOT NULL
GROUP BY ALL
