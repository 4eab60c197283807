"""Every write about TA requests: open, assign, change status, post a message, reopen.

Emails go through the outbox: the assignee hears when a request is given to them, the team
when someone working on it replies or resolves it, the assignee when the team replies.
"""

from datetime import timedelta
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from lcpa.accounts.models import User
from lcpa.assistance.models import REOPEN_DAYS, TAMessage, TARequest
from lcpa.assistance.queries import assignable_people, team_member_emails
from lcpa.cohorts.models import CohortModule, Team
from lcpa.notifications.services import email_queue


def _url(request: TARequest) -> str:
    return settings.SITE_URL + reverse("assistance:request", args=[request.pk])


def _locked(request: TARequest) -> TARequest:
    return TARequest.objects.select_for_update().get(pk=request.pk)


def _email_team(request: TARequest, *, subject: str, template: str, context: dict) -> None:
    to = team_member_emails(request.team)
    if to:
        email_queue(
            to=to,
            subject=subject,
            template=template,
            context={"ta_request": request, "url": _url(request), **context},
        )


def ta_request_open(
    *,
    submission_key: UUID,
    team: Team,
    by: User,
    category: str,
    urgency: str,
    title: str,
    description: str,
    module: CohortModule | None = None,
) -> TARequest:
    """Store a team's request (a second call with the same key returns the stored one)."""
    existing = TARequest.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return existing
    if module is not None and module.cohort_id != team.cohort_id:
        raise ValidationError({"module": "Choose a module of your team's cohort."})
    request = TARequest(
        submission_key=submission_key,
        team=team,
        opened_by=by,
        category=category,
        urgency=urgency,
        title=title,
        description=description,
        module=module,
    )
    request._history_user = by
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:
        return TARequest.objects.get(submission_key=submission_key)
    return request


@transaction.atomic
def ta_request_assign(*, request: TARequest, by: User, assignee: User) -> TARequest:
    """Give the request to a TA provider serving the team's cohort, or to program staff. A new
    request counts as triaged once someone has it. The assignee gets an email unless they
    assigned it to themselves."""
    if not assignable_people(request).filter(pk=assignee.pk).exists():
        raise ValidationError(
            {"assignee": "Choose a TA provider of this cohort or a program staff member."}
        )
    locked = _locked(request)
    if locked.assigned_to_id == assignee.pk:
        return locked
    locked.assigned_to = assignee
    if locked.status == TARequest.Status.NEW:
        locked.status = TARequest.Status.TRIAGED
    locked._history_user = by
    locked.save(update_fields=["assigned_to", "status", "updated_at"])
    if assignee != by:
        email_queue(
            to=[assignee.email],
            subject=f"A TA request for you: {locked.title}",
            template="assistance/email/assigned.txt",
            context={"ta_request": locked, "by": by, "url": _url(locked)},
        )
    return locked


@transaction.atomic
def ta_request_status_change(*, request: TARequest, by: User, status: str) -> TARequest:
    """Move the request along. Resolving it records when, and tells the team."""
    if status not in TARequest.Status.values:
        raise ValidationError({"status": "Choose a status from the list."})
    locked = _locked(request)
    if locked.status == status:
        return locked
    locked.status = status
    if status == TARequest.Status.RESOLVED:
        locked.resolved_at = timezone.now()
    elif status != TARequest.Status.CLOSED:
        locked.resolved_at = None
    locked._history_user = by
    locked.save(update_fields=["status", "resolved_at", "updated_at"])
    if status == TARequest.Status.RESOLVED:
        _email_team(
            locked,
            subject=f"Your TA request is resolved: {locked.title}",
            template="assistance/email/resolved.txt",
            context={"by": by, "reopen_days": REOPEN_DAYS},
        )
    return locked


def reopen_deadline(request: TARequest):
    """Until when the team may reopen a resolved request (None when it is not resolved)."""
    if request.resolved_at is None:
        return None
    return request.resolved_at + timedelta(days=REOPEN_DAYS)


def can_reopen(request: TARequest) -> bool:
    deadline = reopen_deadline(request)
    return deadline is not None and timezone.now() <= deadline


@transaction.atomic
def ta_request_reopen(*, request: TARequest, by: User) -> TARequest:
    """The requester's team reopens a resolved (or closed) request within REOPEN_DAYS days of
    its resolution; it goes back to whoever had it."""
    locked = _locked(request)
    if locked.is_open:
        raise ValidationError("This request is still open.")
    if not can_reopen(locked):
        raise ValidationError(
            f"A request can be reopened only within {REOPEN_DAYS} days of being resolved. "
            "Open a new request instead."
        )
    locked.status = TARequest.Status.IN_PROGRESS if locked.assigned_to_id else TARequest.Status.NEW
    locked.resolved_at = None
    locked._history_user = by
    locked.save(update_fields=["status", "resolved_at", "updated_at"])
    return locked


def ta_message_post(
    *, submission_key: UUID, request: TARequest, by: User, body: str, from_team: bool
) -> TAMessage:
    """Add a message to the conversation (a second call with the same key returns the stored
    one). A message from the team goes to the assignee; one from the people working on the
    request goes to the team."""
    existing = TAMessage.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return existing
    message = TAMessage(submission_key=submission_key, request=request, author=by, body=body)
    message._history_user = by
    try:
        with transaction.atomic():
            message.save()
            _announce(message, from_team=from_team)
    except IntegrityError:
        return TAMessage.objects.get(submission_key=submission_key)
    return message


def _announce(message: TAMessage, *, from_team: bool) -> None:
    request = message.request
    if not from_team:
        _email_team(
            request,
            subject=f"A reply to your TA request: {request.title}",
            template="assistance/email/reply.txt",
            context={"message": message},
        )
    elif request.assigned_to_id and request.assigned_to_id != message.author_id:
        email_queue(
            to=[request.assigned_to.email],
            subject=f"The team replied: {request.title}",
            template="assistance/email/reply.txt",
            context={"ta_request": request, "message": message, "url": _url(request)},
        )
