"""measure_chart(): which chart, the signals in words, the table and the Vega-Lite spec; and
the drawing as SVG and PNG files."""

import uuid
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from lcpa.assistance.models import TARequest
from lcpa.assistance.services import ta_request_open
from lcpa.cohorts.models import Deliverable, Team
from lcpa.outcomes.chart_data import Annotation, annotations_for, chart_annotations
from lcpa.outcomes.charts import (
    chart_png,
    chart_svg,
    cohort_funnel,
    format_value,
    measure_chart,
)
from lcpa.outcomes.models import Measure, MeasureVersion, Observation, TeamMeasure
from lcpa.outcomes.services import ObservationValue, observations_record
from lcpa.testing import choose_measure, module_of


def months(first: date, count: int) -> list[date]:
    periods, year, month = [], first.year, first.month
    for _ in range(count):
        periods.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return periods


def record(
    team_measure, numerators, denominators=None, *, first=date(2024, 11, 1), by, provisional=0
):
    """Monthly values from `first` on (a denominator of 100 unless given); the last
    `provisional` of them marked provisional."""
    denominators = denominators or [100] * len(numerators)
    values = [
        ObservationValue(
            period=period,
            numerator=Decimal(y),
            denominator=None if n is None else Decimal(n),
            provisional=index >= len(numerators) - provisional,
            note="",
        )
        for index, (period, y, n) in enumerate(
            zip(months(first, len(numerators)), numerators, denominators, strict=True)
        )
    ]
    observations_record(team_measure=team_measure, values=values, by=by)
    return team_measure


@pytest.fixture
def coverage(cast):
    """Team A's share of eligible calls answered by an alternative responder (higher is
    better, a P chart in percent, a target of 40, baseline January to June 2026)."""
    return choose_measure(cast.team_a, by=cast.member_a1)


@pytest.fixture
def backup(cast):
    """Team A's police backup rate (lower is better, a P chart in percent)."""
    return choose_measure(cast.team_a, "police_backup_rate", by=cast.member_a1)


STEADY = [30, 32, 28, 31, 29, 33, 27, 30, 31, 29]


def test_a_point_above_the_upper_limit_is_an_improvement_when_higher_is_better(cast, coverage):
    record(coverage, [*STEADY, *STEADY, 60], by=cast.member_a1)

    chart = measure_chart(coverage)

    assert chart.chart == "p" and chart.chart_name == "P chart"
    assert chart.signals_in_words == [
        "1 point above the upper limit (July 2026): unusual, a sign of improvement "
        "(higher is better)."
    ]
    assert chart.improvement and not chart.concern
    last = chart.table_rows[-1]
    assert (last.value, last.numerator, last.denominator, last.status) == (
        "60",
        "60",
        "100",
        "Outside the limits",
    )
    assert last.limits.startswith("16.") and " to 43." in last.limits


def test_the_same_point_is_a_concern_when_lower_is_better(cast, backup):
    record(backup, [*STEADY, *STEADY, 60], by=cast.member_a1)

    chart = measure_chart(backup)

    assert chart.signals_in_words == [
        "1 point above the upper limit (July 2026): unusual, a sign of concern (lower is better)."
    ]
    assert chart.concern and not chart.improvement


def test_points_below_the_lower_limit_are_named_with_their_months(cast, backup):
    record(backup, [*STEADY, *STEADY, 5, 4], by=cast.member_a1)

    chart = measure_chart(backup)

    assert (
        "2 points below the lower limit (July and August 2026): unusual, a sign of "
        "improvement (lower is better)." in chart.signals_in_words
    )


def test_a_long_run_below_the_centre_line_is_a_likely_real_change(cast, coverage):
    record(coverage, [*STEADY, 20, 22, 21, 23, 24, 20, 22, 21, 23, 22], by=cast.member_a1)

    chart = measure_chart(coverage)

    assert chart.signals_in_words == [
        "10 points in a row below the centre line (September 2025 to June 2026): likely a "
        "real change, a sign of concern (higher is better).",
        "The values cross the centre line only once in 20 points, where chance alone would "
        "give at least 6: likely a real change.",
    ]
    assert [row.status for row in chart.table_rows].count("Part of a long run") == 10


