"""Run charts and Shewhart control charts, as qicharts2 (v0.8.x) computes them.

Pure Python, no Django. The entry point `qic()` is named and shaped like qicharts2's `qic()`.
The specification is /work/shared/domain-metrics.md, sections E1 to E3; the reference
implementation is github.com/anhoej/qicharts2, `R/helper.functions.R` (`runs.analysis`,
`qic.run`, `qic.i`, `qic.mr`, `qic.c`, `qic.u`, `qic.up`, `qic.p`, `qic.pp`) and
`R/qic.summary.R`.

Where this module differs from qicharts2, on purpose:

- `part` takes the 1-based positions where a new part starts (qicharts2 takes the last position
  of each part): `part=[13]` here is `part = 12` in qicharts2.
- A missing value (`None`) is missing in every chart. qicharts2 sums a missing numerator as 0
  in C, U and P charts (`sum(y, na.rm = TRUE)`); here the point is left out of the sums.
- A denominator that is missing or 0 makes the point missing (qicharts2 plots Inf or NaN).
- The 95 % lines are the centre line plus or minus 2 sigma, clamped like the 3-sigma limits.
- The `"ihi"` method never flags an astronomical data point: that rule is a visual judgement
  (Perla, Provost & Murray 2011), so it is left to a person's annotation.
- The `"ihi"` "too few / too many runs" limits are computed, not read from a table. Perla,
  Provost & Murray 2011 (BMJ Qual Saf 20:46-51) give them as Table 1, derived from Swed &
  Eisenhart 1943. A search of the stored public pages in December 2026 (the BMJ abstract,
  PubMed, the docshare text mirror named in domain-metrics.md, IHI QI 104 notes, Quality Digest,
  informing-ecological-design's "n/3 approximation" post) found the table only as an image,
  never as text, so it could not be transcribed and checked row by row. `ihi_runs_limits`
  therefore computes the same quantity Table 1 tabulates: the exact Swed-Eisenhart
  distribution of the number of runs with the useful points split n // 2 and n - n // 2, and
  2.5 % in each tail. It reproduces the three table rows domain-metrics.md E1 quotes (10
  points: 3-9 runs, 24: 8-18, 30: 11-21). Published copies of such tables differ by one run
  here and there (Balestracci, Quality Digest 2008, gives 5-12 for 16 points; the exact
  computation gives 5-13), so a chart at the very edge of a limit may read differently from a
  printed table. If Table 1 is ever transcribed, store it beside this file and use it for the
  rows it covers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from itertools import accumulate, groupby, pairwise

Number = float | int

CHARTS = ("run", "i", "mr", "c", "u", "p", "pp", "up")
METHODS = ("anhoej", "ihi")
COUNT_CHARTS = ("c", "u", "up", "p", "pp")
D2 = 1.128  # d2 for moving ranges of two points (Montgomery, Table VI); qicharts2 uses 1.128
D4 = 3.267  # D4 for moving ranges of two points; qicharts2 screens and limits MR with 3.267
IHI_SHIFT = 6  # Perla, Provost & Murray 2011, rule 1: 6 or more points on one side
IHI_TREND = 5  # Perla, Provost & Murray 2011, rule 2: 5 or more points going one way


@dataclass(frozen=True, slots=True)
class Point:
    """One plotted point. `x` is its 1-based position; limits are None where none apply."""

    x: int
    y: float | None
    cl: float | None
    lcl: float | None
    ucl: float | None
    lcl_95: float | None
    ucl_95: float | None
    part: int
    excluded: bool
    sigma_signal: bool


@dataclass(frozen=True, slots=True)
class Summary:
    """One part of the chart: qicharts2's `summary()` row (`aLCL`, `CL`, `aUCL` are averages).

    `signals` names the rules that fired. `longest_trend` and `n_crossings_max` are only set
    by the IHI method (the Anhøj rules have no trend rule and no upper limit on crossings).
    """

    part: int
    n_obs: int
    n_useful: int
    longest_run: int | None
    longest_run_max: int | None
    n_crossings: int | None
    n_crossings_min: int | None
    runs_signal: bool
    sigma_signal: int
    cl: float | None
    lcl: float | None
    ucl: float | None
    lcl_95: float | None
    ucl_95: float | None
    longest_trend: int | None = None
    n_crossings_max: int | None = None
    signals: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class QicResult:
    chart: str
    method: str
    points: list[Point]
    summary: list[Summary]

    @property
    def runs_signal(self) -> bool:
        return any(row.runs_signal for row in self.summary)


@dataclass(frozen=True, slots=True)
class _Limits:
    """A part's centre line and, per point, the plotted value and its sigma (None: no limits)."""

    cl: float | None
    values: list[float | None]
    sigmas: list[float | None]
    low: float | None = None  # clamps (P: [0, 1]; C, U: lower limit at 0)
    high: float | None = None
    fixed_lcl: float | None = None  # MR chart: the lower limit is 0, not CL - 3 sigma


