"""Every write to interest registrations. Keyword-only, typed, atomic."""

from __future__ import annotations

import dataclasses
import string
import uuid
import zoneinfo
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from lcpa.accounts.models import User
from lcpa.core.text import counted
from lcpa.core.tokens import link_token_new
from lcpa.curriculum.composition import composition_gaps
from lcpa.curriculum.models import Jurisdiction, LearningCommunity, TeamRole
from lcpa.intake import deadlines
from lcpa.intake.models import (
    EmailTemplate,
    FollowUp,
    FollowUpReminder,
    InterestRegistration,
    MemberChange,
    ProposedMember,
    SavedFilter,
    status_path,
)
from lcpa.notifications.kinds import Kind
from lcpa.notifications.services import email_queue, notify

# Registration submission (public form) ------------------------------------------------------

NOT_A_CONFIRMATION = (
    "Registering interest is not confirmation of a place in a cohort. Program staff follow up "
    "with every team that registers to talk through fit, timing and next steps."
)


@dataclass(frozen=True)
class RegistrationSubmitted:
    registration: InterestRegistration
    created: bool  # False when the submission key had already been stored (a double submit)
    # The raw token of the private status link, handed out once (the confirmation page's
    # address, the acknowledgement email); only its digest is stored. Empty for a double
    # submit: the first submission handed the link out.
    status_token: str = ""


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

    status_token, status_token_digest = link_token_new()
    received_at = submitted_at or timezone.now()
    submitted_on = timezone.localtime(received_at, zoneinfo.ZoneInfo(settings.TIME_ZONE)).date()
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: a lost race leaves the outer one usable
                registration = InterestRegistration.objects.create(
                    submission_key=submission_key,
                    status_token_digest=status_token_digest,
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
                registration=registration,
                communities=communities,
                members=member_rows,
                status_token=status_token,
            )
    return RegistrationSubmitted(registration, created=True, status_token=status_token)


