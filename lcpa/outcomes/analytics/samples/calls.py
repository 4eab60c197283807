"""Synthetic source files for demos, tests and benchmarks (no Django, no DuckDB).

`write_calls()` writes calls for service in the New Orleans export's column layout, as
`samples/calls.yaml` describes them: seasonality over the year, weekdays and hours; an
intervention date after which eligible community-generated calls go to an alternative team;
and the data-quality traps real exports have (blank and negative times, duplicated rows, odd
call-type codes, a few ISO dates among US ones, "NA" ZIP codes, reclassified calls).

Rows are generated day by day in time order and written in chunks, so a file of 10,000,000
rows takes the memory of one chunk. The same seed gives the same file.
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

SAMPLES_DIR = Path(__file__).resolve().parent
CHUNK = 10_000
US_TIME = "%m/%d/%Y %I:%M:%S %p"
ISO_TIME = "%Y-%m-%dT%H:%M:%S"
JULY_PEAK = 196  # day of the year with the most calls


@cache
def calls_config() -> dict:
    with (SAMPLES_DIR / "calls.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@dataclass(frozen=True)
class SampleSummary:
    rows: int
    first_day: dt.date
    last_day: dt.date
    intervention: dt.date
    duplicates: int


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    return dt.date(day.year + index // 12, index % 12 + 1, 1)


def _day_counts(rows: int, days: list[dt.date], config: dict) -> list[int]:
    """Calls per day: seasonal and weekday weights, rounded so that they sum to `rows`."""
    amplitude = config["seasonal_amplitude"]
    weekday = config["weekday_weights"]
    weights = [
        (1 + amplitude * math.cos(2 * math.pi * (d.timetuple().tm_yday - JULY_PEAK) / 365.25))
        * weekday[d.weekday()]
        for d in days
    ]
    total = sum(weights)
    bounds = [round(rows * c / total) for c in accumulate(weights)]
    return [b - a for a, b in zip([0, *bounds], bounds, strict=False)]


def write_calls(
    out: Path,
    *,
    rows: int,
    seed: int = 1,
    start: dt.date = dt.date(2023, 1, 1),
    months: int = 18,
    intervention: dt.date | None = None,
) -> SampleSummary:
    """Write `rows` synthetic calls to the CSV file `out`, from `start` for `months` months.

    The intervention date defaults to the first day of the middle month.
    """
    config = calls_config()
    rng = random.Random(seed)
    end = add_months(start, months)
    intervention = intervention or add_months(start, months // 2)
    days = [start + dt.timedelta(days=i) for i in range((end - start).days)]
    traps = config["traps"]
    types = config["call_types"]
    type_weights = list(accumulate(t["weight"] for t in types))
    hour_weights = list(accumulate(config["hour_weights"]))
    priorities = config["priorities"]
    profiles = {
        name: ([(code, text) for code, text, _ in items], list(accumulate(w for *_, w in items)))
        for name, items in config["dispositions"].items()
    }
    districts = list(config["districts"].items())
    streets = config["streets"]
    spread = config["spread"]
    police, alternative = config["police_agency"], config["alternative_agency"]

    def pick(weights: list[float]) -> int:
        return bisect(weights, rng.random() * weights[-1])

    def minutes(median: float) -> dt.timedelta:
        return dt.timedelta(minutes=median * math.exp(spread * rng.gauss(0, 1)))

    def call(seq: int, created: dt.datetime) -> list[str]:
        kind = types[pick(type_weights)]
        initial = types[pick(type_weights)] if rng.random() < traps["reclassified"] else kind
        self_initiated = rng.random() < kind.get("self_initiated", 0.02)
        alternative_team = (
            not self_initiated
            and kind["eligible"]
            and created.date() >= intervention
            and rng.random() < config["take_rate"]
        )
        backup = alternative_team and rng.random() < config["backup_rate"]
        priority = priorities[kind["priority"]]
        if self_initiated:
            dispatched = arrived = created
        else:
            dispatched = created + minutes(priority["dispatch"])
            travel = config["alternative_travel"] if alternative_team else priority["travel"]
            arrived = dispatched + minutes(travel)
        closed = arrived + minutes(config["on_scene"])
        if rng.random() < traps["negative_interval"]:
            arrived = created - dt.timedelta(minutes=rng.randint(1, 30))
        pattern = ISO_TIME if rng.random() < traps["iso_date"] else US_TIME
        dispatch_text = (
            "" if rng.random() < traps["blank_dispatch"] else dispatched.strftime(pattern)
        )
        arrive_text = "" if rng.random() < traps["blank_arrival"] else arrived.strftime(pattern)
        choices, weights = profiles["service" if alternative_team else kind["profile"]]
        disposition, disposition_text = choices[pick(weights)]
        type_text = kind["text"]
        if rng.random() < traps["odd_code"]:
            type_text = rng.choice(config["odd_codes"])
        district, (beats, zips) = districts[rng.randrange(len(districts))]
        x = 3_660_000 + rng.random() * 50_000
        y = 510_000 + rng.random() * 45_000
        lat, lng = (
            29.90 + (y - 510_000) * 0.3048 / 111_000,
            -90.14 + (x - 3_660_000) * 0.3048 / 96_500,
        )
        return [
            f"A{seq:07d}{created.year % 100:02d}",
            kind["code"],
            type_text,
            kind["priority"],
            initial["code"],
            initial["text"],
            initial["priority"],
            f"{x:.0f}",
            f"{y:.0f}",
            created.strftime(pattern),
            dispatch_text,
            arrive_text,
            closed.strftime(pattern),
            disposition,
            disposition_text,
            "Y" if self_initiated else "N",
            rng.choice(beats),
            f"{rng.randint(0, 99):03d}XX {rng.choice(streets)}",
            "NA" if rng.random() < traps["na_zip"] else rng.choice(zips),
            district,
            f"POINT ({lng:.6f} {lat:.6f})",
            alternative if alternative_team else police,
            ("Y" if backup else "N") if alternative_team else "",
        ]

    seq = duplicates = 0
    previous: list[str] | None = None
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(config["layout"])
        chunk: list[list[str]] = []
        for day, count in zip(days, _day_counts(rows, days, config), strict=True):
            midnight = dt.datetime.combine(day, dt.time())
            seconds = sorted(pick(hour_weights) * 3600 + rng.randrange(3600) for _ in range(count))
            for second in seconds:
                if previous is not None and rng.random() < traps["duplicate"]:
                    row = previous
                    duplicates += 1
                else:
                    seq += 1
                    row = call(seq, midnight + dt.timedelta(seconds=second))
                chunk.append(row)
                previous = row
                if len(chunk) >= CHUNK:
                    writer.writerows(chunk)
                    chunk.clear()
        writer.writerows(chunk)
    return SampleSummary(
        rows=rows,
        first_day=start,
        last_day=end - dt.timedelta(days=1),
        intervention=intervention,
        duplicates=duplicates,
    )


def calls_mapping() -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """The column and value mapping of the sample files (what a coordinator would confirm)."""
    config = calls_config()
    columns = {
        "event_id": "NOPD_Item",
        "call_type_initial_code": "InitialType",
        "call_type_initial": "InitialTypeText",
        "call_type_final_code": "Type",
        "call_type_final": "TypeText",
        "call_category": "TypeText",
        "alt_eligible": "TypeText",
        "priority_initial": "InitialPriority",
        "priority_final": "Priority",
        "self_initiated": "SelfInitiated",
        "t_received": "TimeCreate",
        "t_dispatched": "TimeDispatch",
        "t_arrived": "TimeArrive",
        "t_cleared": "TimeClosed",
        "disposition": "DispositionText",
        "disposition_category": "DispositionText",
        "beat": "Beat",
        "police_district": "PoliceDistrict",
        "zip": "Zip",
        "block_address": "BLOCK_ADDRESS",
        "responder_type": "Agency",
        "backup_requested": "BackupRequested",
    }
    odd = {code.strip(): "no" for code in config["odd_codes"]}
    values = {
        "call_category": {t["text"]: t["category"] for t in config["call_types"]},
        "alt_eligible": odd
        | {t["text"]: "yes" if t["eligible"] else "no" for t in config["call_types"]},
        "responder_type": {
            config["police_agency"]: "police",
            config["alternative_agency"]: "alternative",
        },
        "disposition_category": dict(config["disposition_categories"]),
    }
    return columns, values
