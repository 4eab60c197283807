from django.db import models

from lcpa.core.models import TimeStampedModel


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
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"
