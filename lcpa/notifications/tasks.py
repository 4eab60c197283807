import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import default_task_backend, task

from lcpa.core.log_redaction import redact_private_links
from lcpa.notifications import services
from lcpa.notifications.models import DigestRun, Notification, OutboundEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6


def retry_delay(attempts: int) -> timedelta:
    """Back off 1, 2, 4, 8, 16 minutes between tries."""
    return timedelta(minutes=2 ** (attempts - 1))


@task()
def deliver_email(email_id: int) -> str:
    email = OutboundEmail.objects.get(pk=email_id)
    if email.status != OutboundEmail.Status.QUEUED:
        return email.status
    message = EmailMessage(
        subject=email.subject,
        body=email.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=email.to,
        cc=email.cc,
        reply_to=email.reply_to,
        headers=email.headers,
    )
    for attachment in email.attachments:
        message.attach(attachment["filename"], attachment["content"], attachment["content_type"])
    email.attempts += 1
    try:
        message.send()
    except Exception as error:  # any transport failure: record it and try again later
        email.last_error = f"{type(error).__name__}: {error}"[:2000]
        fields = ["attempts", "last_error", "status", "updated_at"]
        if email.attempts >= MAX_ATTEMPTS:
            email.status = OutboundEmail.Status.FAILED
            logger.error("Email %s failed for good: %s", email.pk, email.last_error)
            fields += _forget_private_links(email)
        email.save(update_fields=fields)
        if email.status == OutboundEmail.Status.QUEUED:
            _enqueue_retry(email)
        return email.status
    email.status = OutboundEmail.Status.SENT
    email.sent_at = timezone.now()
    email.last_error = ""
    fields = ["attempts", "last_error", "status", "sent_at", "updated_at"]
    email.save(update_fields=fields + _forget_private_links(email))
    return email.status


def _forget_private_links(email: OutboundEmail) -> list[str]:
    """Once an email is sent (or given up on), drop the tokens of private links in it: the
    outbox keeps a record of what was sent, not working keys (only their digests are stored
    elsewhere). Returns the fields it changed."""
    email.subject = redact_private_links(email.subject)
    email.body = redact_private_links(email.body)
    return ["subject", "body"]


def _enqueue_retry(email: OutboundEmail) -> None:
    task_for_retry = deliver_email
    if default_task_backend.supports_defer:
        task_for_retry = deliver_email.using(run_after=timezone.now() + retry_delay(email.attempts))
    task_for_retry.enqueue(email.pk)


def notification_email_enqueue(notification_id: int) -> None:
    """Email a notification after NOTIFICATION_EMAIL_DELAY, so that one read meanwhile is not."""
    later = notification_email
    if default_task_backend.supports_defer:
        later = notification_email.using(
            run_after=timezone.now() + settings.NOTIFICATION_EMAIL_DELAY
        )
    later.enqueue(notification_id)


@task()
def notification_email(notification_id: int) -> bool:
    notification = Notification.objects.filter(pk=notification_id).first()
    if notification is None:
        return False
    return services.notification_email_send(notification=notification) is not None


def next_hour(moment: datetime) -> datetime:
    """The first full hour after `moment`."""
    return moment.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)


def hourly_digests_enqueue(hour: datetime) -> None:
    send_hourly_digests.using(run_after=hour).enqueue(hour.isoformat())


@task()
def send_hourly_digests(hour: str) -> int:
    """Send the digests due by now (07:00 comes at a different hour in each time zone), then
    queue the task for the next full hour (after now: a worker that was stopped for a day does
    not run every missed hour). A second chain started by mistake stops on the first hour the
    other one already ran. Returns how many digests it queued."""
    try:
        with transaction.atomic():
            DigestRun.objects.create(hour=datetime.fromisoformat(hour))
    except IntegrityError:
        return 0  # another chain of this task has this hour: let it carry on alone
    sent = services.digests_send()
    hourly_digests_enqueue(next_hour(timezone.now()))
    return sent
