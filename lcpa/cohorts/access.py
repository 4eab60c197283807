"""The only way views fetch cohort rows, and the one place that says who may see them.

Team data is private to the team's active members, program staff and the people who serve the
team's cohort (its facilitators, national experts and TA providers); a miss is always a 404.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from lcpa.accounts.models import User
from lcpa.accounts.roles import is_national_expert, is_program_staff
from lcpa.cohorts.models import (
    ActionStep,
    Cohort,
    Deliverable,
    DeliverableFile,
    Invitation,
    Membership,
    Session,
    SessionFeedback,
    Team,
)
from lcpa.core.tokens import link_token_digest, looks_like_link_token


def _serving(user: User) -> Q:
    """Cohorts the user serves as facilitator, national expert or TA provider."""
    return Q(facilitators=user) | Q(experts=user) | Q(ta_providers=user)


def cohorts_served_by(user: User) -> QuerySet[Cohort]:
    """Cohorts the user serves (every cohort for program staff)."""
    if not user.is_authenticated or not user.is_active:
        return Cohort.objects.none()
    if is_program_staff(user):
        return Cohort.objects.all()
    return Cohort.objects.filter(pk__in=Cohort.objects.filter(_serving(user)).values("pk"))


def serves_cohort(user: User, cohort_id: int) -> bool:
    return cohorts_served_by(user).filter(pk=cohort_id).exists()


def is_cohort_member(user: User, cohort_id: int) -> bool:
    """An active member of one of the cohort's teams."""
    return Membership.objects.filter(
        user_id=user.pk, team__cohort_id=cohort_id, removed_at__isnull=True
    ).exists()


def member_cohort_ids(user: User) -> set[int]:
    """Cohorts in which the user is an active member of a team."""
    return set(
        Membership.objects.filter(user_id=user.pk, removed_at__isnull=True)
        .order_by()
        .values_list("team__cohort_id", flat=True)
    )


def sees_meeting_link(user: User, session: Session) -> bool:
    """The cohort's members and the people who serve it; nobody else."""
    if not user.is_authenticated or not user.is_active:
        return False
    return is_cohort_member(user, session.cohort_id) or serves_cohort(user, session.cohort_id)


def is_reviewer(user: User) -> bool:
    """Program staff, and anyone who is a national expert or facilitator of some cohort."""
    if not user.is_authenticated:
        return False
    return bool(
        is_program_staff(user)
        or Cohort.objects.filter(Q(experts=user) | Q(facilitators=user)).exists()
    )


def sees_review_queue(user: User) -> bool:
    """Reviewers, and every national expert: one not yet serving a cohort sees an empty queue
    (their start page after signing in) rather than "page not found"."""
    return is_reviewer(user) or is_national_expert(user)


def cohorts_for_user(user: User) -> QuerySet[Cohort]:
    if not user.is_authenticated:
        return Cohort.objects.none()
    if is_program_staff(user):
        return Cohort.objects.all()
    served = Cohort.objects.filter(_serving(user)).values("pk")
    joined = Membership.objects.filter(user=user, removed_at__isnull=True).values("team__cohort")
    return Cohort.objects.filter(Q(pk__in=served) | Q(pk__in=joined))


def get_cohort_for_user(user: User, pk: int) -> Cohort:
    try:
        return cohorts_for_user(user).get(pk=pk)
    except Cohort.DoesNotExist:
        raise Http404 from None


def teams_for_user(user: User) -> QuerySet[Team]:
    """Teams whose private pages the user may read."""
    if not user.is_authenticated:
        return Team.objects.none()
    if is_program_staff(user):
        return Team.objects.all()
    served = Cohort.objects.filter(_serving(user)).values("pk")
    member_of = Membership.objects.filter(user=user, removed_at__isnull=True).values("team")
    return Team.objects.filter(Q(cohort__in=served) | Q(pk__in=member_of))


def writable_teams_for_user(user: User) -> QuerySet[Team]:
    """Teams whose drafts the user may edit: their own team, or any team for program staff."""
    if not user.is_authenticated:
        return Team.objects.none()
    if is_program_staff(user):
        return Team.objects.all()
    return Team.objects.filter(memberships__user=user, memberships__removed_at__isnull=True)


def get_team_for_user(user: User, pk: int, *, write: bool = False) -> Team:
    teams = writable_teams_for_user(user) if write else teams_for_user(user)
    try:
        return teams.select_related("cohort__learning_community", "jurisdiction").get(pk=pk)
    except Team.DoesNotExist:
        raise Http404 from None


def active_membership(user: User, team: Team) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, team=team, removed_at__isnull=True).first()


