"""The only way views fetch outcomes rows, and the one place that says who may see them.

A team's measures and values follow its workspace (`cohorts.access`): its active members,
program staff and the people serving its cohort read them; its members and program staff
change them. The cohort roll-up (one measure across the cohort's teams) is for program staff
and the cohort's national experts and facilitators. Anyone else gets a 404.

A team's policy changes are read and written by its active members and program staff.

A team's briefs are read, until published, by its active members, program staff and its
cohort's national experts; its members and program staff write them. A published brief is
public.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from lcpa.accounts.models import User
from lcpa.accounts.roles import is_program_staff
from lcpa.cohorts.access import get_team_for_user, writable_teams_for_user
from lcpa.cohorts.models import Cohort, Membership, Team
from lcpa.curriculum.models import TeamRole
from lcpa.outcomes.models import (
    Brief,
    Dataset,
    DatasetVersion,
    ObservationImport,
    PDSACycle,
    PolicyChange,
    TeamMeasure,
)


def get_team_measure_for_user(
    user: User, team_id: int, pk: int, *, write: bool = False
) -> TeamMeasure:
    team: Team = get_team_for_user(user, team_id, write=write)
    try:
        team_measure = TeamMeasure.objects.select_related(
            "measure__current", "measure__learning_community"
        ).get(pk=pk, team=team)
    except TeamMeasure.DoesNotExist:
        raise Http404 from None
    team_measure.team = team
    return team_measure


def may_write(user: User, team: Team) -> bool:
    """Whether the user changes the team's measures and values (its members, program staff)."""
    return writable_teams_for_user(user).filter(pk=team.pk).exists()


# Briefs ---------------------------------------------------------------------------------------


def brief_teams_for_user(user: User) -> QuerySet[Team]:
    """Teams whose unpublished briefs the user reads: its active members, program staff and the
    national experts of its cohort (not its TA providers or facilitators)."""
    if not user.is_authenticated or not user.is_active:
        return Team.objects.none()
    return Team.objects.filter(
        Q(pk__in=writable_teams_for_user(user).values("pk")) | Q(cohort__experts=user)
    ).distinct()


def get_brief_team_for_user(user: User, team_id: int, *, write: bool = False) -> Team:
    teams = writable_teams_for_user(user) if write else brief_teams_for_user(user)
    try:
        return teams.select_related("cohort__learning_community", "jurisdiction").get(pk=team_id)
    except Team.DoesNotExist:
        raise Http404 from None


def get_brief_for_user(user: User, team_id: int, pk: int, *, write: bool = False) -> Brief:
    """A team's brief, for its readers; `write` for its members and program staff."""
    team = get_brief_team_for_user(user, team_id, write=write)
    try:
        brief = Brief.objects.select_related(
            "chart_1__measure__current", "chart_2__measure__current", "written_by"
        ).get(pk=pk, team=team)
    except Brief.DoesNotExist:
        raise Http404 from None
    brief.team = team
    return brief


def get_published_brief(slug: str) -> Brief:
    """A published brief, for anyone; any other brief is a 404."""
    try:
        return Brief.objects.select_related(
            "team__jurisdiction",
            "team__cohort__learning_community",
            "chart_1__measure__current",
            "chart_2__measure__current",
        ).get(slug=slug, status=Brief.Status.PUBLISHED)
    except Brief.DoesNotExist:
        raise Http404 from None


def _rollup_cohorts(user: User) -> QuerySet[Cohort]:
    if not user.is_authenticated or not user.is_active:
        return Cohort.objects.none()
    if is_program_staff(user):
        return Cohort.objects.all()
    return Cohort.objects.filter(
        pk__in=Cohort.objects.filter(Q(experts=user) | Q(facilitators=user)).values("pk")
    )


def sees_rollup(user: User, cohort: Cohort) -> bool:
    """Whether the user compares the cohort's teams (program staff, its experts and
    facilitators)."""
    return _rollup_cohorts(user).filter(pk=cohort.pk).exists()


def get_cohort_for_rollup(user: User, cohort_id: int) -> Cohort:
    try:
        return _rollup_cohorts(user).select_related("learning_community").get(pk=cohort_id)
    except Cohort.DoesNotExist:
        raise Http404 from None


def get_observation_import_for_user(user: User, team_id: int, pk: int) -> ObservationImport:
    """A file one of the team's writers uploaded (writers only: it holds values not yet
    stored)."""
    team: Team = get_team_for_user(user, team_id, write=True)
    observation_import = ObservationImport.objects.filter(pk=pk, team=team).first()
    if observation_import is None:
        raise Http404
    observation_import.team = team
    return observation_import


