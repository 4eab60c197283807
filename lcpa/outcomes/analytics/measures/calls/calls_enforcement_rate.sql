-- calls_enforcement_rate: enforcement outcome rate (domain-metrics A5, "Enforcement outcome
-- rate": (arrest + citation) / responded events, by category and responder).
-- numerator   = responded calls that ended in an arrest or a citation (disposition category
--               "Arrest Issued" or "Citation Issued", or arrest_made yes)
-- denominator = responded calls: community-generated calls with a known disposition category
--               other than those where nobody responded ("Cancellation/Withdrawn", "False
--               Complaint", "Location Error", "Linked Incident", "Repeat")
-- Rows: the total, by call category, and by responder type.
WITH responded AS (
    SELECT
        date_trunc('month', t_received)::DATE AS period,
        call_category,
        responder_type,
        disposition_category IN ('Arrest Issued', 'Citation Issued')
            OR coalesce(arrest_made, FALSE) AS enforced
    FROM data
    WHERE self_initiated IS NOT TRUE
        AND disposition_category IS NOT NULL
        AND disposition_category NOT IN (
            'Cancellation/Withdrawn', 'False Complaint', 'Location Error', 'Linked Incident',
            'Repeat'
        )
)
SELECT
    period,
    concat_ws(
        ';',
        CASE WHEN grouping(call_category) = 0
            THEN 'category:' || coalesce(call_category, 'unknown') END,
        CASE WHEN grouping(responder_type) = 0
            THEN 'responder_type:' || coalesce(responder_type, 'unknown') END
    ) AS disaggregation,
    count(*) FILTER (WHERE enforced) AS numerator,
    count(*) AS denominator
FROM responded
GROUP BY GROUPING SETS ((period), (period, call_category), (period, responder_type))
