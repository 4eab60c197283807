"""Reads of the outcomes app: a team's chosen measures, the measures it may still choose, the
period grid of one measure, its PDSA cycles and their chart annotations."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Q, QuerySet

from lcpa.accounts.models import User
from lcpa.cohorts.models import Team
from lcpa.outcomes.models import Measure, Observation, PDSACycle, TeamMeasure

GRID_MONTHS = 12


def team_measures(team: Team) -> QuerySet[TeamMeasure]:
    return TeamMeasure.objects.filter(team=team).select_related("measure__current")


def measures_to_choose(team: Team) -> QuerySet[Measure]:
    """The standard measures of the team's learning community and the team's own (choosing
    one already in the plan again changes its baseline and target, so a second click of the
    button is harmless)."""
    return Measure.objects.filter(
        Q(team__isnull=True) | Q(team=team),
        learning_community_id=team.cohort.learning_community_id,
        current__isnull=False,
    ).select_related("current")


def months_before(today: date, count: int = GRID_MONTHS) -> list[date]:
    """The first days of the `count` whole months before today's, most recent first."""
    year, month = today.year, today.month
    periods = []
    for _ in range(count):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        periods.append(date(year, month, 1))
    return periods


@dataclass(frozen=True)
class Correction:
    """The value an observation had before its latest correction, and who entered it when."""

    numerator: Decimal
    denominator: Decimal | None
    entered_by: User
    entered_at: datetime


@dataclass(frozen=True)
class GridRow:
    period: date
    observation: Observation | None
    correction: Correction | None = None


def _corrections(observations: list[Observation]) -> dict[int, Correction]:
    """For each corrected observation, the value before the latest change of its numbers (one
    query); a change of note or provisional mark alone is no correction."""
    history = Observation.history.filter(id__in=[o.pk for o in observations]).order_by(
        "id", "-history_date", "-history_id"
    )
    records: dict[int, list] = {}
    for record in history.select_related("entered_by"):
        records.setdefault(record.id, []).append(record)
    found = {}
    for observation_id, versions in records.items():
        latest = versions[0]
        earlier = next(
            (
                record
                for record in versions[1:]
                if (record.numerator, record.denominator) != (latest.numerator, latest.denominator)
            ),
            None,
        )
        if earlier is not None:
            found[observation_id] = Correction(
                earlier.numerator, earlier.denominator, earlier.entered_by, earlier.history_date
            )
    return found


def observation_grid(
    team_measure: TeamMeasure, periods: list[date], disaggregation: str = ""
) -> list[GridRow]:
    """One row per period with the team's value for the measure's current version and the
    disaggregation ("" for the total), or none, and what a correction replaced: two queries
    whatever the number of values."""
    found = {
        observation.period: observation
        for observation in Observation.objects.filter(
            team_id=team_measure.team_id,
            measure_version_id=team_measure.measure.current_id,
            disaggregation=disaggregation,
            period__in=periods,
        ).select_related("entered_by")
    }
    corrections = _corrections(list(found.values())) if found else {}
    return [
        GridRow(
            period=period,
            observation=found.get(period),
            correction=corrections.get(found[period].pk) if period in found else None,
        )
        for period in periods
    ]


def pdsa_cycles(team_measure: TeamMeasure) -> list[PDSACycle]:
    """The measure's PDSA cycles, planned ones (no start date yet) last (one query)."""
    cycles = PDSACycle.objects.filter(team_measure=team_measure).select_related("previous")
    return sorted(cycles, key=lambda cycle: (cycle.started_on is None, cycle.started_on, cycle.pk))


class Annotation(NamedTuple):
    """A dated mark on a chart's time axis: (date, label, kind)."""

    on: date
    label: str
    kind: str


def pdsa_annotations(team_measure: TeamMeasure) -> list[Annotation]:
    """One mark per PDSA cycle that has started, on its start date, for the measure's chart
    (`kind` "pdsa"), in date order (one query)."""
    cycles = PDSACycle.objects.filter(team_measure=team_measure, started_on__isnull=False).order_by(
        "started_on", "pk"
    )
    return [
        Annotation(
            cycle.started_on,
            f"PDSA: {cycle.change_idea}"
            + (f" ({cycle.get_act_display().split(':')[0].lower()})" if cycle.act else ""),
            "pdsa",
        )
        for cycle in cycles
    ]


def pdsa_cycle_choices(team_measure: TeamMeasure, *, besides: PDSACycle | None = None):
    """The cycles another cycle of the measure may follow."""
    cycles = PDSACycle.objects.filter(team_measure=team_measure)
    return cycles.exclude(pk=besides.pk) if besides else cycles


def pdsa_next_cycles(cycle: PDSACycle) -> list[PDSACycle]:
    """The cycles that follow this one."""
    return list(cycle.next_cycles.order_by("started_on", "pk"))