def get_team_measure_for_coordinator(user: User, team_id: int, code: str) -> TeamMeasure:
    """The team's chosen measure `code`, for the team's active data coordinators only: their
    personal API token sends their team's values. Anyone else (another member of the team,
    another team's coordinator, staff) gets a 404, as a miss does."""
    team_measure = (
        TeamMeasure.objects.select_related("team__cohort", "measure__current")
        .filter(
            team_id=team_id,
            measure__code=code,
            team__memberships__user=user,
            team__memberships__role=TeamRole.DATA_COORDINATOR,
            team__memberships__removed_at__isnull=True,
        )
        .first()
    )
    if team_measure is None:
        raise Http404("No such measure in a team you coordinate the data of.")
    return team_measure


def get_pdsa_cycle_for_user(
    user: User, team_id: int, team_measure_id: int, pk: int, *, write: bool = False
) -> PDSACycle:
    """A PDSA cycle on one of the team's measures: readers and writers as for its values."""
    team_measure = get_team_measure_for_user(user, team_id, team_measure_id, write=write)
    try:
        cycle = PDSACycle.objects.select_related("previous", "created_by").get(
            pk=pk, team_measure=team_measure
        )
    except PDSACycle.DoesNotExist:
        raise Http404 from None
    cycle.team_measure = team_measure
    return cycle


# Policy changes ------------------------------------------------------------------------------
# A team's policy changes are read and written by its active members and program staff. Their
# dates and titles are drawn on the team's charts, which its other readers see too.


def policy_changes_for_user(user: User) -> QuerySet[PolicyChange]:
    """The policy changes of the teams the user is an active member of; all for program staff."""
    return PolicyChange.objects.filter(team__in=writable_teams_for_user(user).values("pk"))


def get_policy_team_for_user(user: User, team_id: int) -> Team:
    """The team, for the people who read and record its policy changes."""
    try:
        return (
            writable_teams_for_user(user)
            .select_related("cohort__learning_community", "jurisdiction")
            .get(pk=team_id)
        )
    except Team.DoesNotExist:
        raise Http404 from None


def get_policy_change_for_user(user: User, team_id: int, pk: int) -> PolicyChange:
    """One of the team's policy changes, for its active members and program staff."""
    team = get_policy_team_for_user(user, team_id)
    try:
        change = (
            policy_changes_for_user(user)
            .select_related("team_measure__measure__current", "created_by")
            .get(pk=pk, team=team)
        )
    except PolicyChange.DoesNotExist:
        raise Http404 from None
    change.team = team
    return change


# Datasets ------------------------------------------------------------------------------------
# A team's datasets (names, versions, statuses, counts) are read by its active members and
# program staff. Record-level data (uploading, the original files, rejected rows) is for the
# team's active data coordinators and program staff only. Anyone else gets a 404.


def record_teams_for_user(user: User) -> QuerySet[Team]:
    """Teams whose record-level data the user handles: those they are an active data
    coordinator of; every team for program staff."""
    if not user.is_authenticated or not user.is_active:
        return Team.objects.none()
    if is_program_staff(user):
        return Team.objects.all()
    coordinated = Membership.objects.filter(
        user=user, role=TeamRole.DATA_COORDINATOR, removed_at__isnull=True
    ).values("team")
    return Team.objects.filter(pk__in=coordinated)


def may_handle_records(user: User, team: Team) -> bool:
    return record_teams_for_user(user).filter(pk=team.pk).exists()


def get_dataset_team_for_user(user: User, team_id: int, *, records: bool = False) -> Team:
    """The team, for the readers of its datasets; `records` for its data coordinators and
    program staff."""
    teams = record_teams_for_user(user) if records else writable_teams_for_user(user)
    try:
        return teams.select_related("cohort__learning_community", "jurisdiction").get(pk=team_id)
    except Team.DoesNotExist:
        raise Http404 from None


def get_dataset_for_user(user: User, team_id: int, pk: int, *, records: bool = False) -> Dataset:
    """One of the team's datasets; `records` for its data coordinators and program staff."""
    team = get_dataset_team_for_user(user, team_id, records=records)
    dataset = Dataset.objects.filter(pk=pk, team=team).first()
    if dataset is None:
        raise Http404
    dataset.team = team
    return dataset


def get_dataset_version_for_user(
    user: User, team_id: int, pk: int, *, records: bool = False
) -> DatasetVersion:
    """A version of one of the team's datasets; `records` (its file, its upload) for the team's
    data coordinators and program staff."""
    team = get_dataset_team_for_user(user, team_id, records=records)
    version = (
        DatasetVersion.objects.select_related("dataset", "uploaded_by")
        .filter(pk=pk, dataset__team=team)
        .first()
    )
    if version is None:
        raise Http404
    version.dataset.team = team
    return version
