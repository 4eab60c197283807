from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from lcpa.cohorts.models import Session
from lcpa.cohorts.services import when_text
from lcpa.notifications.services import email_queue


@task()
def send_session_reminder(
    session_id: int, kind: str, expected_starts_at: str, sequence: int | None = None
) -> int:
    """Email the cohort's members who want reminders. Skips a session that was deleted,
    cancelled, or changed since this reminder was queued (its start or its `sequence`; reminders
    queued before sequences were passed carry none)."""
    session = Session.objects.filter(pk=session_id).select_related("cohort").first()
    if session is None or session.is_cancelled:
        return 0
    if session.starts_at != datetime.fromisoformat(expected_starts_at):
        return 0
    if sequence is not None and session.sequence != sequence:
        return 0
    if session.starts_at <= timezone.now():
        return 0
    recipients = sorted(
        set(
            session.cohort.teams.filter(
                memberships__removed_at__isnull=True,
                memberships__user__session_reminders=True,
                memberships__user__is_active=True,
            ).values_list("memberships__user__email", "memberships__user__time_zone")
        )
    )
    url = settings.SITE_URL + reverse("cohorts:session", args=[session.pk])
    for email, zone in recipients:
        zone = zone or settings.TIME_ZONE
        email_queue(
            to=[email],
            subject=f"{'In two days' if kind == 'two_days' else 'In one hour'}: {session.title}",
            template="cohorts/email/session_reminder.txt",
            context={
                "session": session,
                "kind": kind,
                "url": url,
                "when": when_text(session.starts_at, session.ends_at, zone),
                "zone": zone.replace("_", " "),
            },
        )
    return len(recipients)