def _registration_emails_queue(
    *,
    registration: InterestRegistration,
    communities: Sequence[LearningCommunity],
    members: Sequence[ProposedMember],
    status_token: str,
) -> None:
    context = {
        "registration": registration,
        "communities": communities,
        "members": members,
        "staff_url": settings.SITE_URL + registration.get_absolute_url(),
        "not_a_confirmation": NOT_A_CONFIRMATION,
    }
    email_queue(
        to=[registration.contact_email],
        cc=[member.email for member in members],
        reply_to=settings.STAFF_NOTIFICATION_EMAILS,
        subject="We received your team's interest in the Learning Communities",
        template="intake/email/registration_acknowledgement.txt",
        # Only the registrant's email carries the private link; staff get the staff page.
        context={**context, "status_url": settings.SITE_URL + status_path(status_token)},
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


# Members changed by the registrant (private status page) ------------------------------------

_MEMBERS_LOCKED_INVITED = (
    "Program staff have invited your team, so its members can no longer be changed here. "
    "Write to program staff about any change."
)
_MEMBERS_LOCKED_CLOSED = (
    "This registration is closed, so its members can no longer be changed here. "
    "Write to program staff about any change."
)


def members_locked_reason(registration: InterestRegistration) -> str:
    """Why the registrant can no longer change the members ("" while they can)."""
    if registration.members_editable:
        return ""
    if registration.status in (
        InterestRegistration.Status.INVITED,
        InterestRegistration.Status.ENROLLED,
    ):
        return _MEMBERS_LOCKED_INVITED
    return _MEMBERS_LOCKED_CLOSED


_MEMBER_FIELDS = {
    "name": "name",
    "email": "email address",
    "organisation": "organization",
    "sector": "sector",
    "job_title": "job title",
    "role": "team role",
}


def _member_words(member: Mapping[str, str]) -> str:
    return f"{member['name']} ({TeamRole(member['role']).label}, {member['organisation']})"


def _members_diff(
    before: Sequence[ProposedMember], after: Sequence[Mapping[str, str]]
) -> list[str]:
    """One plain sentence per member added, changed or removed (members are matched by email)."""
    unmatched = list(before)
    lines = []
    for member in after:
        old = next((m for m in unmatched if m.email.lower() == member["email"].lower()), None)
        if old is None:
            lines.append(f"Added {_member_words(member)}.")
            continue
        unmatched.remove(old)
        changed = [
            label
            for field, label in _MEMBER_FIELDS.items()
            if getattr(old, field) != member.get(field, "")
        ]
        if changed:
            lines.append(f"Changed {member['name']}: {', '.join(changed)}.")
    for old in unmatched:
        lines.append(f"Removed {_member_words(vars(old))}.")
    return lines


@transaction.atomic
def registration_members_change(
    *, registration: InterestRegistration, members: Sequence[Mapping[str, str]]
) -> MemberChange | None:
    """Replace the proposed members with the registrant's new list (from the status page).

    Refused once staff have invited the team (or the registration is closed or merged), and
    when the new list breaks the team-composition rule. What changed is written to the
    registration's timeline (a MemberChange) and emailed to the assigned staff member (or the
    staff inbox). An unchanged list stores and sends nothing and returns None.
    """
    locked = _locked(registration)
    if not locked.members_editable:
        raise ValidationError(members_locked_reason(locked))
    if not members:
        raise ValidationError("Add at least one team member.")
    gaps = composition_gaps(
        [_Member(role=m["role"], sector=m["sector"]) for m in members],
        locked.learning_communities.all(),
    )
    if gaps:
        raise ValidationError(gaps)
    lines = _members_diff(list(locked.members.all()), members)
    if not lines:
        return None
    locked.members.all().delete()
    ProposedMember.objects.bulk_create(
        ProposedMember(
            registration=locked,
            position=position,
            **{field: member.get(field, "") for field in _MEMBER_FIELDS},
        )
        for position, member in enumerate(members, start=1)
    )
    change = MemberChange.objects.create(registration=locked, summary="\n".join(lines))
    assignee = locked.assigned_to
    email_queue(
        to=[assignee.email] if assignee else settings.STAFF_NOTIFICATION_EMAILS,
        subject=f"Team members changed: {locked.jurisdiction_name}, {locked.state}",
        template="intake/email/members_changed.txt",
        context={
            "registration": locked,
            "lines": lines,
            "staff_url": settings.SITE_URL + locked.get_absolute_url(),
        },
    )
    return change


# --- Staff follow-up (written by the staff-follow-up helper) --------------------------------


def _office_today() -> date:
    from lcpa.intake.queries import office_today

    return office_today()


def _locked(registration: InterestRegistration) -> InterestRegistration:
    return InterestRegistration.objects.select_for_update().get(pk=registration.pk)


def _copy_state(target: InterestRegistration, source: InterestRegistration) -> None:
    """Refresh the caller's instance with the saved values (without another query)."""
    for field in InterestRegistration._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))


