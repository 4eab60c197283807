"""Synthetic shooting victims (samples/shootings.py, samples/shootings.yaml) in the NYPD
Shooting Incident Data layout: one row per victim, an incident's key repeated for each of its
victims, the same seed the same file, the mapper recognises it at the victim level, shootings
peak in summer, and the intervention precinct falls after the start while its comparison
precinct does not."""

import csv
import datetime as dt
import math
from collections import Counter
from pathlib import Path

import pytest

from lcpa.outcomes.analytics.mapping import layout_level, propose_mapping
from lcpa.outcomes.analytics.samples.shootings import shootings_config, write_shootings


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    out = tmp_path_factory.mktemp("shootings") / "nypd.csv"
    return out, write_shootings(out, rows=8000, seed=5, effect=-0.4)


def test_the_same_seed_gives_the_same_file_and_another_seed_another(tmp_path):
    a, b, c = (tmp_path / n for n in ("a.csv", "b.csv", "c.csv"))
    write_shootings(a, rows=400, seed=2)
    write_shootings(b, rows=400, seed=2)
    write_shootings(c, rows=400, seed=3)
    assert a.read_bytes() == b.read_bytes() != c.read_bytes()
    assert len(_rows(a)) == 400


def test_the_file_is_in_nypds_layout_one_row_per_victim(sample):
    out, summary = sample
    rows = _rows(out)
    assert len(rows) == summary.rows == 8000
    assert list(rows[0]) == shootings_config()["layout"]
    per_incident = Counter(r["INCIDENT_KEY"] for r in rows)
    assert len(per_incident) == summary.incidents
    assert max(per_incident.values()) > 1
    assert {r["STATISTICAL_MURDER_FLAG"] for r in rows} == {"true", "false"}
    fatal = sum(r["STATISTICAL_MURDER_FLAG"] == "true" for r in rows) / len(rows)
    assert fatal == pytest.approx(shootings_config()["fatal_share"], abs=0.03)
    dates = [dt.datetime.strptime(r["OCCUR_DATE"], "%m/%d/%Y").date() for r in rows]
    assert dates == sorted(dates)
    columns = list(rows[0])
    assert propose_mapping("shootings", columns).layout == "NYPD Shooting Incident Data"
    assert layout_level("shootings", columns) == "victim"


def test_the_traps_are_there(sample):
    rows = _rows(sample[0])
    assert any(r["VIC_AGE_GROUP"] == "1022" for r in rows)
    assert any(r["PERP_RACE"] == "(null)" for r in rows)
    assert any(r["Latitude"] == "" for r in rows)


def test_the_intervention_precinct_falls_against_its_comparison(sample):
    out, summary = sample
    incidents = {
        (r["INCIDENT_KEY"], r["PRECINCT"], dt.datetime.strptime(r["OCCUR_DATE"], "%m/%d/%Y"))
        for r in _rows(out)
    }
    cells = Counter(
        (area, day.date() >= summary.intervention)
        for _key, area, day in incidents
        if area in (summary.intervention_area, summary.comparison_area)
    )
    treated, comparison = summary.intervention_area, summary.comparison_area
    ratio = (cells[treated, True] / cells[treated, False]) / (
        cells[comparison, True] / cells[comparison, False]
    )
    assert ratio == pytest.approx(math.exp(-0.4), abs=0.12)


def test_shootings_peak_in_summer(sample):
    months = Counter(r["OCCUR_DATE"][:2] for r in _rows(sample[0]))
    assert months["07"] > months["01"] * 1.5
