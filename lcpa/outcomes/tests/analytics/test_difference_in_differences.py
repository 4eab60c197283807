"""Difference-in-differences for shootings (analytics/difference_in_differences.py, C3): a
2 x 2 table made by hand, the known effect of the sample generator recovered (sign and rough
size), its caveats and what it refuses."""

import math
from datetime import date
from pathlib import Path

import pytest

from lcpa.outcomes.analytics.difference_in_differences import (
    AreaMonth,
    DifferenceInDifferencesError,
    difference_in_differences,
)
from lcpa.outcomes.analytics.samples.shootings import write_shootings
from lcpa.outcomes.analytics.schemas import load_schema
from lcpa.outcomes.analytics.warehouse import compute, ingest

MONTHS = [date(2024, m, 1) for m in range(1, 7)]


def counts(treated: list[int], comparison: list[int]) -> list[AreaMonth]:
    return [
        AreaMonth(month, area, n)
        for area, series in (("75", treated), ("73", comparison))
        for month, n in zip(MONTHS, series, strict=False)
        if n  # a month without a row counts 0
    ]


def test_a_two_by_two_table_made_by_hand():
    # Before April: 10 a month in the intervention area, 20 in the comparison area; after:
    # 5 and 20. IRR = (5 / 10) / (20 / 20) = 0.5, a 50 % drop.
    result = difference_in_differences(
        counts([10, 10, 10, 5, 5, 5], [20, 20, 20, 20, 20, 20]),
        intervention_area="75",
        comparison_area="73",
        start=date(2024, 4, 15),
    )
    assert result.start == date(2024, 4, 1)
    assert (result.intervention_before.total, result.intervention_before.months) == (30, 3)
    assert (result.intervention_after.total, result.comparison_after.total) == (15, 60)
    assert result.raw_irr == pytest.approx(0.5)
    assert result.irr == pytest.approx(0.5)
    assert result.percent_change == pytest.approx(-50)
    assert result.ci_low < 0.5 < result.ci_high
    assert result.reading.startswith(
        "From April 2024, area 75 had about 50 % fewer shootings than expected from how "
        "shootings changed in area 73"
    )
    assert "parallel trends" in result.caveats[0]
    assert "Only 3 months come before the start" in result.caveats[1]


def test_a_zero_month_counts_and_no_change_reads_as_chance():
    result = difference_in_differences(
        counts([3, 0, 4, 3, 0, 4], [6, 5, 7, 6, 5, 7]),
        intervention_area="75",
        comparison_area="73",
        start=date(2024, 4, 1),
    )
    assert result.intervention_before == result.intervention_after
    assert result.irr == pytest.approx(1.0)
    assert "chance alone could explain" in result.reading


def test_trends_that_already_differed_are_said():
    result = difference_in_differences(
        counts([2, 6, 18, 40, 60, 90], [20, 20, 20, 20, 20, 20]),
        intervention_area="75",
        comparison_area="73",
        start=date(2024, 4, 1),
    )
    assert any("already trending differently" in c for c in result.caveats)


@pytest.mark.parametrize(
    ("treated", "comparison", "start", "message"),
    [
        ("75", "75", date(2024, 4, 1), "must be different"),
        ("75", "99", date(2024, 4, 1), "no shootings in area '99'"),
        ("75", "73", date(2025, 1, 1), "months before and after January 2025"),
        ("75", "73", date(2024, 1, 1), "months before and after January 2024"),
    ],
)
def test_it_refuses_what_it_cannot_answer(treated, comparison, start, message):
    with pytest.raises(DifferenceInDifferencesError, match=message):
        difference_in_differences(
            counts([10, 10, 10, 5, 5, 5], [20] * 6),
            intervention_area=treated,
            comparison_area=comparison,
            start=start,
        )


def test_an_empty_cell_is_refused():
    with pytest.raises(DifferenceInDifferencesError, match="cannot be estimated as a ratio"):
        difference_in_differences(
            counts([10, 10, 10, 0, 0, 0], [20] * 6),
            intervention_area="75",
            comparison_area="73",
            start=date(2024, 4, 1),
        )


@pytest.mark.parametrize("effect", [-0.3, 0.0])
def test_it_recovers_the_generators_known_effect(tmp_path: Path, effect):
    source = tmp_path / "nypd.csv"
    sample = write_shootings(source, rows=8000, seed=11, effect=effect)
    out = tmp_path / "victims.parquet"
    columns = {
        "incident_id": "INCIDENT_KEY",
        "occur_date": "OCCUR_DATE",
        "fatal": "STATISTICAL_MURDER_FLAG",
        "area": "PRECINCT",
    }
    report = ingest(
        source=source, schema=load_schema("shootings"), level="victim", columns=columns, out=out
    )
    assert report.ok
    rows = compute("shootings", out, level="victim", measures=["shootings_incidents"]).rows
    monthly = [
        AreaMonth(r.period, r.disaggregation.removeprefix("area:"), r.numerator)
        for r in rows
        if r.disaggregation.startswith("area:")
    ]
    result = difference_in_differences(
        monthly,
        intervention_area=sample.intervention_area,
        comparison_area=sample.comparison_area,
        start=sample.intervention,
    )
    true_irr = math.exp(effect)
    assert result.ci_low < true_irr < result.ci_high
    assert abs(result.irr - true_irr) < 0.12
    if effect < 0:
        assert result.ci_high < 1 and "larger than chance" in result.reading
