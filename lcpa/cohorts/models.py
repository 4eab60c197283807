from datetime import date

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from lcpa.core.models import ChangeHistory, TimeStampedModel
from lcpa.core.tokens import unused_link_token_digest
from lcpa.curriculum.models import Jurisdiction, LearningCommunity, Sector, TeamRole


class Cohort(TimeStampedModel):
    """One run of a learning community."""

    learning_community = models.ForeignKey(
        LearningCommunity, on_delete=models.PROTECT, related_name="cohorts"
    )
    name = models.CharField(max_length=150)
    starts_on = models.DateField()
    ends_on = models.DateField()
    capacity = models.PositiveSmallIntegerField(default=8)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="facilitated_cohorts"
    )
    experts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="expert_cohorts"
    )
    ta_providers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="ta_cohorts"
    )
    history = ChangeHistory(m2m_fields=["facilitators", "experts", "ta_providers"])

    class Meta:
        ordering = ["starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="cohort_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Team(TimeStampedModel):
    """A jurisdiction's interdisciplinary group in a cohort."""

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="teams")
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=150)
    history = HistoricalRecords()

    class Meta:
        ordering = ["cohort", "name"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "jurisdiction"], name="one_team_per_cohort")
        ]

    def __str__(self) -> str:
        return self.name


class Membership(TimeStampedModel):
    """A person on a team, with the team role they hold and their organisation's sector."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("team role", max_length=30, choices=TeamRole.choices)
    sector = models.CharField(max_length=30, choices=Sector.choices)
    organisation = models.CharField("organization", max_length=200, blank=True)
    job_title = models.CharField(max_length=150, blank=True)
    share_contact_with_cohort = models.BooleanField(default=False)
    removed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["team", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="one_membership_per_team")
        ]

    @property
    def is_active(self) -> bool:
        return self.removed_at is None

    def __str__(self) -> str:
        return f"{self.user} on {self.team}"


class CohortModule(TimeStampedModel):
    """A cohort's own copy of a module, taken when the cohort is created, with its due date."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="modules")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=160)
    aims = models.TextField()
    guidance = models.TextField(blank=True)
    deliverable_name = models.CharField(max_length=160)
    prompts = models.JSONField(default=list)
    due_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["cohort", "number"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "number"], name="cohort_module_unique")
        ]

    def __str__(self) -> str:
        return f"Module {self.number}: {self.title}"


