"""The veil-of-darkness test on traffic stops, as the Stanford Open Policing Project runs it
(domain-metrics B3; Grogger & Ridgeway 2006; Pierson et al. 2020).

Idea: after dark, an officer can see a driver's race less well before deciding to stop the car.
If Black drivers make up a smaller share of stops after dark than in daylight *at the same
clock time*, race is likely to have influenced the daylight stops. Comparing the same clock
time across the year (light in June, dark in December) removes who happens to be driving at
that hour.

Pure Python with astral (sunset and dusk) and statsmodels (the logistic model); no Django.
`veil_of_darkness_test(rows, time_zone="America/Chicago")` takes stops in the canonical stop
schema (`date`, `time`, `subject_race`, `lat`, `lng`; raw text or typed values, read with
`formats`) and follows B3 step by step:

1. drop stops without a date; drop months where fewer than half the stops have a time; drop
   stops without a time; keep Black and White drivers; drop pedestrian stops (`type`, as
   OPP's published analysis keeps vehicular stops only); drop stops without a geography;
2. the centre of each geography (median latitude and longitude of its stops, unless given);
   sunset and dusk (end of civil twilight, sun 6 degrees below the horizon) at that centre on
   each stop date, in the jurisdiction's local time;
3. clock minutes since midnight of the stop, of sunset and of dusk;
4. keep the inter-twilight period: the clock times between the earliest and the latest dusk of
   the geography, which are light on some days of the year and dark on others;
5. drop stops between sunset and dusk (neither light nor dark);
6. dark means at or after dusk; clock time rounded to 5 minutes;
7. (OPP's optional trimming to big locations is not applied: a team sends its own area);
8. counts of Black and White stops by darkness, rounded minute and geography;
9. a binomial model: Black versus White stops on darkness plus a natural cubic spline of the
   clock time with 6 degrees of freedom (R's `ns(rounded_minute, df = 6)`, same knots: the
   same model, so the same coefficient), interacted with geography when there are several;
10. the coefficient on darkness with its 95 % confidence interval and a plain-language reading.

It refuses with `VeilOfDarknessError` (a message a coordinator can act on) when the stops lack
times or locations, when a race is missing, or when too few stops are left to say anything.
"""

from __future__ import annotations

import math
import re
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, time
from statistics import median
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
from astral import Observer
from astral.sun import dusk, sunset
from statsmodels.genmod import families
from statsmodels.genmod.generalized_linear_model import GLM

from lcpa.outcomes.analytics.formats import is_missing, normalise_race, parse_date, parse_time

MINORITY = "black"
MAJORITY = "white"
SPLINE_DF = 6
MIN_TIME_COVERAGE = 0.5
ROUND_TO_MINUTES = 5
ALL = "all"
# The common 24-hour clock ("17:42", "17:42:05"), read without strptime: stop times with
# seconds take tens of thousands of values, too many to remember. Others go to `formats`.
_CLOCK = re.compile(r"([0-9]{1,2}):([0-9]{2})(?::[0-9]{2}(?:\.[0-9]+)?)?")

# Why a stop was left out, in the order the steps apply.
NO_DATE = "no date"
LOW_TIME_COVERAGE = "month where fewer than half the stops have a time"
NO_TIME = "no time"
OTHER_RACE = "driver neither Black nor White"
PEDESTRIAN = "pedestrian stop"
NO_GEOGRAPHY = "no geography"
NO_LOCATION = "no latitude and longitude for the area"
NO_DUSK = "no sunset or dusk that day"
OUTSIDE_WINDOW = "outside the inter-twilight period"
TWILIGHT = "between sunset and dusk"

LOWER_AFTER_DARK = "lower_after_dark"
HIGHER_AFTER_DARK = "higher_after_dark"
NO_CLEAR_DIFFERENCE = "no_clear_difference"


class VeilOfDarknessError(ValueError):
    """The test cannot be run on these stops; the message says why and what would help."""


