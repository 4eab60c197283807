"""Synthetic traffic stops in the Stanford Open Policing column layout (domain-metrics B1).

Pure Python with numpy and astral; no Django. The city, its districts, shares, reasons and
data-quality traps are data (`samples/stops.yaml`). `stop_rows(n, seed=1, start=date(2021, 1,
1), end=date(2022, 12, 31), effect=-0.3)` yields `n` rows as {column: text} (dates
`YYYY-MM-DD`, times `HH:MM:SS`, `TRUE`/`FALSE`, `NA` for a missing value, as in OPP's CSV
files), drawn in chunks so that millions of rows never sit in memory; the same arguments give
the same rows. `write_csv(path, n, ...)` writes them with a header.

From `intervention` (by default the first day of the period's middle month) officers stop fewer
drivers for the non-safety reasons the sample file's `intervention` names; the other stops go
on as before, so both the non-safety share and the number of stops a day fall.

`effect` is the true veil-of-darkness coefficient: the change in the log odds that a stopped
Black-or-White driver is Black when the stop is after dusk (or before dawn). Negative means
fewer Black drivers are stopped when race is harder to see. Besides it, the Black share varies
by district and with the time of day, so a test must compare stops at the same clock time.
"""

from __future__ import annotations

import csv
import hashlib
import math
from collections.abc import Iterator
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import yaml
from astral import Observer
from astral.sun import dawn, dusk
from pydantic import BaseModel, ConfigDict, Field, model_validator

SPEC_FILE = Path(__file__).resolve().parent / "stops.yaml"
CHUNK = 10_000
NA = "NA"
IMPOSSIBLE_AGES = ("4", "7", "120", "340")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class District(_Strict):
    name: str
    lat: float
    lng: float
    weight: float = Field(gt=0)
    black_log_odds: float


class Reason(_Strict):
    text: str
    class_: str = Field(alias="class")
    weight: float = Field(gt=0)


class Traps(_Strict):
    missing_time: float = Field(ge=0, le=1)
    missing_location: float = Field(ge=0, le=1)
    missing_race: float = Field(ge=0, le=1)
    missing_age: float = Field(ge=0, le=1)
    impossible_age: float = Field(ge=0, le=1)
    far_geocode: float = Field(ge=0, le=1)
    contraband_without_search: float = Field(ge=0, le=1)
    search_person_without_search: float = Field(ge=0, le=1)
    basis_without_search: float = Field(ge=0, le=1)
    search_unknown: float = Field(ge=0, le=1)
    duplicate_row: float = Field(ge=0, le=1)


class UntimedMonth(_Strict):
    index: int = Field(ge=0)
    share_missing: float = Field(ge=0, le=1)


class Intervention(_Strict):
    classes: tuple[str, ...] = Field(min_length=1)
    drop: float = Field(ge=0, lt=1)


class Centre(_Strict):
    lat: float = Field(ge=-90, le=90)
    lng: float = Field(ge=-180, le=180)


class StopSampleSpec(_Strict):
    """The contents of `samples/stops.yaml`."""

    city: str
    time_zone: str
    centre: Centre
    spread: float = Field(gt=0)
    columns: tuple[str, ...]
    month_weights: tuple[float, ...] = Field(min_length=12, max_length=12)
    weekday_weights: tuple[float, ...] = Field(min_length=7, max_length=7)
    hour_weights: tuple[float, ...] = Field(min_length=24, max_length=24)
    black_or_white_share: float = Field(gt=0, le=1)
    other_races: dict[str, float]
    time_of_day_amplitude: float
    districts: tuple[District, ...] = Field(min_length=1)
    streets: tuple[str, ...] = Field(min_length=1)
    male_share: float = Field(ge=0, le=1)
    age: dict[str, float]
    officers: int = Field(gt=0)
    vehicular_share: float = Field(ge=0, le=1)
    pedestrian_reason: str
    makes: tuple[str, ...] = Field(min_length=1)
    home_state_share: float = Field(ge=0, le=1)
    home_state: str
    other_states: tuple[str, ...] = Field(min_length=1)
    reasons: tuple[Reason, ...] = Field(min_length=1)
    search_rate: dict[str, float]
    frisk_rate: float = Field(ge=0, le=1)
    search_bases: dict[str, float]
    hit_rate: dict[str, float]
    drugs_share: float = Field(ge=0, le=1)
    weapons_share: float = Field(ge=0, le=1)
    search_reasons: tuple[str, ...] = Field(min_length=1)
    outcomes: dict[str, float]
    arrest_after_hit: float = Field(ge=0, le=1)
    traps: Traps
    untimed_month: UntimedMonth
    intervention: Intervention

    @model_validator(mode="after")
    def _groups(self) -> StopSampleSpec:
        for name in ("search_rate", "hit_rate"):
            if set(getattr(self, name)) != {"black", "white", "other"}:
                raise ValueError(f"{name} must give black, white and other")
        if set(self.outcomes) != {"warning", "citation", "summons", "arrest"}:
            raise ValueError("outcomes must give warning, citation, summons and arrest")
        unknown = set(self.intervention.classes) - {r.class_ for r in self.reasons}
        if unknown:
            raise ValueError(f"intervention classes no reason has: {', '.join(sorted(unknown))}")
        return self

    def reason_weights(self, *, after: bool) -> np.ndarray:
        """Drivers' reason weights, before the intervention or after it."""
        change = self.intervention
        return np.array(
            [
                r.weight * (1 - change.drop if after and r.class_ in change.classes else 1)
                for r in self.reasons
            ]
        )


