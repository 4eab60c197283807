"""Synthetic school rosters (student level) in the layout `schemas/schools.yaml` reads with no
help: one row per enrolled student and school year, with the referral to law enforcement (its
day, in the school months), a school-related arrest, diversion offered and completed.

Pure Python, no Django. Shapes come from `samples/schools.yaml`. A roster covers the school
months from `start` to `end`: every school year with a school month in them, its students
split evenly between those years, and referrals only on days of the period, at the same
chance a month whether a year is whole or cut by the period. After `intervention` (by default
the first day of the period's middle month) the chance of a referral falls by its
`intervention_drop`. The same seed gives the same file.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from functools import cache
from pathlib import Path

import yaml

from lcpa.outcomes.analytics.samples.calls import add_months

SAMPLES_DIR = Path(__file__).resolve().parent
SCHOOL_MONTHS = (8, 9, 10, 11, 12, 1, 2, 3, 4, 5)


@cache
def schools_config() -> dict:
    with (SAMPLES_DIR / "schools.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _pick(rng: random.Random, shares: dict[str, float]) -> str:
    return rng.choices(list(shares), weights=list(shares.values()))[0]


def _month_count(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


def _school_months(start: dt.date, end: dt.date) -> dict[int, list[dt.date]]:
    """The first days of the school months from `start` to `end`, by school year (the year
    its August is in)."""
    years: dict[int, list[dt.date]] = {}
    first = dt.date(start.year, start.month, 1)
    for k in range(_month_count(start, end)):
        month = add_months(first, k)
        if month.month in SCHOOL_MONTHS:
            years.setdefault(month.year - (month.month < 7), []).append(month)
    return years


def student_rows(rows: int, *, seed: int, start: dt.date, end: dt.date, intervention: dt.date):
    """`rows` roster rows for the school years with a school month from `start` to `end`."""
    config = schools_config()
    rng = random.Random(seed)
    years = _school_months(start, end)
    if not years:
        raise ValueError("The period holds no school month.")
    order = sorted(years)
    for n in range(rows):
        year = order[n * len(order) // rows]
        months = years[year]
        race, disability = _pick(rng, config["race"]), _pick(rng, config["disability"])
        chance = config["referral_rate"][race] * len(months) / len(SCHOOL_MONTHS)
        chance *= config["disability_factor"] if disability != "N" else 1
        day = min(max(rng.choice(months).replace(day=rng.randint(1, 28)), start), end)
        if day >= intervention:
            chance *= 1 - config["intervention_drop"]
        referred = rng.random() < chance
        arrested = referred and rng.random() < config["arrest_share"]
        offered = arrested and rng.random() < config["diversion_offered"]
        completed = offered and rng.random() < config["diversion_completed"]
        school, name = rng.choice(config["schools"])
        yn = ["Y" if flag else "N" for flag in (referred, arrested, offered, completed)]
        # A student never referred is dated on the first day of the school year in the period.
        first_day = max(months[0], start)
        yield [
            f"R{n + 1:07}",
            f"S{year}{n:07}",
            school,
            name,
            f"{year}-{(year + 1) % 100:02}",
            (day if referred else first_day).isoformat(),
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
    start: dt.date,
    end: dt.date,
    intervention: dt.date | None = None,
) -> dt.date:
    """Write the roster; returns the intervention date."""
    first = dt.date(start.year, start.month, 1)
    intervention = intervention or add_months(first, _month_count(start, end) // 2)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(schools_config()["columns"])
        writer.writerows(
            student_rows(rows, seed=seed, start=start, end=end, intervention=intervention)
        )
    return intervention