@transaction.atomic
def followup_record(
    *,
    registration: InterestRegistration,
    by: User,
    kind: str,
    summary: str,
    status_to: str,
    next_follow_up_on: date | None = None,
    keep_due_date: bool = False,
) -> FollowUp:
    """Record a call, email, meeting or note by staff, and move the registration's status.

    Sets the first and last follow-up times and, while the registration stays open, the date
    the next follow-up is due: the date staff promised (`next_follow_up_on`) when they gave
    one; otherwise the date already set when `keep_due_date` (an email says nothing about the
    next step), or FOLLOW_UP_BUSINESS_DAYS business days after today. A closed registration has
    no due date. The same follow-up sent twice within a few seconds (a double click) is stored
    once.
    """
    from lcpa.intake.queries import recent_identical_follow_up

    if kind not in FollowUp.STAFF_KINDS:
        raise ValidationError({"kind": "Choose how you followed up."})
    if status_to not in InterestRegistration.Status.values:
        raise ValidationError({"status_to": "Choose a status from the list."})
    summary = summary.strip()
    if not summary:
        raise ValidationError({"summary": "Write what happened or what was agreed."})
    locked = _locked(registration)
    if locked.merged_into_id is not None:
        raise ValidationError(
            f"This registration was merged into registration {locked.merged_into_id}; "
            "record follow-ups there."
        )
    repeat = recent_identical_follow_up(
        registration=locked, by=by, kind=kind, summary=summary, status_to=status_to
    )
    if repeat is not None:
        _copy_state(registration, locked)
        return repeat
    now = timezone.now()
    follow_up = FollowUp(
        registration=locked,
        kind=kind,
        summary=summary,
        status_from=locked.status,
        status_to=status_to,
        next_follow_up_on=next_follow_up_on,
        recorded_by=by,
    )
    follow_up._history_user = by
    follow_up.save()
    locked.status = status_to
    if locked.first_followed_up_at is None:
        locked.first_followed_up_at = now
    locked.last_followed_up_at = now
    if not locked.is_open:
        locked.follow_up_due_on = None
    elif next_follow_up_on is not None:
        locked.follow_up_due_on = next_follow_up_on
    elif not keep_due_date or locked.follow_up_due_on is None:
        locked.follow_up_due_on = deadlines.follow_up_due_on(_office_today())
    locked._history_user = by
    locked.save(
        update_fields=[
            "status",
            "first_followed_up_at",
            "last_followed_up_at",
            "follow_up_due_on",
            "updated_at",
        ]
    )
    _copy_state(registration, locked)
    return follow_up


@transaction.atomic
def registration_assign(
    *, registration: InterestRegistration, by: User, assignee: User | None
) -> InterestRegistration:
    """Make one staff member responsible for following up (None: nobody)."""
    if assignee is not None and not assignee.is_program_staff:
        raise ValidationError({"assignee": "Only active program staff can be assigned."})
    locked = _locked(registration)
    if locked.assigned_to_id != (assignee.pk if assignee else None):
        locked.assigned_to = assignee
        locked._history_user = by
        locked.save(update_fields=["assigned_to", "updated_at"])
    _copy_state(registration, locked)
    registration.assigned_to = assignee
    return registration


def _note(
    *, registration: InterestRegistration, by: User, summary: str, status_from: str
) -> FollowUp:
    """A note on the timeline that does not count as contact with the registrant."""
    note = FollowUp(
        registration=registration,
        kind=FollowUp.Kind.NOTE,
        summary=summary,
        status_from=status_from,
        status_to=registration.status,
        recorded_by=by,
    )
    note._history_user = by
    note.save()
    return note


def _merge_moved(members: int, follow_ups: int, *, whose: str) -> str:
    """What a merge moved, for the timeline: "Moved 2 new members and 1 follow-up." """
    moved = [
        counted(number, thing)
        for number, thing in ((members, "new member"), (follow_ups, "follow-up"))
        if number
    ]
    if not moved:
        return f"Nothing to move: {whose} registration had no new members and no follow-ups."
    return "Moved " + " and ".join(moved) + "."


