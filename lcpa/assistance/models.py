"""Technical assistance: a team's requests for help and the conversation on each."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from lcpa.core.models import TimeStampedModel

TITLE_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 10_000
# The requester's team may reopen a request for this many days after it was resolved.
REOPEN_DAYS = 14
# The requester may answer the satisfaction survey for this many days after resolution.
SURVEY_DAYS = 28
# Files a request, or one message on it, may carry.
MAX_FILES = 5


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

    # The statuses in which the service-target clock stands still.
    CLOCK_STOPPED_STATUSES = (Status.WAITING_ON_TEAM, Status.RESOLVED, Status.CLOSED)

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
    # The measure of the team's plan the request concerns: its chart shows the request once
    # it is resolved.
    measure = models.ForeignKey(
        "outcomes.TeamMeasure",
        on_delete=models.SET_NULL,
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
    # Who resolved it last: the satisfaction survey is credited to them (TASurvey.resolved_by).
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Service targets (assistance/targets.py) count business hours while the clock runs; it
    # stands still while the request waits on the team or is resolved or closed.
    first_response_at = models.DateTimeField(null=True, blank=True)
    first_response_hours = models.FloatField(null=True, blank=True)
    resolution_hours = models.FloatField(null=True, blank=True)
    paused_hours = models.FloatField(default=0)
    clock_stopped_at = models.DateTimeField(null=True, blank=True)
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


class TAFile(TimeStampedModel):
    """A file sent with a request (`message` empty) or with one of its messages, checked by
    lcpa.cohorts.uploads and stored under a random name; served only to those who can read
    the request."""

    request = models.ForeignKey(TARequest, on_delete=models.CASCADE, related_name="files")
    message = models.ForeignKey(
        TAMessage, on_delete=models.CASCADE, null=True, blank=True, related_name="files"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(upload_to="ta/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "TA file"

    def __str__(self) -> str:
        return self.original_name


class Target(models.TextChoices):
    FIRST_RESPONSE = "first_response", "First response"
    RESOLUTION = "resolution", "Resolution"


class TATargetWarning(models.Model):
    """One warning that a request's target is close to being missed: there is at most one per
    request and target, so the warning task can run as often as it likes."""

    request = models.ForeignKey(TARequest, on_delete=models.CASCADE, related_name="warnings")
    target = models.CharField(max_length=20, choices=Target.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "target"], name="one_warning_per_target")
        ]

    def __str__(self) -> str:
        return f"{self.get_target_display()} warning on {self.request}"


class TASurvey(TimeStampedModel):
    """The one-question satisfaction survey sent when a request is resolved: a private link
    (only its digest stored), answered once, within SURVEY_DAYS days, without signing in."""

    class Rating(models.IntegerChoices):
        VERY_DISSATISFIED = 1, "Very dissatisfied"
        DISSATISFIED = 2, "Dissatisfied"
        NEUTRAL = 3, "Neither satisfied nor dissatisfied"
        SATISFIED = 4, "Satisfied"
        VERY_SATISFIED = 5, "Very satisfied"

    request = models.ForeignKey(TARequest, on_delete=models.CASCADE, related_name="surveys")
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    token_digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    rating = models.PositiveSmallIntegerField(choices=Rating.choices, null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["token_digest"])

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "TA satisfaction survey"

    def __str__(self) -> str:
        return f"Survey on {self.request}"


class TAPeerConnection(TimeStampedModel):
    """Staff put the requesting team in touch with a peer team that may have solved the same
    problem (assistance/peers.py suggests them); both teams got an introduction."""

    request = models.ForeignKey(TARequest, on_delete=models.CASCADE, related_name="connections")
    peer_team = models.ForeignKey("cohorts.Team", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=500, blank=True)
    connected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "peer_team"], name="one_connection_per_peer")
        ]

    def __str__(self) -> str:
        return f"{self.request} connected with {self.peer_team}"
