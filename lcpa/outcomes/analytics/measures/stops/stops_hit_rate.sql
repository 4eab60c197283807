-- stops_hit_rate: hit rate of discretionary searches, by race (domain-metrics B2, the outcome
-- test of OPP lib/outcome_test.R).
-- numerator   = discretionary searches with contraband_found yes
-- denominator = discretionary searches whose contraband_found is known
-- Discretionary: a search (search_conducted yes) whose search_basis is k9, plain view, consent,
-- probable cause or not recorded; "other" (arrest or warrant, probation or parole, inventory)
-- is left out, because the officer had no choice. As OPP does, the basis is trusted only when
-- the file records it for at least half of its searches; otherwise every search counts.
-- A month whose discretionary searches record contraband_found for fewer than half of them
-- gives no row: its hits would say more about what was recorded than about what was found
-- (domain-metrics B2: OPP drops months and locations with under 50% coverage of
-- contraband_found; lib/eligibility.R, filter_to_sufficient_contraband_info, 0.5). Nor does a
-- month whose stops record search_conducted for fewer than half of them (the same rule).
-- (Predication, B1: contraband_found is empty unless there was a search, so stops without a
-- search never enter.) Rows: the total, and one per race (race:<subject_race>, race:unknown).
WITH coverage AS (
    SELECT count(search_basis) >= 0.5 * count(*) AS basis_reliable
    FROM data
    WHERE search_conducted
),
discretionary AS (
    SELECT
        date_trunc('month', date)::DATE AS period,
        coalesce(subject_race, 'unknown') AS race,
        contraband_found
    FROM data, coverage
    WHERE search_conducted
        AND NOT (basis_reliable AND search_basis IS NOT DISTINCT FROM 'other')
),
searched_recorded AS (
    SELECT date_trunc('month', date)::DATE AS period
    FROM data
    GROUP BY 1
    HAVING count(search_conducted) >= 0.5 * count(*)
),
recorded AS (
    SELECT period
    FROM discretionary
    WHERE period IN (SELECT period FROM searched_recorded)
    GROUP BY period
    HAVING count(contraband_found) >= 0.5 * count(*)
),
searches AS (
    SELECT *
    FROM discretionary
    WHERE contraband_found IS NOT NULL AND period IN (SELECT period FROM recorded)
)
SELECT
    period,
    CASE WHEN grouping(race) = 0 THEN 'race:' || race ELSE '' END AS disaggregation,
    count(*) FILTER (WHERE contraband_found) AS numerator,
    count(*) AS denominator
FROM searches
GROUP BY GROUPING SETS ((period), (period, race))
