"""Every write about TA requests: open, assign, change status, post a message, reopen, answer
the satisfaction survey, warn about targets close to being missed.

People hear through the notification centre (in the app, and by email as each chose for TA
updates): the assignee when a request is given to them, the team when someone working on it
replies or resolves it, the assignee when the team replies. The satisfaction survey's private
link is the one email sent straight through the outbox: a single-use key must not be kept in a
notification (the outbox forgets it once the email is sent).

Every change of status also moves the service-target clock (assistance/targets.py): it stops
while the request waits on the team or is resolved or closed, and runs again after.
"""

from collections.abc import Sequence
from datetime import datetime, timedelta
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from lcpa.accounts.models import User
from lcpa.assistance.models import (
    MAX_FILES,
    REOPEN_DAYS,
    SURVEY_DAYS,
    TAFile,
    TAMessage,
    TAPeerConnection,
    TARequest,
    TASurvey,
    TATargetWarning,
)
from lcpa.assistance.queries import (
    assignable_people,
    clock_running_requests,
    program_staff,
    team_members,
)
from lcpa.assistance.targets import State, counted_hours, target_statuses
from lcpa.cohorts import uploads
from lcpa.cohorts.models import CohortModule, Team
from lcpa.core.business_calendar import business_calendar
from lcpa.core.tokens import link_token_new
from lcpa.notifications.kinds import Kind
from lcpa.notifications.services import email_queue, notify
from lcpa.outcomes.models import TeamMeasure

CLOCK_FIELDS = [
    "first_response_at",
    "first_response_hours",
    "resolution_hours",
    "paused_hours",
    "clock_stopped_at",
    "resolved_by",
]


def _locked(request: TARequest) -> TARequest:
    return TARequest.objects.select_for_update().get(pk=request.pk)


def _tell(people, request: TARequest, *, title: str, template: str, context: dict) -> None:
    """A TA update for each of `people`, in the app and by email as each chose."""
    path = reverse("assistance:request", args=[request.pk])
    for person in people:
        notify(
            user=person,
            kind=Kind.TA_UPDATE,
            title=title,
            url=path,
            group=request.team.cohort.name,
            email_template=template,
            context={"ta_request": request, "url": settings.SITE_URL + path, **context},
        )


def _tell_team(request: TARequest, *, title: str, template: str, context: dict) -> None:
    _tell(team_members(request.team), request, title=title, template=template, context=context)


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
    files: Sequence[uploads.CheckedUpload] = (),
    measure: TeamMeasure | None = None,
) -> TARequest:
    """Store a team's request with its files (checked by lcpa.cohorts.uploads, at most
    MAX_FILES) and `measure`, a measure of the team's plan it concerns; a second call with the
    same key returns the stored one."""
    existing = TARequest.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return existing
    if module is not None and module.cohort_id != team.cohort_id:
        raise ValidationError({"module": "Choose a module of your team's cohort."})
    if measure is not None and measure.team_id != team.pk:
        raise ValidationError({"measure": "Choose a measure of your team's plan."})
    request = TARequest(
        submission_key=submission_key,
        team=team,
        opened_by=by,
        category=category,
        urgency=urgency,
        title=title,
        description=description,
        module=module,
        measure=measure,
    )
    request._history_user = by
    _check_count(files)
    try:
        with transaction.atomic():
            request.save()
            _keep(files, request=request, by=by)
    except IntegrityError:
        return TARequest.objects.get(submission_key=submission_key)
    return request


def _check_count(files: Sequence[uploads.CheckedUpload]) -> None:
    if len(files) > MAX_FILES:
        raise ValidationError({"files": f"Attach at most {MAX_FILES} files."})


def _keep(
    files: Sequence[uploads.CheckedUpload],
    *,
    request: TARequest,
    by: User,
    message: TAMessage | None = None,
) -> None:
    for upload, content_type in files:
        TAFile.objects.create(
            request=request,
            message=message,
            uploaded_by=by,
            **uploads.kept_file(upload, content_type),
        )


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
        _tell(
            [assignee],
            locked,
            title=f"A TA request for you: {locked.title}",
            template="assistance/email/assigned.txt",
            context={"by": by},
        )
    return locked


