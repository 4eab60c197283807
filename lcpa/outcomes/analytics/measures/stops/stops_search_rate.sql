-- stops_search_rate: search rate, by race (domain-metrics B2, "Search rate").
-- numerator   = stops with search_conducted yes
-- denominator = stops whose search_conducted is known (yes or no; OPP drops NA)
-- Rows: the total, and one per race (race:<subject_race>, race:unknown when not recorded).
SELECT
    date_trunc('month', date)::DATE AS period,
    CASE WHEN grouping(race) = 0 THEN 'race:' || race ELSE '' END AS disaggregation,
    count(*) FILTER (WHERE search_conducted) AS numerator,
    count(*) AS denominator
FROM (SELECT *, coalesce(subject_race, 'unknown') AS race FROM data)
WHERE search_conducted IS NOT NULL
GROUP BY GROUPING SETS ((period), (period, race))
