-- stops_non_safety_share: share of stops made for a non-safety reason (domain-metrics B5).
-- numerator   = stops whose stop_reason_class is equipment or registration_admin (the stops
--               Philadelphia's Driving Equality ordinance and Virginia's 2021 law ended as a
--               sole reason)
-- denominator = stops whose stop_reason_class is known (a stop with no reason is left out)
-- Rows: the total, and one per race (race:<subject_race>, race:unknown when not recorded).
SELECT
    date_trunc('month', date)::DATE AS period,
    CASE WHEN grouping(race) = 0 THEN 'race:' || race ELSE '' END AS disaggregation,
    count(*) FILTER (WHERE stop_reason_class IN ('equipment', 'registration_admin')) AS numerator,
    count(*) AS denominator
FROM (SELECT *, coalesce(subject_race, 'unknown') AS race FROM data)
WHERE stop_reason_class IS NOT NULL
GROUP BY GROUPING SETS ((period), (period, race))
