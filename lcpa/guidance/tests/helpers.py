"""Guidance rows for tests: team A's question, office hours of the cast's expert, a case."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lcpa.cohorts.models import Session
from lcpa.guidance import services
from lcpa.guidance.models import (
    Booking,
    ImplementationCase,
    OfficeHourSlot,
    Question,
    Recommendation,
    Topic,
)
from lcpa.testing import Cast, module_of

CSV_BYTES = b"month,calls,diverted\n2026-09,120,31\n2026-10,131,40\n"


def ask(cast: Cast, title: str = "Who answers mental health calls at night?", **extra) -> Question:
    values = {
        "submission_key": uuid.uuid4(),
        "team": cast.team_a,
        "by": cast.member_a1,
        "module": module_of(cast.team_a, 1),
        "topic": Topic.WORKFORCE,
        "title": title,
        "body": "We are planning overnight coverage.",
    } | extra
    return services.question_ask(**values)


def publish(cast: Cast, starts_at: datetime | None = None, **extra) -> OfficeHourSlot:
    values = {
        "expert": cast.expert,
        "cohort": cast.cohort,
        "starts_at": starts_at or timezone.now() + timedelta(days=2),
        "minutes": 30,
        "video_url": "https://meet.example/office-hour",
    } | extra
    return services.slot_publish(**values)


def book(cast: Cast, slot: OfficeHourSlot, **extra) -> Booking:
    values = {
        "slot": slot,
        "team": cast.team_a,
        "by": cast.member_a1,
        "agenda": "Our overnight staffing plan.",
    } | extra
    return services.booking_make(**values)


def submit_case(cast: Cast, **extra) -> ImplementationCase:
    values = {
        "submission_key": uuid.uuid4(),
        "team": cast.team_a,
        "by": cast.member_a1,
        "title": "Calls go back to police when the crisis team is busy",
        "context": "One crisis team covers the city from 8 am to midnight.",
        "tried": "A second team on weekends.",
        "question": "How do others cover the peak hours?",
        "files": [(SimpleUploadedFile("calls.csv", CSV_BYTES), "text/csv")],
    } | extra
    return services.case_submit(**values)


def presented_case(cast: Cast, session: Session) -> ImplementationCase:
    """A case staff approved and scheduled into `session`, reporting back a week later."""
    case = submit_case(cast)
    case = services.case_review(case=case, by=cast.staff, approve=True, note="")
    return services.case_schedule(
        case=case,
        by=cast.staff,
        session=session,
        follow_up_on=timezone.localtime(session.ends_at).date() + timedelta(days=7),
    )


def recommend(
    cast: Cast, case: ImplementationCase, body: str = "Stagger two shifts.\n\nStart with a pilot."
) -> Recommendation:
    return services.recommendation_post(
        submission_key=uuid.uuid4(), case=case, by=cast.expert, body=body
    )


@dataclass
class Guidance:
    question: Question
    open_slot: OfficeHourSlot
    spare_slot: OfficeHourSlot
    booking: Booking
    case: ImplementationCase
    recommendation: Recommendation


def make_guidance(cast: Cast, session: Session) -> Guidance:
    """One of each guidance row a URL names; `session` (of team A's cohort) has started."""
    now = timezone.now()
    booked = publish(cast, now + timedelta(days=1))
    case = presented_case(cast, session)
    return Guidance(
        question=ask(cast),
        open_slot=publish(cast, now + timedelta(days=3)),
        spare_slot=publish(cast, now + timedelta(days=4)),
        booking=book(cast, booked),
        case=case,
        recommendation=recommend(cast, case),
    )
