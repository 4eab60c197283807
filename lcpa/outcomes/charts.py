"""Run and control charts of a team's measure: the statistics (`analytics.spc.qic`), the
signals in plain words, a table that says the same as the drawing, and a Vega-Lite spec.

The public API, for pages and for briefs:

- `measure_chart(team_measure, *, observations=None, annotations=())` -> `MeasureChart`
- `chart_annotations(team_measure)` -> the dated events drawn on its time axis
- `chart_svg(spec)` and `chart_png(spec, scale=2)`: the drawing as a file (vl-convert)

Which chart: the measure version's suggested one, but a run chart while there are fewer than
`MIN_CONTROL_POINTS` values (limits from a handful of points mislead), and a C chart when a
ratio chart is suggested for a measure without a denominator. The team's baseline months are
the chart's `freeze`: the centre line and limits come from them once there are enough.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby

import vl_convert

from lcpa.outcomes.analytics.spc import Point, QicResult, longest_trend, qic
from lcpa.outcomes.chart_data import Annotation, chart_annotations, chart_observations
from lcpa.outcomes.models import Better, Chart, Kind, MeasureVersion, Observation, TeamMeasure
from lcpa.outcomes.queries import months_before

__all__ = [
    "Annotation",
    "MeasureChart",
    "Signal",
    "TableRow",
    "chart_annotations",
    "chart_png",
    "chart_svg",
    "cohort_funnel",
    "format_value",
    "measure_chart",
]

MIN_CONTROL_POINTS = 12  # fewer values than a year of months: a run chart
MIN_BASELINE_POINTS = 6  # fewer baseline values: centre line and limits from every value
MIN_JUDGED_POINTS = 10  # below this, say that chance cannot be told from change yet
VEGA_LITE = "6.4"
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
RATIO_CHARTS = (Chart.P, Chart.PP, Chart.U, Chart.UP)

USUAL, RUN, OUTSIDE = "Usual variation", "Part of a long run", "Outside the limits"
# The rules a chart's signals come from, with their source, as the page names them.
RULES_NAMES = {
    TeamMeasure.Rules.ANHOEJ: "the Anhøj rules (Anhøj and Olesen 2014, as qicharts2 applies them)",
    TeamMeasure.Rules.IHI: "the IHI run-chart rules (Perla, Provost and Murray 2011)",
}
# A provisional value (it may still change) is drawn hollow, a final one filled.
FINAL, PROVISIONAL = "Final value", "Provisional value"
# Signal points differ in shape and in colour, never in colour alone.
POINT_STYLES = {
    USUAL: ("circle", "#005ea2"),
    RUN: ("square", "#c05600"),
    OUTSIDE: ("diamond", "#b50909"),
}
INK, LIMIT, TARGET, NOTE, BASELINE = "#1b1b1b", "#8b0a03", "#00756a", "#5c5c5c", "#f0f0f0"
FONT = "Source Sans Pro Web, Helvetica, Arial, sans-serif"
# The page labels the chart and its table says the same in text: no ARIA roles in the drawing.
CONFIG = {
    "aria": False,
    "font": FONT,
    "view": {"stroke": None},
    "legend": {"orient": "bottom", "labelFontSize": 13, "labelColor": INK},
    "axis": {"labelFontSize": 12, "titleFontSize": 13, "labelColor": INK, "titleColor": INK},
}


@dataclass(frozen=True)
class Signal:
    """One finding of the chart in words; `verdict` is improvement, concern or change (a
    change whose direction says nothing about better or worse)."""

    text: str
    verdict: str


@dataclass(frozen=True)
class TableRow:
    period: date
    value: str
    numerator: str
    denominator: str
    centre: str
    limits: str
    status: str
    provisional: bool = False
    # The labels of the events on the time axis in this row's month (PDSA cycles, policy
    # changes...), so that the table says what the drawing marks.
    events: tuple[str, ...] = ()


@dataclass
class MeasureChart:
    team_measure: TeamMeasure
    version: MeasureVersion
    chart: str
    result: QicResult
    signals: list[Signal]
    table_rows: list[TableRow]
    annotations: Sequence[Annotation]
    freeze: int | None
    observations: list[Observation] = field(repr=False)
    spec: dict = field(repr=False)

    @property
    def chart_name(self) -> str:
        return Chart(self.chart).label

    @property
    def rules_name(self) -> str:
        return RULES_NAMES[self.team_measure.rules]

    @property
    def has_provisional(self) -> bool:
        return any(row.provisional for row in self.table_rows)

    @property
    def signals_in_words(self) -> list[str]:
        return [signal.text for signal in self.signals]

    @property
    def improvement(self) -> bool:
        return any(signal.verdict == "improvement" for signal in self.signals)

    @property
    def concern(self) -> bool:
        return any(signal.verdict == "concern" for signal in self.signals)


# Numbers ------------------------------------------------------------------------------------


def format_value(value: float | None) -> str:
    """A plotted number as people read it: 1,234 / 42.5 / 0.37 (no trailing zeros)."""
    if value is None:
        return ""
    size = abs(value)
    places = 0 if size >= 100 else 1 if size >= 1 else 2
    text = f"{value:,.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _ratio(version: MeasureVersion) -> bool:
    return version.kind in (Kind.PROPORTION, Kind.RATE)


def _chart_for(version: MeasureVersion, useful: int) -> str:
    if useful < MIN_CONTROL_POINTS:
        return Chart.RUN
    if version.chart in RATIO_CHARTS and not version.has_denominator:
        return Chart.C
    return version.chart


def _series(
    version: MeasureVersion, chart: str, observations: Sequence[Observation]
) -> tuple[list[float | None], list[float | None] | None, int]:
    """qic's y, n and multiply for the chart."""
    numerators = [float(o.numerator) for o in observations]
    denominators = [None if o.denominator is None else float(o.denominator) for o in observations]
    if chart in RATIO_CHARTS:
        return numerators, denominators, version.multiplier
    if chart == Chart.RUN and _ratio(version):
        rates = [
            None if not d else y * version.multiplier / d
            for y, d in zip(numerators, denominators, strict=True)
        ]
        return rates, None, 1
    return numerators, None, 1


