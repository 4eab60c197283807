"""How many rows a synthetic file has on each day: a yearly swing and weekday weights."""

from __future__ import annotations

import datetime as dt
import math
from itertools import accumulate


def day_counts(
    rows: int, days: list[dt.date], *, amplitude: float, weekday: list[float], peak: int
) -> list[int]:
    """Rows per day, highest around day of the year `peak`, rounded so that they sum to `rows`."""
    weights = [
        (1 + amplitude * math.cos(2 * math.pi * (d.timetuple().tm_yday - peak) / 365.25))
        * weekday[d.weekday()]
        for d in days
    ]
    total = sum(weights)
    bounds = [round(rows * c / total) for c in accumulate(weights)]
    return [b - a for a, b in zip([0, *bounds], bounds, strict=False)]
