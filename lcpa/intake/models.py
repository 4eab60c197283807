from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from simple_history.models import HistoricalRecords

from lcpa.core.models import TimeStampedModel
from lcpa.core.states import US_STATES
from lcpa.core.tokens import unused_link_token_digest
from lcpa.curriculum.models import Jurisdiction, LearningCommunity, Sector, TeamRole


def status_path(token: str) -> str:
    """The private status page of the registration whose raw status token this is."""
    return reverse("intake:registration_status", args=[token])


class InterestRegistration(TimeStampedModel):
    """A prospective team's interest in a future cohort. Not an acceptance.

    The private status link's token is stored only as a SHA-256 digest
    (`status_token_digest`, see lcpa.core.tokens): the raw token is in the confirmation page's
    address and the acknowledgement email, and nowhere else.
    """

    class Status(models.TextChoices):
        NEW = "new", "New"
        CONTACTED = "contacted", "Contacted"
        IN_CONVERSATION = "in_conversation", "In conversation"
        INVITED = "invited", "Invited to a cohort"
        ENROLLED = "enrolled", "Enrolled"
        WAITLISTED = "waitlisted", "Waitlisted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    CLOSED_STATUSES = frozenset(
        {Status.ENROLLED, Status.WAITLISTED, Status.DECLINED, Status.WITHDRAWN}
    )
    # Until staff invite the team, the registrant may change its members from the status page.
    MEMBERS_EDITABLE_STATUSES = frozenset({Status.NEW, Status.CONTACTED, Status.IN_CONVERSATION})

    class Stage(models.TextChoices):
        EXPLORING = "exploring", "Exploring: learning what is possible"
        PLANNING = "planning", "Planning: designing an alternative response"
        PILOTING = "piloting", "Piloting: running a trial"
        OPERATING = "operating", "Operating: running a program and looking to improve it"

    class PreferredStart(models.TextChoices):
        NEXT = "next", "The next cohort that has room"
        SIX_MONTHS = "six_months", "Within six months"
        YEAR = "year", "Within a year"
        LATER = "later", "Later than a year from now"

    class HeardFrom(models.TextChoices):
        COLLEAGUE = "colleague", "A colleague or peer jurisdiction"
        CONFERENCE = "conference", "A conference or webinar"
        NEWSLETTER = "newsletter", "A newsletter or email"
        SEARCH = "search", "A web search"
        SOCIAL = "social", "Social media"
        OTHER = "other", "Somewhere else"

    submission_key = models.UUIDField(unique=True, editable=False)
    status_token_digest = models.CharField(
        "status link (SHA-256 digest)",
        max_length=64,
        unique=True,
        default=unused_link_token_digest,
        editable=False,
    )

    jurisdiction_name = models.CharField(max_length=150)
    state = models.CharField(max_length=2, choices=US_STATES)
    jurisdiction_kind = models.CharField(max_length=20, choices=Jurisdiction.Kind.choices)
    population = models.PositiveIntegerField()
    learning_communities = models.ManyToManyField(LearningCommunity, related_name="registrations")
    goals = models.TextField(max_length=4000)
    stage = models.CharField(max_length=20, choices=Stage.choices)
    preferred_start = models.CharField(max_length=20, choices=PreferredStart.choices)
    heard_from = models.CharField(max_length=20, choices=HeardFrom.choices, blank=True)

    contact_name = models.CharField(max_length=150)
    contact_email = models.EmailField(max_length=254)
    contact_phone = models.CharField(max_length=40, blank=True)

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_registrations",
        limit_choices_to={"role": "program_staff"},
    )
    follow_up_due_on = models.DateField(
        null=True, blank=True, help_text="Set by services: the last day a follow-up is on time."
    )
    first_followed_up_at = models.DateTimeField(null=True, blank=True)
    last_followed_up_at = models.DateTimeField(null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_registrations",
    )
    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.SET_NULL, null=True, blank=True, related_name="registrations"
    )
    history = HistoricalRecords(excluded_fields=["status_token_digest", "submission_key"])

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["created_at"]),
            # The pipeline's default list: unmerged, newest first. Without table statistics
            # SQLite would otherwise pick merged_into's own index and sort every row.
            models.Index(
                fields=["merged_into", "-created_at", "-id"], name="registration_pipeline"
            ),
            models.Index(fields=["status", "follow_up_due_on"]),
            models.Index(fields=["state"]),
            # possible duplicates: the same name (ignoring case) in the same state
            models.Index(Lower("jurisdiction_name"), "state", name="registration_name_state"),
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction_name}, {self.state}"

    def get_absolute_url(self) -> str:
        return reverse("intake:staff_registration", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status not in self.CLOSED_STATUSES and self.merged_into_id is None

    @property
    def members_editable(self) -> bool:
        return self.status in self.MEMBERS_EDITABLE_STATUSES and self.merged_into_id is None


class ProposedMember(models.Model):
    registration = models.ForeignKey(
        InterestRegistration, on_delete=models.CASCADE, related_name="members"
    )
    name = models.CharField(max_length=150)
    email = models.EmailField(max_length=254)
    organisation = models.CharField("organization", max_length=200)
    sector = models.CharField(max_length=30, choices=Sector.choices)
    job_title = models.CharField(max_length=150, blank=True)
    role = models.CharField("team role", max_length=30, choices=TeamRole.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["registration", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class MemberChange(TimeStampedModel):
    """The registrant changed the proposed members from the private status page: what changed,
    in plain words, for the registration's timeline. Written once, never edited."""

    registration = models.ForeignKey(
        InterestRegistration, on_delete=models.CASCADE, related_name="member_changes"
    )
    summary = models.TextField()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Members changed on {self.created_at:%Y-%m-%d}"


class FollowUp(TimeStampedModel):
    """One contact or note by program staff about a registration."""

    class Kind(models.TextChoices):
        CALL = "call", "Phone call"
        EMAIL = "email", "Email"
        MEETING = "meeting", "Meeting"
        NOTE = "note", "Note"
        REPLY = "reply", "Reply from the registrant"

    # What staff record as their own follow-up (a reply is added with followup_reply_add).
    STAFF_KINDS = (Kind.CALL, Kind.EMAIL, Kind.MEETING, Kind.NOTE)

    registration = models.ForeignKey(
        InterestRegistration, on_delete=models.CASCADE, related_name="follow_ups"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    summary = models.TextField(max_length=4000)
    status_from = models.CharField(max_length=20, choices=InterestRegistration.Status.choices)
    status_to = models.CharField(max_length=20, choices=InterestRegistration.Status.choices)
    next_follow_up_on = models.DateField(null=True, blank=True)
    # A reply from the registrant, pasted in by staff: who sent it and the day it arrived.
    received_from = models.CharField(max_length=254, blank=True)
    received_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="follow_ups"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.created_at:%Y-%m-%d}"


class EmailTemplate(TimeStampedModel):
    """A saved message staff send to registrants. $placeholders are filled in when sent."""

    name = models.CharField(max_length=100, unique=True)
    subject = models.CharField(max_length=200)
    body = models.TextField(max_length=10000)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SavedFilter(TimeStampedModel):
    """A named set of pipeline filters a staff member saved, for themselves or for everyone."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_filters"
    )
    name = models.CharField(max_length=80)
    query = models.CharField(max_length=1000, help_text="The pipeline's query string.")
    shared = models.BooleanField(default=False, help_text="Every staff member can pick it.")

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="saved_filter_name_per_owner")
        ]

    def __str__(self) -> str:
        return self.name


class FollowUpReminder(models.Model):
    """The morning email to one staff member listing their due and overdue follow-ups: one a
    day (the unique day and staff member make sending it again a no-op)."""

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follow_up_reminders"
    )
    day = models.DateField()
    registrations = models.PositiveIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "staff"]
        constraints = [
            models.UniqueConstraint(fields=["staff", "day"], name="one_follow_up_reminder_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.staff} on {self.day}"


class FollowUpReminderRun(models.Model):
    """A day the daily reminder task ran: a second chain of the task stops on a day taken."""

    day = models.DateField(unique=True)

    def __str__(self) -> str:
        return str(self.day)