@dataclass(frozen=True, slots=True)
class VeilOfDarknessResult:
    """The coefficient on darkness (log odds of a stop being of a Black rather than a White
    driver, dark versus light, at the same clock time), its 95 % confidence interval and what
    it means. `n` counts the stops in the model; `dropped` says how many were left out and why.
    """

    coefficient: float
    std_error: float
    ci_low: float
    ci_high: float
    p_value: float
    n: int
    n_black: int
    n_white: int
    n_dark: int
    n_light: int
    geographies: tuple[str, ...]
    interacted: bool
    finding: str
    reading: str
    dropped: dict[str, int] = field(default_factory=dict)

    @property
    def odds_ratio(self) -> float:
        return math.exp(self.coefficient)


@dataclass(frozen=True, slots=True)
class Cell:
    """One aggregated row of the model: a geography, a 5-minute clock time, light or dark."""

    geography: str
    rounded_minute: int
    is_dark: bool


@dataclass(frozen=True, slots=True)
class InterTwilightCounts:
    """Steps 1-8: {cell: [stops of Black drivers, stops of White drivers]}, and the stops left
    out by reason."""

    cells: dict[Cell, list[int]]
    dropped: dict[str, int]


def veil_of_darkness_test(
    rows: Iterable[Mapping[str, object]],
    *,
    time_zone: str,
    geography: str | None = None,
    centres: Mapping[str, tuple[float, float]] | None = None,
    interact: bool = True,
    min_stops: int = 100,
) -> VeilOfDarknessResult:
    """Run the test on stops in the canonical stop schema.

    `time_zone` is the jurisdiction's IANA zone (stop times are local clock times).
    `geography` names the column that places a stop in an area (OPP: the city, or the county
    for a state patrol); without it all stops are one area. `centres` gives {area: (lat, lng)}
    where the stops' own coordinates should not be used. `min_stops` is the fewest stops of
    Black drivers, of White drivers, after dark and in daylight the model needs.
    """
    counts = inter_twilight_counts(rows, time_zone=time_zone, geography=geography, centres=centres)
    return _fit(counts, interact=interact, min_stops=min_stops)


def inter_twilight_counts(
    rows: Iterable[Mapping[str, object]],
    *,
    time_zone: str,
    geography: str | None = None,
    centres: Mapping[str, tuple[float, float]] | None = None,
) -> InterTwilightCounts:
    """Steps 1-8 of the test: the stops the model sees, counted, and those it does not."""
    try:
        zone = ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise VeilOfDarknessError(f"{time_zone!r} is not a known time zone.") from error
    counts, coordinates, dropped = _read_stops(rows, geography, need_coordinates=not centres)
    centre_of = _centres(coordinates, centres or {}, counts, dropped)
    cells = _inter_twilight_cells(counts, centre_of, zone, dropped)
    return InterTwilightCounts(cells, dict(sorted(dropped.items())))