@transaction.atomic
def registration_merge(
    *, source: InterestRegistration, target: InterestRegistration, by: User
) -> InterestRegistration:
    """Fold a duplicate registration into another one.

    The target gains the source's members it does not already have (matched by email), its
    follow-ups and its learning communities; the source is marked withdrawn and points at the
    target. Both get a note on their timeline. Returns the target.
    """
    if source.pk == target.pk:
        raise ValidationError("A registration cannot be merged into itself.")
    first, second = sorted([source.pk, target.pk])
    locked = {
        r.pk: r
        for r in InterestRegistration.objects.select_for_update()
        .filter(pk__in=[first, second])
        .order_by("pk")
    }
    if len(locked) != 2:
        raise ValidationError("That registration does not exist.")
    source_row, target_row = locked[source.pk], locked[target.pk]
    if target_row.merged_into_id is not None:
        raise ValidationError(
            f"Registration {target_row.pk} was itself merged into registration "
            f"{target_row.merged_into_id}; merge into that one instead."
        )
    if source_row.merged_into_id is not None:
        raise ValidationError(
            f"Registration {source_row.pk} was already merged into registration "
            f"{source_row.merged_into_id}."
        )

    present = {email.lower() for email in target_row.members.values_list("email", flat=True)}
    position = target_row.members.count()
    moved_members = []
    for member in source_row.members.order_by("position", "pk"):
        if member.email.lower() in present:
            continue
        present.add(member.email.lower())
        member.registration = target_row
        member.position = position
        position += 1
        moved_members.append(member)
    ProposedMember.objects.bulk_update(moved_members, ["registration", "position"])

    moved_follow_ups = list(source_row.follow_ups.all())
    for follow_up in moved_follow_ups:
        follow_up.registration = target_row
        follow_up._history_user = by
        follow_up.save(update_fields=["registration"])

    target_row.learning_communities.add(*source_row.learning_communities.all())

    moments = [
        moment
        for moment in (source_row.first_followed_up_at, target_row.first_followed_up_at)
        if moment
    ]
    target_row.first_followed_up_at = min(moments) if moments else None
    moments = [
        moment
        for moment in (source_row.last_followed_up_at, target_row.last_followed_up_at)
        if moment
    ]
    target_row.last_followed_up_at = max(moments) if moments else None
    if target_row.assigned_to_id is None:
        target_row.assigned_to_id = source_row.assigned_to_id
    target_row._history_user = by
    target_row.save()

    status_from = source_row.status
    source_row.merged_into = target_row
    source_row.status = InterestRegistration.Status.WITHDRAWN
    source_row.follow_up_due_on = None
    source_row._history_user = by
    source_row.save()

    _note(
        registration=source_row,
        by=by,
        summary=f"Merged into registration {target_row.pk} ({target_row}) as a duplicate. "
        + _merge_moved(len(moved_members), len(moved_follow_ups), whose="this"),
        status_from=status_from,
    )
    _note(
        registration=target_row,
        by=by,
        summary=f"Registration {source_row.pk} ({source_row}) was merged into this one as a "
        "duplicate. " + _merge_moved(len(moved_members), len(moved_follow_ups), whose="the other"),
        status_from=target_row.status,
    )
    _copy_state(source, source_row)
    _copy_state(target, target_row)
    return target


STATUS_LINK = "status_link"
# What a follow-up (and the staff preview) says instead of a private link: the raw link exists
# only in the email that hands it out.
NEW_STATUS_LINK_NOTE = "[a new private status link]"


def email_placeholders(
    *, registration: InterestRegistration, by: User, status_link: str = "$status_link"
) -> dict[str, str]:
    """What $placeholders in staff email templates stand for.

    $status_link stays as written unless a link is given: only a digest of the registrant's
    link is stored, so a link exists only when an email that carries a new one is sent.
    """
    return {
        "contact_name": registration.contact_name,
        "jurisdiction": str(registration),
        STATUS_LINK: status_link,
        "staff_name": by.get_full_name(),
    }


def email_fill_in(
    text: str, *, registration: InterestRegistration, by: User, status_link: str = "$status_link"
) -> str:
    """Replace known $placeholders; anything else with a $ is left as written."""
    return string.Template(text).safe_substitute(
        email_placeholders(registration=registration, by=by, status_link=status_link)
    )


def registration_status_link_renew(*, registration: InterestRegistration) -> str:
    """Give a registration a new private status link and return its raw token (hand it out once,
    then forget it). The earlier link stops working: only one digest is stored."""
    raw, digest = link_token_new()
    InterestRegistration.objects.filter(pk=registration.pk).update(
        status_token_digest=digest, updated_at=timezone.now()
    )
    registration.status_token_digest = digest
    return raw