def _freeze(team_measure: TeamMeasure, observations: Sequence[Observation]) -> int | None:
    leading = sum(1 for o in observations if o.period <= team_measure.baseline_end)
    if leading < MIN_BASELINE_POINTS or leading >= len(observations):
        return None
    return leading


# Signals in words ---------------------------------------------------------------------------


def _months(periods: Sequence[date]) -> str:
    """ "June 2026", "June and July 2026", "March to November 2026", "June 2026 to May 2027"."""
    first, last = periods[0], periods[-1]
    if len(periods) == 1:
        return f"{first:%B %Y}"
    start = f"{first:%B}" if first.year == last.year else f"{first:%B %Y}"
    return f"{start}{' and ' if len(periods) == 2 else ' to '}{last:%B %Y}"


def _judged(version: MeasureVersion, higher: bool) -> tuple[str, str]:
    """Whether values higher (or lower) than usual are good news for this measure."""
    good = higher == (version.better == Better.UP)
    reason = version.get_better_display().lower()
    if good:
        return "improvement", f"a sign of improvement ({reason})"
    return "concern", f"a sign of concern ({reason})"


def _longest_run(points: Sequence[Point]) -> tuple[list[Point], bool]:
    """The most recent longest run of useful points on one side of the centre line, and
    whether it is above it."""
    useful = [p for p in points if p.y is not None and not p.excluded and p.y != p.cl]
    best: list[Point] = []
    above = False
    for side, group in groupby(useful, key=lambda p: p.y > p.cl):
        run = list(group)
        if len(run) >= len(best):
            best, above = run, side
    return best, above