def test_too_few_crossings_of_the_centre_line_is_a_change_without_a_direction(cast, coverage):
    record(coverage, [40] * 5 + [20] * 5 + [40] * 5 + [20] * 5, by=cast.member_a1)

    chart = measure_chart(coverage)

    assert chart.signals_in_words == [
        "The values cross the centre line only 3 times in 20 points, where chance alone "
        "would give at least 6: likely a real change."
    ]
    assert not chart.improvement and not chart.concern


def ihi(team_measure):
    team_measure.rules = TeamMeasure.Rules.IHI
    team_measure.save()
    return team_measure


def test_ihi_rules_a_trend_of_five_points_going_up_is_named_with_its_months(cast, coverage):
    """IHI rule 2 (Perla, Provost & Murray 2011, BMJ Qual Saf 20:46): 5 or more points all
    going up; here April to August 2025, higher is better."""
    record(ihi(coverage), [30, 32, 28, 31, 29, 20, 24, 27, 33, 36], by=cast.member_a1)

    chart = measure_chart(coverage)

    assert chart.chart == "run"
    assert chart.signals_in_words == [
        "5 points in a row going up (April to August 2025): likely a real change, a sign of "
        "improvement (higher is better)."
    ]
    assert [row.status for row in chart.table_rows][5:] == ["Part of a long run"] * 5
    assert chart.rules_name == "the IHI run-chart rules (Perla, Provost and Murray 2011)"


def test_ihi_rules_a_shift_of_six_points_below_the_centre_line(cast, coverage):
    """IHI rule 1 (Perla, Provost & Murray 2011): 6 or more points on one side of the centre
    line, which the Anhøj rules (a run longer than round(log2(16)) + 3 = 7) do not call a
    signal."""
    values = [40, 20, 41, 39, 21, 42, 38, 20, 22, 19, 21, 20, 22, 40, 41, 39]
    record(coverage, values, by=cast.member_a1)
    assert measure_chart(coverage).signals_in_words == [
        "No signal: the ups and downs are what chance alone would give."
    ]

    chart = measure_chart(ihi(coverage))

    assert chart.signals_in_words == [
        "6 points in a row below the centre line (June to November 2025): likely a real "
        "change, a sign of concern (higher is better)."
    ]


def test_ihi_rules_too_few_runs_is_a_change_without_a_direction(cast, coverage):
    """IHI rule 3: 4 runs in 20 useful points, fewer than the 7 the runs distribution of
    Swed & Eisenhart (1943) allows at about 5 % risk; no run reaches 6 points."""
    record(ihi(coverage), [40] * 5 + [20] * 5 + [40] * 5 + [20] * 5, by=cast.member_a1)

    chart = measure_chart(coverage)

    assert chart.signals_in_words == [
        "Only 4 runs above and below the centre line in 20 points, where chance alone would "
        "give at least 7: likely a real change."
    ]
    assert not chart.improvement and not chart.concern


def test_ihi_rules_too_many_runs_says_to_look_at_the_sources_separately(cast, coverage):
    """IHI rule 3: 12 runs in 12 useful points, more than the upper limit of 10 for 12."""
    record(ihi(coverage), [20, 40] * 6, by=cast.member_a1)

    chart = measure_chart(coverage)

    assert chart.signals_in_words == [
        "12 runs above and below the centre line in 12 points, where chance alone would give "
        "at most 10: the values swing more than chance would. Values that alternate like this "
        "often mix two sources (such as two shifts or two areas): look at them separately."
    ]


def test_steady_values_show_no_signal(cast, coverage):
    record(coverage, [*STEADY, *STEADY], by=cast.member_a1)

    chart = measure_chart(coverage)

    assert chart.signals_in_words == [
        "No signal: the ups and downs are what chance alone would give."
    ]


