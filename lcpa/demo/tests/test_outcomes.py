"""The demo's outcomes (content/outcomes.yaml): every team's measures and monthly values, a
visible improvement in the teams whose change worked, PDSA cycles, steps and scores."""

import statistics
from io import StringIO

import pytest
from django.core.management import call_command

from lcpa.cohorts.models import ActionStep, Team
from lcpa.outcomes.chart_data import chart_annotations
from lcpa.outcomes.models import (
    Better,
    Observation,
    PDSACycle,
    PolicyChange,
    ProgressScore,
    TeamMeasure,
)

pytestmark = pytest.mark.django_db


def _series(team_measure: TeamMeasure) -> list[float]:
    version = team_measure.measure.current
    rows = Observation.objects.filter(
        team=team_measure.team, measure_version=version, disaggregation=""
    ).order_by("period")
    return [
        float(row.numerator) / float(row.denominator) * version.multiplier
        if row.denominator
        else float(row.numerator)
        for row in rows
    ]


def _shift(team_measure: TeamMeasure, baseline: int) -> int:
    """How many of the latest points in a row sit on the better side of the baseline median."""
    values = _series(team_measure)
    median = statistics.median(values[:baseline])
    better = team_measure.measure.current.better == Better.UP
    count = 0
    for value in reversed(values[baseline:]):
        if (value > median) if better else (value < median):
            count += 1
        else:
            break
    return count


def test_every_demo_team_tells_its_outcomes_story(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())

    teams = list(Team.objects.all())
    assert teams
    for team in teams:
        chosen = list(TeamMeasure.objects.filter(team=team).select_related("measure__current"))
        assert 3 <= len(chosen) <= 6, team
        for team_measure in chosen:
            series = _series(team_measure)
            computed = Observation.objects.filter(
                team=team,
                measure_version=team_measure.measure.current,
                source=Observation.Source.COMPUTED,
            )
            # A dataset's values cover its file's months (test_datasets.py); hand-made, 21.
            assert series and computed.exists() or 18 <= len(series) <= 24, team_measure
        assert PDSACycle.objects.filter(team_measure__team=team).exists()
        policy = PolicyChange.objects.get(team=team)  # one policy change per team
        assert policy.team_measure is not None and policy.team_measure.team_id == team.pk
        assert ActionStep.objects.filter(team=team).count() >= 3
        assert ProgressScore.objects.filter(team=team).exists()

    shifted = [
        team_measure
        for team_measure in TeamMeasure.objects.select_related("measure__current", "team")
        if _shift(team_measure, 6) >= 8
    ]
    assert len({team_measure.team_id for team_measure in shifted}) >= 2
    # The cycle that tested the change is on the chart, adopted, with the next one after it.
    amherst = next(tm for tm in shifted if tm.team.name.startswith("Amherst"))
    labels = [note.label for note in chart_annotations(amherst) if note.kind == "pdsa"]
    assert len(labels) == 2 and labels[0].endswith("(adopt)")
    # Its policy change is on the same chart, on the day its values moved.
    policies = [note for note in chart_annotations(amherst) if note.kind == "policy"]
    cycle = PDSACycle.objects.filter(team_measure=amherst, act="adopt").get()
    assert [(note.date, note.label[:8]) for note in policies] == [(cycle.started_on, "Policy: ")]
    # The latest hand-made month is provisional; the others, and computed values, are not.
    hand_made = Observation.objects.exclude(source=Observation.Source.COMPUTED)
    assert Observation.objects.filter(provisional=True).count() == sum(
        1
        for team_measure in TeamMeasure.objects.all()
        if hand_made.filter(
            team=team_measure.team,
            measure_version=team_measure.measure.current,
            period=max(o.period for o in Observation.objects.filter(team=team_measure.team)),
        ).exists()
    )
