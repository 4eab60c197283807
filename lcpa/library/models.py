from django.db import models
from simple_history.models import HistoricalRecords

from lcpa.core.models import TimeStampedModel
from lcpa.curriculum.models import LearningCommunity, Module


class Resource(TimeStampedModel):
    """A guide, template or example in the library, tagged by learning community and module."""

    class Kind(models.TextChoices):
        GUIDE = "guide", "Guide"
        TEMPLATE = "template", "Template"
        EXAMPLE = "example", "Example"
        TOOL = "tool", "Tool"
        RESEARCH = "research", "Research"

    class Visibility(models.TextChoices):
        PUBLIC = "public", "Public"
        MEMBERS = "members", "Members only"

    title = models.CharField(max_length=200)
    summary = models.TextField(max_length=2000)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.GUIDE)
    url = models.URLField(blank=True)
    file = models.FileField(upload_to="resources/", blank=True)
    learning_communities = models.ManyToManyField(
        LearningCommunity, blank=True, related_name="resources"
    )
    modules = models.ManyToManyField(
        Module, blank=True, related_name="resources", help_text="The modules it supports, if any."
    )
    topics = models.CharField(max_length=300, blank=True, help_text="Comma-separated topics.")
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @property
    def topic_list(self) -> list[str]:
        return [t.strip() for t in self.topics.split(",") if t.strip()]

    @property
    def module_numbers(self) -> list[int]:
        """The module numbers it is tagged with (from prefetched `modules` when there)."""
        return sorted({module.number for module in self.modules.all()})
