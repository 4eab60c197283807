"""Difference-in-differences for shootings (domain-metrics C3): did shootings fall more in the
intervention area, after the program started, than in a comparison area chosen beforehand?

Pure Python with statsmodels; no Django. `difference_in_differences(counts, intervention_area=,
comparison_area=, start=)` takes monthly counts per area (`AreaMonth`: the month's first day,
the area, the count; months of the file an area has no row for count 0) and returns:

- the 2 x 2 table: shootings in each area before and after the start, and the months counted;
- the ratio form, the incidence-rate ratio, from the model
  `log E[Y_am] = alpha_a + lambda_m + beta * D_am` (one row per area and month, a fixed effect
  for each area and each month, D = 1 for the intervention area from the start month on),
  fitted as a Poisson model whose standard errors are scaled by the Pearson chi-squared
  (quasi-Poisson: monthly shooting counts vary more than a Poisson would); IRR = exp(beta),
  its 95 % confidence interval exp(beta -/+ 1.96 se), the percent change (IRR - 1) x 100;
- the raw ratio (T_post / T_pre) / (C_post / C_pre) from the monthly means;
- a check of parallel trends before the start: a Poisson model on the months before, with a
  trend per area, and the p-value of the difference between the two trends;
- a plain-language reading and its caveats (the parallel-trends assumption, always; a short
  before-period; trends that already differed).

It refuses with `DifferenceInDifferencesError` (a message a coordinator can act on) when an
area has no shootings in the file, when there are no months before or after the start, or when
a cell of the 2 x 2 table is empty.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from statsmodels.genmod import families
from statsmodels.genmod.generalized_linear_model import GLM

Z95 = 1.959963984540054
RECOMMENDED_MONTHS_BEFORE = 24  # C3, "comparison-area rules": at least 24 months before
TREND_P = 0.05


class DifferenceInDifferencesError(ValueError):
    """The data cannot answer the question; the message says why, in plain words."""


@dataclass(frozen=True)
class AreaMonth:
    month: date  # the first day of the month
    area: str
    count: float


@dataclass(frozen=True)
class Cell:
    total: float
    months: int

    @property
    def mean(self) -> float:
        return self.total / self.months


@dataclass
class DifferenceInDifferencesResult:
    intervention_area: str
    comparison_area: str
    start: date
    intervention_before: Cell
    intervention_after: Cell
    comparison_before: Cell
    comparison_after: Cell
    irr: float
    ci_low: float
    ci_high: float
    p_value: float
    raw_irr: float
    pre_trend_p: float | None
    reading: str
    caveats: list[str] = field(default_factory=list)

    @property
    def percent_change(self) -> float:
        return (self.irr - 1) * 100

    @property
    def ci_percent(self) -> tuple[float, float]:
        return ((self.ci_low - 1) * 100, (self.ci_high - 1) * 100)


def _panel(
    counts: Iterable[AreaMonth], areas: tuple[str, str]
) -> tuple[list[date], dict[str, dict[date, float]]]:
    rows = list(counts)
    months = sorted({row.month for row in rows})
    panel = {area: dict.fromkeys(months, 0.0) for area in areas}
    for row in rows:
        if row.area in panel:
            panel[row.area][row.month] += float(row.count)
    return months, panel


def _cell(series: dict[date, float], months: list[date]) -> Cell:
    return Cell(sum(series[m] for m in months), len(months))


def _fit(y, x):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return GLM(np.asarray(y), np.asarray(x), family=families.Poisson()).fit(scale="X2")


def _pre_trend_p(panel, before: list[date], treated: str, comparison: str) -> float | None:
    """The p-value of the difference between the two areas' log-linear trends before."""
    if len(before) < 3:
        return None
    y, x = [], []
    for area in (treated, comparison):
        for t, month in enumerate(before):
            is_treated = 1.0 if area == treated else 0.0
            y.append(panel[area][month])
            x.append([1.0, is_treated, t, t * is_treated])
    if sum(y) == 0:
        return None
    return float(_fit(y, x).pvalues[3])


