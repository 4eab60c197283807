"""Synthetic crash persons (samples/crashes.py, samples/crashes.yaml) in NYC's "Motor Vehicle
Collisions - Person" layout: the same seed gives the same file, the mapper recognises it, KSI
falls after the intervention by about the factor asked, summer is busier, and the traps of real
exports are there for the validation report to find."""

import csv
import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from lcpa.outcomes.analytics.mapping import propose_mapping
from lcpa.outcomes.analytics.samples.crashes import crashes_config, write_crashes
from lcpa.outcomes.analytics.schemas import load_schema
from lcpa.outcomes.analytics.warehouse import compute, ingest


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    out = tmp_path_factory.mktemp("crashes") / "persons.csv"
    summary = write_crashes(out, rows=30_000, seed=4, start=dt.date(2023, 1, 1), months=24)
    return out, summary


def test_the_same_seed_gives_the_same_file_and_another_seed_another(tmp_path):
    a, b, c = (tmp_path / n for n in ("a.csv", "b.csv", "c.csv"))
    write_crashes(a, rows=500, seed=2)
    write_crashes(b, rows=500, seed=2)
    write_crashes(c, rows=500, seed=3)
    assert a.read_bytes() == b.read_bytes() != c.read_bytes()
    assert len(_rows(a)) == 500


def test_the_file_is_in_nycs_layout_and_the_mapper_recognises_it(sample):
    out, _ = sample
    rows = _rows(out)
    assert list(rows[0]) == crashes_config()["layout"]
    assert {r["PERSON_TYPE"] for r in rows} == {
        "Occupant",
        "Pedestrian",
        "Bicyclist",
        "Other Motorized",
    }
    assert {r["PERSON_INJURY"] for r in rows} == {"Killed", "Injured", "Unspecified"}
    killed = {r["KABCO"] for r in rows if r["PERSON_INJURY"] == "Killed"}
    assert killed == {"K"}
    proposal = propose_mapping("crashes", list(rows[0]))
    assert proposal.layout == "NYC Motor Vehicle Collisions - Person"
    assert proposal.mapping()["injury_severity"] == "KABCO"


def test_the_traps_are_there(sample):
    out, summary = sample
    rows = _rows(out)
    assert summary.duplicates > 0
    assert any(r["PERSON_AGE"] in crashes_config()["impossible_ages"] for r in rows)
    assert any(r["KABCO"] == "" for r in rows)
    assert any(r["CRASH_TIME"] == "" for r in rows)
    assert any("-" in r["CRASH_DATE"] for r in rows)


def test_ksi_falls_after_the_intervention_and_summer_is_busier(sample, tmp_path):
    out, summary = sample
    parquet = tmp_path / "persons.parquet"
    columns = {
        "crash_id": "COLLISION_ID",
        "person_id": "PERSON_ID",
        "crash_date": "CRASH_DATE",
        "mode": "PERSON_TYPE",
        "injury_severity": "KABCO",
        "age": "PERSON_AGE",
    }
    values = {"mode": {"Bicyclist": "cyclist", "Other Motorized": "other"}}
    report = ingest(
        source=out, schema=load_schema("crashes"), columns=columns, values=values, out=parquet
    )
    # A repeated row that is rejected (its age, its injury) is not counted as a duplicate.
    assert report.ok and 0 < report.duplicates <= summary.duplicates
    reasons = {r.reason for r in report.rejected}
    assert reasons == {"age: outside 0 to 120", "injury_severity: missing"}
    ksi = {
        r.period: r.numerator
        for r in compute("crashes", parquet, measures=["crashes_ksi"]).rows
        if r.disaggregation == ""
    }
    before = sum(n for month, n in ksi.items() if month < summary.intervention)
    after = sum(n for month, n in ksi.items() if month >= summary.intervention)
    assert after / before == pytest.approx(summary.ksi_factor, abs=0.12)
    months = Counter(r["CRASH_DATE"][:2] for r in _rows(out) if "/" in r["CRASH_DATE"])
    assert months["06"] + months["07"] > (months["01"] + months["02"]) * 1.1
