from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from lcpa.core.models import TimeStampedModel
from lcpa.core.states import US_STATES


class Sector(models.TextChoices):
    LAW_ENFORCEMENT = "law_enforcement", "Law enforcement"
    FIRE = "fire", "Fire"
    EMS = "ems", "EMS"
    COMMUNICATIONS_911 = "911_communications", "911 communications"
    BEHAVIORAL_HEALTH = "behavioral_health", "Behavioral health"
    PUBLIC_HEALTH = "public_health", "Public health"
    EDUCATION = "education", "Education"
    TRANSPORTATION = "transportation", "Transportation"
    COMMUNITY_VIOLENCE_INTERVENTION = "cvi", "Community violence intervention"
    LOCAL_GOVERNMENT = "local_government", "Local government"
    COMMUNITY_ORGANISATION = "community_organisation", "Community organization"
    OTHER = "other", "Other"


FIRST_RESPONSE_SECTORS = frozenset({Sector.LAW_ENFORCEMENT, Sector.FIRE, Sector.EMS})


class TeamRole(models.TextChoices):
    DATA_COORDINATOR = "data_coordinator", "Data coordinator"
    FIRST_RESPONSE = "first_response", "First-response representative"
    IMPLEMENTING_SECTOR = "implementing_sector", "Implementing-sector representative"
    LIVED_EXPERIENCE = "lived_experience", "Person with lived experience"
    EXECUTIVE = "executive", "Executive"
    ELECTED_OFFICIAL = "elected_official", "Elected official"
    COMMUNITY_PARTNER = "community_partner", "Community partner"
    OTHER = "other", "Other"


class LearningCommunity(TimeStampedModel):
    """One of the four areas; each has an implementing sector and five ordered modules."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=120, unique=True)
    short_name = models.CharField(max_length=60)
    tagline = models.CharField(max_length=200)
    purpose = models.TextField(help_text="Markdown. Why this learning community exists.")
    who_should_join = models.TextField(help_text="Markdown. Who belongs on a team.")
    implementing_sector = models.CharField(max_length=30, choices=Sector.choices)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "learning communities"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("public:learning_community", args=[self.slug])


class Module(TimeStampedModel):
    """One of a learning community's five modules; each builds on the one before."""

    learning_community = models.ForeignKey(
        LearningCommunity, on_delete=models.CASCADE, related_name="modules"
    )
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=160)
    aims = models.TextField(help_text="Markdown. What the team will be able to do after it.")
    guidance = models.TextField(blank=True, help_text="Markdown. The body of the module.")
    deliverable_name = models.CharField(max_length=160)
    history = HistoricalRecords()

    class Meta:
        ordering = ["learning_community", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["learning_community", "number"], name="module_number_unique_per_lc"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=5), name="module_number_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.learning_community.short_name} {self.number}: {self.title}"


class Jurisdiction(TimeStampedModel):
    class Kind(models.TextChoices):
        CITY = "city", "City"
        COUNTY = "county", "County"
        TRIBAL_NATION = "tribal_nation", "Tribal nation"
        REGION = "region", "Region"
        OTHER = "other", "Other"

    name = models.CharField(max_length=150)
    state = models.CharField(max_length=2, choices=US_STATES)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CITY)
    population = models.PositiveIntegerField(null=True, blank=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)

    class Meta:
        ordering = ["state", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "state", "kind"], name="jurisdiction_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.state}"


class Cohort(TimeStampedModel):
    """One run of a learning community."""

    learning_community = models.ForeignKey(
        LearningCommunity, on_delete=models.PROTECT, related_name="cohorts"
    )
    name = models.CharField(max_length=150)
    starts_on = models.DateField()
    ends_on = models.DateField()
    capacity = models.PositiveSmallIntegerField(default=8)
    history = HistoricalRecords()

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
    history = HistoricalRecords()

    class Meta:
        ordering = ["team", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="one_membership_per_team")
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.team}"
