"""dataset_darkness.py: the veil-of-darkness test on a normalised stops file, in the
jurisdiction's time zone, centred on the stops or on the jurisdiction, or why it was not run."""

from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from lcpa.core.states import US_STATES
from lcpa.curriculum.models import Jurisdiction
from lcpa.outcomes.analytics.samples.stops import write_csv
from lcpa.outcomes.analytics.schemas import load_schema
from lcpa.outcomes.analytics.warehouse import filled_columns, ingest, iter_rows
from lcpa.outcomes.dataset_darkness import _time_zones, time_zone_of, veil_of_darkness_summary

COLUMNS = ("raw_row_number", "date", "time", "subject_race", "type", "lat", "lng")
RIVERTON = Jurisdiction(
    name="Riverton", state="TN", latitude=Decimal("36.16270"), longitude=Decimal("-86.78160")
)


def normalise(tmp_path, columns=COLUMNS, n=20_000):
    source = tmp_path / "stops.csv"
    write_csv(source, n, seed=5, start=date(2022, 1, 1), end=date(2022, 12, 31), effect=-0.5)
    out = tmp_path / "stops.parquet"
    report = ingest(
        source=source,
        schema=load_schema("stops"),
        columns={name: name for name in columns},
        out=out,
    )
    assert report.ok
    return out


@pytest.fixture(scope="module")
def located(tmp_path_factory):
    return normalise(tmp_path_factory.mktemp("located"))


def test_every_state_has_a_time_zone_python_knows():
    zones = _time_zones()
    assert set(zones) == {code for code, _ in US_STATES}
    for zone in zones.values():
        ZoneInfo(zone)
    assert time_zone_of(RIVERTON) == "America/Chicago"


def test_the_parquet_file_is_read_in_batches_of_the_columns_asked_for(located):
    rows = iter_rows(located, columns=("subject_race", "time", "no_such_column"), batch=7)
    first = next(rows)
    assert set(first) == {"subject_race", "time"}
    assert sum(1 for _ in rows) > 19_000
    assert filled_columns(located, ("time", "lat", "search_basis", "nope")) == {"time", "lat"}


def test_the_stops_own_coordinates_place_the_test(located):
    result = veil_of_darkness_summary(jurisdiction=RIVERTON, parquet=located)
    assert result["ran"] is True
    assert result["centre"] == "the middle of the stops' own locations"
    assert result["ci_high"] < 0 and result["finding"] == "lower_after_dark"


def test_without_coordinates_the_jurisdictions_centre_is_used(tmp_path):
    parquet = normalise(tmp_path, COLUMNS[:5])
    result = veil_of_darkness_summary(jurisdiction=RIVERTON, parquet=parquet)
    assert result["ran"] is True
    assert result["centre"] == "the centre of Riverton, TN"
    assert -0.8 < result["coefficient"] < -0.2

    nowhere = Jurisdiction(name="Riverton", state="TN")
    refused = veil_of_darkness_summary(jurisdiction=nowhere, parquet=parquet)
    assert refused["ran"] is False
    assert refused["reason"].startswith("The file has no latitude and longitude for the stops")


def test_an_unknown_time_zone_or_too_few_stops_are_said_in_words(tmp_path, located):
    unknown = veil_of_darkness_summary(
        jurisdiction=Jurisdiction(name="Atlantis", state="XX"), parquet=located
    )
    assert unknown == {
        "ran": False,
        "reason": "The time zone of Atlantis, XX is not known, and the test needs it to work "
        "out sunset and dusk.",
    }
    few = veil_of_darkness_summary(jurisdiction=RIVERTON, parquet=normalise(tmp_path, n=300))
    assert few["ran"] is False and few["reason"].startswith("Too few stops in the hours around")
