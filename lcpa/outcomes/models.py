"""The measure dictionary (measures and their versions), the measures each team chose, and the
values teams record for them (observations: numerator and denominator, never only a rate)."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from lcpa.cohorts.models import Team
from lcpa.core.models import TimeStampedModel
from lcpa.curriculum.models import LearningCommunity


class Kind(models.TextChoices):
    """What the numerator and denominator are, which decides how values are checked."""

    PROPORTION = "proportion", "Proportion (part of a whole)"
    RATE = "rate", "Rate (events per population)"
    COUNT = "count", "Count of events"
    VALUE = "value", "Measured value (such as minutes)"


class Better(models.TextChoices):
    UP = "up", "Higher is better"
    DOWN = "down", "Lower is better"


class Chart(models.TextChoices):
    RUN = "run", "Run chart"
    I = "i", "I chart"  # noqa: E741 (the chart's name)
    C = "c", "C chart"
    U = "u", "U chart"
    P = "p", "P chart"
    PP = "pp", "P′ chart"
    UP = "up", "U′ chart"


class Disaggregation(models.TextChoices):
    RACE = "race", "Race and ethnicity"
    SEX = "sex", "Sex"
    AGE_GROUP = "age_group", "Age group"
    DISABILITY = "disability", "Disability"
    GEOGRAPHY = "geography", "Geography"


class Measure(TimeStampedModel):
    """A standard measure of a learning community, or a team's own measure (`team` set),
    named by a stable code; what it means is in its versions (`current` is the one new values
    are recorded against)."""

    learning_community = models.ForeignKey(
        LearningCommunity, on_delete=models.PROTECT, related_name="measures"
    )
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, null=True, blank=True, related_name="own_measures"
    )
    code = models.SlugField(max_length=60)
    position = models.PositiveSmallIntegerField(default=0)
    # Public numbers whose count or denominator is under this are suppressed (the files' field).
    suppress_below = models.PositiveSmallIntegerField(default=10)
    current = models.ForeignKey(
        "MeasureVersion", on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["learning_community", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["learning_community", "code"],
                condition=models.Q(team__isnull=True),
                name="measure_code_unique",
            ),
            models.UniqueConstraint(
                fields=["team", "code"],
                condition=models.Q(team__isnull=False),
                name="own_measure_code_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class MeasureVersion(TimeStampedModel):
    """One definition of a measure. A changed definition is a new version; observations keep
    the version they were recorded with."""

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=160)
    definition = models.TextField()
    numerator = models.CharField(max_length=200)
    denominator = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    unit = models.CharField(max_length=80)
    multiplier = models.PositiveIntegerField(default=1)
    better = models.CharField(max_length=4, choices=Better.choices)
    period = models.CharField(max_length=10, default="month")
    chart = models.CharField(max_length=4, choices=Chart.choices)
    disaggregations = models.JSONField(default=list)
    source_kind = models.CharField(max_length=40)

    class Meta:
        ordering = ["measure", "number"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "number"], name="measure_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.number})"

    @property
    def has_denominator(self) -> bool:
        return self.kind != Kind.COUNT


class TeamMeasure(TimeStampedModel):
    """A measure a team chose for its plan, with its baseline and target, and the rules its
    run charts are read by."""

    class Role(models.TextChoices):
        OUTCOME = "outcome", "Outcome measure"
        PROCESS = "process", "Process measure"
        BALANCING = "balancing", "Balancing measure"

    class Rules(models.TextChoices):
        # The values are the `method` of analytics.spc.qic().
        ANHOEJ = "anhoej", "Anhøj rules: a long run, or too few crossings of the centre line"
        IHI = "ihi", "IHI rules: a shift, a trend, or too few or too many runs"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="measures")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="team_measures")
    role = models.CharField(max_length=20, choices=Role.choices)
    baseline_start = models.DateField()
    baseline_end = models.DateField()
    target_value = models.DecimalField(max_digits=14, decimal_places=4)
    target_date = models.DateField()
    rules = models.CharField(max_length=10, choices=Rules.choices, default=Rules.ANHOEJ)
    # On the public results page while the team shares its results (ResultsSharing).
    shared = models.BooleanField(default=False)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["team", "measure__position"]
        constraints = [
            models.UniqueConstraint(fields=["team", "measure"], name="team_measure_unique")
        ]

    def __str__(self) -> str:
        return f"{self.team}: {self.measure}"


class Observation(TimeStampedModel):
    """One value of a team's measure for a period (the first day of its month) and a
    disaggregation ('' for the total)."""

    class Source(models.TextChoices):
        MANUAL = "manual", "Entered by hand"
        IMPORT = "import", "Imported from a file"
        API = "api", "Sent through the API"
        COMPUTED = "computed", "Computed from records"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="observations")
    measure_version = models.ForeignKey(
        MeasureVersion, on_delete=models.PROTECT, related_name="observations"
    )
    period = models.DateField()
    disaggregation = models.CharField(max_length=60, blank=True, default="")
    numerator = models.DecimalField(max_digits=14, decimal_places=4)
    denominator = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True)
    provisional = models.BooleanField(default=False)
    # The dataset version a computed value came from (source "computed").
    dataset_version = models.ForeignKey(
        "DatasetVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="observations",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["team", "measure_version", "period", "disaggregation"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "measure_version", "period", "disaggregation"],
                name="observation_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.team} {self.measure_version.measure} {self.period:%Y-%m}"


class ObservationImport(TimeStampedModel):
    """A checked file waiting for its coordinator to confirm it, then the record of what it
    stored. The file itself is not kept: its checked rows are (`rows`, JSON), with its name,
    type and SHA-256, which is all the preview and the confirmation need."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        CONFIRMED = "confirmed", "Stored"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="observation_imports")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    rows = models.JSONField(default=list)
    skipped = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_count = models.PositiveIntegerField(default=0)
    corrected_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.team}: {self.file_name}"


