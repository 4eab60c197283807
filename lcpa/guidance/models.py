"""Guidance from national experts: questions to a cohort's experts, their office hours, and
implementation cases presented in a cohort session (the ECHO case-clinic model)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from lcpa.core.models import TimeStampedModel

TITLE_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 10_000
MAX_SLOT_MINUTES = 180


class Topic(models.TextChoices):
    DATA = "data", "Data and measures"
    PROGRAM_DESIGN = "program_design", "Program design"
    POLICY = "policy", "Policy and legal"
    FUNDING = "funding", "Funding and sustainability"
    ENGAGEMENT = "engagement", "Community engagement"
    WORKFORCE = "workforce", "Workforce and training"
    DISPATCH = "dispatch", "Dispatch and call routing"
    OTHER = "other", "Other"


class Question(TimeStampedModel):
    """A team member's question to the experts of the team's cohort."""

    team = models.ForeignKey("cohorts.Team", on_delete=models.PROTECT, related_name="questions")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    module = models.ForeignKey(
        "cohorts.CohortModule", on_delete=models.PROTECT, related_name="questions"
    )
    topic = models.CharField(max_length=20, choices=Topic.choices)
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    body = models.TextField(max_length=TEXT_MAX_LENGTH)
    answered_at = models.DateTimeField(null=True, blank=True)
    submission_key = models.UUIDField(unique=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["answered_at", "created_at"])]

    def __str__(self) -> str:
        return self.title


class Answer(TimeStampedModel):
    """A reply on a question: from one of the cohort's experts (`by_expert`) or from the team;
    a `follow_up` is the asker's further question on an answered one, which waits for the
    experts again."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(max_length=TEXT_MAX_LENGTH)
    by_expert = models.BooleanField(default=False)
    follow_up = models.BooleanField(default=False)
    submission_key = models.UUIDField(unique=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Reply to {self.question}"


class OfficeHourSlot(TimeStampedModel):
    """A time an expert offers to one team of a cohort they serve (capacity 1)."""

    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="office_hour_slots"
    )
    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.CASCADE, related_name="office_hour_slots"
    )
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(default=30)
    video_url = models.URLField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # Raised each time the expert moves the slot: the calendar event's SEQUENCE, so calendar
    # programs take the new time over the one they hold.
    sequence = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=15) & Q(minutes__lte=MAX_SLOT_MINUTES),
                name="slot_length_15_to_180",
            ),
        ]

    def __str__(self) -> str:
        return f"Office hour {self.starts_at:%Y-%m-%d %H:%M} UTC"

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)


class Booking(TimeStampedModel):
    """A team's booking of a slot. A slot has at most one booking that is not cancelled: the
    database refuses a second one, so two people clicking at the same moment cannot both get it."""

    slot = models.ForeignKey(OfficeHourSlot, on_delete=models.PROTECT, related_name="bookings")
    team = models.ForeignKey("cohorts.Team", on_delete=models.PROTECT, related_name="bookings")
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    agenda = models.TextField(max_length=TEXT_MAX_LENGTH)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["slot__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot"],
                condition=Q(cancelled_at__isnull=True),
                name="one_live_booking_per_slot",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team} at {self.slot}"


class ImplementationCase(TimeStampedModel):
    """A problem a team is stuck on, presented to the cohort's experts in a session."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Waiting for staff review"
        RETURNED = "returned", "Returned to the team"
        APPROVED = "approved", "Approved"
        SCHEDULED = "scheduled", "Scheduled into a session"

    team = models.ForeignKey("cohorts.Team", on_delete=models.PROTECT, related_name="cases")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    context = models.TextField(max_length=TEXT_MAX_LENGTH)
    tried = models.TextField(max_length=TEXT_MAX_LENGTH)
    question = models.TextField(max_length=TEXT_MAX_LENGTH)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    review_note = models.TextField(max_length=TEXT_MAX_LENGTH, blank=True)
    session = models.ForeignKey(
        "cohorts.Session", on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    follow_up_on = models.DateField(null=True, blank=True)
    follow_up_reminded_on = models.DateField(null=True, blank=True)
    report_back = models.TextField(max_length=TEXT_MAX_LENGTH, blank=True)
    submission_key = models.UUIDField(unique=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class CaseFile(TimeStampedModel):
    """Data attached to a case, checked as deliverable uploads are (cohorts.uploads)."""

    case = models.ForeignKey(ImplementationCase, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="cases/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class Recommendation(TimeStampedModel):
    """What an expert recommends after the case was presented."""

    case = models.ForeignKey(
        ImplementationCase, on_delete=models.CASCADE, related_name="recommendations"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(max_length=TEXT_MAX_LENGTH)
    # The action-plan step the team turned it into.
    action_step = models.OneToOneField(
        "cohorts.ActionStep",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendation",
    )
    submission_key = models.UUIDField(unique=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Recommendation on {self.case}"