# Small statistics helpers ------------------------------------------------------------------


def _mean(values: Sequence[float]) -> float | None:
    """Arithmetic mean, shifted by the first value so that a constant series gives it back."""
    if not values:
        return None
    first = values[0]
    return first + math.fsum(v - first for v in values) / len(values)


def _median(values: Sequence[float]) -> float | None:
    """R's `median()`: the middle value, or the mean of the two middle values."""
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2


@lru_cache(maxsize=1024)
def qbinom(p: float, size: int, prob: Fraction = Fraction(1, 2)) -> int:
    """R's `qbinom(p, size, prob)`: the smallest x with P(X <= x) >= p, X ~ Binomial(size, prob).

    Summed exactly in integers (math.comb, prob = a / d), so no rounding can move the answer.
    """
    a, d = prob.numerator, prob.denominator
    target = Fraction(p) * d**size
    cumulative = 0
    for x in range(size + 1):
        cumulative += math.comb(size, x) * a**x * (d - a) ** (size - x)
        if cumulative >= target:
            return x
    raise ValueError(f"p is a probability, at most 1, not {p}")


def _moving_ranges(values: Sequence[float | None]) -> list[float | None]:
    """|x_i - x_(i-1)|; None next to a missing value (R's `abs(diff(x))`)."""
    return [None if a is None or b is None else abs(b - a) for a, b in pairwise(values)]


def _present(values: Sequence[float | None]) -> list[float]:
    return [v for v in values if v is not None]


# Centre lines and sigmas by chart (qicharts2 R/helper.functions.R) -------------------------


def _run(y: list[float | None], n: list[Number | None], base: list[bool]) -> _Limits:
    """Run chart: centre line = median of the baseline (`qic.run`)."""
    return _Limits(_median(_present(_pick(y, base))), y, [None] * len(y))


def _i(y: list[float | None], n: list[Number | None], base: list[bool]) -> _Limits:
    """I chart (`qic.i`): CL = mean; sigma = screened MR-bar / 1.128 (Montgomery 6.33).

    Moving ranges of the baseline at or above 3.267 * MR-bar are dropped and MR-bar is
    recomputed (Nelson 1982), as qicharts2 does by default.
    """
    baseline = _pick(y, base)
    cl = _mean(_present(baseline))
    ranges = _present(_moving_ranges(baseline))
    amr = _mean(ranges)
    screened = _mean([r for r in ranges if amr is not None and r < D4 * amr])
    sigma = None if screened is None else screened / D2
    return _Limits(cl, y, [sigma] * len(y))


def _mr(y: list[float | None], n: list[Number | None], base: list[bool]) -> _Limits:
    """MR chart (`qic.mr`): plotted values are the moving ranges; CL = MR-bar, UCL = 3.267 CL."""
    values: list[float | None] = [None, *_moving_ranges(y)]
    cl = _mean(_present(_pick(values, base)))
    sigma = None if cl is None else (D4 - 1) * cl / 3
    return _Limits(cl, values, [sigma] * len(y), fixed_lcl=0.0)


def _c(y: list[float | None], n: list[Number | None], base: list[bool]) -> _Limits:
    """C chart (`qic.c`): CL = mean count, sigma = sqrt(CL) (Montgomery 7.17), LCL >= 0."""
    cl = _mean(_present(_pick(y, base)))
    sigma = None if cl is None else math.sqrt(cl)
    return _Limits(cl, y, [sigma] * len(y), low=0.0)


def _rates(y: list[float | None], n: list[Number | None]) -> list[float | None]:
    return [None if a is None or not b else a / b for a, b in zip(y, n, strict=True)]


def _weighted_cl(y: list[float | None], n: list[Number | None], base: list[bool]) -> float | None:
    """Sum of numerators over sum of denominators in the baseline (p-bar, u-bar)."""
    pairs = [(a, b) for a, b, keep in zip(y, n, base, strict=True) if keep and a is not None and b]
    if not pairs:
        return None
    return math.fsum(a for a, _ in pairs) / math.fsum(b for _, b in pairs)