@transaction.atomic
def registration_email_send(
    *,
    registration: InterestRegistration,
    by: User,
    subject: str,
    body: str,
    cc_members: bool = False,
    next_follow_up_on: date | None = None,
) -> FollowUp:
    """Email the primary contact (optionally copying every proposed member) and log it.

    The message is stored and sent by a task after commit; it is logged as a follow-up of kind
    email with its subject and body. A new registration becomes contacted. The date the next
    follow-up is due stays as it was, unless staff give `next_follow_up_on`. The same message
    sent twice within a few seconds (a double click) is queued once.

    $status_link makes a new private status link for this email (the registrant's earlier
    link stops working); the follow-up says "[a new private status link]" instead of the link.
    """
    from lcpa.intake.queries import member_emails, recent_identical_follow_up

    def filled(text: str, link: str) -> str:
        return email_fill_in(text, registration=registration, by=by, status_link=link)

    logged_subject = " ".join(filled(subject, NEW_STATUS_LINK_NOTE).split())
    logged_body = filled(body, NEW_STATUS_LINK_NOTE).strip() + "\n"
    if not logged_subject or not logged_body.strip():
        raise ValidationError("An email needs a subject and a message.")
    status_to = registration.status
    if status_to == InterestRegistration.Status.NEW:
        status_to = InterestRegistration.Status.CONTACTED
    summary = f"Subject: {logged_subject}\n\n{logged_body}".strip()
    repeat = recent_identical_follow_up(
        registration=registration,
        by=by,
        kind=FollowUp.Kind.EMAIL,
        summary=summary,
        status_to=status_to,
    )
    if repeat is not None:
        return repeat
    if STATUS_LINK in string.Template(f"{subject}\n{body}").get_identifiers():
        link = settings.SITE_URL + status_path(
            registration_status_link_renew(registration=registration)
        )
        subject = " ".join(filled(subject, link).split())
        body = filled(body, link).strip() + "\n"
    else:
        subject, body = logged_subject, logged_body
    to = [registration.contact_email]
    cc = [
        email
        for email in (member_emails(registration) if cc_members else [])
        if email != registration.contact_email.lower()
    ]
    email_queue(to=to, cc=cc, subject=subject, body=body, reply_to=[settings.PROGRAM_EMAIL])
    return followup_record(
        registration=registration,
        by=by,
        kind=FollowUp.Kind.EMAIL,
        summary=summary,
        status_to=status_to,
        next_follow_up_on=next_follow_up_on,
        keep_due_date=True,
    )


@transaction.atomic
def email_template_save(
    *, by: User, name: str, subject: str, body: str, template: EmailTemplate | None = None
) -> EmailTemplate:
    """Create a saved staff email, or change one."""
    template = template or EmailTemplate()
    template.name = name.strip()
    template.subject = subject.strip()
    template.body = body.strip() + "\n"
    template._history_user = by
    template.full_clean()
    template.save()
    return template


# --- Replies from registrants ----------------------------------------------------------------


@transaction.atomic
def followup_reply_add(
    *, registration: InterestRegistration, by: User, sender: str, received_on: date, text: str
) -> FollowUp:
    """Put a reply the registrant sent (pasted or forwarded by staff) on the timeline.

    It is marked as received: it does not count as staff contact, so the status, the follow-up
    times and the due date stay as they are.
    """
    sender, text = sender.strip(), text.strip()
    if not sender:
        raise ValidationError({"sender": "Write who the reply is from."})
    if not text:
        raise ValidationError({"text": "Paste the text of the reply."})
    if received_on > _office_today():
        raise ValidationError(
            {"received_on": "The date the reply arrived cannot be in the future."}
        )
    locked = _locked(registration)
    if locked.merged_into_id is not None:
        raise ValidationError(
            f"This registration was merged into registration {locked.merged_into_id}; "
            "add the reply there."
        )
    reply = FollowUp(
        registration=locked,
        kind=FollowUp.Kind.REPLY,
        summary=text,
        status_from=locked.status,
        status_to=locked.status,
        received_from=sender,
        received_on=received_on,
        recorded_by=by,
    )
    reply._history_user = by
    reply.save()
    return reply


# --- Bulk actions on the pipeline -------------------------------------------------------------


@dataclass
class BulkResult:
    """What a bulk action did: how many registrations it changed, and why it left others."""

    done: int = 0
    skipped: dict[str, int] = dataclasses.field(default_factory=dict)

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1


MERGED = "merged into another registration"


