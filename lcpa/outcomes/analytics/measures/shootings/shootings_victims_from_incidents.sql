-- shootings_victims_from_incidents: people shot, from a file of incidents (domain-metrics C1,
-- C2; incident level: one row per shooting with "# Killed" and "# Injured", as in the Gun
-- Violence Archive's file).
-- numerator   = the sum of n_killed plus n_injured of the month's shootings (outcome:fatal
--               the sum of n_killed, outcome:nonfatal of n_injured; area:<area> in the area)
-- denominator = none (a count)
-- Left out: self-inflicted, unintentional and police-involved shootings (C2). The Archive
-- counts suspects shot among the killed and injured: its figures are people shot, not only
-- victims.
WITH incidents AS (
    SELECT date_trunc('month', occur_date)::DATE AS period, n_killed, n_injured, area
    FROM data
    WHERE shooting_type IS NULL OR shooting_type IN ('assault', 'unknown')
),
months AS (
    SELECT DISTINCT date_trunc('month', occur_date)::DATE AS period FROM data
)
SELECT
    m.period,
    '' AS disaggregation,
    coalesce(sum(i.n_killed + i.n_injured), 0) AS numerator,
    NULL AS denominator
FROM months m LEFT JOIN incidents i ON i.period = m.period
GROUP BY m.period
UNION ALL
SELECT m.period, 'outcome:fatal', coalesce(sum(i.n_killed), 0), NULL
FROM months m LEFT JOIN incidents i ON i.period = m.period
GROUP BY m.period
UNION ALL
SELECT m.period, 'outcome:nonfatal', coalesce(sum(i.n_injured), 0), NULL
FROM months m LEFT JOIN incidents i ON i.period = m.period
GROUP BY m.period
UNION ALL
SELECT period, 'area:' || area, sum(n_killed + n_injured), NULL
FROM incidents
WHERE area IS NOT NULL
GROUP BY ALL
