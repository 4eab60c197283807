"""Dating the demo's story: the services run at the real time, then their rows are re-dated.

`seed_demo` replays months of history through the app's services, which read the real clock
(nothing patches `django.utils.timezone.now`). Each step runs inside `dated(when)`: every row
saved in the block is collected (Django's post_save signal) and, once the block is over, each of
its clock fields that the block set (a value at or after the moment the block began: created_at,
updated_at, submitted_at, ...) is set to `when`, in the database and on the saved instance, and
so are the rows' change-history records. Emails queued in the block are recorded as sent at that
moment, so the delivery tasks queued for them find nothing to do.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from functools import cache
from uuid import uuid4
from zoneinfo import ZoneInfo

from django.db import models
from django.db.models import Case, F, Value, When
from django.db.models.signals import post_save
from django.utils import timezone
from simple_history.models import HistoricalChanges

from lcpa.notifications.models import OutboundEmail

PROGRAM_TIME_ZONE = ZoneInfo("America/New_York")

# Fields the services fill from the clock. Other date-times (a session's start, an invitation's
# expiry) are data and are never re-dated.
CLOCK_FIELDS = frozenset(
    {
        "created_at",
        "updated_at",
        "submitted_at",
        "accepted_at",
        "first_followed_up_at",
        "last_followed_up_at",
    }
)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A moment on a day, in the program's time zone."""
    return datetime.combine(day, time(hour, minute), tzinfo=PROGRAM_TIME_ZONE)


@contextmanager
def dated(when: datetime) -> Iterator[None]:
    """Rows saved inside this block read as saved at `when` (a moment in the past)."""
    since = timezone.now()
    if when > since:
        raise ValueError(f"The demo's story cannot happen in the future ({when:%Y-%m-%d %H:%M}).")
    saved: dict[type[models.Model], list[models.Model]] = {}

    def collect(sender: type[models.Model], instance: models.Model, **kwargs: object) -> None:
        if not issubclass(sender, HistoricalChanges):
            saved.setdefault(sender, []).append(instance)

    uid = f"lcpa.demo.dated.{uuid4()}"
    post_save.connect(collect, weak=False, dispatch_uid=uid)
    try:
        yield
    finally:
        post_save.disconnect(dispatch_uid=uid)
    for model, instances in saved.items():
        _redate(model, instances, since, when)


@cache
def _clock_fields(model: type[models.Model]) -> list[str]:
    return sorted(
        field.name
        for field in model._meta.concrete_fields
        if field.name in CLOCK_FIELDS and isinstance(field, models.DateTimeField)
    )


def _redate(
    model: type[models.Model], instances: list[models.Model], since: datetime, when: datetime
) -> None:
    clock = _clock_fields(model)
    # Rows by the clock fields the block set on them, as the saved instances show.
    groups: dict[frozenset[str], set[object]] = {}
    for instance in instances:
        names = frozenset(
            name for name in clock if (value := getattr(instance, name)) and value >= since
        )
        for name in names:
            setattr(instance, name, when)
        groups.setdefault(names, set()).add(instance.pk)
    for names, pks in groups.items():
        if names:
            model._base_manager.filter(pk__in=pks).update(**dict.fromkeys(names, when))
    pks = {instance.pk for instance in instances}
    manager = getattr(model._meta, "simple_history_manager_attribute", None)
    if manager is not None:
        # The block's history records copy the row as it was saved, clock fields too. Each
        # field is looked at, not only those the instances show: a service may change one
        # after saving (registration_submit sets created_at with an update).
        records = getattr(model, manager).filter(
            **{f"{model._meta.pk.attname}__in": pks, "history_date__gte": since}
        )
        records.update(
            history_date=when,
            **{
                name: Case(
                    When(**{f"{name}__gte": since}, then=Value(when)),
                    default=F(name),
                    output_field=models.DateTimeField(),
                )
                for name in clock
            },
        )
    if model is OutboundEmail:
        OutboundEmail.objects.filter(pk__in=pks, status=OutboundEmail.Status.QUEUED).update(
            status=OutboundEmail.Status.SENT, sent_at=when
        )
