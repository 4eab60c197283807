"""Synthetic school rosters (student level) in the layout `schemas/schools.yaml` reads with no
help: one row per enrolled student and school year, with the referral to law enforcement (its
day, in the school months), a school-related arrest, diversion offered and completed.

Pure Python, no Django. Shapes come from `samples/schools.yaml`; after `intervention` the
chance of a referral falls by its `intervention_drop`. The same seed gives the same file.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from functools import cache
from pathlib import Path

import yaml

SAMPLES_DIR = Path(__file__).resolve().parent
SCHOOL_MONTHS = (8, 9, 10, 11, 12, 1, 2, 3, 4, 5)


@cache
def schools_config() -> dict:
    with (SAMPLES_DIR / "schools.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _pick(rng: random.Random, shares: dict[str, float]) -> str:
    return rng.choices(list(shares), weights=list(shares.values()))[0]


def _school_day(rng: random.Random, year: int) -> dt.date:
    month = rng.choice(SCHOOL_MONTHS)
    return dt.date(year + (month < 7), month, rng.randint(1, 28))


def student_rows(rows: int, *, seed: int = 1, start_year: int = 2022, intervention: dt.date):
    """`rows` roster rows over school years from `start_year`, two school years of students."""
    config = schools_config()
    rng = random.Random(seed)
    per_year = max(1, rows // 2)
    for n in range(rows):
        year = start_year + n // per_year
        race, disability = _pick(rng, config["race"]), _pick(rng, config["disability"])
        chance = config["referral_rate"][race]
        chance *= config["disability_factor"] if disability != "N" else 1
        day = _school_day(rng, year)
        if day >= intervention:
            chance *= 1 - config["intervention_drop"]
        referred = rng.random() < chance
        arrested = referred and rng.random() < config["arrest_share"]
        offered = arrested and rng.random() < config["diversion_offered"]
        completed = offered and rng.random() < config["diversion_completed"]
        school, name = rng.choice(config["schools"])
        yn = ["Y" if flag else "N" for flag in (referred, arrested, offered, completed)]
        yield [
            f"R{n + 1:07}",
            f"S{year}{n:07}",
            school,
            name,
            f"{year}-{(year + 1) % 100:02}",
            (day if referred else dt.date(year, 8, 15)).isoformat(),
            race,
            rng.choice("MF"),
            disability,
            *yn,
        ]


def write_schools(
    path: Path,
    rows: int,
    *,
    seed: int = 1,
    start_year: int = 2022,
    intervention: dt.date | None = None,
) -> dt.date:
    """Write the roster; returns the intervention date (by default the second year's January)."""
    intervention = intervention or dt.date(start_year + 2, 1, 1)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(schools_config()["columns"])
        writer.writerows(
            student_rows(rows, seed=seed, start_year=start_year, intervention=intervention)
        )
    return intervention
