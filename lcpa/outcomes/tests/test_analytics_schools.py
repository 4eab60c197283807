"""School measures: rates per 1,000 enrolled by group (CRDC counts and student files) and the
relative rate index stage by stage, checked against numbers counted by hand."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest

from lcpa.outcomes.analytics import rri
from lcpa.outcomes.analytics.schemas import load_schema
from lcpa.outcomes.analytics.warehouse import compute, ingest

AUG, OCT, FEB, SEP = (
    dt.date(2023, 8, 1),
    dt.date(2023, 10, 1),
    dt.date(2024, 2, 1),
    dt.date(2024, 9, 1),
)
YEAR = dt.date(2023, 7, 1)
STUDENT_COLUMNS = [
    "record_id",
    "student_key",
    "school_id",
    "period_start",
    "race",
    "sex",
    "disability",
    "referred_to_law_enforcement",
    "school_related_arrest",
    "diversion_offered",
    "diversion_completed",
]


def _ingest(tmp_path: Path, lines: list[str], level: str, columns: list[str]) -> Path:
    source = tmp_path / f"{level}.csv"
    source.write_text(",".join(columns) + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / f"{level}.parquet"
    report = ingest(
        source=source,
        schema=load_schema("schools"),
        columns={name: name for name in columns},
        out=out,
        level=level,
        values={"disability": {"N": "none"}},  # "none" in a CSV file reads as missing
        salt="test-salt",
    )
    assert report.ok and report.rows_written == len(lines), report.to_dict()
    return out


def _values(path: Path, level: str, code: str) -> dict[tuple[dt.date, str], tuple]:
    result = compute("schools", path, level=level, measures=[code])
    return {(r.period, r.disaggregation): (r.numerator, r.denominator) for r in result.rows}


# A roster: every enrolled student, with their referral (if any) on its day. 2023-24: S1 to
# S6 (S4 has two referral records in February; S6's race is not recorded); 2024-25: S7.
ROSTER = [
    "R1,S1,A,2023-10-05,white,female,N,Y,Y,N,N",
    "R2,S2,A,2023-08-15,white,male,idea,N,N,N,N",
    "R3,S3,A,2023-10-20,black,male,idea,Y,N,N,N",
    "R4,S4,A,2024-02-01,black,female,N,Y,N,N,N",
    "R5,S4,A,2024-02-10,black,female,N,Y,N,N,N",
    "R6,S5,A,2023-08-15,hispanic,male,N,N,N,N,N",
    "R7,S6,A,2023-08-15,,female,,N,N,N,N",
    "R8,S7,A,2024-09-03,white,female,N,Y,N,N,N",
]


@pytest.fixture
def roster(tmp_path) -> Path:
    return _ingest(tmp_path, ROSTER, "student", STUDENT_COLUMNS)


def test_student_referral_rates_count_each_student_once_a_month_over_the_years_enrolment(roster):
    values = _values(roster, "student", "schools_referral_rate_students")
    # 2023-24 enrolment: 6 students; white 2, black 2, hispanic 1; female 3, male 3;
    # disability none 3 (S6 has none recorded), idea 2.
    assert values[(OCT, "")] == (2, 6)  # S1 and S3
    assert values[(OCT, "race:white")] == (1, 2)
    assert values[(OCT, "race:black")] == (1, 2)
    assert values[(OCT, "race:hispanic")] == (0, 1)
    assert values[(OCT, "sex:female")] == (1, 3)
    assert values[(OCT, "disability:none")] == (1, 3)
    assert values[(OCT, "disability:idea")] == (1, 2)
    assert values[(FEB, "")] == (1, 6)  # S4, referred twice, counts once
    assert values[(FEB, "race:black")] == (1, 2)
    assert values[(FEB, "race:white")] == (0, 2)
    assert values[(AUG, "")] == (0, 6)  # the month the roster starts: no referral
    # 2024-25 is another school year, with its own enrolment.
    assert values[(SEP, "")] == (1, 1)
    assert values[(SEP, "race:white")] == (1, 1)
    assert (SEP, "race:black") not in values
    assert not any(key[1] == "race:" or key[1].endswith(":None") for key in values)


def test_student_arrest_rates_use_the_same_enrolment(roster):
    values = _values(roster, "student", "schools_arrest_rate_students")
    assert values[(OCT, "")] == (1, 6)
    assert values[(OCT, "race:white")] == (1, 2)
    assert values[(OCT, "race:black")] == (0, 2)
    assert values[(FEB, "")] == (0, 6)


CRDC_COLUMNS = ["school_id", "period_start", "group", "enrollment", "referrals", "arrests"]
# Two schools, 2023-24. -9 is a CRDC reserve code: missing, never summed.
CRDC = [
    "A,2023-08-15,total,500,10,2",
    "A,2023-08-15,race:black,100,6,1",
    "A,2023-08-15,race:white,300,3,-9",
    "B,2023-08-20,Total,300,-9,3",
    "B,2023-08-20,race:black,50,2,1",
    "B,2023-08-20,race:white,200,1,0",
]


def test_crdc_counts_give_rates_by_group_leaving_reserve_codes_out_of_both_sums(tmp_path):
    path = _ingest(tmp_path, CRDC, "aggregate", CRDC_COLUMNS)
    referrals = _values(path, "aggregate", "schools_referral_rate")
    assert referrals == {
        (AUG, ""): (10, 500),  # school B's total has no referral count
        (AUG, "race:black"): (8, 150),
        (AUG, "race:white"): (4, 500),
    }
    arrests = _values(path, "aggregate", "schools_arrest_rate")
    assert arrests == {
        (AUG, ""): (5, 800),
        (AUG, "race:black"): (2, 150),
        (AUG, "race:white"): (0, 200),  # school A's white arrests are missing
    }


def _students(race: str, enrolled: int, referred: int, arrested: int, offered=0, completed=0):
    """`enrolled` students of `race` in 2023-24: the first `referred` referred, the first
    `arrested` of those arrested, and so on."""
    lines = []
    for n in range(enrolled):
        flags = [n < referred, n < arrested, n < offered, n < completed]
        yn = ",".join("Y" if flag else "N" for flag in flags)
        lines.append(f"{race}{n},{race}-{n},A,2023-10-02,{race},female,N,{yn}")
    return lines


@pytest.fixture
def stages(tmp_path) -> Path:
    lines = [
        *_students("white", 1000, 60, 12, offered=6, completed=4),
        *_students("black", 500, 75, 30, offered=10, completed=5),
        *_students("hispanic", 40, 3, 0),
        *_students("asian", 60, 0, 0),
        "x1,x-1,A,2023-10-02,,male,N,Y,Y,N,N",  # race not recorded: not in the index
    ]
    return _ingest(tmp_path, lines, "student", STUDENT_COLUMNS)


def test_the_stage_counts_use_the_stage_before_as_base(stages):
    values = _values(stages, "student", "schools_relative_rate_index")
    assert values[(YEAR, "race:white;stage:referral")] == (60, 1000)
    assert values[(YEAR, "race:white;stage:arrest")] == (12, 60)
    assert values[(YEAR, "race:white;stage:diversion_offered")] == (6, 12)
    assert values[(YEAR, "race:white;stage:diversion_completed")] == (4, 6)
    assert values[(YEAR, "race:black;stage:arrest")] == (30, 75)
    assert values[(YEAR, "race:asian;stage:arrest")] == (0, 0)
    assert len(values) == 4 * 4


def test_the_relative_rate_index_by_hand_with_its_small_cells_suppressed(stages):
    rows = compute("schools", stages, level="student").rows
    (year,) = rri.rri_table(rows)
    assert year.period == YEAR
    assert [s[0] for s in year.stages] == [s[0] for s in rri.STAGES]

    white = year.cell("white", "referral")
    assert (white.rate, white.index) == (0.06, 1.0)
    black = year.cell("black", "referral")
    assert black.rate == 0.15 and black.index == pytest.approx(2.5)  # 0.15 / 0.06
    se = math.sqrt((1 - 0.15) / 75 + (1 - 0.06) / 60)  # Katz
    assert black.low == pytest.approx(2.5 * math.exp(-1.959964 * se))
    assert black.high == pytest.approx(2.5 * math.exp(1.959964 * se))
    asian = year.cell("asian", "referral")
    assert (asian.rate, asian.index, asian.low) == (0.0, 0.0, None)
    hispanic = year.cell("hispanic", "referral")  # 40 enrolled: under 50
    assert hispanic.rate is None and hispanic.index is None
    assert hispanic.note == "Suppressed: fewer than 50 students at the stage before"
    of_color = year.cell(rri.STUDENTS_OF_COLOR, "referral")  # (75 + 3 + 0) / (500 + 40 + 60)
    assert (of_color.count, of_color.base) == (78, 600)
    assert of_color.index == pytest.approx((78 / 600) / 0.06)

    arrest = year.cell("black", "arrest")  # (30 / 75) / (12 / 60)
    assert arrest.index == pytest.approx(2.0)
    assert year.cell("hispanic", "arrest").note.startswith("Suppressed")
    # Diversion: 12 White students were arrested, under 50: no index for anyone.
    assert year.cell("white", "diversion_offered").note.startswith("Suppressed")
    assert year.cell("black", "diversion_offered").index is None
    assert year.cell("black", "diversion_offered").note.startswith("Suppressed")
    assert [label for label, _ in year.rows()][:2] == ["White", "Black"]
    assert year.school_year == "2023-24"
    assert rri.table_from_dict(rri.table_to_dict([year])) == [year]


def test_the_index_rows_hold_the_two_rates_per_1000_and_leave_suppressed_cells_out(stages):
    rows = rri.index_rows(compute("schools", stages, level="student").rows)
    found = {(r.measure, r.disaggregation): (r.numerator, r.denominator) for r in rows}
    assert found == {
        ("schools_rri_referral", "race:black"): (150.0, 60.0),
        ("schools_rri_referral", "race:asian"): (0.0, 60.0),
        ("schools_rri_referral", ""): (130.0, 60.0),
        ("schools_rri_arrest", "race:black"): (400.0, 200.0),
        ("schools_rri_arrest", ""): (pytest.approx(384.6154), 200.0),  # 30 / 78
    }
    assert {r.period for r in rows} == {YEAR}


def test_a_white_group_that_never_reaches_a_stage_gives_no_index():
    def counts(race, stage, count, base):
        return rri.MeasureRow(YEAR, rri.COUNTS, f"race:{race};stage:{stage}", count, base)

    (year,) = rri.rri_table(
        [counts("white", "referral", 0, 80), counts("black", "referral", 3, 60)]
    )
    assert (
        year.cell("black", "referral").note == "Not computed: no White student reached this stage"
    )
    (year,) = rri.rri_table(
        [counts("white", "referral", 5, 49), counts("black", "referral", 3, 60)]
    )
    assert year.cell("black", "referral").rate == 0.05
    assert year.cell("black", "referral").note.startswith("Not computed: fewer than 50 White")