def _move(request: TARequest, status: str, *, by: User, now: datetime) -> None:
    """Set the status of a locked request and move its clock (the caller saves)."""
    calendar = business_calendar()
    stops = status in TARequest.CLOCK_STOPPED_STATUSES
    if request.first_response_at is None and status in (
        TARequest.Status.RESOLVED,
        TARequest.Status.CLOSED,
    ):
        _first_response(request, now, calendar)
    if status in (TARequest.Status.RESOLVED, TARequest.Status.CLOSED):
        if request.resolution_hours is None:
            request.resolution_hours = counted_hours(request, calendar, now)
    else:
        request.resolution_hours = None
    if stops and request.clock_stopped_at is None:
        request.clock_stopped_at = now
    elif not stops and request.clock_stopped_at is not None:
        request.paused_hours += calendar.business_hours_between(request.clock_stopped_at, now)
        request.clock_stopped_at = None
    if status == TARequest.Status.RESOLVED:
        request.resolved_at = now
        request.resolved_by = by
    elif status != TARequest.Status.CLOSED:
        request.resolved_at = None
    request.status = status


def _first_response(request: TARequest, now, calendar) -> None:
    request.first_response_at = now
    request.first_response_hours = counted_hours(request, calendar, now)


@transaction.atomic
def ta_request_status_change(
    *, request: TARequest, by: User, status: str, now: datetime | None = None
) -> TARequest:
    """Move the request along. Resolving it records when and by whom, tells the team and sends
    the requester the satisfaction survey. `now` is when it happened (the demo's story passes
    its own moments)."""
    if status not in TARequest.Status.values:
        raise ValidationError({"status": "Choose a status from the list."})
    locked = _locked(request)
    if locked.status == status:
        return locked
    _move(locked, status, by=by, now=now or timezone.now())
    locked._history_user = by
    locked.save(update_fields=["status", "resolved_at", "updated_at", *CLOCK_FIELDS])
    if status == TARequest.Status.RESOLVED:
        _tell_team(
            locked,
            title=f"Your TA request is resolved: {locked.title}",
            template="assistance/email/resolved.txt",
            context={"by": by, "reopen_days": REOPEN_DAYS},
        )
        _survey_send(locked, resolved_by=by)
    return locked


def _survey_send(request: TARequest, *, resolved_by: User) -> TASurvey:
    """A new survey for this resolution, its private link emailed to the requester."""
    raw, digest = link_token_new()
    survey = TASurvey.objects.create(
        request=request,
        resolved_by=resolved_by,
        token_digest=digest,
        expires_at=request.resolved_at + timedelta(days=SURVEY_DAYS),
    )
    if request.opened_by.is_active:
        email_queue(
            to=[request.opened_by.email],
            subject=f"One question about your TA request: {request.title}",
            template="assistance/email/survey.txt",
            context={
                "ta_request": request,
                "survey": survey,
                "url": settings.SITE_URL + reverse("assistance:survey", args=[raw]),
                "days": SURVEY_DAYS,
            },
        )
    return survey


@transaction.atomic
def ta_survey_answer(*, survey: TASurvey, rating: int, now: datetime | None = None) -> TASurvey:
    """Record the requester's answer: once, and before the survey expires."""
    now = now or timezone.now()
    locked = TASurvey.objects.select_for_update().get(pk=survey.pk)
    if locked.answered_at is not None:
        raise ValidationError("This survey is already answered. Thank you!")
    if now > locked.expires_at:
        raise ValidationError("This survey has closed: it could be answered for 28 days.")
    locked.rating = rating
    locked.answered_at = now
    locked.save(update_fields=["rating", "answered_at", "updated_at"])
    return locked


def ta_target_warnings_send(*, now=None) -> int:
    """Warn staff and the assignee, once per request and target, when a running target has used
    TA_TARGET_WARNING_SHARE of its hours (or is already past). Returns how many were sent."""
    now = now or timezone.now()
    calendar = business_calendar()
    staff = list(program_staff())
    sent = 0
    for request in clock_running_requests():
        warned = {warning.target for warning in request.warnings.all()}
        for status in target_statuses(request, calendar, now):
            if status.state not in (State.AT_RISK, State.BREACHED) or status.target in warned:
                continue
            with transaction.atomic():
                _, created = TATargetWarning.objects.get_or_create(
                    request=request, target=status.target
                )
                if not created:
                    continue
                _warn(request, status, people=staff)
            sent += 1
    return sent


