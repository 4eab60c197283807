"""The only way views fetch guidance rows, and the one place that says who may see them.

A team's questions, bookings and implementation cases belong to the team: its active members
read and write them; program staff see everything; the national experts of the team's cohort
see its questions, its office-hour bookings with them, and its cases once staff approved them.
The cohort's TA providers do not see them: like a TA request, which the cohort's experts do not
see, a question to an expert stays between the team and the people it asked (TA providers have
their own channel, lcpa.assistance). Anyone else gets a 404.
"""

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lcpa.accounts.models import User
from lcpa.accounts.roles import is_national_expert, is_program_staff
from lcpa.cohorts.access import writable_teams_for_user
from lcpa.cohorts.models import Cohort, Membership, Team
from lcpa.guidance.models import (
    Booking,
    CaseFile,
    ImplementationCase,
    OfficeHourSlot,
    Question,
    Recommendation,
)

EXPERT_VISIBLE_CASES = (ImplementationCase.Status.APPROVED, ImplementationCase.Status.SCHEDULED)


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def _member_teams(user: User) -> QuerySet:
    return Membership.objects.filter(user_id=user.pk, removed_at__isnull=True).values("team")


def expert_cohorts(user: User) -> QuerySet[Cohort]:
    """Cohorts the user serves as a national expert."""
    if not _active(user):
        return Cohort.objects.none()
    return Cohort.objects.filter(pk__in=Cohort.objects.filter(experts=user).values("pk"))


def sees_expert_home(user: User) -> bool:
    """National experts (one serving no cohort yet sees an empty page) and program staff."""
    return _active(user) and (is_national_expert(user) or is_program_staff(user))


def get_team_for_guidance(user: User, team_id: int) -> Team:
    """A team whose guidance page the user may read: its members, its cohort's experts, staff."""
    if not _active(user):
        raise Http404
    teams = Team.objects.select_related("cohort", "jurisdiction")
    if not is_program_staff(user):
        teams = teams.filter(Q(pk__in=_member_teams(user)) | Q(cohort__experts=user))
    team = teams.filter(pk=team_id).first()
    if team is None:
        raise Http404
    return team


def is_team_member(user: User, team: Team) -> bool:
    return Membership.objects.filter(user_id=user.pk, team=team, removed_at__isnull=True).exists()


# Questions ------------------------------------------------------------------------------------


def questions_for_user(user: User) -> QuerySet[Question]:
    if not _active(user):
        return Question.objects.none()
    if is_program_staff(user):
        return Question.objects.all()
    readable = Question.objects.filter(
        Q(team__in=_member_teams(user)) | Q(team__cohort__experts=user)
    ).values("pk")
    return Question.objects.filter(pk__in=readable)


def get_question_for_user(user: User, pk: int) -> Question:
    try:
        return (
            questions_for_user(user).select_related("team__cohort", "asked_by", "module").get(pk=pk)
        )
    except Question.DoesNotExist:
        raise Http404 from None


def asks_follow_up(user: User, question: Question) -> bool:
    """Who may ask a follow-up question: the person who asked, while on the team."""
    return question.asked_by_id == user.pk and is_team_member(user, question.team)


def get_question_for_asker(user: User, pk: int) -> Question:
    """A question the user asked, of a team they are still on (for follow-up questions)."""
    question = get_question_for_user(user, pk)
    if not asks_follow_up(user, question):
        raise Http404
    return question


def answers_as_expert(user: User, question: Question) -> bool:
    """Only the national experts of the question's cohort give expert answers."""
    return question.team.cohort.experts.filter(pk=user.pk).exists()


# Office hours ---------------------------------------------------------------------------------


def own_slots(user: User) -> QuerySet[OfficeHourSlot]:
    if not _active(user):
        return OfficeHourSlot.objects.none()
    return OfficeHourSlot.objects.filter(expert=user, cohort__experts=user)


def get_own_slot(user: User, pk: int) -> OfficeHourSlot:
    try:
        return own_slots(user).select_related("cohort").get(pk=pk)
    except OfficeHourSlot.DoesNotExist:
        raise Http404 from None


def open_slots(cohort_id: int) -> QuerySet[OfficeHourSlot]:
    """Slots of a cohort that are still ahead, not withdrawn, and not booked."""
    return OfficeHourSlot.objects.filter(
        cohort_id=cohort_id,
        withdrawn_at__isnull=True,
        starts_at__gt=timezone.now(),
        cohort__experts=F("expert"),
    ).exclude(pk__in=Booking.objects.filter(cancelled_at__isnull=True).values("slot"))


