"""Every write to cohorts, teams, invitations, deliverables, sessions and attendance."""

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import dateformat, timezone

from lcpa.accounts.models import User
from lcpa.cohorts import uploads
from lcpa.cohorts.gating import module_is_open
from lcpa.cohorts.models import (
    ActionStep,
    Attendance,
    Cohort,
    CohortModule,
    Deliverable,
    DeliverableFile,
    DeliverableReview,
    Invitation,
    Membership,
    ModuleUnlock,
    Session,
    SessionFeedback,
    Team,
    TeamContact,
)
from lcpa.core.public_cache import public_content_changed
from lcpa.core.text import counted
from lcpa.core.tokens import link_token_new
from lcpa.curriculum.models import DeliverablePrompt, Jurisdiction, LearningCommunity
from lcpa.curriculum.services import jurisdiction_find_or_create
from lcpa.intake import services as intake_services
from lcpa.intake.models import FollowUp, InterestRegistration
from lcpa.notifications.kinds import Kind
from lcpa.notifications.services import Attachment, email_queue, notify, recipient_zone

INVITATION_LIFETIME = timedelta(days=14)
EDITABLE_STATUSES = frozenset({Deliverable.Status.DRAFT, Deliverable.Status.CHANGES_REQUESTED})


class CohortError(Exception):
    """A write the rules refuse; the message is written for the person who tried it."""


class DeliverableConflict(CohortError):
    """Someone else saved the draft since this editor loaded it."""

    def __init__(self, current: Deliverable) -> None:
        editor = current.last_edited_by or "another team member"
        super().__init__(
            f"{editor} saved this deliverable while you were editing. Your changes were not "
            "saved: their version is shown below. Copy anything you still need, then save again."
        )
        self.current = current


def cohort_create(
    *,
    learning_community: LearningCommunity,
    name: str,
    starts_on: date,
    ends_on: date,
    capacity: int = 8,
    facilitators: Iterable[User] = (),
    experts: Iterable[User] = (),
    ta_providers: Iterable[User] = (),
) -> Cohort:
    """Create a cohort with its own copy of the curriculum as it stands today."""
    with transaction.atomic():
        cohort = Cohort.objects.create(
            learning_community=learning_community,
            name=name,
            starts_on=starts_on,
            ends_on=ends_on,
            capacity=capacity,
        )
        cohort.facilitators.set(facilitators)
        cohort.experts.set(experts)
        cohort.ta_providers.set(ta_providers)
        modules = learning_community.modules.prefetch_related("prompts").order_by("number")
        span = (ends_on - starts_on) / 5
        CohortModule.objects.bulk_create(
            CohortModule(
                cohort=cohort,
                number=module.number,
                title=module.title,
                aims=module.aims,
                guidance=module.guidance,
                deliverable_name=module.deliverable_name,
                prompts=[prompt.snapshot() for prompt in module.prompts.all()],
                due_on=starts_on + span * module.number,
            )
            for module in modules
        )
        public_content_changed()  # the public pages list upcoming cohorts
    return cohort


def team_create(*, cohort: Cohort, jurisdiction: Jurisdiction, name: str = "") -> Team:
    team = Team.objects.create(
        cohort=cohort, jurisdiction=jurisdiction, name=name or f"{jurisdiction.name} team"
    )
    public_content_changed()  # its jurisdiction now appears on the jurisdictions page
    return team


def _invitation_email(invitation: Invitation, *, token: str) -> None:
    """The email that hands out the accept link: the only place its raw token goes."""
    email_queue(
        to=[invitation.email],
        subject=f"You are invited to the {invitation.team} workspace",
        template="cohorts/email/invitation.txt",
        context={
            "invitation": invitation,
            "cohort": invitation.team.cohort,
            "accept_url": settings.SITE_URL + reverse("cohorts:invitation_accept", args=[token]),
        },
    )


def invitation_send(
    *,
    team: Team,
    email: str,
    full_name: str,
    role: str,
    sector: str,
    by: User,
    organisation: str = "",
    job_title: str = "",
) -> Invitation:
    """Invite someone to a team by email. Inviting the same address again refreshes the link
    (and lets a removed member be invited back); a current member cannot be invited again.

    Every send makes a new accept link (only its digest is stored) and the earlier one stops
    working."""
    email = email.strip().lower()
    if Membership.objects.filter(
        team=team, user__email__iexact=email, removed_at__isnull=True
    ).exists():
        raise CohortError(f"{email} is already a member of {team}.")
    token, token_digest = link_token_new()
    with transaction.atomic():
        invitation, _ = Invitation.objects.update_or_create(
            team=team,
            email=email,
            defaults={
                "accepted_at": None,
                "full_name": full_name,
                "role": role,
                "sector": sector,
                "organisation": organisation,
                "job_title": job_title,
                "token_digest": token_digest,
                "expires_at": timezone.now() + INVITATION_LIFETIME,
                "invited_by": by,
            },
        )
        Invitation.objects.filter(pk=invitation.pk).update(sent_count=invitation.sent_count + 1)
        invitation.sent_count += 1
        _invitation_email(invitation, token=token)
    return invitation


