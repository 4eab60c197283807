"""Seconds to compute signals and limits (lcpa.outcomes.analytics.spc.qic) for --series series
of --points points, for each chart, as a ratio to a plain loop that only reads the same series.

Pure Python, no database, no server. The series are random (fixed seed) monthly values with a
shift halfway in a third of them, so the runs analysis has work to do. Each figure is the best
of --repeat rounds; the plain loop is measured in the same run, so the ratio says how much the
statistics cost on top of touching the data, whatever the machine.

    .venv/bin/python bench/spc.py [--series 1000] [--points 60] [--repeat 3]
"""

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lcpa.outcomes.analytics.spc import qic  # noqa: E402

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


if __name__ == "__main__":
    main()
