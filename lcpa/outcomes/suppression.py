"""Which public numbers are small enough to identify people, and are hidden.

A value is suppressed when the count it is made of (the numerator of a count, a proportion or a
rate) or its denominator is under the measure's threshold (`Measure.suppress_below`, 10 unless
the measure's data file says otherwise). Pure: no query, no Django model import.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

# Kinds whose numerator counts events or people (a measured value, such as minutes, does not).
COUNTED_KINDS = frozenset({"proportion", "rate", "count"})


def is_small(*, kind: str, numerator: Decimal, denominator: Decimal | None, threshold: int) -> bool:
    if denominator is not None and denominator < threshold:
        return True
    return kind in COUNTED_KINDS and numerator < threshold


@dataclass(frozen=True)
class PublicValue:
    """One month of a measure as the public may see it: no numbers when `suppressed`."""

    period: date
    suppressed: bool
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None


def public_value(
    *,
    period: date,
    kind: str,
    numerator: Decimal,
    denominator: Decimal | None,
    multiplier: int,
    threshold: int,
) -> PublicValue:
    if is_small(kind=kind, numerator=numerator, denominator=denominator, threshold=threshold):
        return PublicValue(period=period, suppressed=True)
    if denominator and kind in ("proportion", "rate"):
        value = numerator * multiplier / denominator
    else:
        value = numerator
    return PublicValue(
        period=period,
        suppressed=False,
        value=round(value, 1),
        numerator=numerator,
        denominator=denominator,
    )