def invitation_resend(*, invitation: Invitation, by: User) -> Invitation:
    if invitation.accepted_at:
        raise CohortError("This invitation was already accepted.")
    return invitation_send(
        team=invitation.team,
        email=invitation.email,
        full_name=invitation.full_name,
        role=invitation.role,
        sector=invitation.sector,
        organisation=invitation.organisation,
        job_title=invitation.job_title,
        by=by,
    )


def invitation_revoke(*, invitation: Invitation, by: User) -> None:
    """Withdraw an invitation sent by mistake: its link stops working at once. The history
    keeps who withdrew it and when."""
    if invitation.accepted_at:
        raise CohortError(
            f"{invitation.email} already accepted this invitation and is on the team. To end "
            "their access, remove them from the team instead."
        )
    invitation._history_user = by
    invitation.delete()


def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Join the team the invitation is for. The invitation must be current and for this email."""
    if invitation.accepted_at:
        raise CohortError("This invitation has already been used. Sign in to reach your team.")
    if invitation.expires_at <= timezone.now():
        raise CohortError("This invitation has expired. Ask program staff to send a new one.")
    if user.email.lower() != invitation.email.lower():
        raise CohortError(
            f"This invitation is for {invitation.email}. Sign out and open the link again."
        )
    with transaction.atomic():
        membership, _ = Membership.objects.update_or_create(
            team=invitation.team,
            user=user,
            defaults={
                "role": invitation.role,
                "sector": invitation.sector,
                "organisation": invitation.organisation,
                "job_title": invitation.job_title,
                "removed_at": None,
            },
        )
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at", "updated_at"])
        if not user.full_name:
            user.full_name = invitation.full_name
            user.save(update_fields=["full_name"])
    return membership


def invitation_sign_up(*, invitation: Invitation, full_name: str, password: str) -> Membership:
    """Make an account for the invited address and join the team, in one step.

    The invitation proves the address, so it is stored as verified. The caller has checked the
    password against the password validators."""
    if invitation.accepted_at:
        raise CohortError("This invitation has already been used. Sign in to reach your team.")
    if invitation.expires_at <= timezone.now():
        raise CohortError("This invitation has expired. Ask program staff to send a new one.")
    from allauth.account.models import EmailAddress

    with transaction.atomic():
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise CohortError(
                f"There is already an account for {invitation.email}: sign in to accept."
            )
        user = User.objects.create_user(
            email=invitation.email,
            password=password,
            full_name=full_name.strip() or invitation.full_name,
            role=User.Role.PARTICIPANT,
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        return invitation_accept(invitation=invitation, user=user)


def member_add(
    *,
    team: Team,
    user: User,
    role: str,
    sector: str,
    organisation: str = "",
    job_title: str = "",
) -> Membership:
    membership, _ = Membership.objects.update_or_create(
        team=team,
        user=user,
        defaults={
            "role": role,
            "sector": sector,
            "organisation": organisation,
            "job_title": job_title,
            "removed_at": None,
        },
    )
    return membership


def member_remove(*, membership: Membership, by: User) -> Membership:
    """End someone's access to the team's private pages at once; the row stays for history."""
    membership._history_user = by
    membership.removed_at = timezone.now()
    membership.save(update_fields=["removed_at", "updated_at"])
    return membership


def membership_contact_share(*, membership: Membership, share: bool, by: User) -> Membership:
    """Choose whether the other teams of the cohort see this member's name, team role,
    organization and email (on their "Other teams" page). Only the member chooses, and only
    while on the team; the change is kept in the membership's history."""
    if membership.user_id != by.pk:
        raise CohortError("Only the person themselves can choose to share their contact details.")
    if membership.removed_at is not None:
        raise CohortError("You are no longer on this team, so there is nothing to share.")
    if membership.share_contact_with_cohort != share:
        membership._history_user = by
        membership.share_contact_with_cohort = share
        membership.save(update_fields=["share_contact_with_cohort", "updated_at"])
    return membership


def _statuses(team: Team) -> dict[int, str]:
    return dict(team.deliverables.values_list("module__number", "status"))


def _unlocked(team: Team) -> set[int]:
    return set(team.unlocks.values_list("module__number", flat=True))


def _check_same_cohort(team: Team, module: CohortModule) -> None:
    if module.cohort_id != team.cohort_id:
        raise CohortError("This module belongs to another cohort.")


def module_is_open_for_team(*, team: Team, module: CohortModule) -> bool:
    return module_is_open(module.number, _statuses(team), _unlocked(team))


def module_unlock(*, team: Team, module: CohortModule, reason: str, by: User) -> ModuleUnlock:
    if not reason.strip():
        raise CohortError("Give a reason for opening this module early; it is kept in the record.")
    _check_same_cohort(team, module)
    try:
        with transaction.atomic():
            return ModuleUnlock.objects.create(
                team=team, module=module, reason=reason.strip(), unlocked_by=by
            )
    except IntegrityError:
        raise CohortError(f"Module {module.number} is already unlocked for this team.") from None