def registrations_bulk_assign(
    *, registrations: Sequence[InterestRegistration], by: User, assignee: User | None
) -> BulkResult:
    """registration_assign for each registration, one transaction each."""
    result = BulkResult()
    for registration in registrations:
        if registration.merged_into_id is not None:
            result.skip(MERGED)
        elif registration.assigned_to_id == (assignee.pk if assignee else None):
            result.skip("already assigned to them" if assignee else "already unassigned")
        else:
            registration_assign(registration=registration, by=by, assignee=assignee)
            result.done += 1
    return result


def registrations_bulk_status(
    *,
    registrations: Sequence[InterestRegistration],
    by: User,
    status_to: str,
    summary: str,
    next_follow_up_on: date | None = None,
) -> BulkResult:
    """followup_record (a note with the summary) for each registration not yet in status_to."""
    result = BulkResult()
    for registration in registrations:
        if registration.merged_into_id is not None:
            result.skip(MERGED)
        elif registration.status == status_to:
            result.skip("already in that status")
        else:
            followup_record(
                registration=registration,
                by=by,
                kind=FollowUp.Kind.NOTE,
                summary=summary,
                status_to=status_to,
                next_follow_up_on=next_follow_up_on,
            )
            result.done += 1
    return result


def registrations_bulk_email(
    *,
    registrations: Sequence[InterestRegistration],
    by: User,
    template: EmailTemplate,
    next_follow_up_on: date | None = None,
) -> BulkResult:
    """registration_email_send with a saved template for each registration: one email each,
    its placeholders filled in for that registration, logged on its timeline."""
    result = BulkResult()
    for registration in registrations:
        if registration.merged_into_id is not None:
            result.skip(MERGED)
            continue
        started = timezone.now()
        logged = registration_email_send(
            registration=registration,
            by=by,
            subject=template.subject,
            body=template.body,
            next_follow_up_on=next_follow_up_on,
        )
        if logged.created_at < started:  # the double-click guard returned the earlier one
            result.skip("the same email was sent to them a few seconds ago")
        else:
            result.done += 1
    return result


# --- Saved pipeline filters -------------------------------------------------------------------


@transaction.atomic
def saved_filter_save(*, owner: User, name: str, query: str, shared: bool) -> SavedFilter:
    """Save the pipeline's current filters under a name; the same name replaces the owner's
    earlier filter of that name."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Give the filter a name."})
    saved, _created = SavedFilter.objects.update_or_create(
        owner=owner, name=name, defaults={"query": query, "shared": shared}
    )
    return saved


def saved_filter_delete(*, saved_filter: SavedFilter) -> None:
    saved_filter.delete()


# --- Morning reminders to staff ---------------------------------------------------------------


def followup_reminders_send(*, today: date | None = None) -> int:
    """Remind each staff member of the open registrations assigned to them whose follow-up is
    due today or overdue: one notification a day each (a second call the same day sends nothing
    more), emailed as they chose for morning reminders (at once unless they turned them off;
    not when they opened it in the app first). Returns how many staff members it reminded."""
    from lcpa.intake.queries import follow_ups_due_by_staff

    today = today or _office_today()
    sent = 0
    for staff, registrations in follow_ups_due_by_staff(today=today):
        with transaction.atomic():
            try:
                with transaction.atomic():
                    FollowUpReminder.objects.create(
                        staff=staff, day=today, registrations=len(registrations)
                    )
            except IntegrityError:
                continue  # already reminded today
            pipeline = reverse("intake:staff_pipeline")
            count = len(registrations)
            notify(
                user=staff,
                kind=Kind.FOLLOW_UP_REMINDER,
                title=f"Follow-ups due today: {count}",
                url=f"{pipeline}?assigned=me&sort=due",
                group="Interest registrations",
                email_template="intake/email/followup_reminder.txt",
                context={
                    "staff": staff,
                    "today": today,
                    "due_today": [r for r in registrations if r.follow_up_due_on == today],
                    "overdue": [r for r in registrations if r.follow_up_due_on < today],
                    "site_url": settings.SITE_URL,
                },
            )
            sent += 1
    return sent
