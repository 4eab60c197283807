-- stops_search_rate: search rate, by race (domain-metrics B2, "Search rate").
-- numerator   = stops with search_conducted yes
-- denominator = stops whose search_conducted is known (yes or no; OPP drops NA)
-- A month whose stops record search_conducted for fewer than half of them gives no row: its
-- rate would say more about what was recorded than about who was searched (domain-metrics B2:
-- OPP drops months and locations with under 50% coverage of search_conducted).
-- Rows: the total, and one per race (race:<subject_race>, race:unknown when not recorded).
WITH stops AS (
    SELECT
        date_trunc('month', date)::DATE AS period,
        coalesce(subject_race, 'unknown') AS race,
        search_conducted
    FROM data
),
recorded AS (
    SELECT period FROM stops GROUP BY period HAVING count(search_conducted) >= 0.5 * count(*)
)
SELECT
    period,
    CASE WHEN grouping(race) = 0 THEN 'race:' || race ELSE '' END AS disaggregation,
    count(*) FILTER (WHERE search_conducted) AS numerator,
    count(*) AS denominator
FROM stops
WHERE search_conducted IS NOT NULL AND period IN (SELECT period FROM recorded)
GROUP BY GROUPING SETS ((period), (period, race))