def test_a_few_values_make_a_run_chart_of_rates_that_says_it_is_too_early(cast, coverage):
    record(coverage, [30, 15, 45], [100, 50, 90], by=cast.member_a1)

    chart = measure_chart(coverage)

    assert chart.chart == "run"
    assert [row.value for row in chart.table_rows] == ["30", "30", "50"]
    assert chart.table_rows[0].centre == "30" and chart.table_rows[0].limits == ""
    assert chart.signals_in_words == [
        "Only 3 values so far: about 10 are needed before a real change can be told from chance."
    ]
    marks = [layer.get("mark", {}).get("type") for layer in chart.spec["layer"]]
    assert marks.count("line") == 2  # centre line and values: no limits on a run chart


def test_the_baseline_months_set_the_centre_line_and_limits(cast, coverage):
    # January 2025 to November 2026: the 18 months up to the baseline's end (June 2026) are
    # the baseline; the five after it are higher and do not move the centre line.
    record(coverage, [30] * 18 + [50] * 5, first=date(2025, 1, 1), by=cast.member_a1)

    chart = measure_chart(coverage)

    assert chart.freeze == 18
    assert {row.centre for row in chart.table_rows} == {"30"}
    assert "5 points above the upper limit (July to November 2026)" in chart.signals_in_words[-1]
    band = chart.spec["layer"][0]
    assert band["mark"]["type"] == "rect"
    assert band["data"]["values"] == [{"start": "2025-01-01", "end": "2026-06-01"}]


def spec_layers(spec, mark):
    def walk(layers):
        for layer in layers:
            yield layer
            yield from walk(layer.get("layer", []))

    return [layer for layer in walk(spec["layer"]) if layer.get("mark", {}).get("type") == mark]


def test_the_spec_marks_signals_by_shape_and_colour_and_draws_limits_and_target(cast, coverage):
    record(coverage, [*STEADY, *STEADY, 60], by=cast.member_a1)

    spec = measure_chart(coverage).spec

    assert spec["$schema"].endswith("/v6.json")
    points = spec_layers(spec, "point")[0]
    encoding = points["encoding"]
    assert encoding["shape"]["field"] == encoding["color"]["field"] == "status"
    shapes = dict(
        zip(encoding["shape"]["scale"]["domain"], encoding["shape"]["scale"]["range"], strict=True)
    )
    colours = dict(
        zip(encoding["color"]["scale"]["domain"], encoding["color"]["scale"]["range"], strict=True)
    )
    assert shapes["Outside the limits"] != shapes["Usual variation"]
    assert colours["Outside the limits"] != colours["Usual variation"]
    july = next(row for row in points["data"]["values"] if row["period"] == "2026-07-01")
    assert (july["value"], july["status"], july["value_text"]) == (
        60.0,
        "Outside the limits",
        "60 percent of eligible calls",
    )
    # The first 20 months are the baseline: p-bar 0.3, UCL 0.3 + 3 sqrt(0.3 x 0.7 / 100).
    assert july["ucl"] == pytest.approx(100 * (0.3 + 3 * (0.21 / 100) ** 0.5))
    limits = {layer["encoding"]["y"]["field"] for layer in spec_layers(spec, "line")}
    assert limits == {"ucl", "lcl", "cl", "value"}
    target = spec_layers(spec, "rule")[0]
    assert target["mark"]["color"] == "#00756a"
    assert spec_layers(spec, "text")[0]["mark"]["color"] == "#00756a"
    assert any(
        layer["data"]["values"] == [{"target": 40.0, "label": "Target 40"}]
        for layer in spec["layer"]
        if "data" in layer
    )