def deliverable_save(
    *,
    team: Team,
    module: CohortModule,
    answers: Mapping[str, Any],
    base_version: int,
    by: User,
) -> Deliverable:
    """Save the team's draft. Refused if another save happened since `base_version` was read."""
    _check_same_cohort(team, module)
    with transaction.atomic():
        deliverable, _ = Deliverable.objects.select_for_update().get_or_create(
            team=team, module=module
        )
        if not module_is_open_for_team(team=team, module=module):
            raise CohortError(
                f"Module {module.number} opens when the team submits the module "
                f"{module.number - 1} deliverable."
            )
        if deliverable.status not in EDITABLE_STATUSES:
            raise CohortError(
                "This deliverable has been submitted; it can be edited again if the reviewer "
                "asks for changes."
            )
        if deliverable.version != base_version:
            raise DeliverableConflict(deliverable)
        deliverable.answers = dict(answers)
        deliverable.version += 1
        deliverable.last_edited_by = by
        deliverable._history_user = by
        deliverable.save()
    return deliverable


def missing_answers(deliverable: Deliverable, prompts: list[dict]) -> list[str]:
    """Labels of required prompts the team has not answered yet."""
    missing = []
    file_keys = set(deliverable.files.values_list("prompt_key", flat=True))
    for prompt in prompts:
        if not prompt.get("required"):
            continue
        if prompt["kind"] == DeliverablePrompt.Kind.FILE:
            answered = prompt["key"] in file_keys
        else:
            value = deliverable.answers.get(prompt["key"])
            if isinstance(value, list):
                answered = any(any(cell for cell in row) for row in value)
            else:
                # A number answer of 0 is an answer.
                answered = value is not None and str(value).strip() != ""
        if not answered:
            missing.append(prompt["label"])
    return missing


def deliverable_submit(*, deliverable: Deliverable, by: User) -> Deliverable:
    cohort_module = deliverable.module
    if deliverable.status not in EDITABLE_STATUSES:
        raise CohortError("This deliverable has already been submitted.")
    missing = missing_answers(deliverable, cohort_module.prompts)
    if missing:
        raise CohortError("Answer these before you submit: " + "; ".join(missing) + ".")
    with transaction.atomic():
        deliverable.status = Deliverable.Status.SUBMITTED
        deliverable.submitted_at = timezone.now()
        deliverable.version += 1
        deliverable.last_edited_by = by
        deliverable._history_user = by
        deliverable.save()
        _notify_reviewers(deliverable, cohort_module)
    return deliverable


def _notify_reviewers(deliverable: Deliverable, cohort_module: CohortModule) -> None:
    cohort = deliverable.team.cohort
    reviewers = {
        user.pk: user
        for user in [*cohort.experts.all(), *cohort.facilitators.all()]
        if user.is_active
    }
    path = reverse("cohorts:deliverable_review", args=[deliverable.pk])
    for user in sorted(reviewers.values(), key=lambda user: user.email):
        notify(
            user=user,
            kind=Kind.DELIVERABLE,
            title=f"{deliverable.team} submitted: {cohort_module.deliverable_name}",
            url=path,
            group=cohort.name,
            email_template="cohorts/email/deliverable_submitted.txt",
            context={
                "deliverable": deliverable,
                "module": cohort_module,
                "review_url": settings.SITE_URL + path,
            },
        )


def deliverable_review(
    *, deliverable: Deliverable, reviewer: User, decision: str, comments: str
) -> DeliverableReview:
    if deliverable.status != Deliverable.Status.SUBMITTED:
        raise CohortError("Only a submitted deliverable can be reviewed.")
    if decision == DeliverableReview.Decision.CHANGES and not comments.strip():
        raise CohortError("Say what should change: the team sees your comments.")
    with transaction.atomic():
        review = DeliverableReview.objects.create(
            deliverable=deliverable, reviewer=reviewer, decision=decision, comments=comments
        )
        if decision == DeliverableReview.Decision.ACCEPT:
            deliverable.status = Deliverable.Status.ACCEPTED
            deliverable.accepted_at = timezone.now()
        else:
            deliverable.status = Deliverable.Status.CHANGES_REQUESTED
        deliverable.version += 1
        deliverable._history_user = reviewer
        deliverable.save()
        members = deliverable.team.memberships.filter(
            removed_at__isnull=True, user__is_active=True
        ).select_related("user")
        path = reverse("cohorts:module", args=[deliverable.team_id, deliverable.module.number])
        for membership in members.order_by("user__email"):
            notify(
                user=membership.user,
                kind=Kind.DELIVERABLE,
                title=f"Feedback on your module {deliverable.module.number} deliverable",
                url=path,
                group=deliverable.team.cohort.name,
                email_template="cohorts/email/deliverable_reviewed.txt",
                context={
                    "review": review,
                    "deliverable": deliverable,
                    "url": settings.SITE_URL + path,
                },
            )
    return review


