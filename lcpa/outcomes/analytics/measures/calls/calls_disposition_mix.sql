-- calls_disposition_mix: how calls ended (domain-metrics A5, "Disposition mix").
-- numerator   = community-generated calls with the disposition category
-- denominator = community-generated calls whose disposition category is known
-- Rows: one per disposition category (disposition:<category>) in every month with a known
-- disposition, 0 for a category the month does not have (a chart of one share needs its
-- zeros); the categories are the schema's (the variable values_disposition_category). No
-- total. Standard measures take single shares of it (dataset_rules.yaml).
WITH calls AS (
    SELECT date_trunc('month', t_received)::DATE AS period, disposition_category AS category
    FROM data
    WHERE self_initiated IS NOT TRUE AND disposition_category IS NOT NULL
),
months AS (SELECT period, count(*) AS calls FROM calls GROUP BY period),
categories AS (SELECT unnest(getvariable('values_disposition_category')) AS category),
counts AS (SELECT period, category, count(*) AS n FROM calls GROUP BY ALL)
SELECT
    m.period,
    'disposition:' || c.category AS disaggregation,
    coalesce(k.n, 0) AS numerator,
    m.calls AS denominator
FROM months m
CROSS JOIN categories c
LEFT JOIN counts k ON k.period = m.period AND k.category = c.category
