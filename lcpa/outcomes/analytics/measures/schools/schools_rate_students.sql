-- schools_rate_students: students referred to law enforcement, or arrested, per 1,000
-- enrolled, by group, month by month, from a student-level file (domain-metrics D1). Filled
-- from the measure's params in schemas/schools.yaml: $flag, the yes/no column counted
-- (referred_to_law_enforcement or school_related_arrest).
-- numerator   = students of group g with $flag yes in the month (a student once)
-- denominator = students of group g enrolled in the school year (July to June) of the month:
--               the distinct students the file has that school year (student_key, else
--               record_id) (x 1,000 on the chart)
-- The file must list every enrolled student, those never referred or arrested too;
-- otherwise the denominator counts only the students with a record. Rows: the total, then
-- race:, sex: and disability: groups, for each month the file has records in, 0 where a group
-- had none.
WITH students AS (
    SELECT
        coalesce(student_key, record_id) AS student,
        make_date(year(period_start) - (month(period_start) < 7)::INT, 7, 1) AS school_year,
        date_trunc('month', period_start)::DATE AS period,
        $flag IS TRUE AS counted,
        race,
        sex,
        disability
    FROM data
),
grouped AS (
    SELECT student, school_year, period, counted, '' AS disaggregation FROM students
    UNION ALL
    SELECT student, school_year, period, counted, 'race:' || race FROM students
    UNION ALL
    SELECT student, school_year, period, counted, 'sex:' || sex FROM students
    UNION ALL
    SELECT student, school_year, period, counted, 'disability:' || disability FROM students
),
enrolled AS (
    SELECT school_year, disaggregation, count(DISTINCT student) AS n
    FROM grouped
    WHERE disaggregation IS NOT NULL
    GROUP BY ALL
),
counted AS (
    SELECT period, disaggregation, count(DISTINCT student) AS n
    FROM grouped
    WHERE counted AND disaggregation IS NOT NULL
    GROUP BY ALL
),
months AS (
    SELECT DISTINCT period, school_year FROM students
)
SELECT m.period, e.disaggregation, coalesce(c.n, 0) AS numerator, e.n AS denominator
FROM months m
JOIN enrolled e ON e.school_year = m.school_year
LEFT JOIN counted c ON c.period = m.period AND c.disaggregation = e.disaggregation