def _signals(
    version: MeasureVersion, chart: str, result: QicResult, periods: Sequence[date]
) -> tuple[list[Signal], set[int], set[int]]:
    """The signals in words, and the positions of points in a long run or outside the limits."""
    line = "the median" if chart == Chart.RUN else "the centre line"
    found: list[Signal] = []
    in_run: set[int] = set()
    for part in result.summary:
        points = [p for p in result.points if p.part == part.part]
        if "shift" in part.signals:
            run, above = _longest_run(points)
            in_run |= {p.x for p in run}
            verdict, judgement = _judged(version, above)
            where = _months([periods[p.x - 1] for p in run])
            found.append(
                Signal(
                    f"{len(run)} points in a row {'above' if above else 'below'} {line} "
                    f"({where}): likely a real change, {judgement}.",
                    verdict,
                )
            )
        if "trend" in part.signals:
            useful = [p for p in points if p.y is not None and not p.excluded]
            count, first, last = longest_trend([p.y for p in useful])
            rising = useful[last].y > useful[first].y
            verdict, judgement = _judged(version, rising)
            in_run |= {p.x for p in useful[first : last + 1]}
            where = _months([periods[p.x - 1] for p in useful[first : last + 1]])
            found.append(
                Signal(
                    f"{count} points in a row going {'up' if rising else 'down'} ({where}): "
                    f"likely a real change, {judgement}.",
                    verdict,
                )
            )
        if "too few runs" in part.signals:
            runs = part.n_crossings + 1
            found.append(
                Signal(
                    f"Only {runs} run{'s' if runs != 1 else ''} above and below {line} in "
                    f"{part.n_useful} points, where chance alone would give at least "
                    f"{part.n_crossings_min + 1}: likely a real change.",
                    "change",
                )
            )
        if "too many runs" in part.signals:
            found.append(
                Signal(
                    f"{part.n_crossings + 1} runs above and below {line} in {part.n_useful} "
                    f"points, where chance alone would give at most {part.n_crossings_max + 1}:"
                    " the values swing more than chance would. Values that alternate like this "
                    "often mix two sources (such as two shifts or two areas): look at them "
                    "separately.",
                    "change",
                )
            )
        if "crossings" in part.signals:
            times = {0: "never", 1: "only once"}.get(
                part.n_crossings, f"only {part.n_crossings} times"
            )
            found.append(
                Signal(
                    f"The values cross {line} {times} in "
                    f"{part.n_useful} points, where chance alone would give at least "
                    f"{part.n_crossings_min}: likely a real change.",
                    "change",
                )
            )
    outside = {p.x for p in result.points if p.sigma_signal}
    for higher in (True, False):
        group = [
            p for p in result.points if p.sigma_signal and (p.y > p.ucl if higher else p.y < p.lcl)
        ]
        if not group:
            continue
        verdict, judgement = _judged(version, higher)
        count = f"{len(group)} point{'s' if len(group) != 1 else ''}"
        limit = "above the upper limit" if higher else "below the lower limit"
        months = _months([periods[p.x - 1] for p in group])
        found.append(Signal(f"{count} {limit} ({months}): unusual, {judgement}.", verdict))
    if not found:
        useful = sum(1 for point in result.points if point.y is not None)
        if useful < MIN_JUDGED_POINTS:
            text = (
                f"Only {useful} value{'s' if useful != 1 else ''} so far: about "
                f"{MIN_JUDGED_POINTS} are needed before a real change can be told from chance."
            )
        else:
            text = "No signal: the ups and downs are what chance alone would give."
        found.append(Signal(text, "none"))
    return found, in_run, outside


# The chart ----------------------------------------------------------------------------------