def deliverable_share(*, deliverable: Deliverable, shared: bool, by: User) -> Deliverable:
    deliverable.shared_with_cohort = shared
    deliverable._history_user = by
    deliverable.save(update_fields=["shared_with_cohort", "updated_at"])
    return deliverable


def deliverable_file_attach(
    *, deliverable: Deliverable, prompt_key: str, upload: Any, content_type: str, by: User
) -> DeliverableFile:
    """Keep a file a member uploaded for a file prompt. The caller has checked it
    (uploads.validate_upload) and passes the real type found; earlier files stay (every change
    is kept). The file is stored under a random name with the extension of that type, never
    the uploader's name or extension (which is kept only as the name shown to the team)."""
    if deliverable.status not in EDITABLE_STATUSES:
        raise CohortError("This deliverable has been submitted; files can no longer be added.")
    if content_type not in uploads.EXTENSIONS:
        raise CohortError(f"This type of file cannot be uploaded. Use {uploads.ALLOWED_FILES}.")
    return DeliverableFile.objects.create(
        deliverable=deliverable,
        prompt_key=prompt_key,
        uploaded_by=by,
        **uploads.kept_file(upload, content_type),
    )


def reminder_times(starts_at: datetime) -> list[tuple[str, datetime]]:
    """Two days (same wall-clock time in the program's time zone) and one hour before."""
    local = timezone.localtime(starts_at, timezone.get_default_timezone())
    two_days = (local - timedelta(days=2)).replace(fold=0)
    return [
        ("two_days", two_days.astimezone(UTC)),
        ("one_hour", starts_at - timedelta(hours=1)),
    ]


def session_reminders_enqueue(session: Session) -> None:
    """Queue the reminders for the session as it stands; each carries the start time and
    sequence it was queued for, so those of an earlier version stay silent."""
    from lcpa.cohorts.tasks import send_session_reminder

    now = timezone.now()
    for kind, when in reminder_times(session.starts_at):
        if when <= now:
            continue
        send_session_reminder.using(run_after=when).enqueue(
            session.pk, kind, session.starts_at.isoformat(), sequence=session.sequence
        )


def session_schedule(
    *,
    module: CohortModule,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    meeting_url: str = "",
    agenda: str = "",
    facilitators: Iterable[User] = (),
    presenters: Iterable[User] = (),
    by: User,
) -> Session:
    """Schedule a session, queue its reminders and, when it is still to come, tell everyone it
    concerns (with its calendar file; emailed as each person chose for sessions). The audit
    trail records `by` as who scheduled it."""
    if ends_at <= starts_at:
        raise CohortError("The session must end after it starts.")
    with transaction.atomic():
        session = Session(
            cohort_id=module.cohort_id,
            module=module,
            title=title,
            starts_at=starts_at,
            ends_at=ends_at,
            meeting_url=meeting_url,
            agenda=agenda,
        )
        session._history_user = by
        session.save()
        session.facilitators.set(facilitators)
        session.presenters.set(presenters)
        if starts_at > timezone.now():
            _tell_audience(
                session,
                title=f"New session: {session.title}",
                template="cohorts/email/session_scheduled.txt",
            )
        transaction.on_commit(lambda: session_reminders_enqueue(session))
    return session


def _check_not_cancelled(session: Session) -> None:
    if session.is_cancelled:
        raise CohortError(
            "This session was cancelled, so it can no longer change. Schedule a new session "
            "instead."
        )


def _check_not_held(session: Session, doing: str) -> None:
    if session.attendance.exists():
        raise CohortError(
            f"Attendance was taken at this session, so it was held: it cannot be {doing}."
        )


def session_update(
    *,
    session: Session,
    by: User,
    module: CohortModule,
    title: str,
    agenda: str,
    meeting_url: str,
    facilitators: Iterable[User],
    presenters: Iterable[User],
) -> Session:
    """Change what a session is about and who runs it (its time changes with
    `session_reschedule`). Members are not emailed: calendar feeds pick the change up."""
    _check_not_cancelled(session)
    if module.cohort_id != session.cohort_id:
        raise CohortError("Choose one of this cohort's modules.")
    if not title.strip():
        raise CohortError("Give the session a title.")
    with transaction.atomic():
        session._history_user = by
        session.module = module
        session.title = title.strip()
        session.agenda = agenda
        session.meeting_url = meeting_url
        session.save()
        session.facilitators.set(facilitators)
        session.presenters.set(presenters)
    return session


def _audience(session: Session) -> list[User]:
    """Who is told when a session is scheduled, moves or is cancelled: the cohort's current
    members and the session's facilitators and presenters who may see it."""
    from lcpa.cohorts.access import serves_cohort

    members = User.objects.filter(
        is_active=True,
        memberships__team__cohort_id=session.cohort_id,
        memberships__removed_at__isnull=True,
    )
    helpers = User.objects.filter(
        Q(facilitated_sessions=session) | Q(presented_sessions=session), is_active=True
    )
    people = {user.pk: user for user in members}
    for user in helpers:
        if user.pk not in people and serves_cohort(user, session.cohort_id):
            people[user.pk] = user
    return sorted(people.values(), key=lambda user: user.email)


