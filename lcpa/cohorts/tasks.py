from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from lcpa.accounts.models import User
from lcpa.cohorts.models import Session
from lcpa.cohorts.services import when_text
from lcpa.notifications.kinds import Kind
from lcpa.notifications.services import notify, recipient_zone


@task()
def send_session_reminder(
    session_id: int, kind: str, expected_starts_at: str, sequence: int | None = None
) -> int:
    """Remind the cohort's members in the app, and by email unless they turned reminders off
    (their choice for the "session_reminder" kind: at once or not at all). Skips a session that
    was deleted, cancelled, or changed since this reminder was queued (its start or its
    `sequence`; reminders queued before sequences were passed carry none)."""
    session = Session.objects.filter(pk=session_id).select_related("cohort").first()
    if session is None or session.is_cancelled:
        return 0
    if session.starts_at != datetime.fromisoformat(expected_starts_at):
        return 0
    if sequence is not None and session.sequence != sequence:
        return 0
    if session.starts_at <= timezone.now():
        return 0
    members = (
        User.objects.filter(
            is_active=True,
            memberships__team__cohort_id=session.cohort_id,
            memberships__removed_at__isnull=True,
        )
        .distinct()
        .order_by("email")
    )
    path = reverse("cohorts:session", args=[session.pk])
    for user in members:
        notify(
            user=user,
            kind=Kind.SESSION_REMINDER,
            title=f"{'In two days' if kind == 'two_days' else 'In one hour'}: {session.title}",
            url=path,
            group=session.cohort.name,
            email_template="cohorts/email/session_reminder.txt",
            context={
                "session": session,
                "kind": kind,
                "url": settings.SITE_URL + path,
                "when": when_text(session.starts_at, session.ends_at, recipient_zone(user).key),
            },
            at_once=True,  # a reminder that waited would come late
        )
    return len(members)
