-- calls_repeat_rate: repeat-call rate (domain-metrics A5, "Repeat-call rate": the share of
-- events whose location or person key had at least one earlier event within 30 days).
-- numerator   = community-generated calls whose key (repeat_caller_key, else the hashed
--               block_address) had another community-generated call in the 30 days before
-- denominator = community-generated calls with a key, received at least 30 days after the
--               file's first call (earlier calls cannot be looked back on, so they are left
--               out rather than counted as first calls)
-- Rows: the total and by call category.
WITH keyed AS (
    SELECT
        t_received,
        call_category,
        coalesce(repeat_caller_key, block_address) AS place,
        lag(t_received) OVER (
            PARTITION BY coalesce(repeat_caller_key, block_address) ORDER BY t_received
        ) AS previous
    FROM data
    WHERE self_initiated IS NOT TRUE
        AND coalesce(repeat_caller_key, block_address) IS NOT NULL
),
counted AS (
    SELECT
        date_trunc('month', t_received)::DATE AS period,
        call_category,
        previous IS NOT NULL AND t_received - previous <= INTERVAL 30 DAY AS repeat
    FROM keyed
    WHERE t_received >= (SELECT min(t_received) FROM data) + INTERVAL 30 DAY
)
SELECT
    period,
    CASE WHEN grouping(call_category) = 0
        THEN 'category:' || coalesce(call_category, 'unknown') ELSE '' END AS disaggregation,
    count(*) FILTER (WHERE repeat) AS numerator,
    count(*) AS denominator
FROM counted
GROUP BY GROUPING SETS ((period), (period, call_category))