def when_text(starts_at: datetime, ends_at: datetime, zone: str) -> str:
    """ "Monday, March 15, 2027, 10:00 AM to 11:00 AM EDT" in the time zone `zone`."""
    start = timezone.localtime(starts_at, ZoneInfo(zone))
    end = timezone.localtime(ends_at, ZoneInfo(zone))
    same_day = start.date() == end.date()
    return (
        f"{dateformat.format(start, 'l, F j, Y, g:i A')} to "
        f"{dateformat.format(end, 'g:i A T' if same_day else 'l, F j, Y, g:i A T')}"
    )


def _tell_audience(
    session: Session,
    *,
    title: str,
    template: str,
    old: tuple[datetime, datetime] | None = None,
    at_once: bool = False,
) -> int:
    """A notification each (so members of different teams never see each other's addresses),
    emailed as each person chose for sessions, with the times in their own time zone and the
    session's calendar file."""
    from lcpa.cohorts.calendar import session_change_calendar, session_url

    attachment = Attachment(
        filename=f"session-{session.pk}.ics",
        # Django adds the charset when it attaches a text file.
        content_type="text/calendar; method=" + ("CANCEL" if session.is_cancelled else "PUBLISH"),
        content=session_change_calendar(session).decode(),
    )
    audience = _audience(session)
    for user in audience:
        zone = recipient_zone(user).key
        notify(
            user=user,
            kind=Kind.SESSION,
            title=title,
            url=reverse("cohorts:session", args=[session.pk]),
            group=session.cohort.name,
            email_template=template,
            context={
                "session": session,
                "old_when": old and when_text(*old, zone),
                "new_when": when_text(session.starts_at, session.ends_at, zone),
                "url": session_url(session),
            },
            attachments=[attachment],
            at_once=at_once,
        )
    return len(audience)


def session_reschedule(
    *, session: Session, starts_at: datetime, ends_at: datetime, by: User
) -> Session:
    """Move a session: its sequence goes up, reminders are queued for the new time (those for
    the old one stay silent), and everyone it concerns is emailed the old and new time with an
    updated calendar file."""
    _check_not_cancelled(session)
    if ends_at <= starts_at:
        raise CohortError("The session must end after it starts.")
    if (starts_at, ends_at) == (session.starts_at, session.ends_at):
        raise CohortError("That is the time the session already has. Choose a new time.")
    _check_not_held(session, "moved")
    old = (session.starts_at, session.ends_at)
    with transaction.atomic():
        session._history_user = by
        session.starts_at = starts_at
        session.ends_at = ends_at
        session.sequence += 1
        session.save(update_fields=["starts_at", "ends_at", "sequence", "updated_at"])
        _tell_audience(
            session,
            title=f"New time: {session.title}",
            template="cohorts/email/session_moved.txt",
            old=old,
            at_once=True,
        )
        transaction.on_commit(lambda: session_reminders_enqueue(session))
    return session


def session_cancel(*, session: Session, reason: str, by: User) -> Session:
    """Cancel a session that has not been held: it stays listed as cancelled, its reminders
    stay silent, and everyone it concerns is emailed the reason with a cancellation for their
    calendar."""
    _check_not_cancelled(session)
    reason = reason.strip()
    if not reason:
        raise CohortError("Give the reason for cancelling: members read it in the email.")
    _check_not_held(session, "cancelled")
    with transaction.atomic():
        session._history_user = by
        session.status = Session.Status.CANCELLED
        session.cancelled_at = timezone.now()
        session.cancellation_reason = reason
        session.sequence += 1
        session.save(
            update_fields=[
                "status",
                "cancelled_at",
                "cancellation_reason",
                "sequence",
                "updated_at",
            ]
        )
        _tell_audience(
            session,
            title=f"Cancelled: {session.title}",
            template="cohorts/email/session_cancelled.txt",
            old=(session.starts_at, session.ends_at),
            at_once=True,
        )
    return session


def session_delete_refusal(session: Session) -> str | None:
    """Why deleting this session would lose people's records, or None when it may go."""
    if session.attendance.exists() or session.feedback.exists():
        return (
            "Attendance or feedback is recorded for this session, and deleting it would delete "
            "them too. Keep the session: if it is still to come and will not take place, "
            "cancel it so members are told."
        )
    return None


def session_delete(*, session: Session, by: User) -> None:
    """Delete a session scheduled by mistake. The history keeps who deleted it and when;
    reminders already queued find no session and stay silent."""
    refusal = session_delete_refusal(session)
    if refusal:
        raise CohortError(refusal)
    session._history_user = by
    session.delete()