def measure_chart(
    team_measure: TeamMeasure,
    *,
    observations: Sequence[Observation] | None = None,
    annotations: Iterable[Annotation] = (),
) -> MeasureChart:
    """The chart of a team's measure (its current version's total values, oldest first).

    Pass `observations` (already fetched, ordered by period) to chart many measures in a
    constant number of queries; otherwise they are read here.
    """
    version = team_measure.measure.current
    if observations is None:
        observations = chart_observations([team_measure])[team_measure.pk]
    observations = sorted(observations, key=lambda o: o.period)
    useful = sum(1 for o in observations if o.denominator or not _ratio(version))
    chart = _chart_for(version, useful)
    y, n, multiply = _series(version, chart, observations)
    freeze = _freeze(team_measure, observations)
    result = qic(y, n, chart=chart, freeze=freeze, multiply=multiply, method=team_measure.rules)
    periods = [o.period for o in observations]
    signals, in_run, outside = _signals(version, chart, result, periods)

    def status(point: Point) -> str:
        return OUTSIDE if point.x in outside else RUN if point.x in in_run else USUAL

    notes = sorted(annotations, key=lambda a: a.date)
    by_month: dict[date, list[str]] = {}
    for note in notes:
        by_month.setdefault(note.date.replace(day=1), []).append(note.label)
    rows = [
        TableRow(
            period=o.period,
            value=format_value(p.y),
            numerator=format_value(float(o.numerator)),
            denominator=format_value(None if o.denominator is None else float(o.denominator)),
            centre=format_value(p.cl),
            limits="" if p.lcl is None else f"{format_value(p.lcl)} to {format_value(p.ucl)}",
            status=status(p),
            provisional=o.provisional,
            events=tuple(by_month.get(o.period.replace(day=1), ())),
        )
        for o, p in zip(observations, result.points, strict=True)
    ]
    made = MeasureChart(
        team_measure, version, chart, result, signals, rows, notes, freeze, observations, {}
    )
    made.spec = chart_spec(made)
    return made


AXIS_X = {"title": None, "format": "%b %Y", "labelAngle": 0, "tickCount": 6}


def _x(field_name: str) -> dict:
    """Months on the time axis, read in UTC so that a period never shows as the month before."""
    return {"field": field_name, "type": "temporal", "timeUnit": "utcyearmonthdate", "axis": AXIS_X}


