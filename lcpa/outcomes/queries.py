"""Reads of the outcomes app: a team's chosen measures, the measures it may still choose, the
period grid of one measure, its PDSA cycles and their chart annotations."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet

from lcpa.accounts.models import User
from lcpa.cohorts.models import Deliverable, Membership, Team
from lcpa.outcomes.models import (
    KEPT_STATUSES,
    Brief,
    Dataset,
    DatasetVersion,
    Measure,
    Observation,
    PDSACycle,
    PolicyChange,
    ProgressScore,
    ResultsSharing,
    TeamMeasure,
)
from lcpa.outcomes.progress import Evidence, MeasureSeries

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


def team_member_users(team: Team) -> QuerySet[User]:
    """The team's current, active members (who hear about its briefs)."""
    return User.objects.filter(
        is_active=True, memberships__team=team, memberships__removed_at__isnull=True
    ).order_by("email")


def brief_approvers() -> QuerySet[User]:
    """Program staff, who approve or return the briefs teams send."""
    return User.objects.filter(is_active=True, role=User.Role.PROGRAM_STAFF).order_by("email")


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


def pdsa_cycles(team_measure: TeamMeasure) -> list[PDSACycle]:
    """The measure's PDSA cycles, planned ones (no start date yet) last (one query)."""
    cycles = PDSACycle.objects.filter(team_measure=team_measure).select_related("previous")
    return sorted(cycles, key=lambda cycle: (cycle.started_on is None, cycle.started_on, cycle.pk))


def pdsa_cycle_choices(team_measure: TeamMeasure, *, besides: PDSACycle | None = None):
    """The cycles another cycle of the measure may follow."""
    cycles = PDSACycle.objects.filter(team_measure=team_measure)
    return cycles.exclude(pk=besides.pk) if besides else cycles


def pdsa_next_cycles(cycle: PDSACycle) -> list[PDSACycle]:
    """The cycles that follow this one."""
    return list(cycle.next_cycles.order_by("started_on", "pk"))


def team_policy_changes(team: Team) -> list[PolicyChange]:
    """The team's policy changes, most recent first, with the measure each names (one query)."""
    changes = PolicyChange.objects.filter(team=team).select_related(
        "team_measure__measure__current"
    )
    return list(changes.order_by("-changed_on", "-pk"))


def progress_evidence(teams: list[Team]) -> dict[int, Evidence]:
    """The evidence of each team's progress (`progress.Evidence`): five queries whatever the
    number of teams, measures and values."""
    evidence = {team.pk: Evidence() for team in teams}
    members = (
        Membership.objects.filter(team__in=teams, removed_at__isnull=True)
        .values("team")
        .annotate(count=Count("pk"))
    )
    for row in members:
        evidence[row["team"]].members = row["count"]
    accepted = (
        Deliverable.objects.filter(team__in=teams, status=Deliverable.Status.ACCEPTED)
        .values("team")
        .annotate(count=Count("pk"))
    )
    for row in accepted:
        evidence[row["team"]].deliverables_accepted = row["count"]
    series = {}
    for team_measure in TeamMeasure.objects.filter(team__in=teams).select_related(
        "measure__current"
    ):
        version = team_measure.measure.current
        series[(team_measure.team_id, version.pk)] = (
            version,
            MeasureSeries(
                role=team_measure.role,
                better=version.better,
                baseline_start=team_measure.baseline_start,
                baseline_end=team_measure.baseline_end,
                target=team_measure.target_value,
            ),
        )
        evidence[team_measure.team_id].measures.append(
            series[(team_measure.team_id, version.pk)][1]
        )
    values = Observation.objects.filter(
        team__in=teams, disaggregation="", measure_version_id__in={key[1] for key in series}
    ).order_by("period")
    for team_id, version_id, period, numerator, denominator in values.values_list(
        "team_id", "measure_version_id", "period", "numerator", "denominator"
    ):
        found = series.get((team_id, version_id))
        if found is None:
            continue
        version, measure = found
        if version.has_denominator and denominator:
            value = float(numerator) / float(denominator) * version.multiplier
        else:
            value = float(numerator)
        measure.values.append((period, value))
    cycles = PDSACycle.objects.filter(
        team_measure__team__in=teams, started_on__isnull=False
    ).values_list("team_measure__team_id", "act")
    for team_id, act in cycles:
        evidence[team_id].cycles_started += 1
        evidence[team_id].cycles_adopted += act == PDSACycle.Act.ADOPT
    return evidence


def team_progress_scores(team: Team) -> list[ProgressScore]:
    """The team's monthly scores, the latest month first, with who set them."""
    return list(ProgressScore.objects.filter(team=team).select_related("set_by"))


def latest_progress_scores(teams: list[Team]) -> dict[int, ProgressScore]:
    """Each team's score for its latest scored month (one query)."""
    latest: dict[int, ProgressScore] = {}
    for score in ProgressScore.objects.filter(team__in=teams).order_by("team", "-month"):
        latest.setdefault(score.team_id, score)
    return latest


def progress_score_changes(team: Team) -> list:
    """Every version of the team's scores (earlier ones included), the newest first."""
    return list(
        ProgressScore.history.filter(team_id=team.pk)
        .select_related("history_user")
        .order_by("-history_date")
    )


# Datasets ------------------------------------------------------------------------------------


def team_datasets(team: Team) -> QuerySet[Dataset]:
    """The team's datasets, each with its versions newest first (two queries)."""
    versions = DatasetVersion.objects.select_related("uploaded_by").order_by("-number")
    return Dataset.objects.filter(team=team).prefetch_related(Prefetch("versions", versions))


def dataset_versions(dataset: Dataset) -> QuerySet[DatasetVersion]:
    return dataset.versions.select_related("uploaded_by", "duplicate_of__dataset").order_by(
        "-number"
    )


# A version whose file is the team's data or on its way to be: a file like it is a duplicate.
_KEPT_STATUSES = KEPT_STATUSES


def dataset_version_with_hash(
    team: Team, sha256: str, *, excluding: int | None = None, other_than: Dataset | None = None
) -> DatasetVersion | None:
    """The team's kept version whose file has this SHA-256, if any (in a dataset `other_than`
    the one given: in one dataset the constraint `dataset_file_once` finds it)."""
    versions = DatasetVersion.objects.filter(
        dataset__team=team, sha256=sha256, status__in=_KEPT_STATUSES
    ).select_related("dataset")
    if excluding is not None:
        versions = versions.exclude(pk=excluding)
    if other_than is not None:
        versions = versions.exclude(dataset=other_than)
    return versions.order_by("uploaded_at").first()
