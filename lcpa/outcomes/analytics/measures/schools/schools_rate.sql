-- schools_rate: students referred to law enforcement, or arrested, per 1,000 enrolled, by
-- group, from CRDC style counts (aggregate level; domain-metrics D1). Filled from the
-- measure's params in schemas/schools.yaml: $count, the column counted (referrals or arrests).
-- numerator   = students in group g counted in $count, summed over the schools
-- denominator = students enrolled in group g, summed over the same schools (x 1,000 on the chart)
-- A school's row whose $count or enrollment is missing (a CRDC reserve code such as -9) is
-- left out of both sums, never counted as 0. The period is the month of the school year's
-- first day. Rows: the total (group "total"), then one per group (race:black, sex:female...).
SELECT
    date_trunc('month', period_start)::DATE AS period,
    CASE
        WHEN lower(trim("group")) IN ('total', 'all') THEN ''
        ELSE lower(trim("group"))
    END AS disaggregation,
    sum($count) AS numerator,
    sum(enrollment) AS denominator
FROM data
WHERE $count IS NOT NULL AND enrollment IS NOT NULL
GROUP BY ALL