def chart_spec(made: MeasureChart) -> dict:
    """The Vega-Lite spec: baseline band, limits, centre line, target, values with their signal
    points, and the annotations on the time axis."""
    version, team_measure, result = made.version, made.team_measure, made.result
    values = [
        {
            "period": row.period.isoformat(),
            "value": point.y,
            "cl": point.cl,
            "lcl": point.lcl,
            "ucl": point.ucl,
            "status": row.status,
            "entry": PROVISIONAL if row.provisional else FINAL,
            "value_text": f"{row.value} {version.unit}" if row.value else "No value",
        }
        for row, point in zip(made.table_rows, result.points, strict=True)
    ]
    y_axis = {"title": version.unit[:1].upper() + version.unit[1:]}

    def y(field_name: str) -> dict:
        return {"field": field_name, "type": "quantitative", "axis": y_axis}

    layers: list[dict] = []
    if made.freeze:
        band = {"start": values[0]["period"], "end": values[made.freeze - 1]["period"]}
        layers.append(
            {
                "data": {"values": [band]},
                "mark": {"type": "rect", "color": BASELINE},
                "encoding": {"x": _x("start"), "x2": {"field": "end"}},
            }
        )
    line = {"data": {"values": values}}
    if made.chart != Chart.RUN:
        for limit in ("ucl", "lcl"):
            layers.append(
                {
                    **line,
                    "mark": {
                        "type": "line",
                        "color": LIMIT,
                        "strokeDash": [6, 4],
                        "interpolate": "step",
                    },
                    "encoding": {"x": _x("period"), "y": y(limit)},
                }
            )
    layers.append(
        {
            **line,
            "mark": {"type": "line", "color": INK, "strokeWidth": 1.5, "interpolate": "step"},
            "encoding": {"x": _x("period"), "y": y("cl")},
        }
    )
    target = float(team_measure.target_value)
    layers.append(
        {
            "data": {"values": [{"target": target, "label": f"Target {format_value(target)}"}]},
            "layer": [
                {"mark": {"type": "rule", "color": TARGET, "strokeDash": [2, 2], "strokeWidth": 2}},
                {
                    "mark": {"type": "text", "color": TARGET, "align": "left", "dy": -6, "x": 4},
                    "encoding": {"text": {"field": "label"}},
                },
            ],
            "encoding": {"y": y("target")},
        }
    )
    layers.append(
        {
            **line,
            "mark": {"type": "line", "color": NOTE, "strokeWidth": 1},
            "encoding": {
                "x": _x("period"),
                "y": y("value"),
            },
        }
    )
    colours = {"domain": list(POINT_STYLES), "range": [c for _, c in POINT_STYLES.values()]}
    shapes = {"domain": list(POINT_STYLES), "range": [s for s, _ in POINT_STYLES.values()]}
    layers.append(
        {
            **line,
            "mark": {"type": "point", "filled": True, "size": 70, "tooltip": True},
            "encoding": {
                "x": _x("period"),
                "y": y("value"),
                "shape": {"field": "status", "type": "nominal", "title": None, "scale": shapes},
                "color": {"field": "status", "type": "nominal", "title": None, "scale": colours},
                "tooltip": [
                    {
                        "field": "period",
                        "type": "temporal",
                        "timeUnit": "utcyearmonth",
                        "title": "Month",
                        "format": "%B %Y",
                    },
                    {"field": "value_text", "title": "Value"},
                    {"field": "entry", "title": "Entered as"},
                    {"field": "status", "title": "Signal"},
                ],
            },
        }
    )
    if made.has_provisional:
        layers.append(_hollow(values, shapes))
    if made.annotations:
        notes = [
            {"date": a.date.isoformat(), "label": a.label, "kind": a.kind} for a in made.annotations
        ]
        layers.append(
            {
                "data": {"values": notes},
                "layer": [
                    {"mark": {"type": "rule", "color": NOTE, "strokeDash": [1, 3]}},
                    {
                        "mark": {
                            "type": "text",
                            "color": NOTE,
                            "angle": 270,
                            "align": "right",
                            "baseline": "bottom",
                            "y": 4,
                            "fontSize": 10,
                            "limit": 140,
                        },
                        "encoding": {"text": {"field": "label"}},
                    },
                ],
                "encoding": {"x": _x("date")},
            }
        )
    description = f"{made.chart_name} of {version.name} for {team_measure.team.name}"
    return _spec(description, 280, layers)


def _hollow(values: list[dict], shapes: dict) -> dict:
    """A white centre on each provisional point, so that it is drawn as an outline in its
    signal's shape and colour, and a legend entry that says what outlines mean."""
    return {
        "data": {"values": [row for row in values if row["entry"] == PROVISIONAL]},
        "mark": {"type": "point", "filled": True, "size": 24},
        "encoding": {
            "x": _x("period"),
            "y": {"field": "value", "type": "quantitative"},
            "shape": {"field": "status", "type": "nominal", "scale": shapes, "legend": None},
            "fill": {
                "field": "entry",
                "type": "nominal",
                "title": None,
                "scale": {"domain": [PROVISIONAL], "range": ["#ffffff"]},
                "legend": {
                    "symbolType": "circle",
                    "symbolSize": 70,
                    "symbolStrokeColor": INK,
                    "symbolStrokeWidth": 2,
                },
            },
        },
    }


def _spec(description: str, height: int, layers: list[dict]) -> dict:
    """A layered spec whose marks carry no ARIA roles: the page labels the drawing and its
    table says the same in text (config.aria alone leaves roles on the mark groups)."""

    def quiet(layer: dict) -> dict:
        if "mark" in layer:
            layer["mark"]["aria"] = False
        for inner in layer.get("layer", []):
            quiet(inner)
        return layer

    return {
        "$schema": SCHEMA,
        "description": description,
        "width": 640,
        "height": height,
        "layer": [quiet(layer) for layer in layers],
        "config": CONFIG,
    }