def difference_in_differences(
    counts: Iterable[AreaMonth], *, intervention_area: str, comparison_area: str, start: date
) -> DifferenceInDifferencesResult:
    """The difference-in-differences estimate of the change in the intervention area."""
    if intervention_area == comparison_area:
        raise DifferenceInDifferencesError("The two areas must be different.")
    start = start.replace(day=1)
    months, panel = _panel(counts, (intervention_area, comparison_area))
    for area in (intervention_area, comparison_area):
        if not any(panel[area].values()):
            raise DifferenceInDifferencesError(
                f"The file has no shootings in area {area!r}. Check the area's name as the "
                "file writes it."
            )
    before = [m for m in months if m < start]
    after = [m for m in months if m >= start]
    if not before or not after:
        raise DifferenceInDifferencesError(
            f"The file needs months before and after {start:%B %Y}; it runs from "
            f"{months[0]:%B %Y} to {months[-1]:%B %Y}."
        )
    cells = {
        (area, when): _cell(panel[area], period)
        for area in (intervention_area, comparison_area)
        for when, period in (("before", before), ("after", after))
    }
    if any(cell.total == 0 for cell in cells.values()):
        raise DifferenceInDifferencesError(
            "One area has no shootings before or after the start: the change cannot be "
            "estimated as a ratio."
        )
    # One row per area and month: area fixed effect, month fixed effects, the treatment.
    y, x = [], []
    for area in (intervention_area, comparison_area):
        for index, month in enumerate(months):
            treated = area == intervention_area
            row = [1.0, 1.0 if treated else 0.0]
            row += [1.0 if index == j else 0.0 for j in range(1, len(months))]
            row.append(1.0 if treated and month >= start else 0.0)
            y.append(panel[area][month])
            x.append(row)
    fit = _fit(y, x)
    beta, se = float(fit.params[-1]), float(fit.bse[-1])
    if not math.isfinite(se):
        se = math.inf
    irr = math.exp(beta)
    low, high = math.exp(beta - Z95 * se), math.exp(beta + Z95 * se)
    t_before, t_after = cells[(intervention_area, "before")], cells[(intervention_area, "after")]
    c_before, c_after = cells[(comparison_area, "before")], cells[(comparison_area, "after")]
    raw = (t_after.mean / t_before.mean) / (c_after.mean / c_before.mean)
    trend_p = _pre_trend_p(panel, before, intervention_area, comparison_area)
    caveats = [
        "This reading assumes that, without the program, shootings in the two areas would have "
        "gone up or down together (parallel trends). Look at the two areas' months before the "
        "start: if they did not move together then, the estimate is not reliable."
    ]
    if len(before) < RECOMMENDED_MONTHS_BEFORE:
        caveats.append(
            f"Only {len(before)} months come before the start; at least "
            f"{RECOMMENDED_MONTHS_BEFORE} are recommended to judge the trends."
        )
    if trend_p is not None and trend_p < TREND_P:
        caveats.append(
            "Before the start, shootings were already trending differently in the two areas "
            f"(p = {trend_p:.2f}): the comparison area may not be a fair one."
        )
    return DifferenceInDifferencesResult(
        intervention_area=intervention_area,
        comparison_area=comparison_area,
        start=start,
        intervention_before=t_before,
        intervention_after=t_after,
        comparison_before=c_before,
        comparison_after=c_after,
        irr=irr,
        ci_low=low,
        ci_high=high,
        p_value=float(fit.pvalues[-1]),
        raw_irr=raw,
        pre_trend_p=trend_p,
        reading=reading(intervention_area, comparison_area, start, irr, low, high),
        caveats=caveats,
    )


def _percent(ratio: float) -> str:
    return f"{abs(ratio - 1) * 100:.0f} %"


def reading(area: str, comparison: str, start: date, irr: float, low: float, high: float) -> str:
    """What the estimate says, in plain words."""
    change = "fewer" if irr < 1 else "more"
    lead = (
        f"From {start:%B %Y}, area {area} had about {_percent(irr)} {change} shootings than "
        f"expected from how shootings changed in area {comparison}"
    )
    span = f" (95 % confidence interval: {_interval(low, high)})."
    if high < 1:
        verdict = " The drop is larger than chance alone would explain."
    elif low > 1:
        verdict = " The rise is larger than chance alone would explain."
    else:
        verdict = " The interval includes no change, so chance alone could explain the difference."
    return lead + span + verdict


def _interval(low: float, high: float) -> str:
    def word(ratio: float) -> str:
        if not math.isfinite(ratio):
            return "unbounded"
        return f"{_percent(ratio)} {'fewer' if ratio < 1 else 'more'}"

    return f"from {word(low)} to {word(high)}"