def attendance_record(
    *,
    session: Session,
    marks: Mapping[int, str],
    by: User,
    reason: str = "",
) -> list[Attendance]:
    """Mark attendance for memberships (by id). Changing an earlier mark needs a reason."""
    if session.is_cancelled:
        raise CohortError("This session was cancelled, so there is no attendance to take.")
    valid = set(
        Membership.objects.filter(team__cohort_id=session.cohort_id, pk__in=marks).values_list(
            "pk", flat=True
        )
    )
    rows = session.attendance.filter(membership_id__in=valid)
    existing = {row.membership_id: row for row in rows}
    corrections = [pk for pk in valid if pk in existing and existing[pk].status != marks[pk]]
    if corrections and not reason.strip():
        raise CohortError("You are changing attendance already recorded: give a reason.")
    saved = []
    with transaction.atomic():
        for membership_id in sorted(valid):
            status = marks[membership_id]
            row = existing.get(membership_id)
            if row is None:
                row = Attendance(session=session, membership_id=membership_id)
            elif row.status == status:
                saved.append(row)
                continue
            else:
                row.correction_reason = reason.strip()
            row.status = status
            row.recorded_by = by
            row._history_user = by
            row.save()
            saved.append(row)
    return saved


FEEDBACK_IMPROVE_MAX = 2000


def feedback_refusal(*, session: Session, user: User) -> str | None:
    """Why this person cannot give feedback on this session now, or None when they can."""
    if session.is_cancelled:
        return "This session was cancelled, so there is nothing to give feedback on."
    if session.ends_at > timezone.now():
        return "Feedback opens when the session has ended."
    if not Membership.objects.filter(
        user_id=user.pk, team__cohort_id=session.cohort_id, removed_at__isnull=True
    ).exists():
        return "Only members of the cohort's teams give feedback on its sessions."
    return None


def feedback_submit(
    *, session: Session, user: User, usefulness: int, improve: str
) -> SessionFeedback:
    """Store one person's feedback on a session; sending it again replaces their earlier answer."""
    if not 1 <= usefulness <= 5:
        raise CohortError("Choose how useful the session was, from 1 to 5.")
    if len(improve) > FEEDBACK_IMPROVE_MAX:
        raise CohortError(f"Keep your suggestions under {FEEDBACK_IMPROVE_MAX} characters.")
    refusal = feedback_refusal(session=session, user=user)
    if refusal:
        raise CohortError(refusal)
    feedback, _ = SessionFeedback.objects.update_or_create(
        session=session, user=user, defaults={"usefulness": usefulness, "improve": improve}
    )
    return feedback


def calendar_token_reset(*, user: User) -> str:
    """Make someone's private calendar-feed link (a new one: the old one stops working at once).

    Returns the raw token, to be shown once on the page that made it; only its digest is kept.
    """
    token, digest = link_token_new()
    user.calendar_token_digest = digest
    user.save(update_fields=["calendar_token_digest"])
    return token


# Enrolment from an interest registration ----------------------------------------------------


@transaction.atomic
def team_enroll(*, registration: InterestRegistration, cohort: Cohort, by: User) -> Team:
    """Turn a registration into a team in a cohort and invite its proposed members.

    Finds or creates the jurisdiction from the registration, creates the team, sends one
    invitation per proposed member (one per email address), links the registration to the
    jurisdiction and closes it as enrolled with a note on its timeline. Refused (ValidationError)
    when the registration is merged or closed, when the cohort's learning community is not one
    the registration chose, when the jurisdiction already has a team in the cohort, or when the
    cohort is full. Returns the team.
    """
    locked = InterestRegistration.objects.select_for_update().get(pk=registration.pk)
    if locked.merged_into_id is not None:
        raise ValidationError(
            f"This registration was merged into registration {locked.merged_into_id}; "
            "enrol the team from there."
        )
    if not locked.is_open:
        raise ValidationError(
            f"This registration is closed ({locked.get_status_display().lower()}); "
            "it cannot be enrolled."
        )
    cohort = (
        Cohort.objects.select_for_update().select_related("learning_community").get(pk=cohort.pk)
    )
    if not locked.learning_communities.filter(pk=cohort.learning_community_id).exists():
        raise ValidationError(
            f"{cohort.name} is a {cohort.learning_community.name} cohort, a learning community "
            "this registration did not choose."
        )
    if Team.objects.filter(cohort=cohort).count() >= cohort.capacity:
        raise ValidationError(
            f"{cohort.name} is full: it has room for {cohort.capacity} teams. Raise its capacity "
            "or choose another cohort."
        )
    jurisdiction = jurisdiction_find_or_create(
        name=locked.jurisdiction_name,
        state=locked.state,
        kind=locked.jurisdiction_kind,
        population=locked.population,
    )
    if Team.objects.filter(cohort=cohort, jurisdiction=jurisdiction).exists():
        raise ValidationError(f"{jurisdiction} already has a team in {cohort.name}.")
    team = team_create(cohort=cohort, jurisdiction=jurisdiction)
    invited = []
    seen: set[str] = set()
    for member in locked.members.order_by("position", "pk"):
        email = member.email.strip().lower()
        if email in seen:
            continue
        seen.add(email)
        try:
            invitation_send(
                team=team,
                email=email,
                full_name=member.name,
                role=member.role,
                sector=member.sector,
                organisation=member.organisation,
                job_title=member.job_title,
                by=by,
            )
        except CohortError as error:
            raise ValidationError(str(error)) from None
        invited.append(f"{member.name} <{email}>")
    locked.jurisdiction = jurisdiction
    locked._history_user = by
    locked.save(update_fields=["jurisdiction", "updated_at"])
    intake_services.followup_record(
        registration=locked,
        by=by,
        kind=FollowUp.Kind.NOTE,
        summary=f"Enrolled in {cohort.name} as {team.name}. Invitations sent to "
        f"{counted(len(invited), 'member')}: " + ", ".join(invited) + ".",
        status_to=InterestRegistration.Status.ENROLLED,
    )
    registration.refresh_from_db()
    return team


