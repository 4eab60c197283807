-- shootings_victim_rate: people shot per 100,000 residents (domain-metrics C2, "rate per 100,000
-- residents").
-- numerator   = victims (victim level: one row per person shot) of the month's shootings
-- denominator = residents of the jurisdiction (its population, the variable `population`);
--               the measure's multiplier (100,000) makes the rate
-- Left out: self-inflicted, unintentional and police-involved shootings (C2). Nothing is
-- computed when the jurisdiction's population is not known.
SELECT
    date_trunc('month', occur_date)::DATE AS period,
    '' AS disaggregation,
    count(*) AS numerator,
    getvariable('population') AS denominator
FROM data
WHERE getvariable('population') IS NOT NULL
    AND (shooting_type IS NULL OR shooting_type IN ('assault', 'unknown'))
GROUP BY 1
