-- calls_interval_fractile: a fractile of one interval of the call, in minutes (domain-metrics
-- A5: call-processing time t_dispatched - t_received, travel time t_arrived - t_dispatched,
-- response time t_arrived - t_received, time on scene t_cleared - t_arrived; fractile
-- reporting as NFPA does). Filled from the measure's params in schemas/calls.yaml: $start and
-- $end are the interval's times, $minutes the same interval given in minutes (Detroit's
-- exports give minutes instead of times), $fraction 0.5 for the median, 0.9 for the 90th
-- percentile.
-- numerator   = the fractile of the interval in minutes (from the times, else the minutes),
--               interpolated linearly between the two nearest calls (numpy.percentile
--               method "linear", R type 7)
-- denominator = none (a value)
-- Calls without the interval are left out, and so are intervals over 24 hours (implausible;
-- negative ones were rejected on ingest). Community-generated calls only. Priority is the
-- initial priority (what dispatch acted on), else the final one. Rows: the total, by priority,
-- by responder type, and by priority and responder type together.
WITH timed AS (
    SELECT
        date_trunc('month', t_received)::DATE AS period,
        coalesce(priority_initial, priority_final) AS priority,
        responder_type,
        coalesce(epoch($end - $start) / 60.0, $minutes) AS minutes
    FROM data
    WHERE self_initiated IS NOT TRUE
)
SELECT
    period,
    concat_ws(
        ';',
        CASE WHEN grouping(priority) = 0 THEN 'priority:' || coalesce(priority, 'unknown') END,
        CASE WHEN grouping(responder_type) = 0
            THEN 'responder_type:' || coalesce(responder_type, 'unknown') END
    ) AS disaggregation,
    quantile_cont(minutes, $fraction) AS numerator,
    NULL AS denominator
FROM timed
WHERE minutes IS NOT NULL AND minutes <= 24 * 60
GROUP BY GROUPING SETS ((period), (period, priority), (period, responder_type),
    (period, priority, responder_type))