def get_slot_for_booking(user: User, pk: int) -> tuple[OfficeHourSlot, Team]:
    """A slot a member of one of its cohort's teams may book, and that team."""
    if not _active(user):
        raise Http404
    slot = OfficeHourSlot.objects.select_related("expert", "cohort").filter(pk=pk).first()
    if slot is None:
        raise Http404
    team = (
        Team.objects.filter(pk__in=_member_teams(user), cohort_id=slot.cohort_id)
        .select_related("cohort")
        .first()
    )
    if team is None:
        raise Http404
    return slot, team


def bookings_for_user(user: User) -> QuerySet[Booking]:
    if not _active(user):
        return Booking.objects.none()
    if is_program_staff(user):
        return Booking.objects.all()
    readable = Booking.objects.filter(
        Q(team__in=_member_teams(user)) | Q(slot__expert=user)
    ).values("pk")
    return Booking.objects.filter(pk__in=readable)


def _changed_by(user: User) -> Q:
    """Cancel and reschedule: the two sides of the meeting, not staff."""
    return Q(team__in=_member_teams(user)) | Q(slot__expert=user)


def changes_booking(user: User, booking: Booking) -> bool:
    return bookings_for_user(user).filter(_changed_by(user), pk=booking.pk).exists()


def get_booking_for_user(user: User, pk: int, *, write: bool = False) -> Booking:
    """A booking its team, the slot's expert and staff may read; with `write`, one the user may
    cancel or reschedule."""
    bookings = bookings_for_user(user)
    if write:
        bookings = bookings.filter(_changed_by(user))
    try:
        return bookings.select_related("slot__expert", "slot__cohort", "team", "booked_by").get(
            pk=pk
        )
    except Booking.DoesNotExist:
        raise Http404 from None


# Implementation cases -------------------------------------------------------------------------


def cases_for_user(user: User) -> QuerySet[ImplementationCase]:
    if not _active(user):
        return ImplementationCase.objects.none()
    if is_program_staff(user):
        return ImplementationCase.objects.all()
    readable = ImplementationCase.objects.filter(
        Q(team__in=_member_teams(user))
        | Q(team__cohort__experts=user, status__in=EXPERT_VISIBLE_CASES)
    ).values("pk")
    return ImplementationCase.objects.filter(pk__in=readable)


def get_case_for_user(user: User, pk: int) -> ImplementationCase:
    try:
        return (
            cases_for_user(user)
            .select_related("team__cohort", "submitted_by", "session")
            .get(pk=pk)
        )
    except ImplementationCase.DoesNotExist:
        raise Http404 from None


def get_case_for_team(user: User, pk: int) -> ImplementationCase:
    """A case of a team the user is an active member of (for reporting back)."""
    if not _active(user):
        raise Http404
    try:
        return ImplementationCase.objects.select_related("team__cohort").get(
            pk=pk, team__in=_member_teams(user)
        )
    except ImplementationCase.DoesNotExist:
        raise Http404 from None


def get_case_for_staff(user: User, pk: int) -> ImplementationCase:
    if not (_active(user) and is_program_staff(user)):
        raise Http404
    return get_case_for_user(user, pk)


def get_case_for_expert(user: User, pk: int) -> ImplementationCase:
    """A case presented in a session of a cohort the user is an expert of."""
    try:
        return ImplementationCase.objects.select_related("team__cohort", "session").get(
            pk=pk,
            team__cohort__in=expert_cohorts(user),
            status=ImplementationCase.Status.SCHEDULED,
        )
    except ImplementationCase.DoesNotExist:
        raise Http404 from None


def writes_recommendations(user: User, case: ImplementationCase) -> bool:
    return (
        case.status == ImplementationCase.Status.SCHEDULED
        and expert_cohorts(user).filter(pk=case.team.cohort_id).exists()
    )


def get_case_file(case: ImplementationCase, file_id: int) -> CaseFile:
    """A file of a case the user may read (fetched with get_case_for_user)."""
    try:
        return case.files.get(pk=file_id)
    except CaseFile.DoesNotExist:
        raise Http404 from None


def plans_from_recommendations(user: User, case: ImplementationCase) -> bool:
    """Who turns a case's recommendations into action-plan steps: those who edit the team's
    plan (its active members and program staff)."""
    return writable_teams_for_user(user).filter(pk=case.team_id).exists()


def get_recommendation_for_planning(user: User, pk: int) -> Recommendation:
    try:
        return Recommendation.objects.select_related("case__team__cohort").get(
            pk=pk, case__team__in=writable_teams_for_user(user)
        )
    except Recommendation.DoesNotExist:
        raise Http404 from None
