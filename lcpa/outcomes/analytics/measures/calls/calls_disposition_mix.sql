-- calls_disposition_mix: how calls ended (domain-metrics A5, "Disposition mix").
-- numerator   = community-generated calls with the disposition category
-- denominator = community-generated calls whose disposition category is known
-- Rows: one per disposition category (disposition:<category>), no total.
SELECT
    date_trunc('month', t_received)::DATE AS period,
    'disposition:' || disposition_category AS disaggregation,
    count(*) AS numerator,
    sum(count(*)) OVER (PARTITION BY period) AS denominator
FROM data
WHERE self_initiated IS NOT TRUE AND disposition_category IS NOT NULL
GROUP BY 1, disposition_category
