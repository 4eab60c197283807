"""The demo's guidance from national experts (`content/guidance.yaml`): questions and answers,
office hours after the story's today, and a case presented in its cohort's last session, all
made through the guidance services and dated with `stamps.dated`. Keys come from the file's
words, so a second run finds every row already there."""

import uuid
from datetime import date, timedelta
from pathlib import Path

from django.utils import timezone
from pydantic import Field

from lcpa.accounts.models import User
from lcpa.cohorts.models import Membership, Session
from lcpa.curriculum.content import read_yaml
from lcpa.demo.cohorts import SeededCohorts
from lcpa.demo.content import CONTENT_DIR, ModuleNumber, Place, _Strict, place_key
from lcpa.demo.stamps import PROGRAM_TIME_ZONE, at, dated
from lcpa.guidance import services
from lcpa.guidance.models import ImplementationCase, OfficeHourSlot, Question, Topic

KEYS = uuid.UUID("0b7c36a4-4a43-4c55-9d0c-2f6f1f0e9a20")


class AnswerSpec(_Strict):
    by: str
    days_ago: int = Field(ge=1)
    body: str


class QuestionSpec(_Strict):
    cohort: str
    place: Place
    asked_by: str
    days_ago: int = Field(ge=1)
    module: ModuleNumber
    topic: Topic
    title: str
    body: str
    answers: list[AnswerSpec] = []


class SlotSpec(_Strict):
    cohort: str
    expert: str
    days_ahead: int = Field(ge=1)  # after the story's today: office hours still to come
    hour: int = Field(ge=7, le=19)  # in the program's time zone
    minutes: int = Field(ge=15, le=60)
    video_url: str
    booked_by: str | None = None
    agenda: str = ""


class StepSpec(_Strict):
    title: str
    due_in_days: int = Field(ge=1)


class RecommendationSpec(_Strict):
    by: str
    body: str
    step: StepSpec | None = None


class CaseSpec(_Strict):
    cohort: str
    place: Place
    submitted_by: str
    days_before_session: int = Field(ge=2)
    title: str
    context: str
    tried: str
    question: str
    reviewed_by: str
    recommendations: list[RecommendationSpec]
    follow_up_days_after_session: int = Field(ge=1)


class GuidanceFile(_Strict):
    questions: list[QuestionSpec]
    office_hours: list[SlotSpec]
    cases: list[CaseSpec]


def read_guidance(directory: Path = CONTENT_DIR) -> GuidanceFile:
    return read_yaml(directory / "guidance.yaml", GuidanceFile, what="the demo guidance")


def _key(*words: str) -> uuid.UUID:
    return uuid.uuid5(KEYS, "|".join(words))


def seed_guidance(
    *, guidance: GuidanceFile, seeded: SeededCohorts, logins: dict[str, User], today: date
) -> int:
    """Add the file's questions, office hours and cases that are not there yet; returns how
    many were added."""
    added = 0
    for spec in guidance.questions:
        key = _key("question", spec.cohort, spec.place, spec.title)
        if not Question.objects.filter(submission_key=key).exists():
            _question(spec, key, seeded=seeded, logins=logins, today=today)
            added += 1
    for spec in guidance.office_hours:
        added += _slot(spec, seeded=seeded, logins=logins, today=today)
    for spec in guidance.cases:
        key = _key("case", spec.cohort, spec.place, spec.title)
        if not ImplementationCase.objects.filter(submission_key=key).exists():
            _case(spec, key, seeded=seeded, logins=logins)
            added += 1
    return added


def _question(spec: QuestionSpec, key, *, seeded, logins, today: date) -> None:
    team = seeded.teams[(spec.cohort, place_key(spec.place))]
    with dated(at(today - timedelta(days=spec.days_ago), 10)):
        question = services.question_ask(
            submission_key=key,
            team=team,
            by=logins[spec.asked_by],
            module=team.cohort.modules.get(number=spec.module),
            topic=spec.topic,
            title=spec.title,
            body=spec.body,
        )
    for position, answer in enumerate(spec.answers):
        with dated(at(today - timedelta(days=answer.days_ago), 15)):
            services.answer_post(
                submission_key=_key(str(key), str(position)),
                question=question,
                by=logins[answer.by],
                body=answer.body,
            )


def _slot(spec: SlotSpec, *, seeded, logins, today: date) -> int:
    cohort = seeded.cohorts[spec.cohort]
    expert = logins[spec.expert]
    starts_at = at(today + timedelta(days=spec.days_ahead), spec.hour)
    if OfficeHourSlot.objects.filter(expert=expert, starts_at=starts_at).exists():
        return 0
    with dated(at(today - timedelta(days=1), 16)):  # published the day before
        slot = services.slot_publish(
            expert=expert,
            cohort=cohort,
            starts_at=starts_at,
            minutes=spec.minutes,
            video_url=spec.video_url,
        )
        if spec.booked_by:
            member = logins[spec.booked_by]
            team = Membership.objects.get(user=member, team__cohort=cohort).team
            services.booking_make(slot=slot, team=team, by=member, agenda=spec.agenda)
    return 1


def _case(spec: CaseSpec, key, *, seeded, logins) -> None:
    """Written and reviewed before the cohort's last session so far, presented in it, with
    the experts' recommendations just after it."""
    team = seeded.teams[(spec.cohort, place_key(spec.place))]
    session = (
        Session.objects.filter(cohort=team.cohort, ends_at__lt=timezone.now())
        .order_by("-starts_at")
        .first()
    )
    held = timezone.localtime(session.starts_at, PROGRAM_TIME_ZONE).date()
    submitted = at(held - timedelta(days=spec.days_before_session), 9)
    with dated(submitted):
        case = services.case_submit(
            submission_key=key,
            team=team,
            by=logins[spec.submitted_by],
            title=spec.title,
            context=spec.context,
            tried=spec.tried,
            question=spec.question,
        )
    staff = logins[spec.reviewed_by]
    with dated(submitted + timedelta(days=1)):
        case = services.case_review(case=case, by=staff, approve=True, note="")
        case = services.case_schedule(
            case=case,
            by=staff,
            session=session,
            follow_up_on=held + timedelta(days=spec.follow_up_days_after_session),
        )
    after = min(session.ends_at + timedelta(hours=2), timezone.now())
    for position, item in enumerate(spec.recommendations):
        with dated(after):
            recommendation = services.recommendation_post(
                submission_key=_key(str(key), str(position)),
                case=case,
                by=logins[item.by],
                body=item.body,
            )
            if item.step:
                services.recommendation_to_step(
                    submission_key=_key(str(key), str(position), "step"),
                    recommendation=recommendation,
                    by=logins[spec.submitted_by],
                    title=item.step.title,
                    due_on=timezone.localdate() + timedelta(days=item.step.due_in_days),
                )
