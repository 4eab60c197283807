"""The veil-of-darkness test (domain-metrics B3) on a processed traffic-stops version.

Run by the processing task over the version's normalised Parquet file (read through
`warehouse.iter_rows`), in the jurisdiction's time zone (`categories/time_zones.yaml`, by
state), centred on the stops' own coordinates, or on the jurisdiction's when the file has none.
The result is a plain dictionary stored on the version (`DatasetVersion.veil_of_darkness`):
`ran` true with the coefficient on darkness, its 95 % confidence interval, the counts, the
finding and its reading in plain words; or `ran` false with the reason it could not be run.
"""

from __future__ import annotations

from dataclasses import asdict
from functools import cache
from pathlib import Path

import yaml

from lcpa.curriculum.models import Jurisdiction
from lcpa.outcomes.analytics.warehouse import filled_columns, iter_rows

TIME_ZONES_FILE = Path(__file__).resolve().parent / "categories" / "time_zones.yaml"
COLUMNS = ("date", "time", "subject_race", "lat", "lng", "type")


@cache
def _time_zones() -> dict[str, str]:
    return yaml.safe_load(TIME_ZONES_FILE.read_text(encoding="utf-8"))


def time_zone_of(jurisdiction: Jurisdiction) -> str | None:
    return _time_zones().get(jurisdiction.state)


def _not_run(reason: str, **more) -> dict:
    return {"ran": False, "reason": reason, **more}


def veil_of_darkness_summary(*, jurisdiction: Jurisdiction, parquet: Path) -> dict:
    """The test on a normalised stops file, or why it was not run, as the version stores it."""
    # Imported here: statsmodels takes a second and a half to import, and the web process
    # imports the task module (to enqueue it) without ever running the test (decision 0130).
    from lcpa.outcomes.analytics.veil_of_darkness import (
        VeilOfDarknessError,
        veil_of_darkness_test,
    )

    zone = time_zone_of(jurisdiction)
    if zone is None:
        return _not_run(
            f"The time zone of {jurisdiction} is not known, and the test needs it to work out "
            "sunset and dusk."
        )
    filled = filled_columns(parquet, ("time", "lat", "lng"))
    if "time" not in filled:
        return _not_run(
            "The file has no stop times: the test compares stops made at the same time of day, "
            "so map the column that holds the time of each stop.",
            time_zone=zone,
        )
    centres = None
    centre = "the middle of the stops' own locations"
    if not {"lat", "lng"} <= filled:
        if jurisdiction.latitude is None or jurisdiction.longitude is None:
            return _not_run(
                "The file has no latitude and longitude for the stops, and the jurisdiction has "
                "no location either: the test needs to know where the stops were to work out "
                "sunset and dusk.",
                time_zone=zone,
            )
        centres = {"all": (float(jurisdiction.latitude), float(jurisdiction.longitude))}
        centre = f"the centre of {jurisdiction}"
    try:
        result = veil_of_darkness_test(
            iter_rows(parquet, columns=COLUMNS), time_zone=zone, centres=centres
        )
    except VeilOfDarknessError as error:
        return _not_run(str(error), time_zone=zone)
    summary = asdict(result)
    summary["geographies"] = list(result.geographies)
    return {
        "ran": True,
        **summary,
        "odds_ratio": result.odds_ratio,
        "time_zone": zone,
        "centre": centre,
    }
