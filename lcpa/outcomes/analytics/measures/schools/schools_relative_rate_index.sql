-- schools_relative_rate_index: students at each stage of the school-to-justice path and at the
-- stage before, by race, for each school year (domain-metrics D2, the OJJDP relative rate
-- index adapted to schools). The index itself is lcpa/outcomes/analytics/rri.py:
--   rate g,s = count g,s / count g,s-1;  RRI g,s = rate g,s / rate white,s
-- numerator   = students of race g at stage s in the school year (July to June)
-- denominator = students of race g at the stage before (the base), so that a disparity made
--               at an earlier stage is not counted again
-- Stages, each the one before's base: enrolled -> referral to law enforcement -> school-related
-- arrest -> diversion offered -> diversion completed. A student counts at a stage only when
-- they reached the stages before it (an arrest is also a referral). A student is counted once
-- a school year (student_key, else record_id). Rows: disaggregation race:<g>;stage:<s>; a stage
-- whose column has no value in the file is left out. Small cells (a base under 50) are
-- suppressed in rri.py, not here.
WITH students AS (
    SELECT
        coalesce(student_key, record_id) AS student,
        make_date(year(period_start) - (month(period_start) < 7)::INT, 7, 1) AS school_year,
        any_value(race) AS race,
        bool_or(referred_to_law_enforcement OR school_related_arrest) IS TRUE AS referral,
        bool_or(school_related_arrest) IS TRUE AS arrest,
        bool_or(diversion_offered) IS TRUE AS offered,
        bool_or(diversion_completed) IS TRUE AS completed
    FROM data
    GROUP BY ALL
),
filled AS (
    SELECT
        count(school_related_arrest) > 0 AS arrest,
        count(diversion_offered) > 0 AS offered,
        count(diversion_completed) > 0 AS completed
    FROM data
),
stages AS (
    SELECT
        school_year,
        race,
        count(*) AS enrolled,
        count(*) FILTER (WHERE referral) AS referral,
        count(*) FILTER (WHERE referral AND arrest) AS arrest,
        count(*) FILTER (WHERE referral AND arrest AND offered) AS offered,
        count(*) FILTER (WHERE referral AND arrest AND offered AND completed) AS completed
    FROM students
    WHERE race IS NOT NULL
    GROUP BY ALL
)
SELECT school_year AS period, 'race:' || race || ';stage:referral' AS disaggregation,
    referral AS numerator, enrolled AS denominator
FROM stages
UNION ALL
SELECT school_year, 'race:' || race || ';stage:arrest', arrest, referral
FROM stages WHERE (SELECT arrest FROM filled)
UNION ALL
SELECT school_year, 'race:' || race || ';stage:diversion_offered', offered, arrest
FROM stages WHERE (SELECT arrest AND offered FROM filled)
UNION ALL
SELECT school_year, 'race:' || race || ';stage:diversion_completed', completed, offered
FROM stages WHERE (SELECT arrest AND offered AND completed FROM filled)
