"""Synthetic traffic stops (samples/stops.py, samples/stops.yaml) in the Stanford Open Policing
layout (domain-metrics B1): the same seed gives the same rows, the values are OPP's, and the
data-quality traps real exports have are there, predication violations included.
"""

import csv
from collections import Counter
from datetime import date
from itertools import islice

import pytest
import yaml

from lcpa.outcomes.analytics.formats import RACES, parse_bool
from lcpa.outcomes.analytics.samples.stops import (
    SPEC_FILE,
    StopSampleSpec,
    stop_columns,
    stop_rows,
    stop_sample_spec,
    write_csv,
)
from lcpa.outcomes.analytics.stopreasons import classify_stop_reason

START, END = date(2021, 1, 1), date(2022, 12, 31)


def rows(n: int, seed: int = 5, effect: float = -0.3) -> list[dict[str, str]]:
    return list(stop_rows(n, seed=seed, start=START, end=END, effect=effect))


@pytest.fixture(scope="module")
def sample():
    return rows(20_000)


def test_the_same_seed_gives_the_same_rows_and_another_seed_others():
    first = rows(3000)
    assert first == rows(3000)
    assert first != rows(3000, seed=6)
    assert len(first) == 3000


def test_rows_stream_without_drawing_the_whole_file():
    stream = stop_rows(10_000_000, seed=1, start=START, end=END, effect=0.0)
    assert len(list(islice(stream, 5))) == 5


def test_columns_and_values_follow_the_stanford_schema(sample):
    assert stop_columns()[:3] == ("raw_row_number", "date", "time")
    assert all(tuple(row) == stop_columns() for row in sample[:100])
    values = {column: Counter(row[column] for row in sample) for column in stop_columns()}
    assert set(values["subject_race"]) <= {*RACES, "NA"}
    assert set(values["subject_sex"]) == {"male", "female"}
    assert set(values["type"]) == {"vehicular", "pedestrian"}
    assert set(values["outcome"]) == {"warning", "citation", "summons", "arrest"}
    assert set(values["search_basis"]) == {
        "k9",
        "plain view",
        "consent",
        "probable cause",
        "other",
        "NA",
    }
    for column in ("arrest_made", "contraband_drugs", "search_person", "frisk_performed"):
        assert set(values[column]) == {"TRUE", "FALSE"}
    assert set(values["search_conducted"]) == {"TRUE", "FALSE", "NA"}
    assert all(parse_bool(value) in (True, False, None) for value in values["contraband_found"])
    days = [date.fromisoformat(row["date"]) for row in sample]
    assert min(days) >= START and max(days) <= END


def test_stops_follow_the_seasons_and_the_evening_peak(sample):
    months = Counter(int(row["date"][5:7]) for row in sample)
    assert months[10] > 1.15 * months[1]
    hours = Counter(row["time"][:2] for row in sample if row["time"] != "NA")
    assert hours["18"] > 3 * hours["04"]


def test_the_data_quality_traps_are_there(sample):
    not_searched = [row for row in sample if row["search_conducted"] == "FALSE"]
    assert any(row["contraband_found"] == "TRUE" for row in not_searched)
    assert any(row["search_person"] == "TRUE" for row in not_searched)
    assert any(row["search_basis"] != "NA" for row in not_searched)
    assert any(row["time"] == "NA" for row in sample)
    assert any(row["lat"] == "NA" and row["lng"] == "NA" for row in sample)
    assert any(row["subject_race"] == "NA" for row in sample)
    ages = [int(row["subject_age"]) for row in sample if row["subject_age"] != "NA"]
    assert any(not 10 <= age <= 110 for age in ages)
    assert any(abs(float(row["lat"]) - 36.16) > 3 for row in sample if row["lat"] != "NA")
    numbers = Counter(row["raw_row_number"] for row in sample)
    assert any(count > 1 for count in numbers.values())


def test_apart_from_the_traps_searches_and_finds_are_consistent(sample):
    searched = [row for row in sample if row["search_conducted"] == "TRUE"]
    assert searched
    assert all(row["contraband_found"] in ("TRUE", "FALSE") for row in searched)
    assert all(row["search_basis"] != "NA" for row in searched)
    found = [row for row in sample if row["contraband_drugs"] == "TRUE"]
    assert found and all(row["contraband_found"] == "TRUE" for row in found)
    for row in sample:
        flags = [row[column] for column in ("arrest_made", "citation_issued", "warning_issued")]
        assert flags.count("TRUE") <= 1


def test_one_month_has_most_times_missing(sample):
    missing = Counter(row["date"][:7] for row in sample if row["time"] == "NA")
    stops = Counter(row["date"][:7] for row in sample)
    shares = {month: missing[month] / stops[month] for month in stops}
    assert shares["2021-05"] > 0.5
    assert sorted(shares.values())[-2] < 0.1


def test_every_sample_reason_is_classed_as_the_file_says():
    spec = stop_sample_spec()
    for reason in spec.reasons:
        assert classify_stop_reason(reason.text).reason_class == reason.class_, reason.text
    assert classify_stop_reason(spec.pedestrian_reason).reason_class == "investigatory"


def test_write_csv_writes_a_header_and_the_rows(tmp_path):
    path = tmp_path / "stops.csv"
    written = write_csv(path, 500, seed=2, start=START, end=END, effect=-0.2)

    with path.open(encoding="utf-8", newline="") as handle:
        read = list(csv.DictReader(handle))
    assert written == 500
    assert read == list(stop_rows(500, seed=2, start=START, end=END, effect=-0.2))


def test_a_period_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="before its start"):
        next(stop_rows(10, seed=1, start=END, end=START, effect=0.0))


def test_an_intervention_on_a_class_no_reason_has_is_refused():
    spec = yaml.safe_load(SPEC_FILE.read_text(encoding="utf-8"))
    spec["intervention"]["classes"] = ["equipment", "jaywalking"]
    with pytest.raises(ValueError, match="intervention classes no reason has: jaywalking"):
        StopSampleSpec.model_validate(spec)