# Removing a team enrolled by mistake ----------------------------------------------------------


def team_unenrol_refusal(team: Team) -> str | None:
    """Why unenrolling this team would lose people's work, or None when it may go."""
    deliverables = team.deliverables.count()
    marks = Attendance.objects.filter(membership__team=team).count()
    if not deliverables and not marks:
        return None
    work = []
    if deliverables:
        work.append(f"{deliverables} deliverable{'s' if deliverables != 1 else ''}")
    if marks:
        work.append(f"{marks} attendance mark{'s' if marks != 1 else ''}")
    return (
        f"{team} cannot be unenrolled: it has {' and '.join(work)}, which would be deleted "
        "with it. Unenrolling is only for a team enrolled by mistake. To end someone's access "
        "and keep the team's record, remove them from the team on the team page."
    )


@transaction.atomic
def team_unenrol(*, team: Team, by: User) -> None:
    """Remove a team enrolled by mistake, with its memberships, invitations (their links stop
    working) and staff notes. Each deletion is in the history with who did it. The interest
    registration it was enrolled from is opened again, with a follow-up saying so."""
    team = Team.objects.select_for_update().select_related("cohort").get(pk=team.pk)
    refusal = team_unenrol_refusal(team)
    if refusal:
        raise CohortError(refusal)
    cohort = team.cohort
    for row in [
        *team.invitations.all(),
        *team.memberships.all(),
        *team.unlocks.all(),
        *team.contacts.all(),
    ]:
        row._history_user = by
        row.delete()
    registrations = InterestRegistration.objects.filter(
        jurisdiction_id=team.jurisdiction_id,
        status=InterestRegistration.Status.ENROLLED,
        follow_ups__summary__startswith=f"Enrolled in {cohort.name} as {team.name}.",
    ).distinct()
    for registration in registrations:
        intake_services.followup_record(
            registration=registration,
            by=by,
            kind=FollowUp.Kind.NOTE,
            summary=f"{team.name} was unenrolled from {cohort.name}: it was enrolled by "
            "mistake. The registration is open again.",
            status_to=InterestRegistration.Status.IN_CONVERSATION,
        )
    team._history_user = by
    team.delete()
    public_content_changed()  # its jurisdiction may leave the jurisdictions page


# Editing a cohort --------------------------------------------------------------------------


def cohort_update(
    *,
    cohort: Cohort,
    by: User,
    name: str,
    starts_on: date,
    ends_on: date,
    capacity: int,
    facilitators: Iterable[User],
    experts: Iterable[User],
    ta_providers: Iterable[User],
    due_dates: Mapping[int, date | None],
) -> Cohort:
    """Change a cohort's name, dates, size, people and module due dates. Refused
    (ValidationError, by field) when the dates do not fit together: the end after the start,
    each due date within the cohort and no earlier than the module before, room for the teams
    already enrolled, and no scheduled session left outside the new dates."""
    errors: dict[str, list[str]] = defaultdict(list)
    if not name.strip():
        errors["name"].append("Give the cohort a name.")
    if ends_on <= starts_on:
        errors["ends_on"].append("The end date must be after the start date.")
    teams = cohort.teams.count()
    if capacity < teams:
        errors["capacity"].append(
            f"{teams} teams are already enrolled: the cohort needs room for at least {teams}."
        )
    previous: tuple[int, date] | None = None
    for number in sorted(due_dates):
        due_on = due_dates[number]
        if due_on is None:
            continue
        field_name = f"due_{number}"
        if not starts_on <= due_on <= ends_on:
            errors[field_name].append("Choose a due date between the cohort's start and end.")
            continue
        if previous and due_on < previous[1]:
            errors[field_name].append(
                f"Module {number} cannot be due before module {previous[0]} "
                f"({previous[1]:%B} {previous[1].day}, {previous[1].year})."
            )
        previous = (number, due_on)
    if not errors.get("ends_on"):
        outside = cohort.sessions.filter(status=Session.Status.SCHEDULED).exclude(
            starts_at__date__gte=starts_on, starts_at__date__lte=ends_on
        )
        for session in outside.order_by("starts_at")[:3]:
            day = timezone.localdate(session.starts_at)
            errors[NON_FIELD_ERRORS].append(
                f"The session “{session.title}” on {day:%B} {day.day}, {day.year} would fall "
                "outside the cohort's dates: move or cancel it first, or choose other dates."
            )
    if errors:
        raise ValidationError(dict(errors))
    with transaction.atomic():
        cohort._history_user = by
        cohort.name = name.strip()
        cohort.starts_on = starts_on
        cohort.ends_on = ends_on
        cohort.capacity = capacity
        cohort.save()
        cohort.facilitators.set(facilitators)
        cohort.experts.set(experts)
        cohort.ta_providers.set(ta_providers)
        for module in cohort.modules.filter(number__in=list(due_dates)):
            if module.due_on != due_dates[module.number]:
                module._history_user = by
                module.due_on = due_dates[module.number]
                module.save(update_fields=["due_on", "updated_at"])
        public_content_changed()  # the public pages list upcoming cohorts with their dates
    return cohort


