"""Every write about guidance: questions and answers, office hours, implementation cases.

Whoever a change asks to act hears of it through `notify` (in the app and by email as they
chose), with times written in their own time zone. The two people an office hour brings
together (the expert and the member who booked it) each get one notification of a booking, a
cancellation or a move, its calendar file attached and emailed at once.
"""

from collections.abc import Iterable, Sequence
from copy import copy
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from lcpa.accounts.models import User
from lcpa.cohorts import uploads
from lcpa.cohorts.models import ActionStep, Cohort, CohortModule, Membership, Session, Team
from lcpa.cohorts.services import action_step_create
from lcpa.guidance.access import answers_as_expert, open_slots
from lcpa.guidance.calendar import booking_calendar
from lcpa.guidance.models import (
    MAX_SLOT_MINUTES,
    Answer,
    Booking,
    CaseFile,
    ImplementationCase,
    OfficeHourSlot,
    Question,
    Recommendation,
)
from lcpa.notifications.kinds import Kind
from lcpa.notifications.services import Attachment, notify


def _tell(
    people: Iterable[User],
    *,
    kind: str,
    title: str,
    url: str,
    group: str,
    skip: User | None = None,
    context: dict[str, Any] | None = None,
    email_template: str = "notifications/email/notification.txt",
) -> None:
    for person in dict.fromkeys(people):
        if person.is_active and person != skip:
            notify(
                user=person,
                kind=kind,
                title=title,
                url=url,
                group=group,
                email_template=email_template,
                context=context,
            )


def _team_people(team: Team) -> list[User]:
    return [
        membership.user
        for membership in team.memberships.filter(removed_at__isnull=True)
        .select_related("user")
        .order_by("user__email")
    ]


def _staff() -> list[User]:
    return list(User.objects.filter(role=User.Role.PROGRAM_STAFF, is_active=True).order_by("email"))


def _stored(model, submission_key: UUID, build) -> Any:
    """The row stored under `submission_key`, or a new one from `build()` (atomic)."""
    existing = model.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return build()
    except IntegrityError:
        return model.objects.get(submission_key=submission_key)


# Questions ------------------------------------------------------------------------------------


def question_ask(
    *,
    submission_key: UUID,
    team: Team,
    by: User,
    module: CohortModule,
    topic: str,
    title: str,
    body: str,
) -> Question:
    """Store a team's question and tell the experts of its cohort (one question per key)."""
    if module.cohort_id != team.cohort_id:
        raise ValidationError({"module": "Choose a module of your team's cohort."})

    def build() -> Question:
        question = Question(
            submission_key=submission_key,
            team=team,
            asked_by=by,
            module=module,
            topic=topic,
            title=title,
            body=body,
        )
        question._history_user = by
        question.save()
        _tell(
            team.cohort.experts.all(),
            kind=Kind.EXPERT_QUESTION,
            title=f"A question from {team.name}: {title}",
            url=reverse("guidance:question", args=[question.pk]),
            group=team.cohort.name,
        )
        return question

    return _stored(Question, submission_key, build)


def answer_post(*, submission_key: UUID, question: Question, by: User, body: str) -> Answer:
    """Add a reply. One from an expert of the cohort is an expert answer: the question counts
    as answered and the asker and the team hear of it."""

    def build() -> Answer:
        by_expert = answers_as_expert(by, question)
        answer = Answer(
            submission_key=submission_key,
            question=question,
            author=by,
            body=body,
            by_expert=by_expert,
        )
        answer._history_user = by
        answer.save()
        if by_expert:
            Question.objects.filter(pk=question.pk, answered_at__isnull=True).update(
                answered_at=timezone.now()
            )
            _tell(
                [question.asked_by, *_team_people(question.team)],
                kind=Kind.EXPERT_ANSWER,
                title=f"{by} answered: {question.title}",
                url=reverse("guidance:question", args=[question.pk]),
                group=question.team.cohort.name,
                skip=by,
            )
        return answer

    return _stored(Answer, submission_key, build)


