"""Synthetic crash persons in NYC's "Motor Vehicle Collisions - Person" layout (domain-metrics
B6), as `samples/crashes.yaml` describes them. Pure Python; no Django, no DuckDB.

`write_crashes()` writes one row per person involved in a crash, with the KABCO injury in the
added KABCO column (NYC's own PERSON_INJURY says only Killed, Injured or Unspecified);
seasonality over the year, weekdays and hours; a safety intervention date after which the
chance of being killed or seriously injured (K or A) falls by `ksi_factor`; and the traps of
real exports (duplicated rows, impossible ages, uncoded injuries, blank times, ISO dates).

Rows are generated day by day and written in chunks; the same seed gives the same file.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import uuid
from bisect import bisect
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from pathlib import Path

import yaml

from lcpa.outcomes.analytics.samples.calls import add_months
from lcpa.outcomes.analytics.samples.seasons import day_counts

SAMPLES_DIR = Path(__file__).resolve().parent
CHUNK = 10_000
LEVELS = ("K", "A", "B", "C", "O")


@cache
def crashes_config() -> dict:
    with (SAMPLES_DIR / "crashes.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@dataclass(frozen=True)
class CrashSample:
    rows: int
    first_day: dt.date
    last_day: dt.date
    intervention: dt.date
    ksi_factor: float
    duplicates: int


def _chances(injury: dict[str, float], factor: float) -> list[float]:
    """Cumulative chances of K, A, B, C, O, with K and A multiplied by `factor`."""
    k, a = injury["K"] * factor, injury["A"] * factor
    b = injury["B"] + (injury["K"] - k) + (injury["A"] - a)
    return list(accumulate([k, a, b, injury["C"], injury["O"]]))


def write_crashes(
    out: Path,
    *,
    rows: int,
    seed: int = 1,
    start: dt.date = dt.date(2023, 1, 1),
    months: int = 18,
    intervention: dt.date | None = None,
    ksi_factor: float | None = None,
) -> CrashSample:
    """Write `rows` crash persons to the CSV file `out`, from `start` for `months` months.

    The intervention date defaults to the first day of the middle month, `ksi_factor` to the
    sample file's.
    """
    config = crashes_config()
    rng = random.Random(seed)
    end = add_months(start, months)
    intervention = intervention or add_months(start, months // 2)
    factor = config["ksi_factor"] if ksi_factor is None else ksi_factor
    days = [start + dt.timedelta(days=i) for i in range((end - start).days)]
    traps = config["traps"]
    modes = config["modes"]
    mode_weights = list(accumulate(m["weight"] for m in modes))
    before = [_chances(m["injury"], 1.0) for m in modes]
    after = [_chances(m["injury"], factor) for m in modes]
    sizes = [size for size, _ in config["people_per_crash"]]
    size_weights = list(accumulate(w for _, w in config["people_per_crash"]))
    hour_weights = list(accumulate(config["hour_weights"]))
    words = config["injury_words"]

    def pick(weights: list[float]) -> int:
        return min(bisect(weights, rng.random() * weights[-1]), len(weights) - 1)

    seq = person_seq = duplicates = 0
    previous: list[str] | None = None
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(config["layout"])
        chunk: list[list[str]] = []
        counts = day_counts(
            rows,
            days,
            amplitude=config["seasonal_amplitude"],
            weekday=config["weekday_weights"],
            peak=176,
        )
        for day, count in zip(days, counts, strict=True):
            chances = after if day >= intervention else before
            left = count
            while left > 0:
                seq += 1
                people = min(sizes[pick(size_weights)], left)
                left -= people
                minute = pick(hour_weights) * 60 + rng.randrange(60)
                time_text = (
                    ""
                    if rng.random() < traps["blank_time"]
                    else f"{minute // 60}:{minute % 60:02d}"
                )
                if rng.random() < traps["iso_date"]:
                    date_text = day.isoformat()
                else:
                    date_text = day.strftime("%m/%d/%Y")
                factor_1 = rng.choice(config["factors"])
                for _ in range(people):
                    if previous is not None and rng.random() < traps["duplicate"]:
                        chunk.append(previous)
                        duplicates += 1
                        continue
                    person_seq += 1
                    m = pick(mode_weights)
                    level = LEVELS[pick(chances[m])]
                    mode = modes[m]["type"]
                    injury, emotional, complaint = words[level]
                    kabco = level
                    if rng.random() < traps["missing_kabco"]:
                        kabco, injury = "", "Unspecified"
                    age = str(rng.randint(16, 85))
                    if rng.random() < traps["impossible_age"]:
                        age = rng.choice(config["impossible_ages"])
                    pedestrian = mode == "Pedestrian"
                    row = [
                        str(10_000_000 + person_seq),
                        str(4_000_000 + seq),
                        date_text,
                        time_text,
                        str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                        mode,
                        injury,
                        "" if pedestrian else str(19_000_000 + seq * 4 + rng.randrange(4)),
                        age,
                        "" if pedestrian else "Not Ejected",
                        emotional,
                        "Does Not Apply" if level == "O" else "Knee-Lower Leg Foot",
                        "" if pedestrian else "Driver",
                        "" if pedestrian else "Lap Belt & Harness",
                        "Pedestrian/Bicyclist/Other Pedestrian at Intersection"
                        if pedestrian
                        else "",
                        "Crossing With Signal" if pedestrian else "",
                        complaint,
                        "Pedestrian" if pedestrian else "Driver",
                        factor_1,
                        "Unspecified",
                        rng.choice("MMMF"),
                        kabco,
                    ]
                    chunk.append(row)
                    previous = row
                if len(chunk) >= CHUNK:
                    writer.writerows(chunk)
                    chunk.clear()
        writer.writerows(chunk)
    return CrashSample(
        rows=rows,
        first_day=start,
        last_day=end - dt.timedelta(days=1),
        intervention=intervention,
        ksi_factor=factor,
        duplicates=duplicates,
    )
