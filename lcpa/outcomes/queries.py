"""Reads of the outcomes app: a team's chosen measures, the measures it may still choose, and
the period grid of one measure."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from lcpa.cohorts.models import Team
from lcpa.outcomes.models import Brief, Measure, Observation, ResultsSharing, TeamMeasure

GRID_MONTHS = 12


def team_measures(team: Team) -> QuerySet[TeamMeasure]:
    return TeamMeasure.objects.filter(team=team).select_related("measure__current")


def measures_to_choose(team: Team) -> QuerySet[Measure]:
    """The standard measures of the team's learning community (choosing one already in the
    plan again changes its baseline and target, so a second click of the button is harmless)."""
    return Measure.objects.filter(
        learning_community_id=team.cohort.learning_community_id, current__isnull=False
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
class GridRow:
    period: date
    observation: Observation | None


def observation_grid(team_measure: TeamMeasure, periods: list[date]) -> list[GridRow]:
    """One row per period with the team's total value for the measure's current version (or
    none): one query whatever the number of values."""
    found = {
        observation.period: observation
        for observation in Observation.objects.filter(
            team_id=team_measure.team_id,
            measure_version_id=team_measure.measure.current_id,
            disaggregation="",
            period__in=periods,
        ).select_related("entered_by")
    }
    return [GridRow(period=period, observation=found.get(period)) for period in periods]


def chosen_by_code(team: Team) -> dict[str, TeamMeasure]:
    """The team's chosen measures by code (what a file or an API call may send values for)."""
    return {team_measure.measure.code: team_measure for team_measure in team_measures(team)}


def measure_codes(team: Team) -> set[str]:
    """Every code of the team's learning community, chosen or not."""
    return set(
        Measure.objects.filter(learning_community_id=team.cohort.learning_community_id).values_list(
            "code", flat=True
        )
    )


def observations_of(team_measure: TeamMeasure) -> QuerySet[Observation]:
    """Every value of the team's measure under its current version, by month and group."""
    return Observation.objects.filter(
        team_id=team_measure.team_id, measure_version_id=team_measure.measure.current_id
    ).order_by("period", "disaggregation")


# Briefs and sharing results -------------------------------------------------------------------


def team_member_emails(team: Team) -> list[str]:
    return list(
        team.memberships.filter(removed_at__isnull=True, user__is_active=True)
        .order_by("user__email")
        .values_list("user__email", flat=True)
    )


def team_briefs(team: Team) -> QuerySet[Brief]:
    return Brief.objects.filter(team=team).order_by("-created_at")


def briefs_waiting_for_approval() -> QuerySet[Brief]:
    return (
        Brief.objects.filter(status=Brief.Status.SUBMITTED)
        .select_related("team__jurisdiction", "team__cohort")
        .order_by("submitted_at")
    )


def published_briefs() -> list[Brief]:
    return list(
        Brief.objects.filter(status=Brief.Status.PUBLISHED)
        .select_related("team__jurisdiction", "team__cohort__learning_community")
        .order_by("-published_at")
    )


def shares_results(team: Team) -> bool:
    return ResultsSharing.objects.filter(team=team, shared=True).exists()


def brief_history(brief: Brief) -> list:
    """The brief's status changes, oldest first, with who made them."""
    changes, status = [], None
    for record in brief.history.select_related("history_user").order_by("history_date"):
        if record.status != status:
            changes.append(record)
            status = record.status
    return changes
