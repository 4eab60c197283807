"""Crash measures (domain-metrics B6): named SQL over a normalised person-level file, checked
against counts made by hand; and the links that store them as the traffic-safety measures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lcpa.outcomes.analytics.schemas import load_schema
from lcpa.outcomes.analytics.warehouse import compute, ingest
from lcpa.outcomes.computed import linked_values

JAN, FEB = dt.date(2024, 1, 1), dt.date(2024, 2, 1)
HEADER = "crash,person,date,type,injury,district\n"
# January: 3 people killed or seriously injured (a pedestrian K, a cyclist A and an occupant
# A, the last two in district 2), and two others (O, B). February: 2 (a pedestrian A in
# district 1, an occupant K with no district), and one C.
ROWS = [
    "C1,1,01/05/2024,Pedestrian,K,1",
    "C1,2,01/05/2024,Occupant,O,1",
    "C2,1,01/20/2024,Bicyclist,A,2",
    "C2,2,01/20/2024,Occupant,A,2",
    "C3,1,01/31/2024,Occupant,B,",
    "C4,1,02/02/2024,Pedestrian,A,1",
    "C5,1,02/14/2024,Occupant,C,",
    "C5,2,02/14/2024,Occupant,K,",
]
COLUMNS = {
    "crash_id": "crash",
    "person_id": "person",
    "crash_date": "date",
    "mode": "type",
    "injury_severity": "injury",
    "district": "district",
}
MODES = {"mode": {"Bicyclist": "cyclist"}}


def _ingest(tmp_path: Path, rows: list[str], name: str = "crashes", values=MODES) -> Path:
    source = tmp_path / f"{name}.csv"
    source.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / f"{name}.parquet"
    report = ingest(
        source=source, schema=load_schema("crashes"), columns=COLUMNS, values=values, out=out
    )
    assert report.ok and report.rows_written == len(rows), report.to_dict()
    return out


@pytest.fixture
def crashes(tmp_path) -> Path:
    return _ingest(tmp_path, ROWS)


def _values(parquet: Path, code: str, **variables) -> dict[tuple[dt.date, str], tuple]:
    result = compute("crashes", parquet, measures=[code], variables=variables)
    assert all(row.measure == code for row in result.rows)
    return {(r.period, r.disaggregation): (r.numerator, r.denominator) for r in result.rows}


def test_ksi_counts_people_killed_or_seriously_injured_by_mode_and_district(crashes):
    assert _values(crashes, "crashes_ksi") == {
        (JAN, ""): (3, None),
        (JAN, "mode:pedestrian"): (1, None),
        (JAN, "mode:cyclist"): (1, None),
        (JAN, "mode:occupant"): (1, None),
        (JAN, "district:1"): (1, None),
        (JAN, "district:2"): (2, None),
        (FEB, ""): (2, None),
        (FEB, "mode:pedestrian"): (1, None),
        (FEB, "mode:cyclist"): (0, None),  # a month without one still has its zero
        (FEB, "mode:occupant"): (1, None),
        (FEB, "district:1"): (1, None),
    }


def test_the_ksi_rate_divides_by_the_jurisdictions_population(crashes):
    assert _values(crashes, "crashes_ksi_rate", population=200_000) == {
        (JAN, ""): (3, 200_000),
        (FEB, ""): (2, 200_000),
    }


def test_without_a_population_no_rate_is_computed(crashes):
    assert _values(crashes, "crashes_ksi_rate") == {}
    assert _values(crashes, "crashes_ksi_rate", population=None) == {}


def test_the_five_year_rolling_average_of_fatalities_needs_sixty_months(tmp_path):
    # Fatalities: 1 in January 2019, 1 in February 2019, 2 in June 2021, 2 in January 2024;
    # the file runs from January 2019 to February 2024 (62 months), so three windows close:
    # Dec 2023 (Jan 2019 - Dec 2023): 1 + 1 + 2 = 4, / 5 = 0.8
    # Jan 2024 (Feb 2019 - Jan 2024): 1 + 2 + 2 = 5, / 5 = 1.0
    # Feb 2024 (Mar 2019 - Feb 2024): 2 + 2 = 4, / 5 = 0.8
    rows = [
        "F1,1,01/10/2019,Occupant,K,",
        "F2,1,02/10/2019,Pedestrian,K,",
        "F3,1,06/01/2021,Occupant,K,",
        "F3,2,06/01/2021,Occupant,K,",
        "F3,3,06/01/2021,Occupant,A,",
        "F4,1,12/24/2023,Occupant,O,",
        "F5,1,01/03/2024,Pedestrian,K,",
        "F5,2,01/03/2024,Pedestrian,K,",
        "F6,1,02/27/2024,Occupant,B,",
    ]
    assert _values(_ingest(tmp_path, rows), "crashes_fatalities_5yr") == {
        (dt.date(2023, 12, 1), ""): (0.8, None),
        (JAN, ""): (1.0, None),
        (FEB, ""): (0.8, None),
    }
    assert _values(_ingest(tmp_path, rows[2:], "short"), "crashes_fatalities_5yr") == {}


def test_ksi_feeds_the_ksi_count_with_districts_as_areas_and_the_rate(crashes):
    rows = compute("crashes", crashes, variables={"population": 200_000}).rows
    values = {
        (v.measure, v.period, v.disaggregation): (v.numerator, v.denominator)
        for v in linked_values("crashes", rows)
    }
    assert values == {
        ("ksi_count", JAN, ""): (3, None),
        ("ksi_count", JAN, "geography:1"): (1, None),
        ("ksi_count", JAN, "geography:2"): (2, None),
        ("ksi_count", FEB, ""): (2, None),
        ("ksi_count", FEB, "geography:1"): (1, None),
        ("ksi_rate", JAN, ""): (3, 200_000),
        ("ksi_rate", FEB, ""): (2, 200_000),
    }


def test_without_any_injury_graded_a_b_or_c_ksi_is_not_computed_but_deaths_are(tmp_path):
    # NYC's plain PERSON_INJURY: Killed is K, Injured has no grade, Unspecified says nothing.
    values = {
        **MODES,
        "injury_severity": {
            "Killed": "K",
            "Injured": "injured, severity unknown",
            "Unspecified": "unknown",
        },
    }
    rows = [
        "C1,1,01/05/2024,Pedestrian,Killed,1",
        "C1,2,01/05/2024,Occupant,Injured,1",
        "C2,1,01/20/2024,Bicyclist,Injured,2",
        "C3,1,02/02/2024,Occupant,Unspecified,",
    ]
    out = _ingest(tmp_path, rows, "plain", values)
    computation = compute("crashes", out, variables={"population": 1000})
    assert computation.skipped == {
        "crashes_ksi": ["injury_severity A, B or C"],
        "crashes_ksi_rate": ["injury_severity A, B or C"],
    }
    # One B among them is enough: the file grades its injuries, so KSI is counted.
    graded = _ingest(tmp_path, [*ROWS[:1], "C9,1,01/09/2024,Occupant,B,"], "graded")
    assert _values(graded, "crashes_ksi")[(JAN, "")] == (1, None)


def test_a_month_grading_under_half_its_injured_gives_no_ksi(tmp_path):
    values = {**MODES, "injury_severity": {"Injured": "injured, severity unknown"}}
    rows = [
        # January: 2 of 4 injured graded (half): counted, the K and the A.
        "C1,1,01/05/2024,Pedestrian,K,1",
        "C1,2,01/05/2024,Occupant,A,1",
        "C2,1,01/20/2024,Occupant,B,2",
        "C2,2,01/20/2024,Occupant,Injured,2",
        "C3,1,01/22/2024,Occupant,Injured,2",
        # February: 1 of 3 graded (a third): its one A and its K are not counted.
        "C4,1,02/02/2024,Pedestrian,A,1",
        "C4,2,02/02/2024,Occupant,K,1",
        "C5,1,02/14/2024,Occupant,Injured,",
        "C6,1,02/15/2024,Occupant,Injured,",
        # March: nobody hurt but one killed: nothing to grade, so the death is counted.
        "C7,1,03/01/2024,Bicyclist,K,",
        "C7,2,03/01/2024,Occupant,O,",
    ]
    out = _ingest(tmp_path, rows, "partly", values)
    mar = dt.date(2024, 3, 1)
    ksi = _values(out, "crashes_ksi")
    assert {key: value for key, value in ksi.items() if key[1] == ""} == {
        (JAN, ""): (2, None),
        (mar, ""): (1, None),
    }
    assert ksi[(mar, "mode:cyclist")] == (1, None)
    assert not any(period == FEB for period, _ in ksi)
    rate = _values(out, "crashes_ksi_rate", population=100_000)
    assert rate == {(JAN, ""): (2, 100_000), (mar, ""): (1, 100_000)}