# Briefs and the public results page ----------------------------------------------------------


class ResultsSharing(TimeStampedModel):
    """Whether a team shows its measures on the public results page (no row: it does not);
    which of them, each team measure says (`TeamMeasure.shared`)."""

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="results_sharing")
    shared = models.BooleanField(default=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.team}: {'shared' if self.shared else 'not shared'}"


class Brief(TimeStampedModel):
    """A one-page story a team writes about its results; public once staff approve it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Waiting for staff approval"
        RETURNED = "returned", "Returned for changes"
        PUBLISHED = "published", "Approved and published"

    submission_key = models.UUIDField(unique=True)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="briefs")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    headline = models.CharField(max_length=120)
    what_changed = models.TextField()
    for_whom = models.TextField()
    chart_1 = models.ForeignKey(TeamMeasure, on_delete=models.PROTECT, related_name="+")
    chart_2 = models.ForeignKey(
        TeamMeasure, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    quote = models.TextField(blank=True)
    quote_by = models.CharField(max_length=160, blank=True)
    next_steps = models.TextField()
    return_note = models.TextField(blank=True)
    slug = models.SlugField(max_length=90, unique=True, null=True, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.headline

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def team_measures(self) -> list[TeamMeasure]:
        return [measure for measure in (self.chart_1, self.chart_2) if measure is not None]


class PDSACycle(TimeStampedModel):
    """One Plan-Do-Study-Act cycle testing a change idea, read on one of the team's measures.
    A cycle may follow an earlier one (`previous`), making a chain."""

    class Act(models.TextChoices):
        ADOPT = "adopt", "Adopt: keep the change"
        ADAPT = "adapt", "Adapt: change it and test again"
        ABANDON = "abandon", "Abandon: stop the change"

    team_measure = models.ForeignKey(
        TeamMeasure, on_delete=models.CASCADE, related_name="pdsa_cycles"
    )
    submission_key = models.UUIDField(unique=True)
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="next_cycles"
    )
    change_idea = models.CharField(max_length=200)
    prediction = models.TextField()
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    what_happened = models.TextField(blank=True)
    what_data_showed = models.TextField(blank=True)
    act = models.CharField(max_length=10, choices=Act.choices, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["team_measure", "started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(started_on__isnull=False, ended_on__gte=models.F("started_on")),
                name="pdsa_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.change_idea

    @property
    def stage(self) -> str:
        """Where the cycle is: plan, do, study or act (decided)."""
        if self.act:
            return "act"
        if self.what_data_showed:
            return "study"
        if self.started_on:
            return "do"
        return "plan"


class PolicyChange(TimeStampedModel):
    """A change of policy that may move a team's numbers (a new dispatch protocol, an ordinance,
    a school district's new discipline code), drawn on its charts on the day it took effect:
    on one measure's chart when it names one, on all the team's charts otherwise."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="policy_changes")
    submission_key = models.UUIDField(unique=True)
    changed_on = models.DateField()
    title = models.CharField(max_length=200)
    team_measure = models.ForeignKey(
        TeamMeasure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="policy_changes",
    )
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["team", "changed_on", "pk"]
        indexes = [models.Index(fields=["team", "changed_on"], name="policy_change_team_day")]

    def __str__(self) -> str:
        return self.title


