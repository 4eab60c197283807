-- calls_volume: calls by category (domain-metrics A5, "Call volume by category").
-- numerator   = community-generated calls received in the month (and in the category)
-- denominator = none (a count)
-- Community-generated: self_initiated is not yes (officer-initiated events are left out;
-- a file without self_initiated counts every call). Rows: the total, then one per category
-- for every month of the file, 0 in a month without a call of that category (a count chart
-- needs its zeros).
WITH community AS (
    SELECT date_trunc('month', t_received)::DATE AS period, call_category
    FROM data
    WHERE self_initiated IS NOT TRUE
),
counts AS (
    SELECT period, call_category, count(*) AS n FROM community GROUP BY ALL
),
months AS (
    SELECT DISTINCT date_trunc('month', t_received)::DATE AS period FROM data
),
categories AS (
    SELECT DISTINCT call_category FROM community WHERE call_category IS NOT NULL
)
SELECT m.period, '' AS disaggregation, coalesce(sum(c.n), 0) AS numerator, NULL AS denominator
FROM months m LEFT JOIN counts c ON c.period = m.period
GROUP BY m.period
UNION ALL
SELECT
    m.period,
    'category:' || k.call_category AS disaggregation,
    coalesce(c.n, 0) AS numerator,
    NULL AS denominator
FROM months m
CROSS JOIN categories k
LEFT JOIN counts c ON c.period = m.period AND c.call_category = k.call_category