def _read_stops(
    rows: Iterable[Mapping[str, object]], geography: str | None, *, need_coordinates: bool
) -> tuple[Counter, dict[str, tuple[array, array]], Counter]:
    """Step 1: {(geography, date, minute, is_black): stops}, coordinates per geography, drops."""
    dates: dict[object, date | None] = {}
    times: dict[object, int | None] = {}
    races: dict[object, str | None] = {}
    by_month: Counter = Counter()
    timed_by_month: Counter = Counter()
    kept: Counter = Counter()
    coordinates: dict[str, tuple[array, array]] = {}
    dropped: Counter = Counter()
    dropped_by_month: Counter = Counter()
    for row in rows:
        stop_date = _cached(dates, row.get("date"), _read_date)
        if stop_date is None:
            dropped[NO_DATE] += 1
            continue
        month = (stop_date.year, stop_date.month)
        by_month[month] += 1
        minute = _cached(times, row.get("time"), _read_minute)
        if minute is None:
            dropped_by_month[(month, NO_TIME)] += 1
            continue
        timed_by_month[month] += 1
        race = _cached(races, row.get("subject_race"), normalise_race)
        if race not in (MINORITY, MAJORITY):
            dropped_by_month[(month, OTHER_RACE)] += 1
            continue
        if row.get("type") == "pedestrian":
            dropped_by_month[(month, PEDESTRIAN)] += 1
            continue
        area = ALL if geography is None else row.get(geography)
        if geography is not None:
            if is_missing(area):
                dropped_by_month[(month, NO_GEOGRAPHY)] += 1
                continue
            area = str(area).strip()
        kept[(area, stop_date, minute, race == MINORITY)] += 1
        if need_coordinates:
            lat, lng = _coordinate(row.get("lat"), 90.0), _coordinate(row.get("lng"), 180.0)
            if lat is not None and lng is not None:
                lats, lngs = coordinates.setdefault(area, (array("d"), array("d")))
                lats.append(lat)
                lngs.append(lng)
    if not by_month:
        raise VeilOfDarknessError("There are no stops with a date: the test needs stop dates.")
    if not timed_by_month:
        raise VeilOfDarknessError(
            "None of the stops has a clock time: the test compares stops made at the same time "
            "of day, so it needs the time of each stop."
        )
    low = {m for m, n in by_month.items() if timed_by_month[m] < MIN_TIME_COVERAGE * n}
    for (month, reason), n in dropped_by_month.items():
        dropped[LOW_TIME_COVERAGE if month in low else reason] += n
    for key in [key for key in kept if (key[1].year, key[1].month) in low]:
        dropped[LOW_TIME_COVERAGE] += kept.pop(key)
    return kept, coordinates, dropped


def _cached(cache: dict, raw: object, read):
    try:
        return cache[raw]
    except KeyError:
        value = cache[raw] = read(raw)
        return value
    except TypeError:  # an unhashable cell: read it every time
        return read(raw)


def _read_date(raw: object) -> date | None:
    if isinstance(raw, date):
        return raw
    try:
        return parse_date(raw)
    except ValueError:
        return None


def _read_minute(raw: object) -> int | None:
    if isinstance(raw, str) and (match := _CLOCK.fullmatch(raw.strip())):
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour < 24 and minute < 60:
            return hour * 60 + minute
    try:
        clock = raw if isinstance(raw, time) else parse_time(raw)
    except ValueError:
        return None
    return None if clock is None else clock.hour * 60 + clock.minute


def _coordinate(raw: object, limit: float) -> float | None:
    """Degrees, or None for a missing ("NA", blank), unreadable or impossible value."""
    try:
        value = float(raw)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) and -limit <= value <= limit else None


def _centres(
    coordinates: dict[str, tuple[array, array]],
    given: Mapping[str, tuple[float, float]],
    counts: Counter,
    dropped: Counter,
) -> dict[str, tuple[float, float]]:
    """Step 2: each geography's centre, given or the median of its stops' coordinates."""
    areas = {key[0] for key in counts}
    centre_of = {area: tuple(given[area]) for area in areas if area in given}
    for area, (lats, lngs) in coordinates.items():
        if area not in centre_of:
            centre_of[area] = (median(lats), median(lngs))
    if areas and not centre_of:
        raise VeilOfDarknessError(
            "None of the stops has a latitude and longitude, and no centre was given for the "
            "area: the test needs to know where the stops were to work out sunset and dusk."
        )
    for key in [key for key in counts if key[0] not in centre_of]:
        dropped[NO_LOCATION] += counts.pop(key)
    return centre_of


