"""Reads behind the charts: the values of many team measures in one query, the dated events
drawn on a team's time axis, and a cohort's teams for one measure.

Annotations come from `ANNOTATION_SOURCES`, one function per kind of event, each a single
query for a team: adding a source is one more entry there. An event of one measure (a PDSA
cycle; a TA request or a policy change that names one) names its team measure; the others go
on every chart.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from lcpa.assistance.models import TARequest
from lcpa.cohorts.models import Cohort, Deliverable, Team
from lcpa.outcomes.models import Measure, Observation, PDSACycle, PolicyChange, TeamMeasure


@dataclass(frozen=True)
class Annotation:
    """An event on a chart's time axis; `kind` names its source (milestone, ta_request...).
    `team_measure_id` puts it on that measure's chart only (None: on all the team's)."""

    date: date
    label: str
    kind: str
    team_measure_id: int | None = None


def chart_observations(team_measures: Iterable[TeamMeasure]) -> dict[int, list[Observation]]:
    """Each team measure's total values for its measure's current version, oldest first, by
    team measure id: one query whatever the number of measures and values."""
    wanted = {(tm.team_id, tm.measure.current_id): tm.pk for tm in team_measures}
    found: dict[int, list[Observation]] = {pk: [] for pk in wanted.values()}
    if not wanted:
        return found
    rows = Observation.objects.filter(
        team_id__in={team for team, _ in wanted},
        measure_version_id__in={version for _, version in wanted},
        disaggregation="",
    ).order_by("period")
    for row in rows:
        pk = wanted.get((row.team_id, row.measure_version_id))
        if pk is not None:
            found[pk].append(row)
    return found


def _milestones(team: Team) -> list[Annotation]:
    """Module deliverables accepted by the program."""
    accepted = Deliverable.objects.filter(
        team=team, status=Deliverable.Status.ACCEPTED, accepted_at__isnull=False
    ).select_related("module")
    return [
        Annotation(
            timezone.localdate(row.accepted_at), f"Module {row.module.number} accepted", "milestone"
        )
        for row in accepted
    ]


def _resolved_requests(team: Team) -> list[Annotation]:
    """Technical-assistance requests the team had resolved: on the chart of the measure a
    request concerns, or on every chart when it names none."""
    resolved = TARequest.objects.filter(team=team, resolved_at__isnull=False)
    return [
        Annotation(
            timezone.localdate(row.resolved_at),
            f"TA: {row.title}",
            "ta_request",
            team_measure_id=row.measure_id,
        )
        for row in resolved
    ]


def _pdsa_cycles(team: Team) -> list[Annotation]:
    """PDSA cycles that have started, on their start date, each on its own measure's chart."""
    started = PDSACycle.objects.filter(team_measure__team=team, started_on__isnull=False).order_by(
        "started_on", "pk"
    )
    return [
        Annotation(
            row.started_on,
            f"PDSA: {row.change_idea}"
            + (f" ({row.get_act_display().split(':')[0].lower()})" if row.act else ""),
            "pdsa",
            team_measure_id=row.team_measure_id,
        )
        for row in started
    ]


def _policy_changes(team: Team) -> list[Annotation]:
    """Policy changes, on the day they took effect: on the chart of the measure one names, or
    on every chart."""
    changes = PolicyChange.objects.filter(team=team).order_by("changed_on", "pk")
    return [
        Annotation(
            row.changed_on, f"Policy: {row.title}", "policy", team_measure_id=row.team_measure_id
        )
        for row in changes
    ]


ANNOTATION_SOURCES: tuple[Callable[[Team], list[Annotation]], ...] = (
    _milestones,
    _resolved_requests,
    _pdsa_cycles,
    _policy_changes,
)


def team_annotations(team: Team) -> list[Annotation]:
    """Every dated event of the team, oldest first (one query per source)."""
    return sorted(
        (note for source in ANNOTATION_SOURCES for note in source(team)), key=lambda a: a.date
    )


def annotations_for(notes: Iterable[Annotation], team_measure: TeamMeasure) -> list[Annotation]:
    """The team's events that belong on this measure's chart."""
    return [note for note in notes if note.team_measure_id in (None, team_measure.pk)]


def chart_annotations(team_measure: TeamMeasure) -> list[Annotation]:
    """The events drawn on this measure's chart."""
    return annotations_for(team_annotations(team_measure.team), team_measure)


def team_chart_measures(team: Team) -> QuerySet[TeamMeasure]:
    """The measures in a team's plan, ready for charting."""
    return TeamMeasure.objects.filter(team=team, measure__current__isnull=False).select_related(
        "measure__current", "team"
    )


def cohort_measures(cohort: Cohort) -> QuerySet[Measure]:
    """Measures at least one of the cohort's teams chose, in dictionary order."""
    return (
        Measure.objects.filter(team_measures__team__cohort=cohort, current__isnull=False)
        .select_related("current")
        .distinct()
    )


def cohort_team_measures(cohort: Cohort, measure: Measure) -> QuerySet[TeamMeasure]:
    """The cohort's teams that chose the measure, by team name."""
    return (
        TeamMeasure.objects.filter(team__cohort=cohort, measure=measure)
        .select_related("measure__current", "team")
        .order_by("team__name")
    )
