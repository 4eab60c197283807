-- shootings_victims: people shot, fatal and non-fatal (domain-metrics C2, "total shooting
-- victims"; victim level: one row per person shot, as in NYPD's file).
-- numerator   = victims of shootings in the month (outcome:fatal those who died, outcome:
--               nonfatal those who survived; area:<area> the victims in the area)
-- denominator = none (a count)
-- Left out: self-inflicted, unintentional and police-involved shootings (C2); a shooting of
-- unknown or unrecorded type counts (NYPD's file holds criminal shootings only).
-- Rows: the total and the two outcomes for every month of the file (0 in a month without
-- one), and one per area that had a victim.
WITH victims AS (
    SELECT date_trunc('month', occur_date)::DATE AS period, fatal, area
    FROM data
    WHERE shooting_type IS NULL OR shooting_type IN ('assault', 'unknown')
),
months AS (
    SELECT DISTINCT date_trunc('month', occur_date)::DATE AS period FROM data
)
SELECT m.period, '' AS disaggregation, count(v.period) AS numerator, NULL AS denominator
FROM months m LEFT JOIN victims v ON v.period = m.period
GROUP BY m.period
UNION ALL
SELECT m.period, 'outcome:fatal', count(v.period) FILTER (WHERE v.fatal), NULL
FROM months m LEFT JOIN victims v ON v.period = m.period
GROUP BY m.period
UNION ALL
SELECT m.period, 'outcome:nonfatal', count(v.period) FILTER (WHERE NOT v.fatal), NULL
FROM months m LEFT JOIN victims v ON v.period = m.period
GROUP BY m.period
UNION ALL
SELECT period, 'area:' || area, count(*), NULL
FROM victims
WHERE area IS NOT NULL
GROUP BY ALL
