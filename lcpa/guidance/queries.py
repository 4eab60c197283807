"""Reads for the guidance pages; each runs a fixed number of queries whatever the rows."""

from datetime import timedelta

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from lcpa.accounts.models import User
from lcpa.accounts.roles import is_program_staff
from lcpa.cohorts.access import reviewable_deliverables_for_user
from lcpa.cohorts.models import Cohort, Deliverable, Session, Team
from lcpa.guidance.access import (
    bookings_for_user,
    cases_for_user,
    expert_cohorts,
    open_slots,
    questions_for_user,
)
from lcpa.guidance.models import Answer, Booking, ImplementationCase, OfficeHourSlot, Question


def _question_rows(questions: QuerySet[Question]) -> QuerySet[Question]:
    """With `reply_count`, and `waiting_since`: when the question was asked, or when its last
    follow-up question was (what the experts' inbox is sorted by)."""
    return questions.select_related("team__cohort", "module", "asked_by").annotate(
        reply_count=Count("answers"),
        waiting_since=Coalesce(
            Max("answers__created_at", filter=Q(answers__follow_up=True)), "created_at"
        ),
    )


def team_questions(user: User, team: Team) -> QuerySet[Question]:
    return _question_rows(questions_for_user(user).filter(team=team)).order_by("-created_at")


def question_answers(question: Question) -> QuerySet[Answer]:
    return question.answers.select_related("author")


def team_bookings(user: User, team: Team) -> QuerySet[Booking]:
    """The team's bookings still to come (cancelled ones too, marked), soonest first."""
    return (
        bookings_for_user(user)
        .filter(team=team, slot__starts_at__gte=timezone.now() - timedelta(hours=3))
        .select_related("slot__expert", "booked_by")
        .order_by("slot__starts_at", "pk")
    )


def cohort_open_slots(cohort_id: int) -> QuerySet[OfficeHourSlot]:
    return open_slots(cohort_id).select_related("expert").order_by("starts_at", "pk")


def team_cases(user: User, team: Team) -> QuerySet[ImplementationCase]:
    return (
        cases_for_user(user)
        .filter(team=team)
        .select_related("session")
        .annotate(recommendation_count=Count("recommendations"))
        .order_by("-created_at")
    )


def case_recommendations(case: ImplementationCase):
    return case.recommendations.select_related("author", "action_step__owner__user")


def team_members(team: Team) -> list:
    """The team's current members, who may lead a step."""
    return list(
        team.memberships.filter(removed_at__isnull=True)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def expert_slots(user: User) -> QuerySet[OfficeHourSlot]:
    """The expert's slots still to come, each with its live booking's team (prefetched)."""
    live = Booking.objects.filter(cancelled_at__isnull=True).select_related("team", "booked_by")
    return (
        OfficeHourSlot.objects.filter(
            expert=user, withdrawn_at__isnull=True, starts_at__gt=timezone.now()
        )
        .select_related("cohort")
        .prefetch_related(Prefetch("bookings", queryset=live, to_attr="live_bookings"))
        .order_by("starts_at", "pk")
    )


def slot_booking(slot: OfficeHourSlot) -> Booking | None:
    """The slot's live booking, with its team."""
    return slot.bookings.filter(cancelled_at__isnull=True).select_related("team").first()


def _scope(user: User) -> QuerySet[Cohort]:
    return Cohort.objects.all() if is_program_staff(user) else expert_cohorts(user)


def expert_home(user: User) -> dict:
    """What waits for an expert (for program staff: in every cohort)."""
    cohorts = _scope(user).values("pk")
    now = timezone.now()
    mine = Q() if is_program_staff(user) else Q(slot__expert=user)
    written = ImplementationCase.objects.filter(pk=OuterRef("pk"), recommendations__author=user)
    return {
        "waiting_questions": _question_rows(
            questions_for_user(user).filter(team__cohort__in=cohorts, answered_at__isnull=True)
        ).order_by("waiting_since", "pk"),
        "week_bookings": Booking.objects.filter(
            mine,
            cancelled_at__isnull=True,
            slot__starts_at__gte=now,
            slot__starts_at__lt=now + timedelta(days=7),
        )
        .select_related("slot__expert", "team__cohort", "booked_by")
        .order_by("slot__starts_at", "pk"),
        "cases_to_read": cases_for_user(user)
        .filter(team__cohort__in=cohorts, status=ImplementationCase.Status.APPROVED)
        .select_related("team__cohort")
        .order_by("created_at", "pk"),
        "cases_to_answer": cases_for_user(user)
        .filter(
            team__cohort__in=cohorts,
            status=ImplementationCase.Status.SCHEDULED,
            session__starts_at__lte=now,
        )
        .exclude(Exists(written))
        .select_related("team__cohort", "session")
        .order_by("session__starts_at", "pk"),
        "reviews_waiting": reviewable_deliverables_for_user(user)
        .filter(status=Deliverable.Status.SUBMITTED)
        .count(),
    }


def staff_cases() -> QuerySet[ImplementationCase]:
    """Cases waiting for staff: to review, then approved ones to schedule."""
    return (
        ImplementationCase.objects.filter(
            status__in=[ImplementationCase.Status.SUBMITTED, ImplementationCase.Status.APPROVED]
        )
        .select_related("team__cohort", "submitted_by")
        .order_by("created_at", "pk")
    )


def schedulable_sessions(case: ImplementationCase) -> QuerySet[Session]:
    return Session.objects.filter(
        cohort_id=case.team.cohort_id, status=Session.Status.SCHEDULED
    ).order_by("starts_at")
