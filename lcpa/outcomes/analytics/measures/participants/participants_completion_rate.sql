-- participants_completion_rate: the share of people leaving the program who completed it
-- (domain-metrics D3).
-- numerator   = cases that left in the month (exit_date) with exit_reason completed
-- denominator = cases that left in the month completed or unsuccessful
-- Open cases (no exit date) are left out, and so are exits that say nothing of success (moved,
-- died, other). Rows: the total, then one per program, sex and race (lower case).
WITH exits AS (
    SELECT
        date_trunc('month', exit_date)::DATE AS period,
        exit_reason = 'completed' AS completed,
        program,
        sex,
        lower(trim(race)) AS race
    FROM data
    WHERE exit_date IS NOT NULL AND exit_reason IN ('completed', 'unsuccessful')
),
grouped AS (
    SELECT period, completed, '' AS disaggregation FROM exits
    UNION ALL
    SELECT period, completed, 'program:' || program FROM exits
    UNION ALL
    SELECT period, completed, 'sex:' || sex FROM exits
    UNION ALL
    SELECT period, completed, 'race:' || race FROM exits
)
SELECT period, disaggregation, count(*) FILTER (WHERE completed) AS numerator,
    count(*) AS denominator
FROM grouped
WHERE disaggregation IS NOT NULL
GROUP BY ALL
