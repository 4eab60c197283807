from django.db import models
from simple_history.models import HistoricalRecords


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class ChangeHistory(HistoricalRecords):
    """django-simple-history's records, keeping many-to-many fields (`m2m_fields`) without the
    empty entries: Django signals an `add` of people already there, which would otherwise leave
    a history row for a change that did not happen."""

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs) -> None:
        if action in ("post_add", "post_remove") and not pk_set:
            return
        super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)


class ClosureDay(TimeStampedModel):
    """A day the program is closed (besides weekends and federal holidays): service targets and
    follow-up deadlines do not count it. Staff add and remove them (`core.services`)."""

    day = models.DateField(unique=True)
    reason = models.CharField(max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d}: {self.reason}"
