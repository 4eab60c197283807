-- stops_per_1000_residents: traffic stops per 1,000 residents (domain-metrics B2, "Annual stop
-- rate", monthly here).
-- numerator   = stops in the month
-- denominator = residents of the jurisdiction (its population, the variable `population`);
--               the measure's multiplier (1,000) makes the rate
-- The total only: the platform holds the jurisdiction's whole population, not its population
-- by race (stops_rate_by_race gives the counts by race). Nothing is computed when the
-- jurisdiction's population is not known.
SELECT
    date_trunc('month', date)::DATE AS period,
    '' AS disaggregation,
    count(*) AS numerator,
    getvariable('population') AS denominator
FROM data
WHERE getvariable('population') IS NOT NULL
GROUP BY 1
