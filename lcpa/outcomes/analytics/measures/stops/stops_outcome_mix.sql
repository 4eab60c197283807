-- stops_outcome_mix: how stops ended (domain-metrics B1 outcome, B2 "outcome distribution").
-- numerator   = stops whose strictest action (outcome) is warning, citation, summons or arrest,
--               or "none" when no action is recorded
-- denominator = every stop in the month
-- Rows: one per outcome (outcome:<outcome>), no total.
SELECT
    date_trunc('month', date)::DATE AS period,
    'outcome:' || coalesce(outcome, 'none') AS disaggregation,
    count(*) AS numerator,
    sum(count(*)) OVER (PARTITION BY period) AS denominator
FROM data
GROUP BY 1, coalesce(outcome, 'none')
