-- calls_share_eligible: share of calls eligible for the alternative response (domain-metrics
-- A5, "Share eligible").
-- numerator   = community-generated calls with alt_eligible yes
-- denominator = community-generated calls whose alt_eligible is known (yes or no)
SELECT
    date_trunc('month', t_received)::DATE AS period,
    '' AS disaggregation,
    count(*) FILTER (WHERE alt_eligible) AS numerator,
    count(*) AS denominator
FROM data
WHERE self_initiated IS NOT TRUE AND alt_eligible IS NOT NULL
GROUP BY 1