def _warn(request: TARequest, status, *, people: list[User]) -> None:
    missed = status.state == State.BREACHED
    title = (
        f"{status.label} target missed: {request.title}"
        if missed
        else f"{status.label} due soon: {request.title}"
    )
    recipients = {person.pk: person for person in people}
    if request.assigned_to is not None and request.assigned_to.is_active:
        recipients[request.assigned_to.pk] = request.assigned_to
    for person in recipients.values():
        notify(
            user=person,
            kind=Kind.OVERDUE,
            title=title,
            url=reverse("assistance:request", args=[request.pk]),
            group=request.team.cohort.name,
            email_template="assistance/email/target_warning.txt",
            context={"ta_request": request, "status": status, "missed": missed},
        )


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
    _move(
        locked,
        TARequest.Status.IN_PROGRESS if locked.assigned_to_id else TARequest.Status.NEW,
        by=by,
        now=timezone.now(),
    )
    locked._history_user = by
    locked.save(update_fields=["status", "resolved_at", "updated_at", *CLOCK_FIELDS])
    return locked


def ta_message_post(
    *,
    submission_key: UUID,
    request: TARequest,
    by: User,
    body: str,
    from_team: bool,
    now: datetime | None = None,
    files: Sequence[uploads.CheckedUpload] = (),
) -> TAMessage:
    """Add a message, with its files (checked by lcpa.cohorts.uploads, at most MAX_FILES), to
    the conversation (a second call with the same key returns the stored one). A message from
    the team goes to the assignee; one from the people working on the request goes to the team.
    `now` is when it was written (the demo's story passes its own)."""
    existing = TAMessage.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return existing
    message = TAMessage(submission_key=submission_key, request=request, author=by, body=body)
    message._history_user = by
    _check_count(files)
    try:
        with transaction.atomic():
            message.save()
            _keep(files, request=request, by=by, message=message)
            _clock_on_message(request, by=by, from_team=from_team, now=now or timezone.now())
            _announce(message, from_team=from_team)
    except IntegrityError:
        return TAMessage.objects.get(submission_key=submission_key)
    return message


def _clock_on_message(request: TARequest, *, by: User, from_team: bool, now: datetime) -> None:
    """The first reply from someone working on the request is its first response; a reply from
    the team to a request waiting on it puts it back in progress (the clock runs again)."""
    locked = _locked(request)
    if not from_team and locked.first_response_at is None:
        _first_response(locked, now, business_calendar())
    elif from_team and locked.status == TARequest.Status.WAITING_ON_TEAM:
        _move(locked, TARequest.Status.IN_PROGRESS, by=by, now=now)
    else:
        return
    locked._history_user = by
    locked.save(update_fields=["status", "resolved_at", "updated_at", *CLOCK_FIELDS])


def _announce(message: TAMessage, *, from_team: bool) -> None:
    request = message.request
    if not from_team:
        _tell_team(
            request,
            title=f"A reply to your TA request: {request.title}",
            template="assistance/email/reply.txt",
            context={"message": message},
        )
    elif request.assigned_to_id and request.assigned_to_id != message.author_id:
        _tell(
            [request.assigned_to],
            request,
            title=f"The team replied: {request.title}",
            template="assistance/email/reply.txt",
            context={"message": message},
        )


def ta_request_connect(
    *, request: TARequest, peer_team: Team, by: User, reason: str = ""
) -> TAPeerConnection:
    """Put the requesting team in touch with a peer team of the same learning community in
    another jurisdiction: recorded on the request, and each team's members are told who the
    other team's members are."""
    team = request.team
    if (
        peer_team.cohort.learning_community_id != team.cohort.learning_community_id
        or peer_team.jurisdiction_id == team.jurisdiction_id
    ):
        raise ValidationError(
            {"peer_team": "Choose a team of the same learning community in another place."}
        )
    connection = TAPeerConnection(
        request=request, peer_team=peer_team, connected_by=by, reason=reason[:500]
    )
    connection._history_user = by
    try:
        with transaction.atomic():
            connection.save()
            _introduce(connection)
    except IntegrityError:
        raise ValidationError(
            {"peer_team": f"This request is already connected with {peer_team.name}."}
        ) from None
    return connection


def _introduce(connection: TAPeerConnection) -> None:
    request, peer = connection.request, connection.peer_team
    requesters, peers = team_members(request.team), team_members(peer)
    sides = [
        (requesters, request.team, peers, peer, reverse("assistance:request", args=[request.pk])),
        (peers, peer, requesters, request.team, reverse("cohorts:workspace", args=[peer.pk])),
    ]
    for people, own_team, others, other_team, url in sides:
        for person in people:
            notify(
                user=person,
                kind=Kind.TA_UPDATE,
                title=f"Meet a peer team: {other_team.name}",
                url=url,
                group=own_team.cohort.name,
                email_template="assistance/email/peer_connection.txt",
                context={
                    "connection": connection,
                    "ta_request": request,
                    "other_team": other_team,
                    "others": others,
                },
            )
