-- calls_alternative_coverage: alternative coverage, the "take rate" (domain-metrics A5; Denver
-- STAR's "44% of eligible calls").
-- numerator   = eligible community-generated calls whose responder_type is alternative
-- denominator = eligible community-generated calls whose responder_type is known
-- Rows: the total and by police district (district:<name>; calls with no district are in the
-- total only).
SELECT
    date_trunc('month', t_received)::DATE AS period,
    CASE WHEN grouping(police_district) = 0 THEN 'district:' || police_district ELSE '' END
        AS disaggregation,
    count(*) FILTER (WHERE responder_type = 'alternative') AS numerator,
    count(*) AS denominator
FROM data
WHERE self_initiated IS NOT TRUE AND alt_eligible AND responder_type IS NOT NULL
GROUP BY GROUPING SETS ((period), (period, police_district))