def question_follow_up(*, submission_key: UUID, question: Question, by: User, body: str) -> Answer:
    """The asker's further question on an answered question: it waits for the experts again
    (back in their inbox) and the experts who answered it hear of it (or, when none of them
    serves the cohort any more, all its experts)."""
    if question.asked_by_id != by.pk:
        raise ValidationError("Only the person who asked can ask a follow-up question.")

    def build() -> Answer:
        locked = Question.objects.select_for_update().get(pk=question.pk)
        if locked.answered_at is None:
            raise ValidationError(
                "The experts have not answered yet: add a reply instead, they will see it."
            )
        answer = Answer(
            submission_key=submission_key,
            question=locked,
            author=by,
            body=body,
            follow_up=True,
        )
        answer._history_user = by
        answer.save()
        locked.answered_at = None
        locked._history_user = by
        locked.save(update_fields=["answered_at", "updated_at"])
        experts = question.team.cohort.experts.all()
        answered = experts.filter(
            pk__in=locked.answers.filter(by_expert=True).values("author")
        ).order_by("email")
        _tell(
            answered if answered.exists() else experts.order_by("email"),
            kind=Kind.EXPERT_QUESTION,
            title=f"A follow-up from {question.team.name}: {question.title}",
            url=reverse("guidance:question", args=[question.pk]),
            group=question.team.cohort.name,
        )
        return answer

    return _stored(Answer, submission_key, build)


# Office hours ---------------------------------------------------------------------------------


def _refuse_overlap(
    expert: User, starts_at: datetime, minutes: int, *, moving: OfficeHourSlot | None = None
) -> None:
    """An expert is never in two office hours at once: a time that overlaps another of their
    slots still offered is refused. The expert's row is locked first, so two changes at the
    same moment are checked one after the other."""
    User.objects.select_for_update().filter(pk=expert.pk).first()
    ends_at = starts_at + timedelta(minutes=minutes)
    nearby = OfficeHourSlot.objects.filter(
        expert=expert,
        withdrawn_at__isnull=True,
        starts_at__lt=ends_at,
        starts_at__gt=starts_at - timedelta(minutes=MAX_SLOT_MINUTES),
    )
    if moving is not None:
        nearby = nearby.exclude(pk=moving.pk)
    if any(other.ends_at > starts_at for other in nearby):
        raise ValidationError("You already offer a time that overlaps this one. Choose another.")


@transaction.atomic
def slot_publish(
    *, expert: User, cohort: Cohort, starts_at: datetime, minutes: int, video_url: str
) -> OfficeHourSlot:
    if not cohort.experts.filter(pk=expert.pk).exists():
        raise ValidationError({"cohort": "Choose a cohort you serve as an expert."})
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": "Choose a time in the future."})
    _refuse_overlap(expert, starts_at, minutes)
    slot = OfficeHourSlot(
        expert=expert, cohort=cohort, starts_at=starts_at, minutes=minutes, video_url=video_url
    )
    slot._history_user = expert
    slot.save()
    return slot


def _calendar_file(booking: Booking) -> Attachment:
    return Attachment(
        f"office-hour-{booking.pk}.ics", "text/calendar", booking_calendar(booking).decode()
    )


def _attendees(booking: Booking) -> tuple[User, User]:
    return (booking.slot.expert, booking.booked_by)


def _tell_sides(
    people: Iterable[User],
    *,
    booking: Booking,
    title: str,
    by: User,
    calendar: Sequence[Booking],
    old_slot: OfficeHourSlot | None = None,
) -> None:
    """One notification each. The meeting's attendees get the calendar files of `calendar` that
    are theirs, emailed at once, whoever made the change (their calendar must follow it); the
    team's other members are told, except the one who made it."""
    for person in dict.fromkeys(people):
        files = [_calendar_file(event) for event in calendar if person in _attendees(event)]
        if not person.is_active or (person == by and not files):
            continue
        notify(
            user=person,
            kind=Kind.OFFICE_HOURS,
            title=title,
            url=reverse("guidance:booking", args=[booking.pk]),
            group=booking.team.cohort.name,
            email_template="guidance/email/booking.txt",
            context={"booking": booking, "slot": booking.slot, "old_slot": old_slot},
            attachments=files,
            at_once=bool(files),
        )


def _book(*, slot: OfficeHourSlot, team: Team, by: User, agenda: str) -> Booking:
    # The slot's row is locked first, as the expert's changes to it lock it: a move committed
    # before is booked at its new time, and one made meanwhile waits, then finds this booking
    # and tells both sides. (The booking's foreign key would only lock the slot at commit.)
    current = _locked_slot(slot)
    if not open_slots(team.cohort_id).filter(pk=slot.pk).exists():
        raise ValidationError("This time is no longer free. Choose another one.")
    booking = Booking(slot=current, team=team, booked_by=by, agenda=agenda)
    booking._history_user = by
    booking.save()
    return booking