class Session(TimeStampedModel):
    """A live session of a cohort, about one module. Times are stored in UTC.

    A cancelled session stays (members were told; calendars show it cancelled). `sequence` is
    the iCalendar SEQUENCE: raised each time the session moves or is cancelled, so calendar
    programs replace the copy they hold, and reminders queued for an earlier version stay
    silent."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    module = models.ForeignKey("CohortModule", on_delete=models.PROTECT, related_name="sessions")
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    meeting_url = models.URLField(blank=True, help_text="Shown only to the cohort's members.")
    agenda = models.TextField(blank=True, help_text="Markdown.")
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="facilitated_sessions"
    )
    presenters = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="presented_sessions"
    )
    materials = models.ManyToManyField("library.Resource", blank=True, related_name="sessions")
    recording_url = models.URLField(blank=True)
    notes = models.TextField(blank=True, help_text="Markdown. Written after the session.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.CharField(max_length=500, blank=True)
    sequence = models.PositiveIntegerField(default=0)
    history = ChangeHistory(m2m_fields=["facilitators", "presenters"])

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class Attendance(TimeStampedModel):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        ABSENT = "absent", "Absent"
        EXCUSED = "excused", "Excused"

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(max_length=10, choices=Status.choices)
    correction_reason = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "membership"]
        constraints = [
            models.UniqueConstraint(fields=["session", "membership"], name="one_attendance_row")
        ]

    def __str__(self) -> str:
        return f"{self.membership} at {self.session}: {self.get_status_display()}"


class SessionFeedback(TimeStampedModel):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="feedback")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    usefulness = models.PositiveSmallIntegerField()
    improve = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["session", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="one_feedback_per_person"),
            models.CheckConstraint(
                condition=models.Q(usefulness__gte=1, usefulness__lte=5), name="usefulness_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.usefulness}/5 for {self.session}"


class Deliverable(TimeStampedModel):
    """A team's answers to one module's deliverable. Any member may edit the team's draft."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        ACCEPTED = "accepted", "Accepted"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="deliverables")
    module = models.ForeignKey(
        "CohortModule", on_delete=models.PROTECT, related_name="deliverables"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    answers = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(
        default=0, help_text="Raised on every save; a save from an older version is refused."
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    shared_with_cohort = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["team", "module__number"]
        constraints = [
            models.UniqueConstraint(fields=["team", "module"], name="one_deliverable_per_module")
        ]

    def __str__(self) -> str:
        return f"{self.team}: module {self.module.number}"


class DeliverableFile(TimeStampedModel):
    deliverable = models.ForeignKey(Deliverable, on_delete=models.CASCADE, related_name="files")
    prompt_key = models.SlugField(max_length=50)
    file = models.FileField(upload_to="deliverables/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["deliverable", "prompt_key", "-created_at"]

    def __str__(self) -> str:
        return self.original_name


class DeliverableReview(TimeStampedModel):
    """An expert's or staff member's decision on a submitted deliverable."""

    class Decision(models.TextChoices):
        ACCEPT = "accept", "Accept"
        CHANGES = "changes", "Ask for changes"

    deliverable = models.ForeignKey(Deliverable, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="deliverable_reviews"
    )
    decision = models.CharField(max_length=10, choices=Decision.choices)
    comments = models.TextField(max_length=10000, blank=True)

    class Meta:
        ordering = ["deliverable", "-created_at"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} by {self.reviewer}"


class ModuleUnlock(TimeStampedModel):
    """Staff opened a module for a team before its previous deliverable was submitted."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="unlocks")
    module = models.ForeignKey("CohortModule", on_delete=models.PROTECT, related_name="unlocks")
    reason = models.CharField(max_length=500)
    unlocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["team", "module__number"]
        constraints = [
            models.UniqueConstraint(fields=["team", "module"], name="one_unlock_per_module")
        ]

    def __str__(self) -> str:
        return f"{self.team}: module {self.module.number} unlocked"


class Invitation(TimeStampedModel):
    """An email invitation to join a team; accepting it creates the account and membership.

    The accept link's token is stored only as a SHA-256 digest (lcpa.core.tokens); the raw token
    is in the invitation email and nowhere else. Sending the invitation again makes a new one.
    """

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    full_name = models.CharField(max_length=150)
    role = models.CharField("team role", max_length=30, choices=TeamRole.choices)
    sector = models.CharField(max_length=30, choices=Sector.choices)
    organisation = models.CharField("organization", max_length=200, blank=True)
    job_title = models.CharField(max_length=150, blank=True)
    token_digest = models.CharField(
        "accept link (SHA-256 digest)",
        max_length=64,
        unique=True,
        editable=False,
        default=unused_link_token_digest,
    )
    expires_at = models.DateTimeField()
    sent_count = models.PositiveSmallIntegerField(default=0)
    accepted_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["token_digest"])

    class Meta:
        ordering = ["team", "email"]
        constraints = [
            models.UniqueConstraint(fields=["team", "email"], name="one_invitation_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.email} to {self.team}"


class TeamContact(TimeStampedModel):
    """Program staff reaching a team, usually about an early-warning flag: a check-in (a call or
    meeting, with a note) or an email sent to the team's members. A check-in clears the team's
    current warnings until new evidence of them comes in (see dashboard.py)."""

    class Kind(models.TextChoices):
        CHECK_IN = "check_in", "Check-in"
        EMAIL = "email", "Email"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    contacted_on = models.DateField()
    subject = models.CharField(max_length=200, blank=True)
    note = models.TextField(max_length=10000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["team", "-contacted_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} with {self.team} on {self.contacted_on}"


class ActionStep(TimeStampedModel):
    """One implementation step of a team's action plan (a milestone): who does it, by when,
    and how far along it is. Steps come from the plan itself or from an expert's
    recommendation."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    class Source(models.TextChoices):
        PLAN = "plan", "Action plan"
        RECOMMENDATION = "recommendation", "Expert recommendation"

    OPEN_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS)

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="action_steps")
    submission_key = models.UUIDField(unique=True)
    title = models.CharField(max_length=200)
    details = models.TextField(blank=True)
    owner = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="action_steps"
    )
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    # The day the step was marked done; set and cleared by the services, never by a form.
    done_on = models.DateField(null=True, blank=True)
    module = models.ForeignKey(
        CohortModule, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.PLAN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["team", "due_on", "pk"]
        indexes = [models.Index(fields=["team", "due_on"], name="action_step_team_due")]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: date) -> bool:
        return self.status in self.OPEN_STATUSES and self.due_on < today
