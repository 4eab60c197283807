"""Traffic-stop measures (measures/stops/*.sql): named SQL over a normalised stops file,
checked against counts made by hand from the rows below (domain-metrics B2, B5)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lcpa.outcomes.analytics.schemas import load_schema
from lcpa.outcomes.analytics.warehouse import compute, ingest

JAN, FEB = dt.date(2024, 1, 1), dt.date(2024, 2, 1)
HEADER = "id,date,race,reason,searched,basis,found,outcome\n"
ROWS = [
    # January: 10 stops
    "1,2024-01-02,black,Equipment,TRUE,consent,TRUE,arrest",
    "2,2024-01-03,black,Equipment,TRUE,other,FALSE,arrest",  # a search with no choice
    "3,2024-01-04,black,Registration,FALSE,NA,NA,citation",
    "4,2024-01-05,black,Speeding,TRUE,probable cause,FALSE,citation",
    "5,2024-01-06,white,Speeding,FALSE,NA,NA,warning",
    "6,2024-01-07,white,Speeding,TRUE,NA,TRUE,citation",  # a search whose basis is not recorded
    "7,2024-01-08,white,Registration,FALSE,NA,NA,warning",
    "8,2024-01-09,asian/pacific islander,Speeding,FALSE,NA,NA,citation",
    "9,2024-01-10,NA,Equipment,NA,NA,NA,NA",  # race, search and outcome not recorded
    "10,2024-01-11,hispanic,NA,FALSE,NA,NA,warning",  # no reason recorded
    # February: 4 stops
    "11,2024-02-01,white,Speeding,TRUE,other,FALSE,arrest",
    "12,2024-02-02,white,Equipment,TRUE,k9,TRUE,arrest",
    "13,2024-02-03,black,Speeding,FALSE,NA,NA,citation",
    "14,2024-02-04,black,Equipment,FALSE,NA,NA,warning",
]
COLUMNS = {
    "raw_row_number": "id",
    "date": "date",
    "subject_race": "race",
    "reason_for_stop": "reason",
    "stop_reason_class": "reason",
    "search_conducted": "searched",
    "search_basis": "basis",
    "contraband_found": "found",
    "outcome": "outcome",
}
CLASSES = {
    "stop_reason_class": {
        "Equipment": "equipment",
        "Registration": "registration_admin",
        "Speeding": "moving_safety",
    }
}


def normalise(tmp_path: Path, header: str, rows: list[str], columns=COLUMNS) -> Path:
    source = tmp_path / "stops.csv"
    source.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "stops.parquet"
    report = ingest(
        source=source, schema=load_schema("stops"), columns=columns, values=CLASSES, out=out
    )
    assert report.ok and report.rows_written == len(rows), report.to_dict()
    return out


@pytest.fixture
def stops(tmp_path) -> Path:
    return normalise(tmp_path, HEADER, ROWS)


def rows_of(computation, measure):
    return {
        (r.period, r.disaggregation): (r.numerator, r.denominator)
        for r in computation.rows
        if r.measure == measure
    }


def test_stops_per_1000_residents_divide_by_the_jurisdictions_population_when_known(stops):
    computed = compute("stops", stops, variables={"population": 40_000})
    assert rows_of(computed, "stops_per_1000_residents") == {
        (JAN, ""): (10, 40_000),
        (FEB, ""): (4, 40_000),
    }
    unknown = compute("stops", stops, variables={"population": None})
    assert rows_of(unknown, "stops_per_1000_residents") == {}


def test_stops_by_race_are_counts_with_every_race_in_every_month(stops):
    result = rows_of(compute("stops", stops), "stops_rate_by_race")
    assert result == {
        (JAN, ""): (10, None),
        (JAN, "race:black"): (4, None),
        (JAN, "race:white"): (3, None),
        (JAN, "race:asian/pacific islander"): (1, None),
        (JAN, "race:hispanic"): (1, None),
        (JAN, "race:unknown"): (1, None),
        (FEB, ""): (4, None),
        (FEB, "race:black"): (2, None),
        (FEB, "race:white"): (2, None),
        (FEB, "race:asian/pacific islander"): (0, None),
        (FEB, "race:hispanic"): (0, None),
        (FEB, "race:unknown"): (0, None),
    }


def test_the_non_safety_share_counts_equipment_and_registration_among_stops_with_a_reason(stops):
    result = rows_of(compute("stops", stops), "stops_non_safety_share")
    # January: 9 stops with a reason (stop 10 has none); non-safety 1, 2, 3, 7, 9.
    assert result == {
        (JAN, ""): (5, 9),
        (JAN, "race:black"): (3, 4),
        (JAN, "race:white"): (1, 3),
        (JAN, "race:asian/pacific islander"): (0, 1),
        (JAN, "race:unknown"): (1, 1),
        (FEB, ""): (2, 4),
        (FEB, "race:black"): (1, 2),
        (FEB, "race:white"): (1, 2),
    }


def test_the_search_rate_leaves_out_stops_whose_search_is_not_recorded(stops):
    result = rows_of(compute("stops", stops), "stops_search_rate")
    # January: stop 9 does not say; searches 1, 2, 4, 6 of the 9 others.
    assert result == {
        (JAN, ""): (4, 9),
        (JAN, "race:black"): (3, 4),
        (JAN, "race:white"): (1, 3),
        (JAN, "race:asian/pacific islander"): (0, 1),
        (JAN, "race:hispanic"): (0, 1),
        (FEB, ""): (2, 4),
        (FEB, "race:black"): (0, 2),
        (FEB, "race:white"): (2, 2),
    }


def test_the_hit_rate_counts_discretionary_searches_only(stops):
    result = rows_of(compute("stops", stops), "stops_hit_rate")
    # 5 of the 6 searches record a basis: it is trusted, and the two "other" searches (2, 11)
    # are left out. January: 1, 4, 6 (hits 1 and 6); February: 12 (a hit).
    assert result == {
        (JAN, ""): (2, 3),
        (JAN, "race:black"): (1, 2),
        (JAN, "race:white"): (1, 1),
        (FEB, ""): (1, 1),
        (FEB, "race:white"): (1, 1),
    }


def test_a_basis_recorded_for_under_half_the_searches_is_not_trusted(tmp_path):
    rows = [
        "1,2024-01-02,black,Speeding,TRUE,other,TRUE,arrest",
        "2,2024-01-03,black,Speeding,TRUE,NA,FALSE,citation",
        "3,2024-01-04,white,Speeding,TRUE,NA,FALSE,citation",
    ]
    result = rows_of(compute("stops", normalise(tmp_path, HEADER, rows)), "stops_hit_rate")
    assert result[(JAN, "")] == (1, 3)
    assert result[(JAN, "race:black")] == (1, 2)


def test_a_month_recording_contraband_for_under_half_its_searches_gives_no_hit_rate(tmp_path):
    rows = [
        # January: contraband recorded for 2 of the 4 searches (half): kept, over those 2.
        "1,2024-01-02,black,Speeding,TRUE,consent,TRUE,arrest",
        "2,2024-01-03,black,Speeding,TRUE,probable cause,NA,citation",
        "3,2024-01-04,white,Speeding,TRUE,consent,FALSE,warning",
        "4,2024-01-05,white,Speeding,TRUE,k9,NA,citation",
        # February: 1 of 3 (a third): the month is dropped, its one hit with it.
        "5,2024-02-01,black,Speeding,TRUE,consent,TRUE,arrest",
        "6,2024-02-02,black,Speeding,TRUE,consent,NA,citation",
        "7,2024-02-03,white,Speeding,TRUE,probable cause,NA,warning",
        # March: 2 of 2 discretionary searches; the three searches after an arrest ("other")
        # say nothing of contraband, but they are not in the hit rate, so they do not count.
        "8,2024-03-01,white,Speeding,TRUE,plain view,TRUE,arrest",
        "9,2024-03-02,white,Speeding,TRUE,consent,FALSE,citation",
        "10,2024-03-03,black,Speeding,TRUE,other,NA,arrest",
        "11,2024-03-04,black,Speeding,TRUE,other,NA,arrest",
        "12,2024-03-05,white,Speeding,TRUE,other,NA,arrest",
    ]
    result = rows_of(compute("stops", normalise(tmp_path, HEADER, rows)), "stops_hit_rate")
    mar = dt.date(2024, 3, 1)
    assert result == {
        (JAN, ""): (1, 2),
        (JAN, "race:black"): (1, 1),
        (JAN, "race:white"): (0, 1),
        (mar, ""): (1, 2),
        (mar, "race:white"): (1, 2),
    }


def test_a_month_recording_searches_for_under_half_its_stops_gives_no_search_or_hit_rate(
    tmp_path,
):
    rows = [
        # January: search_conducted recorded for 2 of 4 stops (half): kept, over those 2.
        "1,2024-01-02,black,Speeding,TRUE,consent,TRUE,arrest",
        "2,2024-01-03,black,Speeding,FALSE,NA,NA,citation",
        "3,2024-01-04,white,Speeding,NA,NA,NA,warning",
        "4,2024-01-05,white,Speeding,NA,NA,NA,citation",
        # February: 1 of 3 (a third): no search rate and no hit rate that month.
        "5,2024-02-01,black,Speeding,TRUE,consent,TRUE,arrest",
        "6,2024-02-02,black,Speeding,NA,NA,NA,citation",
        "7,2024-02-03,white,Speeding,NA,NA,NA,warning",
    ]
    computed = compute("stops", normalise(tmp_path, HEADER, rows))
    assert rows_of(computed, "stops_search_rate") == {
        (JAN, ""): (1, 2),
        (JAN, "race:black"): (1, 2),
    }
    assert rows_of(computed, "stops_hit_rate") == {(JAN, ""): (1, 1), (JAN, "race:black"): (1, 1)}


def test_the_outcome_mix_gives_every_outcome_of_every_month_a_share_of_every_stop(stops):
    result = rows_of(compute("stops", stops), "stops_outcome_mix")
    assert result == {
        (JAN, "outcome:arrest"): (2, 10),
        (JAN, "outcome:citation"): (4, 10),
        (JAN, "outcome:warning"): (3, 10),
        (JAN, "outcome:summons"): (0, 10),
        (JAN, "outcome:none"): (1, 10),
        (FEB, "outcome:arrest"): (2, 4),
        (FEB, "outcome:citation"): (1, 4),
        (FEB, "outcome:warning"): (1, 4),
        (FEB, "outcome:summons"): (0, 4),
        (FEB, "outcome:none"): (0, 4),
    }


def test_a_file_without_searches_or_reasons_computes_only_what_it_can(tmp_path):
    header = "id,date,race\n"
    columns = {"raw_row_number": "id", "date": "date", "subject_race": "race"}
    out = normalise(tmp_path, header, ["1,2024-01-02,black", "2,2024-01-03,white"], columns)
    computation = compute("stops", out)
    assert set(computation.skipped) == {
        "stops_non_safety_share",
        "stops_search_rate",
        "stops_hit_rate",
        "stops_outcome_mix",
    }
    assert rows_of(computation, "stops_rate_by_race")[(JAN, "")] == (2, None)
    assert {r.measure for r in computation.rows} == {"stops_rate_by_race"}