@transaction.atomic
def booking_make(*, slot: OfficeHourSlot, team: Team, by: User, agenda: str) -> Booking:
    """Book a free slot for a team. Two requests at the same moment take turns on the slot's
    row: the second finds it booked (a unique constraint backs this up)."""
    booking = _book(slot=slot, team=team, by=by, agenda=agenda)
    calendar = [booking]
    _tell_sides(
        [slot.expert],
        booking=booking,
        title=f"{team.name} booked your office hour",
        by=by,
        calendar=calendar,
    )
    _tell_sides(
        [by],
        booking=booking,
        title=f"Office hour booked with {slot.expert}",
        by=by,
        calendar=calendar,
    )
    return booking


def _cancel(booking: Booking, *, by: User) -> Booking:
    locked = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("slot__expert", "team__cohort", "booked_by")
        .get(pk=booking.pk)
    )
    if locked.cancelled_at is not None:
        raise ValidationError("This booking is already cancelled.")
    locked.cancelled_at = timezone.now()
    locked.cancelled_by = by
    locked._history_user = by
    locked.save(update_fields=["cancelled_at", "cancelled_by", "updated_at"])
    return locked


def _both_sides(booking: Booking) -> list[User]:
    return [booking.slot.expert, booking.booked_by, *_team_people(booking.team)]


@transaction.atomic
def booking_cancel(*, booking: Booking, by: User) -> Booking:
    """Cancel a booking; both sides are told (one email each) and their calendars get the
    cancellation."""
    cancelled = _cancel(booking, by=by)
    _tell_sides(
        _both_sides(cancelled),
        booking=cancelled,
        title=f"Office hour cancelled by {by}",
        by=by,
        calendar=[cancelled],
    )
    return cancelled


@transaction.atomic
def booking_reschedule(*, booking: Booking, by: User, slot: OfficeHourSlot) -> Booking:
    """Move a booking to another free slot of the cohort: the old one is cancelled, a new one
    made, in one transaction; both sides are told, in one email each with both calendar
    changes."""
    if slot.cohort_id != booking.team.cohort_id:
        raise ValidationError("Choose a time offered to your cohort.")
    cancelled = _cancel(booking, by=by)
    moved = _book(slot=slot, team=booking.team, by=booking.booked_by, agenda=booking.agenda)
    _tell_sides(
        [*_both_sides(cancelled), slot.expert],
        booking=moved,
        title=f"Office hour moved by {by}",
        by=by,
        calendar=[cancelled, moved],
        old_slot=cancelled.slot,
    )
    return moved


def _locked_slot(slot: OfficeHourSlot) -> OfficeHourSlot:
    return (
        OfficeHourSlot.objects.select_for_update(of=("self",))
        .select_related("expert")
        .get(pk=slot.pk)
    )


def _live_booking(slot: OfficeHourSlot) -> Booking | None:
    return (
        slot.bookings.filter(cancelled_at__isnull=True)
        .select_related("slot__expert", "team__cohort", "booked_by")
        .first()
    )


@transaction.atomic
def slot_update(
    *, slot: OfficeHourSlot, by: User, starts_at: datetime, minutes: int, video_url: str
) -> OfficeHourSlot:
    """The expert moves a slot still to come, or changes its length or link. A booked slot
    keeps its booking: both sides are told, with the old and new times and the calendar
    event's new version."""
    locked = _locked_slot(slot)
    if locked.withdrawn_at is not None or locked.starts_at <= timezone.now():
        raise ValidationError("This time has passed or was withdrawn; it can no longer change.")
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": "Choose a time in the future."})
    unchanged = (locked.starts_at, locked.minutes, locked.video_url) == (
        starts_at,
        minutes,
        video_url,
    )
    if unchanged:
        return locked
    _refuse_overlap(locked.expert, starts_at, minutes, moving=locked)
    old = copy(locked)
    moved = (locked.starts_at, locked.minutes) != (starts_at, minutes)
    locked.starts_at, locked.minutes, locked.video_url = starts_at, minutes, video_url
    if moved:
        locked.sequence += 1
    locked._history_user = by
    locked.save(update_fields=["starts_at", "minutes", "video_url", "sequence", "updated_at"])
    booking = _live_booking(locked)
    if booking is not None:
        _tell_sides(
            _both_sides(booking),
            booking=booking,
            title=f"Office hour moved by {by}" if moved else f"Office hour link changed by {by}",
            by=by,
            calendar=[booking],
            old_slot=old if moved else None,
        )
    return locked


