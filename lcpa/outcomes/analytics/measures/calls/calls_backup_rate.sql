-- calls_backup_rate: police backup rate (domain-metrics A5; CAHOOTS "150 of 24,000").
-- numerator   = alternative responses with backup_requested yes
-- denominator = alternative responses whose backup_requested is known (yes or no)
SELECT
    date_trunc('month', t_received)::DATE AS period,
    '' AS disaggregation,
    count(*) FILTER (WHERE backup_requested) AS numerator,
    count(*) AS denominator
FROM data
WHERE responder_type = 'alternative' AND backup_requested IS NOT NULL
GROUP BY 1
