"""The only way views fetch TA requests, and the one place that says who may see them.

A request belongs to its team: the team's active members read it and write in its
conversation. The people who work on requests are program staff, the TA provider it is
assigned to and the TA providers serving the team's cohort; they also assign it and change its
status. Nobody else knows it exists (404).
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from lcpa.accounts.models import User
from lcpa.accounts.roles import is_program_staff
from lcpa.assistance.models import TAFile, TARequest, TASurvey
from lcpa.cohorts.models import Membership, Team
from lcpa.core.tokens import link_token_digest, looks_like_link_token


def _member_teams(user: User) -> QuerySet:
    return Membership.objects.filter(user_id=user.pk, removed_at__isnull=True).values("team")


def _worked_by(user: User) -> Q:
    """Requests the user works on as a TA provider: assigned to them, or in a cohort they serve."""
    return Q(assigned_to_id=user.pk) | Q(team__cohort__ta_providers=user)


def ta_requests_for_user(user: User) -> QuerySet[TARequest]:
    """Every request the user may read."""
    if not user.is_authenticated or not user.is_active:
        return TARequest.objects.none()
    if is_program_staff(user):
        return TARequest.objects.all()
    readable = TARequest.objects.filter(Q(team__in=_member_teams(user)) | _worked_by(user)).values(
        "pk"
    )
    return TARequest.objects.filter(pk__in=readable)


def ta_requests_worked_by(user: User) -> QuerySet[TARequest]:
    """Requests the user may assign and move along: staff, and the TA providers serving them."""
    if not user.is_authenticated or not user.is_active:
        return TARequest.objects.none()
    if is_program_staff(user):
        return TARequest.objects.all()
    return TARequest.objects.filter(pk__in=TARequest.objects.filter(_worked_by(user)).values("pk"))


def _get(requests: QuerySet[TARequest], pk: int) -> TARequest:
    try:
        return requests.select_related(
            "team__cohort",
            "team__jurisdiction",
            "opened_by",
            "assigned_to",
            "module",
            "measure__measure__current",
        ).get(pk=pk)
    except TARequest.DoesNotExist:
        raise Http404 from None


def get_ta_request_for_user(user: User, pk: int, *, write: bool = False) -> TARequest:
    """A request the user may read, or with `write` one they may assign and move along."""
    return _get(ta_requests_worked_by(user) if write else ta_requests_for_user(user), pk)


def get_ta_request_for_requester(user: User, pk: int) -> TARequest:
    """A request of a team the user is an active member of (the requester's team)."""
    if not user.is_authenticated or not user.is_active:
        raise Http404
    return _get(TARequest.objects.filter(team__in=_member_teams(user)), pk)


def get_ta_file(request: TARequest, file_id: int) -> TAFile:
    """A file of a request the user may read (fetched with get_ta_request_for_user)."""
    try:
        return request.files.get(pk=file_id)
    except TAFile.DoesNotExist:
        raise Http404 from None


def works_on(user: User, request: TARequest) -> bool:
    return ta_requests_worked_by(user).filter(pk=request.pk).exists()


def get_team_for_requests(user: User, team_id: int) -> Team:
    """A team whose requests the user may read: its active members, program staff and the TA
    providers serving its cohort (its national experts do not see them)."""
    if not user.is_authenticated or not user.is_active:
        raise Http404
    teams = Team.objects.select_related("cohort", "jurisdiction")
    if not is_program_staff(user):
        teams = teams.filter(Q(pk__in=_member_teams(user)) | Q(cohort__ta_providers=user))
    team = teams.filter(pk=team_id).first()
    if team is None:
        raise Http404
    return team


def team_ta_requests(user: User, team: Team) -> QuerySet[TARequest]:
    """The requests of one team (fetched with get_team_for_requests) that the user may read."""
    return ta_requests_for_user(user).filter(team=team)


def get_survey_by_token(token: str) -> TASurvey:
    """The satisfaction survey whose private link this is (no sign-in: the link is the key,
    looked up by its digest), or 404."""
    if not looks_like_link_token(token):
        raise Http404
    survey = (
        TASurvey.objects.select_related("request__team__jurisdiction")
        .filter(token_digest=link_token_digest(token))
        .first()
    )
    if survey is None:
        raise Http404
    return survey
