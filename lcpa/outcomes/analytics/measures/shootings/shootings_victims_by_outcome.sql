-- shootings_victims_by_outcome: people killed, or shot and wounded (domain-metrics C2,
-- "fatal shootings (firearm homicides)" and "non-fatal shootings (non-fatal firearm injuries
-- from assault)"; victim level). Filled from the measure's params in schemas/shootings.yaml:
-- $fatal, 1 for the people killed, 0 for those who survived.
-- numerator   = victims whose fatal is $fatal (1 yes, 0 no) in the month (area:<area>: in the
--               area)
-- denominator = none (a count)
-- Left out: self-inflicted, unintentional and police-involved shootings (C2); a shooting of
-- unknown or unrecorded type counts.
-- Rows: the total for every month of the file (0 in a month without one), and one per area
-- that had one.
WITH victims AS (
    SELECT date_trunc('month', occur_date)::DATE AS period, area
    FROM data
    WHERE fatal::INTEGER = $fatal AND (shooting_type IS NULL OR shooting_type IN ('assault', 'unknown'))
),
months AS (
    SELECT DISTINCT date_trunc('month', occur_date)::DATE AS period FROM data
)
SELECT m.period, '' AS disaggregation, count(v.period) AS numerator, NULL AS denominator
FROM months m LEFT JOIN victims v ON v.period = m.period
GROUP BY m.period
UNION ALL
SELECT period, 'area:' || area, count(*), NULL
FROM victims
WHERE area IS NOT NULL
GROUP BY ALL
