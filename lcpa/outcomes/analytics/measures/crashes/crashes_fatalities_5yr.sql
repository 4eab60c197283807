-- crashes_fatalities_5yr: fatalities, 5-year rolling average (domain-metrics B6, FHWA HSIP
-- 23 CFR 490.207 measure 1, "sum of the last 5 years / 5, rounded to the tenth").
-- numerator   = round(persons with injury_severity K in the 60 months ending with the
--               month / 5, 1)
-- denominator = none (an average count per year)
-- Rows: one per month that closes 60 months of the file (its first month and the 59 after
-- it); a shorter file gives none. A month without a crash counts as 0 fatalities.
WITH bounds AS (
    SELECT
        date_trunc('month', min(crash_date))::DATE AS first_month,
        date_trunc('month', max(crash_date))::DATE AS last_month
    FROM data
),
months AS (
    SELECT range::DATE AS period
    FROM bounds, range(first_month, last_month + INTERVAL 1 DAY, INTERVAL 1 MONTH)
),
killed AS (
    SELECT date_trunc('month', crash_date)::DATE AS period, count(*) AS n
    FROM data
    WHERE injury_severity = 'K'
    GROUP BY 1
),
monthly AS (
    SELECT m.period, coalesce(k.n, 0) AS n
    FROM months m LEFT JOIN killed k ON k.period = m.period
),
rolling AS (
    SELECT
        period,
        sum(n) OVER (ORDER BY period ROWS BETWEEN 59 PRECEDING AND CURRENT ROW) AS total,
        count(*) OVER (ORDER BY period ROWS BETWEEN 59 PRECEDING AND CURRENT ROW) AS months
    FROM monthly
)
SELECT period, '' AS disaggregation, round(total / 5, 1) AS numerator, NULL AS denominator
FROM rolling
WHERE months = 60
