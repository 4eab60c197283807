-- crashes_ksi: people killed or seriously injured, by mode (domain-metrics B6, "KSI count",
-- "KSI by mode"; person level, as is standard).
-- numerator   = persons with injury_severity K (died within 30 days) or A (suspected serious
--               injury) whose crash was in the month (and who travelled by the mode, or whose
--               crash was in the district)
-- denominator = none (a count)
-- Rows: the total, one per mode for every month of the file (0 in a month without a KSI of
-- that mode: a count chart needs its zeros), and one per district that had a KSI.
-- A month that grades (A, B or C) fewer than half of its injured persons (the others
-- "injured, severity unknown") gives no row: its serious injuries cannot be told from minor
-- ones, and its count would fall only because fewer injuries were graded.
WITH graded AS (
    SELECT date_trunc('month', crash_date)::DATE AS period
    FROM data
    GROUP BY 1
    HAVING count(*) FILTER (WHERE injury_severity IN ('A', 'B', 'C'))
        >= 0.5 * count(*) FILTER (
            WHERE injury_severity IN ('A', 'B', 'C', 'injured, severity unknown')
        )
),
ksi AS (
    SELECT date_trunc('month', crash_date)::DATE AS period, mode, district
    FROM data
    WHERE injury_severity IN ('K', 'A')
        AND date_trunc('month', crash_date)::DATE IN (SELECT period FROM graded)
),
months AS (
    SELECT period FROM graded
),
modes AS (
    SELECT DISTINCT mode FROM data WHERE mode IS NOT NULL
),
by_mode AS (
    SELECT period, mode, count(*) AS n FROM ksi GROUP BY ALL
)
SELECT m.period, '' AS disaggregation, count(k.period) AS numerator, NULL AS denominator
FROM months m LEFT JOIN ksi k ON k.period = m.period
GROUP BY m.period
UNION ALL
SELECT m.period, 'mode:' || d.mode, coalesce(b.n, 0), NULL
FROM months m
CROSS JOIN modes d
LEFT JOIN by_mode b ON b.period = m.period AND b.mode = d.mode
UNION ALL
SELECT period, 'district:' || district, count(*), NULL
FROM ksi
WHERE district IS NOT NULL
GROUP BY ALL