def _binomial_or_poisson(proportion: bool, laney: bool) -> Callable[..., _Limits]:
    """P, P′, U and U′ charts (`qic.p`, `qic.pp`, `qic.u`, `qic.up`).

    sigma_i = sqrt(CL (1 - CL) / n_i) for P (Montgomery 7.7), sqrt(CL / n_i) for U (7.19).
    Laney (2002): z_i = (y_i - CL) / sigma_i over the baseline, sigma_z = mean |diff z| / 1.128,
    and sigma_i is multiplied by sigma_z (no screening of the moving ranges of z).
    """

    def chart(y: list[float | None], n: list[Number | None], base: list[bool]) -> _Limits:
        values = _rates(y, n)
        cl = _weighted_cl(y, n, base)
        spread = None if cl is None else (cl * (1 - cl) if proportion else cl)
        sigmas = [
            None if spread is None or v is None else math.sqrt(spread / b)
            for v, b in zip(values, n, strict=True)
        ]
        if laney and cl is not None:
            z = [
                None if v is None or not s else (v - cl) / s
                for v, s in _pick(list(zip(values, sigmas, strict=True)), base)
            ]
            sigma_z = _mean(_present(_moving_ranges(z)))
            sigma_z = None if sigma_z is None else sigma_z / D2
            sigmas = [None if s is None or sigma_z is None else s * sigma_z for s in sigmas]
        return _Limits(cl, values, sigmas, low=0.0, high=1.0 if proportion else None)

    return chart


CHART_FUNCTIONS: dict[str, Callable[..., _Limits]] = {
    "run": _run,
    "i": _i,
    "mr": _mr,
    "c": _c,
    "u": _binomial_or_poisson(proportion=False, laney=False),
    "up": _binomial_or_poisson(proportion=False, laney=True),
    "p": _binomial_or_poisson(proportion=True, laney=False),
    "pp": _binomial_or_poisson(proportion=True, laney=True),
}


def _pick(values: list, keep: list[bool]) -> list:
    return [v for v, k in zip(values, keep, strict=True) if k]


def _clamp(value: float, low: float | None, high: float | None) -> float:
    if low is not None and value < low:
        return low
    if high is not None and value > high:
        return high
    return value


def _band(limits: _Limits, sigma: float | None, k: int) -> tuple[float | None, float | None]:
    """CL - k sigma and CL + k sigma, clamped per chart."""
    if limits.cl is None or sigma is None:
        return None, None
    lower = limits.fixed_lcl if limits.fixed_lcl is not None else limits.cl - k * sigma
    return (
        _clamp(lower, limits.low, limits.high),
        _clamp(limits.cl + k * sigma, limits.low, limits.high),
    )


# Runs analysis --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RunsAnalysis:
    """The runs analysis of one part: the fields of `Summary` that the rules fill in."""

    n_useful: int
    longest_run: int | None
    longest_run_max: int | None
    n_crossings: int | None
    n_crossings_min: int | None
    signals: tuple[str, ...]
    longest_trend: int | None = None
    n_crossings_max: int | None = None


def _signs(values: Sequence[float], cl: float) -> list[int]:
    """Sides of the centre line; points on it are dropped (they are not useful observations)."""
    return [1 if v > cl else -1 for v in values if v != cl]


def anhoej_runs(values: Sequence[float], cl: float) -> RunsAnalysis:
    """Anhøj rules as qicharts2's `runs.analysis` applies them (domain-metrics.md E2).

    Longest run limit round(log2(n)) + 3 (Schilling 2012); fewest crossings
    qbinom(0.05, n - 1, 0.5) (Chen 2010). Both comparisons are strict.
    """
    signs = _signs(values, cl)
    if not signs:
        return RunsAnalysis(0, None, None, None, None, ())
    runs = [len(list(group)) for _, group in groupby(signs)]
    longest, longest_max = max(runs), round(math.log2(len(signs))) + 3
    crossings, crossings_min = len(runs) - 1, qbinom(0.05, len(signs) - 1)
    signals = ("shift",) * (longest > longest_max) + ("crossings",) * (crossings < crossings_min)
    return RunsAnalysis(len(signs), longest, longest_max, crossings, crossings_min, signals)


def _runs_distribution(n1: int, n2: int) -> dict[int, Fraction]:
    """P(R = r) for the number of runs R in a random order of n1 and n2 items (Swed &
    Eisenhart 1943): P(2k) = 2 C(n1-1, k-1) C(n2-1, k-1) / C(n, n1),
    P(2k+1) = [C(n1-1, k-1) C(n2-1, k) + C(n1-1, k) C(n2-1, k-1)] / C(n, n1)."""
    total = math.comb(n1 + n2, n1)
    a, b = n1 - 1, n2 - 1
    dist: dict[int, Fraction] = {}
    for r in range(2, n1 + n2 + 1):
        k = r // 2
        if r % 2 == 0:
            ways = 2 * math.comb(a, k - 1) * math.comb(b, k - 1)
        else:
            ways = math.comb(a, k - 1) * math.comb(b, k) + math.comb(a, k) * math.comb(b, k - 1)
        dist[r] = Fraction(ways, total)
    return dist