def _inter_twilight_cells(
    counts: Counter,
    centre_of: dict[str, tuple[float, float]],
    zone: ZoneInfo,
    dropped: Counter,
) -> dict[Cell, list[int]]:
    """Steps 2-8: {cell: [Black stops, White stops]} in the inter-twilight period."""
    light: dict[tuple[str, date], tuple[int, int] | None] = {}
    for area, stop_date, _minute, _black in counts:
        if (area, stop_date) not in light:
            light[(area, stop_date)] = _sunset_and_dusk(centre_of[area], stop_date, zone)
    window: dict[str, tuple[int, int]] = {}
    for (area, _day), minutes in light.items():
        if minutes is not None:
            low, high = window.get(area, (minutes[1], minutes[1]))
            window[area] = (min(low, minutes[1]), max(high, minutes[1]))
    cells: dict[Cell, list[int]] = {}
    for (area, stop_date, minute, black), n in counts.items():
        minutes = light[(area, stop_date)]
        if minutes is None:
            dropped[NO_DUSK] += n
            continue
        sunset_minute, dusk_minute = minutes
        earliest, latest = window[area]
        if not earliest <= minute <= latest:
            dropped[OUTSIDE_WINDOW] += n
            continue
        if sunset_minute <= minute <= dusk_minute:
            dropped[TWILIGHT] += n
            continue
        rounded = ROUND_TO_MINUTES * round(minute / ROUND_TO_MINUTES)
        cell = cells.setdefault(Cell(area, rounded, minute >= dusk_minute), [0, 0])
        cell[0 if black else 1] += n
    return cells


def _sunset_and_dusk(
    centre: tuple[float, float], day: date, zone: ZoneInfo
) -> tuple[int, int] | None:
    """Local clock minutes of sunset and of dusk (civil, 6 degrees); None when the sun does not
    set, or dusk falls after midnight, that day (far north in summer)."""
    observer = Observer(latitude=centre[0], longitude=centre[1])
    try:
        sun_down = sunset(observer, day, tzinfo=zone)
        dark = dusk(observer, day, depression=6, tzinfo=zone)
    except ValueError:
        return None
    if sun_down.date() != day or dark.date() != day:
        return None
    return sun_down.hour * 60 + sun_down.minute, dark.hour * 60 + dark.minute


def _fit(counts: InterTwilightCounts, *, interact: bool, min_stops: int) -> VeilOfDarknessResult:
    """Steps 9-10: the binomial model and the reading of its darkness coefficient."""
    cells = counts.cells
    keys = sorted(cells, key=lambda c: (c.geography, c.rounded_minute, c.is_dark))
    black = np.array([cells[key][0] for key in keys], dtype=float)
    white = np.array([cells[key][1] for key in keys], dtype=float)
    dark = np.array([key.is_dark for key in keys], dtype=bool)
    n_black, n_white = int(black.sum()), int(white.sum())
    n_dark = int((black + white)[dark].sum())
    n_light = n_black + n_white - n_dark
    short = [
        f"{count} {what}"
        for what, count in (
            ("stops of Black drivers", n_black),
            ("stops of White drivers", n_white),
            ("stops after dark", n_dark),
            ("stops in daylight", n_light),
        )
        if count < min_stops
    ]
    if short:
        raise VeilOfDarknessError(
            f"Too few stops in the hours around dusk to run the test: {', '.join(short)}, where "
            f"it needs at least {min_stops} of each. Add more months of data (a full year "
            "gives light and dark evenings at the same clock times)."
        )
    minutes = np.array([key.rounded_minute for key in keys], dtype=float)
    spline = natural_spline_basis(minutes, df=SPLINE_DF)
    geographies = tuple(sorted({key.geography for key in keys}))
    columns = [np.ones(len(keys)), dark.astype(float), *spline.T]
    area = np.array([key.geography for key in keys])
    for other in geographies[1:]:
        dummy = (area == other).astype(float)
        columns.append(dummy)
        if interact:
            columns.extend(dummy * basis for basis in spline.T)
    exog = np.column_stack(columns)
    try:
        fitted = GLM(np.column_stack([black, white]), exog, family=families.Binomial()).fit()
    except (ValueError, np.linalg.LinAlgError) as error:
        message = f"The model could not be fitted to these stops: {error}"
        raise VeilOfDarknessError(message) from None
    coefficient, std_error = float(fitted.params[1]), float(fitted.bse[1])
    ci_low, ci_high = (float(v) for v in fitted.conf_int(alpha=0.05)[1])
    if not all(math.isfinite(v) for v in (coefficient, std_error, ci_low, ci_high)):
        raise VeilOfDarknessError(
            "The model could not be fitted to these stops: at some clock times every stop is "
            "of drivers of one race. Add more months of data."
        )
    finding = (
        LOWER_AFTER_DARK
        if ci_high < 0
        else HIGHER_AFTER_DARK
        if ci_low > 0
        else NO_CLEAR_DIFFERENCE
    )
    n = n_black + n_white
    return VeilOfDarknessResult(
        coefficient=coefficient,
        std_error=std_error,
        ci_low=ci_low,
        ci_high=ci_high,
        p_value=float(fitted.pvalues[1]),
        n=n,
        n_black=n_black,
        n_white=n_white,
        n_dark=n_dark,
        n_light=n_light,
        geographies=geographies,
        interacted=interact and len(geographies) > 1,
        finding=finding,
        reading=reading(finding, coefficient, ci_low, ci_high, n),
        dropped=counts.dropped,
    )


