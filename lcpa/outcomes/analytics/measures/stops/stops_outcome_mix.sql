-- stops_outcome_mix: how stops ended (domain-metrics B1 outcome, B2 "outcome distribution").
-- numerator   = stops whose strictest action (outcome) is warning, citation, summons or arrest,
--               or "none" when no action is recorded
-- denominator = every stop in the month
-- Rows: one per outcome (outcome:<outcome>, the schema's outcomes and "none") in every month,
-- 0 for an outcome the month does not have (a chart of one share needs its zeros). No total.
-- Standard measures take single shares of it (dataset_rules.yaml).
WITH stops AS (
    SELECT date_trunc('month', date)::DATE AS period, coalesce(outcome, 'none') AS outcome
    FROM data
),
months AS (SELECT period, count(*) AS stops FROM stops GROUP BY period),
outcomes AS (SELECT unnest(list_append(getvariable('values_outcome'), 'none')) AS outcome),
counts AS (SELECT period, outcome, count(*) AS n FROM stops GROUP BY ALL)
SELECT
    m.period,
    'outcome:' || o.outcome AS disaggregation,
    coalesce(k.n, 0) AS numerator,
    m.stops AS denominator
FROM months m
CROSS JOIN outcomes o
LEFT JOIN counts k ON k.period = m.period AND k.outcome = o.outcome
