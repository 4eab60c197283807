-- calls_alternative_share: the alternative responder's share of all community calls
-- (domain-metrics A5, "Diversion share of all CFS"; CAHOOTS's "17% of call volume").
-- numerator   = community-generated calls whose responder_type is alternative
-- denominator = community-generated calls whose responder_type is known
-- Rows: the total and by police district (district:<name>; calls with no district are in the
-- total only).
SELECT
    date_trunc('month', t_received)::DATE AS period,
    CASE WHEN grouping(police_district) = 0 THEN 'district:' || police_district ELSE '' END
        AS disaggregation,
    count(*) FILTER (WHERE responder_type = 'alternative') AS numerator,
    count(*) AS denominator
FROM data
WHERE self_initiated IS NOT TRUE AND responder_type IS NOT NULL
GROUP BY GROUPING SETS ((period), (period, police_district))
