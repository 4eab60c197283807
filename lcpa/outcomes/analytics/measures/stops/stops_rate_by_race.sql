-- stops_rate_by_race: stops per 1,000 residents, by race (domain-metrics B2, "Annual stop rate").
-- numerator   = stops in the month (of the group: race:<subject_race>, race:unknown when the
--               file does not say)
-- denominator = none: the rate needs the residents of each group, and the platform holds only
--               the jurisdiction's whole population (Jurisdiction.population), not its
--               population by race, so the counts are stored with no rate. A rate per 1,000 is
--               then numerator x 12 / residents of the group x 1,000 (OPP annualises the mean
--               monthly count); residential population is a weak benchmark (the "denominator
--               problem"), which is why the veil-of-darkness and hit-rate tests exist.
-- Rows: the total, then one per race for every month of the file, 0 in a month without a stop
-- of that race (a count chart needs its zeros).
WITH stops AS (
    SELECT date_trunc('month', date)::DATE AS period, coalesce(subject_race, 'unknown') AS race
    FROM data
),
months AS (SELECT DISTINCT period FROM stops),
races AS (SELECT DISTINCT race FROM stops),
counts AS (SELECT period, race, count(*) AS n FROM stops GROUP BY ALL)
SELECT m.period, '' AS disaggregation, coalesce(sum(c.n), 0) AS numerator, NULL AS denominator
FROM months m LEFT JOIN counts c ON c.period = m.period
GROUP BY m.period
UNION ALL
SELECT
    m.period,
    'race:' || r.race AS disaggregation,
    coalesce(c.n, 0) AS numerator,
    NULL AS denominator
FROM months m
CROSS JOIN races r
LEFT JOIN counts c ON c.period = m.period AND c.race = r.race