def _tail_limit(dist: dict[int, Fraction], order: list[int], alpha: Fraction) -> int:
    """The first number of runs, walking `order`, where the tail probability passes alpha."""
    tails = accumulate(dist[r] for r in order)
    return next(r for r, tail in zip(order, tails, strict=True) if tail > alpha)


@lru_cache(maxsize=1024)
def ihi_runs_limits(n_useful: int, alpha: Fraction = Fraction(1, 40)) -> tuple[int, int]:
    """Fewest and most runs expected in `n_useful` useful points (IHI "too few / too many runs").

    Perla, Provost & Murray 2011 (BMJ Qual Saf 20:46, Table 1) tabulate these from Swed &
    Eisenhart 1943 with about 5 % risk; that table could not be found as text (see the module
    docstring), so the limits are computed from the exact runs distribution with the points
    split n // 2 and n - n // 2 and 2.5 % in each tail: "too few" when runs < lower, "too
    many" when runs > upper. They agree with the table values quoted in domain-metrics.md E1
    (10: 3-9, 24: 8-18, 30: 11-21).
    """
    dist = _runs_distribution(n_useful // 2, n_useful - n_useful // 2)
    order = sorted(dist)
    return _tail_limit(dist, order, alpha), _tail_limit(dist, order[::-1], alpha)


def longest_trend(values: Sequence[float]) -> tuple[int, int, int]:
    """The longest run of values going up or down (IHI rule 2): its number of points, equal
    neighbours counted once, and the positions (0-based, in `values`) of its first and last
    point. The most recent run wins a tie; (0, 0, 0) for no values."""
    starts = [i for i, v in enumerate(values) if i == 0 or v != values[i - 1]]
    if not starts:
        return 0, 0, 0
    best = (1, starts[0], starts[0])
    steps = [values[b] > values[a] for a, b in pairwise(starts)]
    at = 0
    for _, group in groupby(steps):
        count = len(list(group))
        if count + 1 >= best[0]:
            best = (count + 1, starts[at], starts[at + count])
        at += count
    return best


def ihi_runs(values: Sequence[float], cl: float) -> RunsAnalysis:
    """IHI run-chart rules (Perla, Provost & Murray 2011; domain-metrics.md E1).

    Shift: 6 or more useful points on one side of the median. Trend: 5 or more points all
    going up or all going down. Too few or too many runs (`ihi_runs_limits`), checked from 10
    useful points on (the smallest row quoted from the IHI table). No astronomical-point rule
    (see the module docstring).
    """
    signs = _signs(values, cl)
    trend = longest_trend(values)[0]
    signals = ("trend",) * (trend >= IHI_TREND)
    if not signs:
        return RunsAnalysis(0, None, None, None, None, signals, trend, None)
    runs = [len(list(group)) for _, group in groupby(signs)]
    longest, crossings = max(runs), len(runs) - 1
    signals = ("shift",) * (longest >= IHI_SHIFT) + signals
    fewest = most = None
    if len(signs) >= 10:
        fewest, most = ihi_runs_limits(len(signs))
        signals += ("too few runs",) * (len(runs) < fewest) + ("too many runs",) * (
            len(runs) > most
        )
    return RunsAnalysis(
        len(signs),
        longest,
        IHI_SHIFT - 1,
        crossings,
        None if fewest is None else fewest - 1,
        signals,
        trend,
        None if most is None else most - 1,
    )


# The entry point ------------------------------------------------------------------------------


def _parts(count: int, starts: Sequence[int] | None) -> list[int]:
    """Part number (1-based) of each position; `starts` are positions where a part begins."""
    breaks = sorted({s for s in (starts or ()) if 1 < s <= count})
    return [1 + sum(1 for s in breaks if s <= x) for x in range(1, count + 1)]


def _scale(value: float | None, multiply: Number) -> float | None:
    return None if value is None else value * multiply


def _avg(values: Sequence[float | None]) -> float | None:
    return _mean(_present(values))


def _check(chart: str, method: str, y: Sequence, n: Sequence | None, freeze: int | None) -> None:
    if chart not in CHARTS:
        raise ValueError(f"chart must be one of {', '.join(CHARTS)}, not {chart!r}")
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, not {method!r}")
    if chart in COUNT_CHARTS[1:] and n is None:
        raise ValueError(f"a {chart} chart needs denominators (n)")
    if n is not None and len(n) != len(y):
        raise ValueError("y and n must have the same length")
    if chart in COUNT_CHARTS and any(v is not None and v < 0 for v in y):
        raise ValueError(f"a {chart} chart counts events: y cannot be negative")
    if any(v is not None and v < 0 for v in n or ()):
        raise ValueError("denominators (n) cannot be negative")
    if freeze is not None and freeze < 1:
        raise ValueError("freeze is a number of leading points: at least 1")


def qic(
    y: Sequence[Number | None],
    n: Sequence[Number | None] | None = None,
    *,
    chart: str = "run",
    freeze: int | None = None,
    part: Sequence[int] | None = None,
    exclude: Sequence[int] | None = None,
    method: str = "anhoej",
    multiply: Number = 1,
) -> QicResult:
    """A run or control chart of `y` (numerators when `n` is given), like qicharts2's `qic()`.

    `freeze`: the first `freeze` points are the baseline for centre lines and limits (the runs
    analysis still uses every included point). `part`: 1-based positions where a new part, with
    its own centre line, limits and runs analysis, begins. `exclude`: 1-based positions left out
    of centre lines, limits and the runs analysis, but still plotted and checked against limits.
    """
    _check(chart, method, y, n, freeze)
    ys = [None if v is None else float(v) for v in y]
    ns: list[Number | None] = list(n) if n is not None else [None] * len(ys)
    excluded = set(exclude or ())
    part_of = _parts(len(ys), part)
    analyse = anhoej_runs if method == "anhoej" else ihi_runs
    points: list[Point] = []
    summary: list[Summary] = []
    for number in sorted(set(part_of)):
        xs = [x for x in range(1, len(ys) + 1) if part_of[x - 1] == number]
        include = [x not in excluded for x in xs]
        base = [inc and (freeze is None or x <= freeze) for x, inc in zip(xs, include, strict=True)]
        limits = CHART_FUNCTIONS[chart]([ys[x - 1] for x in xs], [ns[x - 1] for x in xs], base)
        rows = [
            _point(x, value, limits, sigma, number, not inc, multiply)
            for x, value, sigma, inc in zip(xs, limits.values, limits.sigmas, include, strict=True)
        ]
        points += rows
        summary.append(_summarise(number, rows, limits, include, analyse, chart))
    return QicResult(chart, method, points, summary)


def _point(
    x: int,
    value: float | None,
    limits: _Limits,
    sigma: float | None,
    part: int,
    excluded: bool,
    multiply: Number,
) -> Point:
    (lcl, ucl), (lcl_95, ucl_95) = _band(limits, sigma, 3), _band(limits, sigma, 2)
    signal = value is not None and (
        (ucl is not None and value > ucl) or (lcl is not None and value < lcl)
    )
    return Point(
        x,
        *(_scale(v, multiply) for v in (value, limits.cl, lcl, ucl, lcl_95, ucl_95)),
        part=part,
        excluded=excluded,
        sigma_signal=signal,
    )


def _summarise(
    number: int,
    rows: list[Point],
    limits: _Limits,
    include: list[bool],
    analyse: Callable[[Sequence[float], float], RunsAnalysis],
    chart: str,
) -> Summary:
    included = [v for v, inc in zip(limits.values, include, strict=True) if inc]
    runs = (
        analyse(_present(included), limits.cl)
        if limits.cl is not None
        else RunsAnalysis(0, None, None, None, None, ())
    )
    signals = () if chart == "mr" else runs.signals  # qicharts2 never runs-tests an MR chart
    return Summary(
        part=number,
        n_obs=len(included),
        n_useful=runs.n_useful,
        longest_run=runs.longest_run,
        longest_run_max=runs.longest_run_max,
        n_crossings=runs.n_crossings,
        n_crossings_min=runs.n_crossings_min,
        runs_signal=bool(signals),
        sigma_signal=sum(row.sigma_signal for row in rows),
        cl=_avg([row.cl for row in rows]),
        lcl=_avg([row.lcl for row in rows]),
        ucl=_avg([row.ucl for row in rows]),
        lcl_95=_avg([row.lcl_95 for row in rows]),
        ucl_95=_avg([row.ucl_95 for row in rows]),
        longest_trend=runs.longest_trend,
        n_crossings_max=runs.n_crossings_max,
        signals=signals,
    )
