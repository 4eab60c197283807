"""Shooting measures (domain-metrics C2): named SQL over a normalised victim-level file and an
incident-level one, checked against counts made by hand; and the links that store them as the
community-violence-intervention measures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lcpa.outcomes.analytics.schemas import load_schema
from lcpa.outcomes.analytics.warehouse import compute, ingest
from lcpa.outcomes.computed import linked_values

JAN, FEB = dt.date(2024, 1, 1), dt.date(2024, 2, 1)
VICTIM_HEADER = "key,victim,date,precinct,murder,type\n"
# January: incident I1 in precinct 75 killed one and wounded one; I2 in 73 wounded one (its
# type not recorded: it counts); I3 (self-inflicted) and I4 (police) are left out.
# February: I5 in 73 wounded two; I6 (no precinct) killed one.
VICTIMS = [
    "I1,1,01/03/2024,75,true,assault",
    "I1,2,01/03/2024,75,false,assault",
    "I2,1,01/09/2024,73,false,",
    "I3,1,01/15/2024,73,false,self_inflicted",
    "I4,1,01/20/2024,75,true,police_involved",
    "I5,1,02/04/2024,73,false,assault",
    "I5,2,02/04/2024,73,false,assault",
    "I6,1,02/11/2024,,true,assault",
]
VICTIM_COLUMNS = {
    "incident_id": "key",
    "victim_id": "victim",
    "occur_date": "date",
    "area": "precinct",
    "fatal": "murder",
    "shooting_type": "type",
}
INCIDENT_HEADER = "incident_id,date,n_killed,n_injured,district,type\n"
# January: G1 in A (1 killed, 2 hurt), G2 in B (1 hurt); G3, a suicide, is left out.
# February: G4 in A (2 killed).
INCIDENTS = [
    "G1,2024-01-02,1,2,A,assault",
    "G2,2024-01-12,0,1,B,assault",
    "G3,2024-01-22,1,0,A,self_inflicted",
    "G4,2024-02-05,2,0,A,assault",
]
INCIDENT_COLUMNS = {
    "incident_id": "incident_id",
    "occur_date": "date",
    "n_killed": "n_killed",
    "n_injured": "n_injured",
    "area": "district",
    "shooting_type": "type",
}


def _ingest(tmp_path: Path, header, rows, columns, level) -> Path:
    source = tmp_path / f"{level}.csv"
    source.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / f"{level}.parquet"
    report = ingest(
        source=source, schema=load_schema("shootings"), level=level, columns=columns, out=out
    )
    assert report.ok and report.rows_written == len(rows), report.to_dict()
    return out


@pytest.fixture
def victims(tmp_path) -> Path:
    return _ingest(tmp_path, VICTIM_HEADER, VICTIMS, VICTIM_COLUMNS, "victim")


@pytest.fixture
def incidents(tmp_path) -> Path:
    return _ingest(tmp_path, INCIDENT_HEADER, INCIDENTS, INCIDENT_COLUMNS, "incident")


def _values(parquet, code, level, **variables) -> dict[tuple[dt.date, str], tuple]:
    result = compute("shootings", parquet, level=level, measures=[code], variables=variables)
    return {(r.period, r.disaggregation): (r.numerator, r.denominator) for r in result.rows}


def test_victims_are_counted_fatal_and_non_fatal_without_self_inflicted_or_police(victims):
    assert _values(victims, "shootings_victims", "victim") == {
        (JAN, ""): (3, None),
        (JAN, "outcome:fatal"): (1, None),
        (JAN, "outcome:nonfatal"): (2, None),
        (JAN, "area:75"): (2, None),
        (JAN, "area:73"): (1, None),
        (FEB, ""): (3, None),
        (FEB, "outcome:fatal"): (1, None),
        (FEB, "outcome:nonfatal"): (2, None),
        (FEB, "area:73"): (2, None),
    }
    assert _values(victims, "shootings_fatal_victims", "victim") == {
        (JAN, ""): (1, None),
        (JAN, "area:75"): (1, None),
        (FEB, ""): (1, None),
    }
    assert _values(victims, "shootings_nonfatal_victims", "victim") == {
        (JAN, ""): (2, None),
        (JAN, "area:75"): (1, None),
        (JAN, "area:73"): (1, None),
        (FEB, ""): (2, None),
        (FEB, "area:73"): (2, None),
    }


def test_incidents_are_counted_once_however_many_were_shot(victims, incidents):
    assert _values(victims, "shootings_incidents", "victim") == {
        (JAN, ""): (2, None),
        (JAN, "area:75"): (1, None),
        (JAN, "area:73"): (1, None),
        (FEB, ""): (2, None),
        (FEB, "area:73"): (1, None),
    }
    assert _values(incidents, "shootings_incidents", "incident") == {
        (JAN, ""): (2, None),
        (JAN, "area:A"): (1, None),
        (JAN, "area:B"): (1, None),
        (FEB, ""): (1, None),
        (FEB, "area:A"): (1, None),
    }


def test_victims_of_an_incident_file_are_its_killed_and_injured(incidents):
    assert _values(incidents, "shootings_victims_from_incidents", "incident") == {
        (JAN, ""): (4, None),
        (JAN, "outcome:fatal"): (1, None),
        (JAN, "outcome:nonfatal"): (3, None),
        (JAN, "area:A"): (3, None),
        (JAN, "area:B"): (1, None),
        (FEB, ""): (2, None),
        (FEB, "outcome:fatal"): (2, None),
        (FEB, "outcome:nonfatal"): (0, None),
        (FEB, "area:A"): (2, None),
    }


def test_the_victim_rate_divides_by_the_population_at_either_level(victims, incidents):
    assert _values(victims, "shootings_victim_rate", "victim", population=50_000) == {
        (JAN, ""): (3, 50_000),
        (FEB, ""): (3, 50_000),
    }
    assert _values(
        incidents, "shootings_victim_rate_from_incidents", "incident", population=50_000
    ) == {(JAN, ""): (4, 50_000), (FEB, ""): (2, 50_000)}
    assert _values(victims, "shootings_victim_rate", "victim") == {}


def _linked(parquet, level):
    rows = compute("shootings", parquet, level=level, variables={"population": 50_000}).rows
    return {
        (v.measure, v.period, v.disaggregation): (v.numerator, v.denominator)
        for v in linked_values("shootings", rows)
    }


def test_victim_files_feed_the_fatal_and_non_fatal_measures_with_areas_and_the_rate(victims):
    assert _linked(victims, "victim") == {
        ("fatal_shooting_victims", JAN, ""): (1, None),
        ("fatal_shooting_victims", JAN, "geography:75"): (1, None),
        ("fatal_shooting_victims", FEB, ""): (1, None),
        ("nonfatal_shooting_victims", JAN, ""): (2, None),
        ("nonfatal_shooting_victims", JAN, "geography:75"): (1, None),
        ("nonfatal_shooting_victims", JAN, "geography:73"): (1, None),
        ("nonfatal_shooting_victims", FEB, ""): (2, None),
        ("nonfatal_shooting_victims", FEB, "geography:73"): (2, None),
        ("shooting_victim_rate", JAN, ""): (3, 50_000),
        ("shooting_victim_rate", FEB, ""): (3, 50_000),
    }


def test_incident_files_feed_the_same_measures_from_their_counts(incidents):
    assert _linked(incidents, "incident") == {
        ("fatal_shooting_victims", JAN, ""): (1, None),
        ("fatal_shooting_victims", FEB, ""): (2, None),
        ("nonfatal_shooting_victims", JAN, ""): (3, None),
        ("nonfatal_shooting_victims", FEB, ""): (0, None),
        ("shooting_victim_rate", JAN, ""): (4, 50_000),
        ("shooting_victim_rate", FEB, ""): (2, 50_000),
    }