def get_membership_for_user(user: User, pk: int, *, write: bool = False) -> Membership:
    """One of the person's own current memberships, or 404: someone else's membership, or one
    they were removed from, does not exist for them. Reading and changing (the contact-sharing
    choice) need the same thing, so `write` changes nothing."""
    if not user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.select_related("team__cohort")
        .filter(pk=pk, user=user, removed_at__isnull=True)
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def reviewable_deliverables_for_user(user: User) -> QuerySet[Deliverable]:
    """Deliverables the user may accept or send back: program staff and the cohort's experts."""
    if not user.is_authenticated:
        return Deliverable.objects.none()
    if is_program_staff(user):
        return Deliverable.objects.all()
    return Deliverable.objects.filter(
        Q(team__cohort__experts=user) | Q(team__cohort__facilitators=user)
    ).distinct()


def get_deliverable_for_review(user: User, pk: int) -> Deliverable:
    try:
        return (
            reviewable_deliverables_for_user(user)
            .select_related("team__cohort", "module")
            .get(pk=pk)
        )
    except Deliverable.DoesNotExist:
        raise Http404 from None


def get_shared_deliverable_for_user(user: User, team: Team, pk: int) -> Deliverable:
    """A deliverable another team of `team`'s cohort shared with the cohort, for someone who
    may read `team` (fetched with get_team_for_user). Unshared ones are a 404."""
    if not teams_for_user(user).filter(pk=team.pk).exists():
        raise Http404
    try:
        return Deliverable.objects.select_related("team__jurisdiction", "module").get(
            pk=pk, team__cohort_id=team.cohort_id, shared_with_cohort=True
        )
    except Deliverable.DoesNotExist:
        raise Http404 from None


def get_deliverable_file_for_user(user: User, team: Team, pk: int) -> DeliverableFile:
    """A file uploaded to one of `team`'s deliverables, for someone who may read the team."""
    if not teams_for_user(user).filter(pk=team.pk).exists():
        raise Http404
    try:
        return DeliverableFile.objects.get(pk=pk, deliverable__team=team)
    except DeliverableFile.DoesNotExist:
        raise Http404 from None


def sessions_for_user(user: User) -> QuerySet[Session]:
    return Session.objects.filter(cohort__in=cohorts_for_user(user).values("pk"))


def get_session_for_user(user: User, pk: int) -> Session:
    try:
        return (
            sessions_for_user(user)
            .select_related("cohort__learning_community", "module")
            .get(pk=pk)
        )
    except Session.DoesNotExist:
        raise Http404 from None


def get_own_feedback(user: User, session: Session) -> SessionFeedback | None:
    """The feedback this person gave on a session they may see, if any."""
    return SessionFeedback.objects.filter(session=session, user_id=user.pk).first()


def feedback_for_staff(user: User, session: Session) -> QuerySet[SessionFeedback]:
    """Every answer about a session, for program staff only."""
    if not is_program_staff(user):
        return SessionFeedback.objects.none()
    return SessionFeedback.objects.filter(session=session)


def memberships_for_staff(user: User) -> QuerySet[Membership]:
    """Memberships of the teams the user may manage (every team, for program staff)."""
    return Membership.objects.filter(team__in=writable_teams_for_user(user))


def get_membership_for_staff(user: User, pk: int) -> Membership:
    try:
        return memberships_for_staff(user).select_related("team", "user").get(pk=pk)
    except Membership.DoesNotExist:
        raise Http404 from None


def get_invitation_for_staff(user: User, pk: int) -> Invitation:
    try:
        return (
            Invitation.objects.filter(team__in=writable_teams_for_user(user))
            .select_related("team__cohort", "invited_by")
            .get(pk=pk)
        )
    except Invitation.DoesNotExist:
        raise Http404 from None


def get_invitation_by_token(token: str) -> Invitation:
    """The invitation whose accept link this is (used, expired or current), or 404.

    The token in the link is the only key; it is looked up by its digest, since only the digest
    is stored.
    """
    if not looks_like_link_token(token):
        raise Http404
    invitation = (
        Invitation.objects.select_related("team__cohort__learning_community", "team__jurisdiction")
        .filter(token_digest=link_token_digest(token))
        .first()
    )
    if invitation is None:
        raise Http404
    return invitation


def get_action_step_for_user(
    user: User, team_id: int, pk: int, *, write: bool = False
) -> ActionStep:
    """One of a team's action steps: readers and writers as for the team's pages."""
    team = get_team_for_user(user, team_id, write=write)
    try:
        step = ActionStep.objects.select_related("owner__user", "module").get(pk=pk, team=team)
    except ActionStep.DoesNotExist:
        raise Http404 from None
    step.team = team
    return step