# Working an early-warning flag --------------------------------------------------------------


def team_check_in(*, team: Team, contacted_on: date, note: str, by: User) -> TeamContact:
    """Record a conversation with a team. It clears the team's early warnings until new
    evidence of them comes in after `contacted_on` (see dashboard.py)."""
    note = note.strip()
    if not note:
        raise CohortError("Write what you talked about and what was agreed.")
    if contacted_on > timezone.localdate():
        raise CohortError("The check-in date cannot be in the future.")
    if contacted_on < timezone.localdate(team.created_at):
        raise CohortError("The check-in date cannot be before the team was enrolled.")
    contact = TeamContact(
        team=team, kind=TeamContact.Kind.CHECK_IN, contacted_on=contacted_on, note=note, by=by
    )
    contact._history_user = by
    contact.save()
    return contact


def team_email(*, team: Team, subject: str, body: str, by: User) -> TeamContact:
    """Email the team's current members (replies go to the sender) and keep a copy in the
    team's contact log."""
    subject, body = subject.strip(), body.strip()
    if not subject or not body:
        raise CohortError("Write a subject and a message.")
    recipients = list(
        team.memberships.filter(removed_at__isnull=True, user__is_active=True)
        .order_by("user__email")
        .values_list("user__email", flat=True)
    )
    if not recipients:
        raise CohortError(f"Nobody has joined {team} yet, so there is nobody to email.")
    with transaction.atomic():
        email_queue(to=recipients, subject=subject, body=body + "\n", reply_to=[by.email])
        contact = TeamContact(
            team=team,
            kind=TeamContact.Kind.EMAIL,
            contacted_on=timezone.localdate(),
            subject=subject,
            note=body,
            by=by,
        )
        contact._history_user = by
        contact.save()
    return contact


# ---------------------------------------------------------------------------------------------
# Action steps (the plan's milestones)
# ---------------------------------------------------------------------------------------------


def _check_step_links(team: Team, owner: Membership | None, module: CohortModule | None) -> None:
    if owner is not None and (owner.team_id != team.pk or owner.removed_at is not None):
        raise CohortError("The owner must be a current member of the team.")
    if module is not None and module.cohort_id != team.cohort_id:
        raise CohortError("The module must be one of the team's cohort.")


@transaction.atomic
def action_step_create(
    *,
    submission_key: uuid.UUID,
    team: Team,
    by: User,
    title: str,
    due_on: date,
    details: str = "",
    owner: Membership | None = None,
    module: CohortModule | None = None,
    status: str = ActionStep.Status.NOT_STARTED,
    source: str = ActionStep.Source.PLAN,
    done_on: date | None = None,
) -> ActionStep:
    """Add a step to the team's action plan; a second call with the same key returns the
    stored step. A step added as done was done today, unless `done_on` says when (a step
    recorded after the fact); any other step has no completion date."""
    existing = ActionStep.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return existing
    _check_step_links(team, owner, module)
    if status == ActionStep.Status.DONE:
        done_on = done_on or timezone.localdate()
        if done_on > timezone.localdate():
            raise CohortError("A step cannot be done on a day still to come.")
    else:
        done_on = None
    step = ActionStep(
        submission_key=submission_key,
        team=team,
        title=title,
        details=details,
        owner=owner,
        due_on=due_on,
        status=status,
        done_on=done_on,
        module=module,
        source=source,
        created_by=by,
    )
    step._history_user = by
    step.save()
    return step


@transaction.atomic
def action_step_update(
    *,
    step: ActionStep,
    by: User,
    title: str,
    due_on: date,
    details: str,
    owner: Membership | None,
    module: CohortModule | None,
    status: str,
) -> bool:
    """Change a step (history keeps each earlier version and who changed it). Marking it done
    records today as its completion date; a step already done keeps its date; reopening or
    dropping it clears the date. Returns whether anything changed."""
    _check_step_links(step.team, owner, module)
    done = ActionStep.Status.DONE
    if status != done:
        done_on = None
    elif step.status == done and step.done_on is not None:
        done_on = step.done_on
    else:
        done_on = timezone.localdate()
    values = {
        "title": title,
        "due_on": due_on,
        "details": details,
        "owner": owner,
        "module": module,
        "status": status,
        "done_on": done_on,
    }
    if all(getattr(step, name) == value for name, value in values.items()):
        return False
    for name, value in values.items():
        setattr(step, name, value)
    step._history_user = by
    step.save()
    return True