@transaction.atomic
def slot_withdraw(*, slot: OfficeHourSlot, by: User) -> OfficeHourSlot | None:
    """The expert takes a slot back. A booked one is withdrawn and its booking cancelled with
    notice to both sides; one that was never booked is deleted (its history stays); one whose
    bookings were all cancelled is withdrawn (they still point at it). Returns the slot, or
    None when it was deleted."""
    locked = _locked_slot(slot)
    live = _live_booking(locked)
    if live is not None:
        booking_cancel(booking=live, by=by)
    elif not locked.bookings.exists():
        locked._history_user = by
        locked.delete()
        return None
    locked.withdrawn_at = timezone.now()
    locked._history_user = by
    locked.save(update_fields=["withdrawn_at", "updated_at"])
    return locked


# Implementation cases -------------------------------------------------------------------------


def _case_url(case: ImplementationCase) -> str:
    return reverse("guidance:case", args=[case.pk])


def case_submit(
    *,
    submission_key: UUID,
    team: Team,
    by: User,
    title: str,
    context: str,
    tried: str,
    question: str,
    files: Sequence[uploads.CheckedUpload] = (),
) -> ImplementationCase:
    """Store a team's case, waiting for staff review, with its files (checked by
    cohorts.uploads, each with the real type found)."""

    def build() -> ImplementationCase:
        case = ImplementationCase(
            submission_key=submission_key,
            team=team,
            submitted_by=by,
            title=title,
            context=context,
            tried=tried,
            question=question,
        )
        case._history_user = by
        case.save()
        for upload, content_type in files:
            CaseFile.objects.create(case=case, **uploads.kept_file(upload, content_type))
        _tell(
            _staff(),
            kind=Kind.CASE,
            title=f"A case to review from {team.name}: {title}",
            url=_case_url(case),
            group=team.cohort.name,
        )
        return case

    return _stored(ImplementationCase, submission_key, build)


def _locked_case(case: ImplementationCase) -> ImplementationCase:
    return (
        ImplementationCase.objects.select_for_update(of=("self",))
        .select_related("team__cohort")
        .get(pk=case.pk)
    )


@transaction.atomic
def case_revise(
    *, case: ImplementationCase, by: User, title: str, context: str, tried: str, question: str
) -> ImplementationCase:
    """The team rewrites a case staff returned; it waits for staff review again."""
    locked = _locked_case(case)
    if locked.status != ImplementationCase.Status.RETURNED:
        raise ValidationError("Only a case returned to the team can be rewritten.")
    locked.title, locked.context, locked.tried, locked.question = title, context, tried, question
    locked.status = ImplementationCase.Status.SUBMITTED
    locked._history_user = by
    locked.save()
    _tell(
        _staff(),
        kind=Kind.CASE,
        title=f"A rewritten case to review from {locked.team.name}: {title}",
        url=_case_url(locked),
        group=locked.team.cohort.name,
    )
    return locked


@transaction.atomic
def case_review(
    *, case: ImplementationCase, by: User, approve: bool, note: str
) -> ImplementationCase:
    """Staff approve a submitted case (the cohort's experts see it from then on) or return it
    to the team with a note saying what to change."""
    locked = _locked_case(case)
    if locked.status != ImplementationCase.Status.SUBMITTED:
        raise ValidationError("This case is not waiting for a review.")
    if not approve and not note.strip():
        raise ValidationError({"note": "Say what the team should change."})
    locked.status = (
        ImplementationCase.Status.APPROVED if approve else ImplementationCase.Status.RETURNED
    )
    locked.review_note = note
    locked._history_user = by
    locked.save(update_fields=["status", "review_note", "updated_at"])
    group = locked.team.cohort.name
    verdict = "approved" if approve else "returned to you"
    _tell(
        _team_people(locked.team),
        kind=Kind.CASE,
        title=f"Your case was {verdict}: {locked.title}",
        url=_case_url(locked),
        group=group,
    )
    if approve:
        _tell(
            locked.team.cohort.experts.all(),
            kind=Kind.CASE,
            title=f"A case from {locked.team.name}: {locked.title}",
            url=_case_url(locked),
            group=group,
        )
    return locked


