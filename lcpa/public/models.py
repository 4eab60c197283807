from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from lcpa.core.models import TimeStampedModel

NAME_MAX_LENGTH = 150
EMAIL_MAX_LENGTH = 254
ORGANISATION_MAX_LENGTH = 200
MESSAGE_MAX_LENGTH = 5000
ANSWER_NOTE_MAX_LENGTH = 4000


class ContactMessage(TimeStampedModel):
    """A message sent through the public contact form. Staff get it by email and work it on
    the staff pages: assigned to one of them, then marked answered with a note."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        ANSWERED = "answered", "Answered"

    class Topic(models.TextChoices):
        JOINING = "joining", "Joining a learning community"
        REGISTRATION = "registration", "An interest registration we already sent"
        CURRICULUM = "curriculum", "The modules and what teams learn"
        PARTNERSHIP = "partnership", "Partnership, funding or media"
        ACCESSIBILITY = "accessibility", "A problem using this website"
        PRIVACY = "privacy", "Our personal data or a deletion request"
        OTHER = "other", "Something else"

    submission_key = models.UUIDField(unique=True, editable=False)
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    email = models.EmailField(max_length=EMAIL_MAX_LENGTH)
    organisation = models.CharField("organization", max_length=ORGANISATION_MAX_LENGTH, blank=True)
    topic = models.CharField(max_length=20, choices=Topic.choices)
    message = models.TextField(max_length=MESSAGE_MAX_LENGTH)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_contact_messages",
        limit_choices_to={"role": "program_staff"},
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answered_contact_messages",
    )
    answer_note = models.TextField(
        max_length=ANSWER_NOTE_MAX_LENGTH, blank=True, help_text="How staff answered (for staff)."
    )
    history = HistoricalRecords(excluded_fields=["submission_key"])

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} from {self.name}"
