"""Synthetic shooting victims in the NYPD Shooting Incident Data layout (domain-metrics C1),
as `samples/shootings.yaml` describes them. Pure Python; no Django, no DuckDB.

`write_shootings()` writes one row per person shot (INCIDENT_KEY repeated for an incident with
several victims, STATISTICAL_MURDER_FLAG true for a death), in several precincts: seasonality,
a city-wide trend, and an intervention precinct where, from the intervention date, incidents
fall by `exp(effect)` (a known incidence-rate ratio) while its comparison precinct and the
others do not. Also the traps of NYPD's file (age group "1022", "(null)" suspects, missing
geocodes). A difference-in-differences test should find the effect: its sign and rough size.

Incidents are drawn one at a time (a place by its weight, a day by its season and trend), and
those the program prevented are thinned out, until the file has `rows` victims. The same seed
gives the same file.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
from bisect import bisect
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from pathlib import Path

import yaml

from lcpa.outcomes.analytics.samples.calls import add_months

SAMPLES_DIR = Path(__file__).resolve().parent
CHUNK = 10_000
JULY_PEAK = 196


@cache
def shootings_config() -> dict:
    with (SAMPLES_DIR / "shootings.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@dataclass(frozen=True)
class ShootingSample:
    rows: int
    incidents: int
    first_day: dt.date
    last_day: dt.date
    intervention: dt.date
    intervention_area: str
    comparison_area: str
    effect: float


def _cumulative(weights) -> list[float]:
    return list(accumulate(weights))


def write_shootings(
    out: Path,
    *,
    rows: int,
    seed: int = 1,
    start: dt.date = dt.date(2022, 1, 1),
    months: int = 36,
    intervention: dt.date | None = None,
    effect: float = -0.3,
) -> ShootingSample:
    """Write `rows` shooting victims to the CSV file `out`, from `start` for `months` months.

    The intervention date defaults to the first day of the middle month. Incidents sorted by
    time; `effect` is the log of the incidence-rate ratio in the intervention precinct.
    """
    config = shootings_config()
    rng = random.Random(seed)
    end = add_months(start, months)
    intervention = intervention or add_months(start, months // 2)
    days = [start + dt.timedelta(days=i) for i in range((end - start).days)]
    amplitude, trend = config["seasonal_amplitude"], config["trend"]
    day_weights = _cumulative(
        (1 + amplitude * math.cos(2 * math.pi * (d.timetuple().tm_yday - JULY_PEAK) / 365.25))
        * config["weekday_weights"][d.weekday()]
        * math.exp(trend * (d - start).days / 365.25)
        for d in days
    )
    places = config["precincts"]
    place_weights = _cumulative(p["weight"] for p in places)
    hours = _cumulative(config["hour_weights"])
    sizes = [n for n, _ in config["victims_per_incident"]]
    size_weights = _cumulative(w for _, w in config["victims_per_incident"])
    ages = list(config["age_groups"])
    age_weights = _cumulative(config["age_groups"].values())
    races = list(config["races"])
    race_weights = _cumulative(config["races"].values())
    traps = config["traps"]
    treated = config["intervention_area"]
    keep_after = math.exp(effect)

    def pick(weights: list[float]) -> int:
        return min(bisect(weights, rng.random() * weights[-1]), len(weights) - 1)

    incidents: list[tuple[dt.datetime, dict, int]] = []
    victims = 0
    while victims < rows:
        place = places[pick(place_weights)]
        day = days[pick(day_weights)]
        if place["precinct"] == treated and day >= intervention and rng.random() > keep_after:
            continue  # a shooting the program prevented
        when = dt.datetime.combine(day, dt.time(pick(hours), rng.randrange(60)))
        count = min(sizes[pick(size_weights)], rows - victims)
        incidents.append((when, place, count))
        victims += count
    incidents.sort(key=lambda item: item[0])

    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(config["layout"])
        chunk: list[list[str]] = []
        for number, (when, place, count) in enumerate(incidents):
            key = str(200_000_000 + number * 7919 % 100_000_000)
            location = rng.choice(config["locations"])
            lat = place["lat"] + rng.gauss(0, 0.006)
            lng = place["lng"] + rng.gauss(0, 0.006)
            x = 1_000_000 + (lng + 73.9) * 276_000
            y = 200_000 + (lat - 40.7) * 364_000
            unknown_perp = rng.random() < traps["null_perp"]
            for _ in range(count):
                age = ages[pick(age_weights)]
                if rng.random() < traps["odd_age_group"]:
                    age = "1022"
                geocoded = rng.random() >= traps["missing_geocode"]
                chunk.append(
                    [
                        key,
                        when.strftime("%m/%d/%Y"),
                        when.strftime("%H:%M:%S"),
                        place["boro"],
                        place["precinct"],
                        "0",
                        location,
                        "true" if rng.random() < config["fatal_share"] else "false",
                        "(null)" if unknown_perp else rng.choice(["18-24", "25-44", "<18"]),
                        "(null)" if unknown_perp else "M",
                        "(null)" if unknown_perp else races[pick(race_weights)],
                        age,
                        "M" if rng.random() < config["male_share"] else "F",
                        races[pick(race_weights)],
                        f"{x:.0f}",
                        f"{y:.0f}",
                        f"{lat:.6f}" if geocoded else "",
                        f"{lng:.6f}" if geocoded else "",
                    ]
                )
            if len(chunk) >= CHUNK:
                writer.writerows(chunk)
                chunk.clear()
        writer.writerows(chunk)
    return ShootingSample(
        rows=rows,
        incidents=len(incidents),
        first_day=start,
        last_day=end - dt.timedelta(days=1),
        intervention=intervention,
        intervention_area=treated,
        comparison_area=config["comparison_area"],
        effect=effect,
    )
