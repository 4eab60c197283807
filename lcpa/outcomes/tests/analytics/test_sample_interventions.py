"""The sample generators' interventions show on a chart: the monthly measure, counted in plain
Python from the generated rows, has a shift (lcpa.outcomes.analytics.spc, Anhøj rules) from the
intervention on against the months before it, and those months alone show no signal. The
periods are the demo's (content/datasets.yaml): 21 months ending last month, the change 9
months back for stops and 12 for a school roster."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from lcpa.outcomes.analytics.samples.calls import add_months
from lcpa.outcomes.analytics.samples.schools import student_rows
from lcpa.outcomes.analytics.samples.stops import stop_rows
from lcpa.outcomes.analytics.spc import QicResult, qic
from lcpa.outcomes.analytics.stopreasons import classify_stop_reason

MONTHS = 21


def _period(this_month: dt.date, months_ago: int) -> tuple[dt.date, dt.date, dt.date]:
    """The first and last day of the 21 months before `this_month`, and the intervention."""
    start = add_months(this_month, -MONTHS)
    return start, this_month - dt.timedelta(days=1), add_months(this_month, -months_ago)


def _below(result: QicResult) -> list[int]:
    """The positions of the points below the centre line at the end of the chart."""
    points = [p for p in result.points if p.y is not None and p.y != p.cl]
    run: list[int] = []
    for point in reversed(points):
        if point.y > point.cl:
            break
        run.insert(0, point.x)
    return run


def _assert_shift_from(months: list[dt.date], y: list[int], n: list[int], chart: str, on: dt.date):
    before = sum(1 for month in months if month < on)
    shifted = qic(y, n, chart=chart, freeze=before)
    assert "shift" in shifted.summary[0].signals
    # Every month from the intervention on is below the months before it.
    assert len(_below(shifted)) >= len(months) - before
    alone = qic(y[:before], n[:before], chart=chart)
    assert alone.summary[0].signals == () and alone.summary[0].sigma_signal == 0


def test_non_safety_stops_fall_from_the_intervention_and_so_do_stops():
    start, end, on = _period(dt.date(2026, 12, 1), 9)
    non_safety, stops = Counter(), Counter()
    for row in stop_rows(12_000, seed=11, start=start, end=end, effect=-0.3, intervention=on):
        month = dt.date.fromisoformat(row["date"]).replace(day=1)
        stops[month] += 1
        non_safety[month] += classify_stop_reason(row["reason_for_stop"]).non_safety
    months = sorted(stops)
    assert len(months) == MONTHS
    y, n = [non_safety[m] for m in months], [stops[m] for m in months]
    _assert_shift_from(months, y, n, "p", on)
    # Fewer stops a month than in the same months a year before (seasons differ by month).
    later = [m for m in months if m >= on]
    year_before = [add_months(m, -12) for m in later]
    assert sum(stops[m] for m in later) < 0.9 * sum(stops[m] for m in year_before)


@pytest.mark.parametrize("this_month", [dt.date(2026, m, 1) for m in (2, 5, 8, 11)])
def test_referrals_fall_from_the_intervention_whatever_the_season(this_month):
    start, end, on = _period(this_month, 12)
    referred, enrolled, months = Counter(), Counter(), set()
    for row in student_rows(24_000, seed=15, start=start, end=end, intervention=on):
        month = dt.date.fromisoformat(row[5]).replace(day=1)
        months.add(month)
        enrolled[row[4]] += 1
        referred[month] += row[9] == "Y"
    months = sorted(months)
    assert start <= months[0] and months[-1] <= end
    assert not {m.month for m in months} & {6, 7}  # no school in summer
    school_year = {
        m: f"{m.year - (m.month < 7)}-{(m.year + (m.month >= 7)) % 100:02}" for m in months
    }
    y = [referred[m] for m in months]
    n = [enrolled[school_year[m]] for m in months]
    _assert_shift_from(months, y, n, "u", on)


def test_a_roster_of_summer_months_alone_is_refused():
    rows = student_rows(
        10,
        seed=1,
        start=dt.date(2026, 6, 1),
        end=dt.date(2026, 7, 31),
        intervention=dt.date(2026, 7, 1),
    )
    with pytest.raises(ValueError, match="no school month"):
        next(rows)