def natural_spline_basis(x: np.ndarray, *, df: int) -> np.ndarray:
    """A natural cubic spline basis of `x` with `df` columns and no constant column.

    The knots are R's `ns(x, df)`: the range of x as boundary knots and `df - 1` interior knots
    at equally spaced quantiles of x. The columns are the truncated-power basis of The Elements
    of Statistical Learning (eq. 5.4-5.5) on x scaled to [0, 1]: they span the same functions as
    R's B-spline form, so a model fitted with either has the same other coefficients.
    """
    knots = np.quantile(x, np.linspace(0, 1, df + 1))
    if np.any(np.diff(knots) <= 0):
        raise VeilOfDarknessError(
            "The stops around dusk fall at too few different clock times to model the time of "
            "day. Check that the times are recorded to the minute."
        )
    lower, upper = knots[0], knots[-1]
    scaled = (x - lower) / (upper - lower)
    xi = (knots - lower) / (upper - lower)

    def d(k: int) -> np.ndarray:
        return (np.clip(scaled - xi[k], 0, None) ** 3 - np.clip(scaled - xi[-1], 0, None) ** 3) / (
            xi[-1] - xi[k]
        )

    last = d(len(xi) - 2)
    return np.column_stack([scaled, *(d(k) - last for k in range(len(xi) - 2))])


def reading(finding: str, coefficient: float, ci_low: float, ci_high: float, n: int) -> str:
    """The result in plain words, with the odds as percentages."""
    change = _percent(coefficient)
    interval = f"95 % confidence interval: {_percent(ci_low)} to {_percent(ci_high)}"
    base = (
        f"Of {n:,} stops of Black and White drivers in the hours around dusk, compared at the "
        "same clock times:"
    )
    if finding == LOWER_AFTER_DARK:
        return (
            f"{base} stops of Black drivers were less likely after dark, when race is harder to "
            f"see (the odds were {change}; {interval}). This is consistent with race "
            "influencing which drivers were stopped in daylight."
        )
    if finding == HIGHER_AFTER_DARK:
        return (
            f"{base} stops of Black drivers were more likely after dark, when race is harder to "
            f"see (the odds were {change}; {interval}). This test gives no sign that race "
            "made daylight stops of Black drivers more likely; something else that changes "
            "after dark, such as who is driving or where officers patrol, may explain it."
        )
    return (
        f"{base} stops of Black drivers were about as likely after dark as in daylight (the "
        f"odds were {change}; {interval}, which includes no difference). This test finds no "
        "clear sign that race influenced which drivers were stopped in daylight, but it "
        "cannot rule it out."
    )


def _percent(log_odds: float) -> str:
    change = math.exp(log_odds) - 1
    if abs(change) < 0.005:
        return "unchanged"
    return f"{abs(change):.0%} {'lower' if change < 0 else 'higher'}"