@cache
def stop_sample_spec() -> StopSampleSpec:
    """The sample file, read and checked once."""
    return StopSampleSpec.model_validate(yaml.safe_load(SPEC_FILE.read_text(encoding="utf-8")))


def stop_columns() -> tuple[str, ...]:
    return stop_sample_spec().columns


def _shares(weights) -> np.ndarray:
    values = np.asarray(list(weights), dtype=float)
    return values / values.sum()


def _text(flag: bool) -> str:
    return "TRUE" if flag else "FALSE"


def _cumulative(weights: np.ndarray) -> np.ndarray:
    """What `Generator.choice(p=...)` searches, so that drawing through it keeps the stream."""
    cdf = _shares(weights).cumsum()
    return cdf / cdf[-1]


class _Period:
    """The days of the period with their weights, dawn and dusk minutes at the centre, and
    whether each is on or after the intervention."""

    def __init__(
        self, spec: StopSampleSpec, start: date, end: date, intervention: date | None
    ) -> None:
        if end < start:
            raise ValueError("The end of the period is before its start.")
        self.days = [start + timedelta(days=k) for k in range((end - start).days + 1)]
        months = sorted({(day.year, day.month) for day in self.days})
        on = intervention or date(*months[len(months) // 2], 1)
        self.after = np.array([day >= on for day in self.days])
        before, after = spec.reason_weights(after=False), spec.reason_weights(after=True)
        # The stops the intervention ends are not made up elsewhere: a day after it has fewer.
        fewer = spec.vehicular_share * after.sum() / before.sum() + 1 - spec.vehicular_share
        self.share = _shares(
            spec.month_weights[day.month - 1]
            * spec.weekday_weights[day.weekday()]
            * (fewer if later else 1)
            for day, later in zip(self.days, self.after, strict=True)
        )
        self.reason_cdfs = (_cumulative(before), _cumulative(after))
        zone = ZoneInfo(spec.time_zone)
        observer = Observer(latitude=spec.centre.lat, longitude=spec.centre.lng)
        self.dawn = np.empty(len(self.days))
        self.dusk = np.empty(len(self.days))
        for k, day in enumerate(self.days):
            morning = dawn(observer, day, tzinfo=zone)
            evening = dusk(observer, day, tzinfo=zone)
            self.dawn[k] = morning.hour * 60 + morning.minute
            self.dusk[k] = evening.hour * 60 + evening.minute
        index = spec.untimed_month.index
        untimed = months[index] if index < len(months) else None
        self.untimed = np.array([(day.year, day.month) == untimed for day in self.days])


def stop_rows(
    n: int, *, seed: int, start: date, end: date, effect: float, intervention: date | None = None
) -> Iterator[dict[str, str]]:
    """`n` synthetic stops between `start` and `end` (both included), as text by column."""
    spec = stop_sample_spec()
    rng = np.random.default_rng(seed)
    period = _Period(spec, start, end, intervention)
    officers = [
        hashlib.sha256(f"officer-{seed}-{k}".encode()).hexdigest()[:10]
        for k in range(spec.officers)
    ]
    written = numbered = 0
    previous: dict[str, str] | None = None
    while written < n:
        for row in _chunk(spec, rng, period, officers, min(CHUNK, n - written), effect):
            if previous is not None and rng.random() < spec.traps.duplicate_row:
                row = dict(previous)
            else:
                numbered += 1
                row["raw_row_number"] = str(numbered)
            yield row
            previous = row
            written += 1


def _chunk(
    spec: StopSampleSpec,
    rng: np.random.Generator,
    period: _Period,
    officers: list[str],
    m: int,
    effect: float,
) -> Iterator[dict[str, str]]:
    traps = spec.traps
    day = rng.choice(len(period.days), m, p=period.share)
    hour = rng.choice(24, m, p=_shares(spec.hour_weights))
    minute = hour * 60 + rng.integers(0, 60, m)
    second = rng.integers(0, 60, m)
    district = rng.choice(len(spec.districts), m, p=_shares(d.weight for d in spec.districts))
    dark = (minute >= period.dusk[day]) | (minute < period.dawn[day])
    wave = spec.time_of_day_amplitude * np.sin(2 * math.pi * (minute / 60 - 6) / 24)
    log_odds = np.array([d.black_log_odds for d in spec.districts])[district] + wave
    log_odds = log_odds + effect * dark
    black_or_white = rng.random(m) < spec.black_or_white_share
    black = rng.random(m) < 1 / (1 + np.exp(-log_odds))
    other_names = list(spec.other_races)
    other = rng.choice(len(other_names), m, p=_shares(spec.other_races.values()))
    pick = rng.random(m)
    before, after = (cdf.searchsorted(pick, side="right") for cdf in period.reason_cdfs)
    reason = np.where(period.after[day], after, before)
    basis_names = list(spec.search_bases)
    basis = rng.choice(len(basis_names), m, p=_shares(spec.search_bases.values()))
    outcome_names = list(spec.outcomes)
    outcome = rng.choice(len(outcome_names), m, p=_shares(spec.outcomes.values()))
    lat = spec.centre.lat + rng.normal(0, spec.spread, m)
    lng = spec.centre.lng + rng.normal(0, spec.spread, m)
    age = np.clip(rng.normal(spec.age["mean"], spec.age["sd"], m), 16, 85).astype(int)
    draws = rng.random((m, 16))
    for k in range(m):
        u = draws[k]
        race = ("black" if black[k] else "white") if black_or_white[k] else other_names[other[k]]
        group = race if race in ("black", "white") else "other"
        spot = spec.districts[district[k]]
        vehicular = u[0] < spec.vehicular_share
        unknown_search = u[1] < traps.search_unknown
        searched = not unknown_search and u[2] < spec.search_rate[group]
        hit = searched and u[3] < spec.hit_rate[group]
        result = "arrest" if hit and u[4] < spec.arrest_after_hit else outcome_names[outcome[k]]
        clock = int(minute[k])
        stop_reason = spec.reasons[reason[k]].text if vehicular else spec.pedestrian_reason
        row = {
            "raw_row_number": "",
            "date": period.days[day[k]].isoformat(),
            "time": f"{clock // 60:02d}:{clock % 60:02d}:{int(second[k]):02d}",
            "location": f"{100 + int(u[5] * 9900)} {spec.streets[int(u[6] * len(spec.streets))]}",
            "lat": f"{lat[k] + spot.lat:.6f}",
            "lng": f"{lng[k] + spot.lng:.6f}",
            "district": spot.name,
            "subject_age": str(age[k]),
            "subject_race": race,
            "subject_sex": "male" if u[7] < spec.male_share else "female",
            "officer_id_hash": officers[int(u[8] * len(officers))],
            "type": "vehicular" if vehicular else "pedestrian",
            "violation": stop_reason,
            "arrest_made": _text(result == "arrest"),
            "citation_issued": _text(result == "citation"),
            "warning_issued": _text(result == "warning"),
            "outcome": result,
            "contraband_found": _text(hit) if searched else NA,
            "contraband_drugs": _text(hit and u[9] < spec.drugs_share),
            "contraband_weapons": _text(hit and u[10] < spec.weapons_share),
            "frisk_performed": _text(u[11] < spec.frisk_rate),
            "search_conducted": NA if unknown_search else _text(searched),
            "search_person": _text(searched and u[12] < 0.5),
            "search_vehicle": _text(searched and vehicular and u[12] >= 0.5),
            "search_basis": basis_names[basis[k]] if searched else NA,
            "reason_for_search": (
                spec.search_reasons[int(u[13] * len(spec.search_reasons))] if searched else NA
            ),
            "reason_for_stop": stop_reason,
            "vehicle_make": spec.makes[int(u[14] * len(spec.makes))] if vehicular else NA,
            "vehicle_registration_state": (
                NA
                if not vehicular
                else spec.home_state
                if u[15] < spec.home_state_share
                else spec.other_states[int(u[15] * 97) % len(spec.other_states)]
            ),
        }
        _set_traps(row, rng, spec, untimed=bool(period.untimed[day[k]]))
        yield row


def _set_traps(
    row: dict[str, str],
    rng: np.random.Generator,
    spec: StopSampleSpec,
    *,
    untimed: bool,
) -> None:
    """Break the row the way real exports are broken, at the rates of the sample file."""
    traps = spec.traps
    u = rng.random(10)
    missing_time = spec.untimed_month.share_missing if untimed else traps.missing_time
    if u[0] < missing_time:
        row["time"] = NA
    if u[1] < traps.missing_location:
        row["lat"] = row["lng"] = NA
    elif u[2] < traps.far_geocode:
        row["lat"] = f"{float(row['lat']) + 4.5:.6f}"
    if u[3] < traps.missing_race:
        row["subject_race"] = NA
    if u[4] < traps.missing_age:
        row["subject_age"] = NA
    elif u[5] < traps.impossible_age:
        row["subject_age"] = IMPOSSIBLE_AGES[int(u[5] / traps.impossible_age * 4) % 4]
    if row["search_conducted"] == "FALSE":
        if u[6] < traps.contraband_without_search:
            row["contraband_found"] = "TRUE"
        if u[7] < traps.search_person_without_search:
            row["search_person"] = "TRUE"
        if u[8] < traps.basis_without_search:
            row["search_basis"] = "consent"


def write_csv(
    path: str | Path,
    n: int,
    *,
    seed: int,
    start: date,
    end: date,
    effect: float,
    intervention: date | None = None,
) -> int:
    """Write `n` synthetic stops to a CSV file with a header; returns the rows written."""
    columns = stop_columns()
    count = 0
    rows = stop_rows(n, seed=seed, start=start, end=end, effect=effect, intervention=intervention)
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row[column] for column in columns])
            count += 1
    return count
