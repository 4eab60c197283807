"""Reads about TA requests: lists with what they show, the conversation, who can be assigned."""

from django.db.models import Count, Q, QuerySet

from lcpa.accounts.models import User
from lcpa.assistance.models import TAFile, TAMessage, TARequest, TASurvey
from lcpa.cohorts.models import Cohort, Team

_LIST_RELATIONS = ("team__cohort", "team__jurisdiction", "assigned_to")
OPEN = TARequest.OPEN_STATUSES


def request_rows(requests: QuerySet[TARequest]) -> QuerySet[TARequest]:
    """Requests with what a list shows, oldest first."""
    return (
        requests.select_related(*_LIST_RELATIONS)
        .annotate(message_count=Count("messages"))
        .order_by("created_at", "pk")
    )


def provider_requests(user: User, requests: QuerySet[TARequest]) -> dict[str, QuerySet]:
    """A TA provider's open work: assigned to them, then nobody's yet in their cohorts."""
    open_requests = request_rows(requests.filter(status__in=TARequest.OPEN_STATUSES))
    return {
        "mine": open_requests.filter(assigned_to=user),
        "unassigned": open_requests.filter(assigned_to__isnull=True),
    }


def staff_queue(
    requests: QuerySet[TARequest], *, status: str = "", cohort: Cohort | None = None
) -> QuerySet[TARequest]:
    if status:
        requests = requests.filter(status=status)
    if cohort is not None:
        requests = requests.filter(team__cohort=cohort)
    return request_rows(requests)


def conversation(request: TARequest) -> QuerySet[TAMessage]:
    return (
        request.messages.select_related("author")
        .prefetch_related("files")
        .order_by("created_at", "pk")
    )


def request_files(request: TARequest) -> QuerySet[TAFile]:
    """The files sent with the request itself (those of messages hang off the messages)."""
    return request.files.filter(message__isnull=True).order_by("created_at", "pk")


def assignable_people(request: TARequest) -> QuerySet[User]:
    """The TA providers serving the request's cohort, and active program staff."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(role=User.Role.PROGRAM_STAFF)
            | Q(role=User.Role.TA_PROVIDER, ta_cohorts=request.team.cohort_id)
        )
        .distinct()
        .order_by("full_name", "email")
    )


def team_members(team: Team) -> list[User]:
    """The team's active members with an active account, by email."""
    return list(
        User.objects.filter(
            is_active=True, memberships__team=team, memberships__removed_at__isnull=True
        ).order_by("email")
    )


def connections(request: TARequest) -> QuerySet:
    return request.connections.select_related("peer_team__jurisdiction", "connected_by")


def team_modules(team: Team) -> QuerySet:
    return team.cohort.modules.order_by("number")


def team_measures(team: Team) -> QuerySet:
    """The measures of the team's plan a request may concern."""
    return team.measures.filter(measure__current__isnull=False).select_related("measure__current")


def program_staff() -> QuerySet[User]:
    return User.objects.filter(is_active=True, role=User.Role.PROGRAM_STAFF).order_by("pk")


def clock_running_requests() -> QuerySet[TARequest]:
    """Open requests whose service-target clock runs, with what a warning needs."""
    return (
        TARequest.objects.filter(status__in=TARequest.OPEN_STATUSES, clock_stopped_at__isnull=True)
        .select_related("team__cohort", "assigned_to")
        .prefetch_related("warnings")
        .order_by("created_at", "pk")
    )


def surveys_sent() -> QuerySet[TASurvey]:
    return TASurvey.objects.all()


def served_teams(cohorts: QuerySet[Cohort]) -> QuerySet[Team]:
    """The teams of the given cohorts (those a TA provider serves), with their open requests."""
    return (
        Team.objects.filter(cohort__in=cohorts)
        .select_related("cohort", "jurisdiction")
        .annotate(open_requests=Count("ta_requests", filter=Q(ta_requests__status__in=OPEN)))
        .order_by("cohort__name", "name", "pk")
    )