# The cohort roll-up: a funnel plot ---------------------------------------------------------

FUNNEL_MONTHS = 12
FUNNEL_SIGMAS = (2, 3)  # about 95 % and 99.8 % of teams fall inside by chance alone
ABOVE, BELOW, WITHIN = "Above the limits", "Below the limits", "Within the limits"
FUNNEL_STYLES = {
    WITHIN: ("circle", "#005ea2"),
    ABOVE: ("triangle-up", "#b50909"),
    BELOW: ("triangle-down", "#8b0a03"),
}


@dataclass(frozen=True)
class FunnelRow:
    chart: MeasureChart
    numerator: float
    denominator: float
    rate: float | None
    position: str
    verdict: str

    @property
    def team(self):
        return self.chart.team_measure.team

    @property
    def rate_text(self) -> str:
        return format_value(self.rate)


@dataclass(frozen=True)
class Funnel:
    """One measure across a cohort's teams over the last `FUNNEL_MONTHS` whole months."""

    version: MeasureVersion
    first: date
    last: date
    rows: list[FunnelRow]
    centre: float | None
    spec: dict | None = field(repr=False)

    @property
    def centre_text(self) -> str:
        return format_value(self.centre)


def _funnel_sigma(version: MeasureVersion, centre: float, size: float) -> float:
    """Spiegelhalter (2005): sqrt(p (1 - p) / n) for a proportion, sqrt(rate / n) for a rate."""
    spread = centre * (1 - centre) if version.kind == Kind.PROPORTION else centre
    return (spread / size) ** 0.5


def _funnel_limits(
    version: MeasureVersion, centre: float, size: float, k: int
) -> tuple[float, float]:
    sigma = _funnel_sigma(version, centre, size)
    low, high = max(0.0, centre - k * sigma), centre + k * sigma
    if version.kind == Kind.PROPORTION:
        high = min(1.0, high)
    return low, high


def cohort_funnel(
    version: MeasureVersion, charts: Sequence[MeasureChart], *, today: date
) -> Funnel:
    """Each team's pooled rate over the window (its numerators over its denominators), the
    cohort's pooled rate, and the funnel limits by denominator (Spiegelhalter 2005, *Funnel
    plots for comparing institutional performance*, Stat Med 24:1185). A measure without a
    denominator (counts, measured values) cannot be normalised: no funnel, signals only."""
    periods = months_before(today, FUNNEL_MONTHS)
    first, last = periods[-1], periods[0]
    ratio = _ratio(version)
    totals = []
    for chart in charts:
        picked = [o for o in chart.observations if first <= o.period <= last]
        numerator = sum(float(o.numerator) for o in picked if o.denominator or not ratio)
        denominator = sum(float(o.denominator) for o in picked if o.denominator)
        totals.append((chart, numerator, denominator))
    pooled_n = sum(d for _, _, d in totals)
    centre = sum(y for _, y, d in totals if d) / pooled_n if ratio and pooled_n else None
    rows = []
    for chart, numerator, denominator in totals:
        rate = numerator / denominator if ratio and denominator else None
        position, verdict = WITHIN, "none"
        if rate is not None and centre is not None:
            low, high = _funnel_limits(version, centre, denominator, FUNNEL_SIGMAS[-1])
            if rate > high or rate < low:
                position = ABOVE if rate > high else BELOW
                verdict = _judged(version, rate > high)[0]
        scaled = None if rate is None else rate * version.multiplier
        rows.append(FunnelRow(chart, numerator, denominator, scaled, position, verdict))
    scaled_centre = None if centre is None else centre * version.multiplier
    spec = None
    if centre is not None and any(row.rate is not None for row in rows):
        spec = funnel_spec(version, rows, centre)
    return Funnel(version, first, last, rows, scaled_centre, spec)


