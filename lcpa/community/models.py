"""The peer forum: spaces (a cohort's, a learning community's, the program's), their categories,
threads and posts. Who sees what is decided in `access.py`."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from lcpa.cohorts.models import Cohort, Deliverable
from lcpa.core.models import TimeStampedModel
from lcpa.curriculum.models import LearningCommunity


class Space(TimeStampedModel):
    """Where threads live; exactly one per cohort, per learning community, and for the program."""

    class Kind(models.TextChoices):
        COHORT = "cohort", "Cohort"
        COMMUNITY = "community", "Learning community"
        PROGRAM = "program", "Whole program"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    cohort = models.OneToOneField(
        Cohort, null=True, blank=True, on_delete=models.CASCADE, related_name="forum_space"
    )
    learning_community = models.OneToOneField(
        LearningCommunity,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="forum_space",
    )

    class Meta:
        ordering = ["kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind"], condition=models.Q(kind="program"), name="one_program_space"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind="cohort", cohort__isnull=False, learning_community__isnull=True)
                    | models.Q(
                        kind="community", cohort__isnull=True, learning_community__isnull=False
                    )
                    | models.Q(kind="program", cohort__isnull=True, learning_community__isnull=True)
                ),
                name="space_belongs_to_its_kind",
            ),
        ]

    @property
    def name(self) -> str:
        if self.kind == self.Kind.COHORT:
            return str(self.cohort)
        if self.kind == self.Kind.COMMUNITY:
            return str(self.learning_community)
        return "Whole program"

    def __str__(self) -> str:
        return self.name


class Category(TimeStampedModel):
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(max_length=100)
    position = models.PositiveSmallIntegerField(default=0)
    archived = models.BooleanField(
        default=False, help_text="Archived: kept on its threads, no longer offered for new ones."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["space", "position", "name"]
        verbose_name_plural = "categories"
        constraints = [
            models.UniqueConstraint(fields=["space", "name"], name="one_category_name_per_space")
        ]

    def __str__(self) -> str:
        return self.name


class Thread(TimeStampedModel):
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="threads")
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="threads"
    )
    title = models.CharField(max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_question = models.BooleanField(default=False)
    pinned = models.BooleanField(default=False)
    locked = models.BooleanField(default=False)
    hidden = models.BooleanField(default=False)
    last_activity_at = models.DateTimeField()
    accepted_post = models.ForeignKey(
        "Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    shared_deliverable = models.ForeignKey(
        Deliverable,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_threads",
        help_text="The deliverable whose answers the first post holds a copy of.",
    )
    shared_version = models.PositiveIntegerField(null=True, blank=True)
    submission_key = models.UUIDField(unique=True)
    history = HistoricalRecords(excluded_fields=["last_activity_at"])

    class Meta:
        ordering = ["-pinned", "-last_activity_at", "-pk"]
        indexes = [models.Index(fields=["space", "-pinned", "-last_activity_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["shared_deliverable", "shared_version"],
                condition=models.Q(shared_deliverable__isnull=False),
                name="one_thread_per_shared_deliverable_version",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Post(TimeStampedModel):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    edited_at = models.DateTimeField(null=True, blank=True)
    hidden = models.BooleanField(default=False)
    submission_key = models.UUIDField(unique=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Post {self.pk} in {self.thread}"


class Subscription(TimeStampedModel):
    """A person following or muting one thread or one category. Muting wins: a muted thread,
    or a thread in a muted category, tells the person nothing."""

    class Level(models.TextChoices):
        FOLLOW = "follow", "Following"
        MUTE = "mute", "Muted"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(
        Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    level = models.CharField(max_length=6, choices=Level.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "thread"],
                condition=models.Q(thread__isnull=False),
                name="one_subscription_per_thread",
            ),
            models.UniqueConstraint(
                fields=["user", "category"],
                condition=models.Q(category__isnull=False),
                name="one_subscription_per_category",
            ),
            models.CheckConstraint(
                condition=models.Q(thread__isnull=False, category__isnull=True)
                | models.Q(thread__isnull=True, category__isnull=False),
                name="subscription_to_a_thread_or_a_category",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.level} {self.thread or self.category}"


class ReadMark(models.Model):
    """How far a person has read a thread: the last post they were shown (posts after it are
    new to them)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="read_marks")
    last_read_post_id = models.PositiveBigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="one_read_mark_per_thread")
        ]

    def __str__(self) -> str:
        return f"{self.user} read {self.thread} up to post {self.last_read_post_id}"


class Reaction(TimeStampedModel):
    """One person finding one post helpful (at most once)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="one_helpful_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} found post {self.post_id} helpful"


class Flag(TimeStampedModel):
    """A member telling staff that a post needs their attention, and what staff did about it."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        HIDDEN = "hidden", "Post hidden"
        DISMISSED = "dismissed", "Dismissed"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(max_length=1000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "flagged_by"],
                condition=models.Q(status="open"),
                name="one_open_flag_per_person_and_post",
            )
        ]

    def __str__(self) -> str:
        return f"Flag on post {self.post_id} ({self.status})"


class Attachment(TimeStampedModel):
    """A file on a post, checked (lcpa.cohorts.uploads) and stored under a random name with the
    extension of the type found; served only to those who can read the post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="forum/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name
