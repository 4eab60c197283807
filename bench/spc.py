"""Seconds to compute signals and limits (lcpa.outcomes.analytics.spc.qic) for --series series
of --points points, for each chart, and to build each series' whole chart (the qic result, the
signals in words, the table and the Vega-Lite spec: lcpa.outcomes.charts.measure_chart), as a
ratio to a plain loop that only reads the same series.

Pure Python, no database, no server (Django is set up for the models' classes; the charts are
built from unsaved rows, so nothing is queried). The series are random (fixed seed) monthly
values with a shift halfway in a third of them, so the runs analysis has work to do. Each
figure is the best of --repeat rounds; the plain loop is measured in the same run, so the ratio
says how much the statistics cost on top of touching the data, whatever the machine.

    .venv/bin/python bench/spc.py [--series 1000] [--points 60] [--repeat 3]
"""

import argparse
import os
import random
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lcpa.settings")
os.environ.setdefault("DEBUG", "on")  # settings without a secret key; nothing is served
django.setup()

from lcpa.cohorts.models import Team  # noqa: E402
from lcpa.outcomes.analytics.spc import qic  # noqa: E402
from lcpa.outcomes.charts import measure_chart  # noqa: E402
from lcpa.outcomes.models import Measure, MeasureVersion, Observation, TeamMeasure  # noqa: E402

Series = tuple[list[float], list[int]]


def make_series(count: int, points: int, seed: int = 9) -> list[Series]:
    """Counts out of denominators near 200 (normal approximation to the binomial), a third
    with a step up after the middle."""
    rng = random.Random(seed)
    series = []
    for index in range(count):
        n = [rng.randint(150, 250) for _ in range(points)]
        rate = [0.3 + (0.1 if index % 3 == 0 and i >= points // 2 else 0) for i in range(points)]
        y = [
            float(max(0, round(rng.gauss(r * k, (k * r * (1 - r)) ** 0.5))))
            for r, k in zip(rate, n, strict=True)
        ]
        series.append((y, n))
    return series


def plain_loop(series: list[Series]) -> float:
    """Reads every value and denominator once: the floor cost of touching the data."""
    total = 0.0
    for y, n in series:
        for value, size in zip(y, n, strict=True):
            total += value + size
    return total


def chart_loop(chart: str) -> Callable[[list[Series]], tuple[int, int]]:
    """qic() on every series; returns how many series have a runs signal, and points outside."""

    def run(series: list[Series]) -> tuple[int, int]:
        runs = outside = 0
        for y, n in series:
            result = qic(y, n if chart in ("p", "pp", "u", "up") else None, chart=chart)
            runs += result.runs_signal
            outside += sum(row.sigma_signal for row in result.summary)
        return runs, outside

    return run


def team_measure() -> TeamMeasure:
    """An unsaved team measure: a proportion in percent, higher is better, a P chart, with a
    baseline of the first two years."""
    version = MeasureVersion(
        name="Eligible calls answered by an alternative responder",
        kind="proportion",
        unit="percent of eligible calls",
        multiplier=100,
        better="up",
        chart="p",
    )
    return TeamMeasure(
        team=Team(name="Bench team"),
        measure=Measure(current=version),
        baseline_start=date(2020, 1, 1),
        baseline_end=date(2021, 12, 1),
        target_value=40,
        target_date=date(2030, 1, 1),
    )


def as_observations(series: list[Series]) -> list[list[Observation]]:
    """Each series as monthly rows from January 2020 (built before the clock starts)."""
    months = [date(2020 + i // 12, i % 12 + 1, 1) for i in range(len(series[0][0]))]
    return [
        [
            Observation(period=period, numerator=value, denominator=size)
            for period, value, size in zip(months, y, n, strict=True)
        ]
        for y, n in series
    ]


def spec_loop(rows: list[list[Observation]]) -> Callable[[list[Series]], tuple[int, int]]:
    """measure_chart() on every series; returns how many charts have a signal, and spec layers."""
    measure = team_measure()

    def run(_series: list[Series]) -> tuple[int, int]:
        signals = layers = 0
        for observations in rows:
            chart = measure_chart(measure, observations=observations)
            signals += chart.improvement or chart.concern
            layers += len(chart.spec["layer"])
        return signals, layers

    return run


def best_time(work: Callable[[list[Series]], object], series: list[Series], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work(series)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", type=int, default=1000)
    parser.add_argument("--points", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    series = make_series(max(1, min(args.series, 100_000)), max(2, min(args.points, 1000)))
    repeat = max(1, min(args.repeat, 20))
    floor = best_time(plain_loop, series, repeat)
    print(f"{len(series)} series of {len(series[0][0])} points, best of {repeat}")
    print(f"{'chart':<8}{'seconds':>10}{'ms/series':>11}{'ratio':>10}{'runs':>7}{'outside':>9}")
    print(f"{'(read)':<8}{floor:>10.4f}{floor / len(series) * 1000:>11.4f}{1:>10.1f}")
    for chart in ("run", "i", "mr", "c", "u", "p", "pp", "up"):
        work = chart_loop(chart)
        seconds = best_time(work, series, repeat)
        per_series = seconds / len(series) * 1000
        runs, outside = work(series)
        print(
            f"{chart:<8}{seconds:>10.4f}{per_series:>11.4f}{seconds / floor:>10.1f}"
            f"{runs:>7}{outside:>9}"
        )
    work = spec_loop(as_observations(series))
    seconds = best_time(work, series, repeat)
    signals, _layers = work(series)
    print(
        f"{'specs':<8}{seconds:>10.4f}{seconds / len(series) * 1000:>11.4f}"
        f"{seconds / floor:>10.1f}{signals:>7}"
    )
    print("specs: measure_chart() (P chart, signals in words, table, Vega-Lite spec); runs =")
    print("charts with a signal of improvement or concern")


if __name__ == "__main__":
    main()
