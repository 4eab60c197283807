"""Every write to interest registrations. Keyword-only, typed, atomic."""

from __future__ import annotations

import uuid
import zoneinfo
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from lcpa.cohorts.composition import composition_gaps
from lcpa.cohorts.models import Jurisdiction, LearningCommunity
from lcpa.intake import deadlines
from lcpa.intake.models import InterestRegistration, ProposedMember
from lcpa.notifications.services import email_queue

# Registration submission (public form) ------------------------------------------------------

NOT_A_CONFIRMATION = (
    "Registering interest is not confirmation of a place in a cohort. Program staff follow up "
    "with every team that registers to talk through fit, timing and next steps."
)


@dataclass(frozen=True)
class RegistrationSubmitted:
    registration: InterestRegistration
    created: bool  # False when the submission key had already been stored (a double submit)


@dataclass(frozen=True)
class _Member:
    role: str
    sector: str


def registration_submit(
    *,
    submission_key: uuid.UUID,
    jurisdiction_name: str,
    state: str,
    jurisdiction_kind: str,
    population: int,
    learning_communities: Sequence[LearningCommunity],
    goals: str,
    stage: str,
    preferred_start: str,
    contact_name: str,
    contact_email: str,
    members: Sequence[Mapping[str, str]],
    heard_from: str = "",
    contact_phone: str = "",
    submitted_at: datetime | None = None,
    send_emails: bool = True,
) -> RegistrationSubmitted:
    """Store a registration with its members and communities, once per submission key.

    A second call with the same key (a double click, a resubmitted page) stores nothing and
    returns the first registration. The acknowledgement to the primary contact (members in
    copy) and the staff notification are stored as outbound emails and sent by a task after
    commit, so a failing mail server never loses the registration.

    `submitted_at` and `send_emails=False` are for demo data and imports of past registrations.
    """
    existing = InterestRegistration.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return RegistrationSubmitted(existing, created=False)

    communities = list(learning_communities)
    if not communities:
        raise ValidationError("Choose at least one learning community.")
    if not members:
        raise ValidationError("Add at least one team member.")
    gaps = composition_gaps(
        [_Member(role=m["role"], sector=m["sector"]) for m in members], communities
    )
    if gaps:
        raise ValidationError(gaps)

    received_at = submitted_at or timezone.now()
    submitted_on = timezone.localtime(received_at, zoneinfo.ZoneInfo(settings.TIME_ZONE)).date()
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: a lost race leaves the outer one usable
                registration = InterestRegistration.objects.create(
                    submission_key=submission_key,
                    jurisdiction_name=jurisdiction_name,
                    state=state,
                    jurisdiction_kind=jurisdiction_kind,
                    population=population,
                    goals=goals,
                    stage=stage,
                    preferred_start=preferred_start,
                    heard_from=heard_from,
                    contact_name=contact_name,
                    contact_email=contact_email,
                    contact_phone=contact_phone,
                    follow_up_due_on=deadlines.follow_up_due_on(submitted_on),
                    jurisdiction=Jurisdiction.objects.filter(
                        name__iexact=jurisdiction_name, state=state, kind=jurisdiction_kind
                    ).first(),
                )
        except IntegrityError:
            existing = InterestRegistration.objects.filter(submission_key=submission_key).first()
            if existing is None:
                raise
            return RegistrationSubmitted(existing, created=False)
        if submitted_at is not None:
            InterestRegistration.objects.filter(pk=registration.pk).update(created_at=submitted_at)
            registration.created_at = submitted_at
        registration.learning_communities.set(communities)
        member_rows = ProposedMember.objects.bulk_create(
            ProposedMember(
                registration=registration,
                position=position,
                name=member["name"],
                email=member["email"],
                organisation=member["organisation"],
                sector=member["sector"],
                job_title=member.get("job_title", ""),
                role=member["role"],
            )
            for position, member in enumerate(members, start=1)
        )
        if send_emails:
            _registration_emails_queue(
                registration=registration, communities=communities, members=member_rows
            )
    return RegistrationSubmitted(registration, created=True)


def _registration_emails_queue(
    *,
    registration: InterestRegistration,
    communities: Sequence[LearningCommunity],
    members: Sequence[ProposedMember],
) -> None:
    context = {
        "registration": registration,
        "communities": communities,
        "members": members,
        "status_url": settings.SITE_URL + registration.get_status_url(),
        "staff_url": settings.SITE_URL + registration.get_absolute_url(),
        "not_a_confirmation": NOT_A_CONFIRMATION,
    }
    email_queue(
        to=[registration.contact_email],
        cc=[member.email for member in members],
        reply_to=settings.STAFF_NOTIFICATION_EMAILS,
        subject="We received your team's interest in the Learning Communities",
        template="intake/email/registration_acknowledgement.txt",
        context=context,
    )
    email_queue(
        to=settings.STAFF_NOTIFICATION_EMAILS,
        reply_to=[registration.contact_email],
        subject=(
            f"New interest registration: {registration.jurisdiction_name}, {registration.state}"
        ),
        template="intake/email/registration_staff_notification.txt",
        context=context,
    )
