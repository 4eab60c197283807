"""The curriculum: learning communities, their five modules and deliverable prompts,
jurisdictions, and the sectors and team roles the team-composition rule reads.

Loaded from the data files in `content/` by `load_curriculum`; cohorts take their own copy
(`cohorts.CohortModule`) when they are created.
"""

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


class DeliverablePrompt(TimeStampedModel):
    """One typed question of a module's deliverable template, loaded from the content files."""

    class Kind(models.TextChoices):
        SHORT_TEXT = "short_text", "Short text"
        LONG_TEXT = "long_text", "Long text"
        TABLE = "table", "Table rows"
        CHOICE = "choice", "Choice"
        DATE = "date", "Date"
        NUMBER = "number", "Number"
        FILE = "file", "File"

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="prompts")
    position = models.PositiveSmallIntegerField(default=0)
    key = models.SlugField(
        max_length=50, help_text="Stable name, unique in the learning community, e.g. goals."
    )
    label = models.CharField(max_length=300)
    help_text = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.LONG_TEXT)
    options = models.TextField(
        blank=True, help_text="One per line: the choices (choice) or the column names (table)."
    )
    required = models.BooleanField(default=True)
    refers_to = models.SlugField(
        max_length=50,
        blank=True,
        help_text="Key of an earlier prompt whose answer is shown beside this one.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["module", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["module", "key"], name="prompt_key_unique_per_module")
        ]

    def __str__(self) -> str:
        return self.label

    def snapshot(self) -> dict:
        return {
            "key": self.key,
            "label": self.label,
            "help_text": self.help_text,
            "kind": self.kind,
            "options": [line.strip() for line in self.options.splitlines() if line.strip()],
            "required": self.required,
            "refers_to": self.refers_to,
        }
