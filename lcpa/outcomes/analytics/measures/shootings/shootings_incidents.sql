-- shootings_incidents: shooting incidents (domain-metrics C2, "shooting incidents (count
-- distinct incidents)"; either level: a victim-level file repeats an incident's id on each
-- victim's row).
-- numerator   = distinct incident_id of the month's shootings (area:<area>: in the area)
-- denominator = none (a count)
-- Left out: self-inflicted, unintentional and police-involved shootings (C2).
WITH shootings AS (
    SELECT date_trunc('month', occur_date)::DATE AS period, incident_id, area
    FROM data
    WHERE shooting_type IS NULL OR shooting_type IN ('assault', 'unknown')
),
months AS (
    SELECT DISTINCT date_trunc('month', occur_date)::DATE AS period FROM data
)
SELECT
    m.period,
    '' AS disaggregation,
    count(DISTINCT s.incident_id) AS numerator,
    NULL AS denominator
FROM months m LEFT JOIN shootings s ON s.period = m.period
GROUP BY m.period
UNION ALL
SELECT period, 'area:' || area, count(DISTINCT incident_id), NULL
FROM shootings
WHERE area IS NOT NULL
GROUP BY ALL
