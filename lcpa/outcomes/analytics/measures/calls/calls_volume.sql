-- calls_volume: calls by category (domain-metrics A5, "Call volume by category").
-- numerator   = community-generated calls received in the month (and in the category)
-- denominator = none (a count)
-- Community-generated: self_initiated is not yes (officer-initiated events are left out;
-- a file without self_initiated counts every call). Rows: the total, then one per category.
SELECT
    date_trunc('month', t_received)::DATE AS period,
    CASE WHEN grouping(call_category) = 1 THEN '' ELSE 'category:' || call_category END
        AS disaggregation,
    count(*) AS numerator,
    NULL AS denominator
FROM data
WHERE self_initiated IS NOT TRUE
GROUP BY GROUPING SETS ((period), (period, call_category))
