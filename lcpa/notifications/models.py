from django.conf import settings
from django.db import models

from lcpa.core.models import TimeStampedModel
from lcpa.notifications.kinds import Frequency, Kind


class OutboundEmail(TimeStampedModel):
    """An email the platform owes someone. Stored first, then sent by a task with retries."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed after retries"

    to = models.JSONField()
    cc = models.JSONField(default=list, blank=True)
    reply_to = models.JSONField(default=list, blank=True)
    subject = models.CharField(max_length=255)
    body = models.TextField()
    attachments = models.JSONField(
        default=list,
        blank=True,
        help_text="Text files sent with the email: [{filename, content_type, content}].",
    )
    headers = models.JSONField(
        default=dict, blank=True, help_text="Extra headers, such as List-Unsubscribe."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"


class Notification(TimeStampedModel):
    """Something that asks one person's attention, shown in the app and perhaps emailed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    url = models.CharField(max_length=500, help_text="Where the notification leads, in the site.")
    group = models.CharField(
        max_length=200, blank=True, help_text="What digests group it under (a cohort's name)."
    )
    read_at = models.DateTimeField(null=True, blank=True)
    email_body = models.TextField(blank=True, help_text="The email, written when it happened.")
    email_attachments = models.JSONField(
        default=list,
        blank=True,
        help_text="Files sent with its email or digest: [{filename, content_type, content}].",
    )
    emailed_at = models.DateTimeField(
        null=True, blank=True, help_text="When it went out by email, alone or in a digest."
    )
    email = models.ForeignKey(
        OutboundEmail, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"{self.title} → {self.user}"


class EmailPreference(TimeStampedModel):
    """How often one person wants email about one kind of notification (no row: the default)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    frequency = models.CharField(max_length=12, choices=Frequency.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_email_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} {self.frequency}"


class DigestSent(models.Model):
    """One person's digest of one period: the daily digest of a day, or the weekly one of the
    week starting on that Monday (in their time zone). Unique, so a digest task that runs twice,
    late, or in two chains never sends a period's digest twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests_sent"
    )
    frequency = models.CharField(max_length=12, choices=Frequency.choices)
    period = models.DateField(help_text="The day (daily) or the Monday (weekly) it is for.")
    email = models.ForeignKey(
        OutboundEmail, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "frequency", "period"], name="one_digest_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.frequency} digest of {self.period} for {self.user}"


class DigestRun(models.Model):
    """An hour the self-queueing digest task ran: a second chain of it stops there."""

    hour = models.DateTimeField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Digests at {self.hour:%Y-%m-%d %H:%M} UTC"