def test_provisional_values_are_drawn_hollow_with_a_legend_and_marked_in_the_table(cast, coverage):
    record(coverage, [*STEADY, *STEADY], by=cast.member_a1, provisional=2)

    chart = measure_chart(coverage)

    assert chart.has_provisional
    assert [row.provisional for row in chart.table_rows] == [False] * 18 + [True] * 2
    points, hollow = spec_layers(chart.spec, "point")
    entries = [row["entry"] for row in points["data"]["values"]]
    assert entries == ["Final value"] * 18 + ["Provisional value"] * 2
    # A white centre in the point's own shape over each provisional point: an outline.
    assert [row["period"] for row in hollow["data"]["values"]] == ["2026-05-01", "2026-06-01"]
    assert hollow["encoding"]["shape"]["scale"] == points["encoding"]["shape"]["scale"]
    assert hollow["encoding"]["fill"]["scale"] == {
        "domain": ["Provisional value"],
        "range": ["#ffffff"],
    }
    assert "Provisional value" in chart_svg(chart.spec)  # the legend names them


def test_a_chart_without_provisional_values_has_no_hollow_legend(cast, coverage):
    record(coverage, STEADY, by=cast.member_a1)

    chart = measure_chart(coverage)

    assert not chart.has_provisional
    assert len(spec_layers(chart.spec, "point")) == 1
    assert "Provisional value" not in chart_svg(chart.spec)


def test_annotations_are_drawn_on_the_time_axis(cast, coverage):
    record(coverage, STEADY, by=cast.member_a1)
    notes = [Annotation(date(2025, 3, 14), "New dispatch protocol", "policy")]

    spec = measure_chart(coverage, annotations=notes).spec

    layer = next(
        layer for layer in spec["layer"] if layer.get("data", {}).get("values", [{}])[0].get("kind")
    )
    assert layer["data"]["values"] == [
        {"date": "2025-03-14", "label": "New dispatch protocol", "kind": "policy"}
    ]
    assert layer["encoding"]["x"]["field"] == "date"


def open_request(cast, team, title, resolved_at=None, measure=None):
    request = ta_request_open(
        submission_key=uuid.uuid4(),
        team=team,
        by=cast.member_a1 if team == cast.team_a else cast.member_b,
        category=TARequest.Category.DATA,
        urgency=TARequest.Urgency.ROUTINE,
        title=title,
        description="Which call codes count?",
        measure=measure,
    )
    TARequest.objects.filter(pk=request.pk).update(resolved_at=resolved_at)


def test_the_team_events_are_accepted_modules_and_resolved_requests(cast, coverage):
    Deliverable.objects.create(
        team=cast.team_a,
        module=module_of(cast.team_a, 2),
        status=Deliverable.Status.ACCEPTED,
        accepted_at=datetime(2026, 3, 2, 15, tzinfo=UTC),
    )
    Deliverable.objects.create(team=cast.team_a, module=module_of(cast.team_a, 1))
    open_request(cast, cast.team_a, "Call codes", datetime(2026, 4, 10, 15, tzinfo=UTC))
    open_request(cast, cast.team_a, "Still open")

    notes = chart_annotations(coverage)

    assert notes == [
        Annotation(date(2026, 3, 2), "Module 2 accepted", "milestone"),
        Annotation(date(2026, 4, 10), "TA: Call codes", "ta_request"),
    ]


def test_a_resolved_request_about_a_measure_is_on_that_measures_chart_only(cast, coverage, backup):
    resolved = datetime(2026, 4, 10, 15, tzinfo=UTC)
    open_request(cast, cast.team_a, "Backup codes", resolved, measure=backup)
    open_request(cast, cast.team_a, "Funding", resolved)

    assert [note.label for note in chart_annotations(coverage)] == ["TA: Funding"]
    assert [note.label for note in chart_annotations(backup)] == ["TA: Backup codes", "TA: Funding"]


def test_a_request_cannot_name_another_teams_measure(cast, coverage):
    theirs = choose_measure(cast.team_b, by=cast.member_b)

    with pytest.raises(ValidationError, match="Choose a measure of your team's plan."):
        open_request(cast, cast.team_a, "Their measure", measure=theirs)