@transaction.atomic
def case_schedule(
    *, case: ImplementationCase, by: User, session: Session, follow_up_on: date
) -> ImplementationCase:
    """Staff put an approved case into one of the cohort's sessions and set the day the team is
    asked to report back."""
    locked = _locked_case(case)
    if locked.status not in (
        ImplementationCase.Status.APPROVED,
        ImplementationCase.Status.SCHEDULED,
    ):
        raise ValidationError("Approve the case before scheduling it.")
    if session.cohort_id != locked.team.cohort_id or session.is_cancelled:
        raise ValidationError({"session": "Choose a session of the team's cohort."})
    if follow_up_on <= timezone.localtime(session.ends_at).date():
        raise ValidationError({"follow_up_on": "Choose a day after the session."})
    locked.session = session
    locked.follow_up_on = follow_up_on
    locked.status = ImplementationCase.Status.SCHEDULED
    locked._history_user = by
    locked.save(update_fields=["session", "follow_up_on", "status", "updated_at"])
    _tell(
        [*_team_people(locked.team), *locked.team.cohort.experts.all()],
        kind=Kind.CASE,
        title=f"Case scheduled for {session.title}: {locked.title}",
        url=_case_url(locked),
        group=locked.team.cohort.name,
    )
    return locked


def recommendation_post(
    *, submission_key: UUID, case: ImplementationCase, by: User, body: str
) -> Recommendation:
    """An expert's recommendation, once the case's session has started; the team hears of it."""
    if case.session is None or case.session.starts_at > timezone.now():
        raise ValidationError("Recommendations are written after the case is presented.")

    def build() -> Recommendation:
        recommendation = Recommendation(
            submission_key=submission_key, case=case, author=by, body=body
        )
        recommendation._history_user = by
        recommendation.save()
        _tell(
            _team_people(case.team),
            kind=Kind.CASE,
            title=f"{by} recommends on your case: {case.title}",
            url=_case_url(case),
            group=case.team.cohort.name,
        )
        return recommendation

    return _stored(Recommendation, submission_key, build)


@transaction.atomic
def recommendation_to_step(
    *,
    submission_key: UUID,
    recommendation: Recommendation,
    by: User,
    title: str,
    due_on: date,
    owner: Membership | None = None,
) -> ActionStep:
    """The team turns a recommendation into a step of its action plan (once: a second call
    returns the step already made)."""
    locked = Recommendation.objects.select_for_update(of=("self",)).get(pk=recommendation.pk)
    if locked.action_step_id is not None:
        return ActionStep.objects.get(pk=locked.action_step_id)
    step = action_step_create(
        submission_key=submission_key,
        team=recommendation.case.team,
        by=by,
        title=title,
        due_on=due_on,
        owner=owner,
        details=recommendation.body,
        source=ActionStep.Source.RECOMMENDATION,
    )
    locked.action_step = step
    locked._history_user = by
    locked.save(update_fields=["action_step", "updated_at"])
    return step


@transaction.atomic
def case_report_back(*, case: ImplementationCase, by: User, report: str) -> ImplementationCase:
    """What the team did with the recommendations; the cohort's experts hear of it."""
    locked = _locked_case(case)
    if locked.status != ImplementationCase.Status.SCHEDULED:
        raise ValidationError("Report back once the case has been presented.")
    locked.report_back = report
    locked._history_user = by
    locked.save(update_fields=["report_back", "updated_at"])
    _tell(
        locked.team.cohort.experts.all(),
        kind=Kind.CASE,
        title=f"{locked.team.name} reported back: {locked.title}",
        url=_case_url(locked),
        group=locked.team.cohort.name,
    )
    return locked


def case_followups_remind(*, today: date) -> int:
    """Ask the teams whose follow-up day is `today`, and who have not reported back, to do so;
    a case is reminded about once. Returns how many cases were reminded about."""
    cases = ImplementationCase.objects.filter(
        follow_up_on=today,
        follow_up_reminded_on__isnull=True,
        report_back="",
        status=ImplementationCase.Status.SCHEDULED,
    ).select_related("team__cohort")
    count = 0
    for case in cases:
        with transaction.atomic():
            claimed = ImplementationCase.objects.filter(
                pk=case.pk, follow_up_reminded_on__isnull=True
            ).update(follow_up_reminded_on=today)
            if not claimed:
                continue
            _tell(
                _team_people(case.team),
                kind=Kind.CASE,
                title=f"Time to report back on your case: {case.title}",
                url=_case_url(case),
                group=case.team.cohort.name,
                email_template="guidance/email/report_back.txt",
                context={"case": case},
            )
        count += 1
    return count
