from django.db import models
from simple_history.models import HistoricalRecords

from lcpa.core.models import TimeStampedModel

NAME_MAX_LENGTH = 150
EMAIL_MAX_LENGTH = 254
ORGANISATION_MAX_LENGTH = 200
MESSAGE_MAX_LENGTH = 5000


class ContactMessage(TimeStampedModel):
    """A message sent through the public contact form; staff get it by email."""

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
    handled = models.BooleanField(
        default=False, help_text="Tick when a member of staff has answered or dealt with it."
    )
    history = HistoricalRecords(excluded_fields=["submission_key"])

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} from {self.name}"