def funnel_spec(version: MeasureVersion, rows: Sequence[FunnelRow], centre: float) -> dict:
    """Teams as points (denominator across, rate up), the cohort's rate, and the 2- and
    3-sigma limits as curves that narrow as the denominator grows."""
    sizes = [row.denominator for row in rows if row.rate is not None]
    low, high = max(1.0, min(sizes) / 2), max(sizes) * 1.5
    steps = 60
    curve = []
    for i in range(steps + 1):
        size = low * (high / low) ** (i / steps)
        point = {"n": size}
        for k in FUNNEL_SIGMAS:
            lower, upper = _funnel_limits(version, centre, size, k)
            point[f"low{k}"], point[f"high{k}"] = (
                lower * version.multiplier,
                upper * version.multiplier,
            )
        curve.append(point)
    teams = [
        {
            "team": row.team.name,
            "n": row.denominator,
            "rate": row.rate,
            "position": row.position,
            "rate_text": f"{row.rate_text} {version.unit}",
        }
        for row in rows
        if row.rate is not None
    ]
    y_axis = {"title": version.unit[:1].upper() + version.unit[1:]}
    x_axis = {"title": version.denominator or "Denominator"}

    def xy(x_field: str, y_field: str) -> dict:
        return {
            "x": {
                "field": x_field,
                "type": "quantitative",
                "axis": x_axis,
                "scale": {"zero": False},
            },
            "y": {"field": y_field, "type": "quantitative", "axis": y_axis},
        }

    limits = [
        {
            "data": {"values": curve},
            "mark": {
                "type": "line",
                "color": LIMIT,
                "strokeDash": [6, 4] if k == 3 else [2, 3],
                "strokeWidth": 1.5 if k == 3 else 1,
            },
            "encoding": xy("n", f"{side}{k}"),
        }
        for k in FUNNEL_SIGMAS
        for side in ("low", "high")
    ]
    return _spec(
        f"Funnel plot of {version.name}: one point per team",
        320,
        [
            *limits,
            {
                "data": {"values": [{"centre": centre * version.multiplier}]},
                "mark": {"type": "rule", "color": INK},
                "encoding": {"y": {"field": "centre", "type": "quantitative", "axis": y_axis}},
            },
            {
                "data": {"values": teams},
                "layer": [
                    {
                        "mark": {"type": "point", "filled": True, "size": 90, "tooltip": True},
                        "encoding": {
                            "shape": {
                                "field": "position",
                                "type": "nominal",
                                "title": None,
                                "scale": {
                                    "domain": list(FUNNEL_STYLES),
                                    "range": [s for s, _ in FUNNEL_STYLES.values()],
                                },
                            },
                            "color": {
                                "field": "position",
                                "type": "nominal",
                                "title": None,
                                "scale": {
                                    "domain": list(FUNNEL_STYLES),
                                    "range": [c for _, c in FUNNEL_STYLES.values()],
                                },
                            },
                            "tooltip": [
                                {"field": "team", "title": "Team"},
                                {"field": "rate_text", "title": "Value"},
                                {"field": "position", "title": "Compared with the cohort"},
                            ],
                        },
                    },
                    {
                        "mark": {
                            "type": "text",
                            "align": "left",
                            "dx": 8,
                            "fontSize": 11,
                            "color": INK,
                            "limit": 160,
                        },
                        "encoding": {"text": {"field": "team"}},
                    },
                ],
                "encoding": xy("n", "rate"),
            },
        ],
    )


# Files --------------------------------------------------------------------------------------


def chart_svg(spec: dict) -> str:
    return vl_convert.vegalite_to_svg(spec, vl_version=VEGA_LITE)


def chart_png(spec: dict, scale: float = 2) -> bytes:
    return vl_convert.vegalite_to_png(spec, vl_version=VEGA_LITE, scale=scale)