def test_an_event_of_one_measure_stays_off_the_others(cast, coverage, backup):
    notes = [
        Annotation(date(2026, 5, 1), "Cycle 1: text the caller back", "pdsa", backup.pk),
        Annotation(date(2026, 6, 1), "Dispatch protocol changed", "policy"),
    ]

    assert [note.label for note in annotations_for(notes, coverage)] == [
        "Dispatch protocol changed"
    ]
    assert annotations_for(notes, backup) == notes


def test_another_teams_events_stay_off_the_chart(cast, coverage):
    open_request(cast, cast.team_b, "Their request", datetime(2026, 4, 10, 15, tzinfo=UTC))

    assert chart_annotations(coverage) == []


def test_numbers_read_plainly():
    assert [format_value(v) for v in (1234.0, 42.5, 40.0, 0.375, None)] == [
        "1,234",
        "42.5",
        "40",
        "0.38",
        "",
    ]


def test_the_svg_download_parses_and_names_the_months(cast, coverage):
    record(coverage, [*STEADY, *STEADY, 60], by=cast.member_a1)

    svg = chart_svg(measure_chart(coverage).spec)

    root = ET.fromstring(svg)  # noqa: S314 (our own renderer's output, not untrusted input)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    texts = {"".join(node.itertext()) for node in root.iter("{http://www.w3.org/2000/svg}text")}
    assert {"Target 40", "Percent of eligible calls", "Jul 2026"} <= texts


def test_the_png_download_is_a_png(cast, coverage):
    record(coverage, STEADY, by=cast.member_a1)

    png = chart_png(measure_chart(coverage).spec, scale=1)

    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def unsaved_rate_measure(team_name: str) -> TeamMeasure:
    """A rate per 100,000 residents (lower is better), unsaved: cohort_funnel reads nothing."""
    version = MeasureVersion(
        name="Crashes that killed or seriously injured someone",
        kind="rate",
        unit="per 100,000 residents",
        multiplier=100_000,
        better="down",
        chart="u",
        denominator="Residents",
    )
    return TeamMeasure(
        team=Team(name=team_name),
        measure=Measure(current=version),
        baseline_start=date(2026, 1, 1),
        baseline_end=date(2026, 6, 1),
        target_value=Decimal(5),
        target_date=date(2027, 12, 31),
    )


def test_the_funnel_of_a_rate_has_poisson_limits_that_narrow_with_the_population():
    teams = {"Big city": (120, 1_000_000), "Small town": (9, 10_000), "Suburb": (24, 200_000)}
    charts = []
    for name, (events, residents) in teams.items():
        team_measure = unsaved_rate_measure(name)
        rows = [
            Observation(period=period, numerator=events, denominator=residents)
            for period in months(date(2025, 12, 1), 12)
        ]
        charts.append(measure_chart(team_measure, observations=rows))

    funnel = cohort_funnel(charts[0].version, charts, today=date(2026, 12, 1))

    # (1,440 + 108 + 288) events over 14,520,000 resident-months: 12.6 per 100,000.
    centre = 1836 / 14_520_000
    assert funnel.centre == pytest.approx(centre * 100_000)
    assert (funnel.first, funnel.last) == (date(2025, 12, 1), date(2026, 11, 1))
    by_team = {row.team.name: row for row in funnel.rows}
    small = by_team["Small town"]
    # 9 a month in 10,000: 90 per 100,000, above centre + 3 sqrt(centre / 120,000).
    assert small.rate == pytest.approx(90)
    assert small.rate / 100_000 > centre + 3 * (centre / 120_000) ** 0.5
    assert (small.position, small.verdict) == ("Above the limits", "concern")
    assert by_team["Suburb"].position == "Within the limits"
    curve = funnel.spec["layer"][0]["data"]["values"]
    widths = [point["high3"] - point["low3"] for point in curve if point["low3"] > 0]
    assert widths == sorted(widths, reverse=True)
