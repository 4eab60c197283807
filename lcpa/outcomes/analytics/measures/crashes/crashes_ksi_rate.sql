-- crashes_ksi_rate: people killed or seriously injured per 100,000 residents (domain-metrics
-- B6, "KSI per 100,000 population").
-- numerator   = persons with injury_severity K or A whose crash was in the month
-- denominator = residents of the jurisdiction (its population, the variable `population`);
--               the measure's multiplier (100,000) makes the rate
-- Nothing is computed when the jurisdiction's population is not known. A month that grades
-- (A, B or C) fewer than half of its injured persons gives no row (as in crashes_ksi).
SELECT
    date_trunc('month', crash_date)::DATE AS period,
    '' AS disaggregation,
    count(*) FILTER (WHERE injury_severity IN ('K', 'A')) AS numerator,
    getvariable('population') AS denominator
FROM data
WHERE getvariable('population') IS NOT NULL
GROUP BY 1
HAVING count(*) FILTER (WHERE injury_severity IN ('A', 'B', 'C'))
    >= 0.5 * count(*) FILTER (WHERE injury_severity IN ('A', 'B', 'C', 'injured, severity unknown'))