class ProgressScore(TimeStampedModel):
    """Program staff's monthly score of a team on the IHI assessment scale (0.5 to 5.0);
    changing a month's score keeps the earlier one in history."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="progress_scores")
    month = models.DateField()
    score = models.DecimalField(max_digits=2, decimal_places=1)
    note = models.TextField(blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["team", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["team", "month"], name="progress_score_unique"),
            models.CheckConstraint(
                condition=models.Q(score__gte=0.5, score__lte=5), name="progress_score_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team} {self.month:%Y-%m}: {self.score}"


# Datasets: uploaded files of records (lcpa/outcomes/datasets.py writes them) -----------------


class DatasetKind(models.TextChoices):
    """The kinds of records a team uploads; each has standard columns (its canonical schema)."""

    CALLS = "calls", "Calls for service"
    STOPS = "stops", "Traffic stops"
    CRASHES = "crashes", "Crashes"
    SHOOTINGS = "shootings", "Shooting incidents"
    SCHOOLS = "schools", "School incidents and referrals"
    PARTICIPANTS = "participants", "Program participants"


class Dataset(TimeStampedModel):
    """A team's series of files of one kind (its monthly calls-for-service export, say): each
    file uploaded is a version."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="datasets")
    kind = models.CharField(max_length=20, choices=DatasetKind.choices)
    name = models.CharField(max_length=120)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Shootings: the difference-in-differences design (domain-metrics C3), named before the
    # outcomes are looked at; every change is kept in the history (`comparisons.py`).
    intervention_area = models.CharField(max_length=120, blank=True)
    comparison_area = models.CharField(max_length=120, blank=True)
    intervention_starts_on = models.DateField(null=True, blank=True)
    comparison_chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    comparison_chosen_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                "team", "kind", Lower("name"), name="dataset_name_once_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.team}: {self.name}"


# The statuses of a version whose file is kept as the team's (a file uploaded again is refused).
KEPT_STATUSES = ("uploaded", "processing", "waiting_for_mapping", "ready")


class DatasetVersion(TimeStampedModel):
    """One uploaded file of a dataset: received in numbered chunks under a random storage key,
    assembled and checked (size, SHA-256, type from its bytes), then mapped and ingested."""

    class Status(models.TextChoices):
        UPLOADING = "uploading", "Uploading"
        JOINING = "joining", "Joining its parts"
        UPLOADED = "uploaded", "Uploaded"
        PROCESSING = "processing", "Processing"
        WAITING_FOR_MAPPING = "waiting_for_mapping", "Waiting for column mapping"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    class FileType(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel (.xlsx)"
        PARQUET = "parquet", "Parquet"

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    # The random folder of its chunks, original and Parquet file on the storage (never shown).
    storage_key = models.CharField(max_length=64, unique=True, editable=False)
    original = models.FileField(max_length=255, blank=True)
    original_name = models.CharField(max_length=255)
    size = models.BigIntegerField()
    chunk_size = models.PositiveIntegerField()
    # What the browser computed (Web Crypto), if it could; `sha256` is what the server found.
    declared_sha256 = models.CharField(max_length=64, blank=True)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    file_type = models.CharField(max_length=10, choices=FileType.choices, blank=True)
    encoding = models.CharField(max_length=20, blank=True)
    delimiter = models.CharField(max_length=1, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.UPLOADING)
    status_message = models.TextField(blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(null=True, blank=True)
    # How much of the file the background task has joined from its chunks (and hashed).
    joined_bytes = models.BigIntegerField(default=0)
    # The kept version with the same file, when this one was found to be it again.
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    report = models.JSONField(default=dict, blank=True)
    parquet_path = models.CharField(max_length=255, blank=True)
    # Traffic stops: the veil-of-darkness test run when the version was processed
    # (dataset_darkness.py): `ran` and its result, or `ran` false and the reason.
    veil_of_darkness = models.JSONField(default=dict, blank=True)
    # While a ready version is processed again (its mapping changed): the status and message
    # it goes back to, its values untouched, when that processing fails or is cancelled.
    previous_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    previous_message = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["dataset", "-number"]
        constraints = [
            models.UniqueConstraint("dataset", "number", name="dataset_version_number_once"),
            # A dataset keeps one version of a file (the same SHA-256): the database says so,
            # whatever two uploads finishing at once found before saving.
            models.UniqueConstraint(
                "dataset",
                "sha256",
                condition=models.Q(status__in=KEPT_STATUSES) & ~models.Q(sha256=""),
                name="dataset_file_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dataset} v{self.number}"

    @property
    def delimiter_name(self) -> str:
        """What separates a CSV file's columns, in words."""
        names = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "vertical bars"}
        return names.get(self.delimiter, "")


class ColumnMapping(TimeStampedModel):
    """How a team's files of one kind map to the kind's standard columns (`mapping`: standard
    column -> the file's column) and the team's values to standard ones (`value_mappings`:
    standard column -> {file value: standard value}); once confirmed, reused for the next file.
    `level` is the level of the records (for a kind with several), `keep` the personal
    identifier columns the coordinator chose to keep as they are, `columns` the file's columns
    when it was confirmed (a next file with other columns is mapped again) and `salt` the
    team's random secret that hashes the other personal identifiers (never shown)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="column_mappings")
    kind = models.CharField(max_length=20, choices=DatasetKind.choices)
    mapping = models.JSONField(default=dict, blank=True)
    value_mappings = models.JSONField(default=dict, blank=True)
    level = models.CharField(max_length=20, blank=True)
    keep = models.JSONField(default=list, blank=True)
    columns = models.JSONField(default=list, blank=True)
    salt = models.CharField(max_length=64, blank=True, editable=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["salt"])

    class Meta:
        constraints = [models.UniqueConstraint("team", "kind", name="column_mapping_once_per_kind")]

    def __str__(self) -> str:
        return f"{self.team}: {self.get_kind_display()}"
