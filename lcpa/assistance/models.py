"""Technical assistance: a team's requests for help and the conversation on each."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from lcpa.core.models import TimeStampedModel

TITLE_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 10_000
# The requester's team may reopen a request for this many days after it was resolved.
REOPEN_DAYS = 14


class TARequest(TimeStampedModel):
    class Category(models.TextChoices):
        DATA = "data", "Data and measures"
        PROGRAM_DESIGN = "program_design", "Program design"
        POLICY = "policy", "Policy and legal"
        FUNDING = "funding", "Funding and sustainability"
        ENGAGEMENT = "engagement", "Community engagement"
        TECHNOLOGY = "technology", "Technology and dispatch integration"
        TRAINING = "training", "Training"
        OTHER = "other", "Other"

    class Urgency(models.TextChoices):
        ROUTINE = "routine", "Routine"
        TIME_SENSITIVE = "time_sensitive", "Time-sensitive"
        URGENT = "urgent", "Urgent"

    class Status(models.TextChoices):
        NEW = "new", "New"
        TRIAGED = "triaged", "Triaged"
        IN_PROGRESS = "in_progress", "In progress"
        WAITING_ON_TEAM = "waiting_on_team", "Waiting on team"
        RESOLVED = "resolved", "Resolved"
        CLOSED = "closed", "Closed"

    OPEN_STATUSES = (
        Status.NEW,
        Status.TRIAGED,
        Status.IN_PROGRESS,
        Status.WAITING_ON_TEAM,
    )

    team = models.ForeignKey("cohorts.Team", on_delete=models.PROTECT, related_name="ta_requests")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(max_length=20, choices=Category.choices)
    urgency = models.CharField(max_length=20, choices=Urgency.choices, default=Urgency.ROUTINE)
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    description = models.TextField(max_length=TEXT_MAX_LENGTH)
    module = models.ForeignKey(
        "cohorts.CohortModule",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ta_requests",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_ta_requests",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    submission_key = models.UUIDField(unique=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "TA request"

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class TAMessage(TimeStampedModel):
    request = models.ForeignKey(TARequest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(max_length=TEXT_MAX_LENGTH)
    submission_key = models.UUIDField(unique=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "TA message"

    def __str__(self) -> str:
        return f"Message on {self.request}"
