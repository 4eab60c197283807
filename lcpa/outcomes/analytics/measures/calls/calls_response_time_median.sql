-- calls_response_time_median: response time, median, in minutes (domain-metrics A5,
-- "Response time": t_arrived - t_received, fractile reporting as NFPA does).
-- numerator   = the median of (t_arrived - t_received) in minutes, interpolated linearly
--               between the two nearest calls (numpy.percentile method "linear", R type 7)
-- denominator = none (a value)
-- Calls without an arrival are left out, and so are intervals over 24 hours (implausible;
-- negative ones were rejected on ingest). Community-generated calls only. Priority is the
-- initial priority (what dispatch acted on), else the final one. Rows: the total, by priority,
-- by responder type, and by priority and responder type together.
WITH timed AS (
    SELECT
        date_trunc('month', t_received)::DATE AS period,
        coalesce(priority_initial, priority_final) AS priority,
        responder_type,
        epoch(t_arrived - t_received) / 60.0 AS minutes
    FROM data
    WHERE self_initiated IS NOT TRUE
        AND t_arrived IS NOT NULL
        AND t_arrived - t_received <= INTERVAL 24 HOUR
)
SELECT
    period,
    concat_ws(
        ';',
        CASE WHEN grouping(priority) = 0 THEN 'priority:' || coalesce(priority, 'unknown') END,
        CASE WHEN grouping(responder_type) = 0
            THEN 'responder_type:' || coalesce(responder_type, 'unknown') END
    ) AS disaggregation,
    quantile_cont(minutes, 0.5) AS numerator,
    NULL AS denominator
FROM timed
GROUP BY GROUPING SETS ((period), (period, priority), (period, responder_type),
    (period, priority, responder_type))
