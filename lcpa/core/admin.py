"""Pieces the apps' admins share. Registers nothing."""

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.http import HttpRequest


def adopt(instance: models.Model, saved: models.Model) -> None:
    """Make the admin's unsaved instance the row a service just created.

    The admin goes on to save the form's many-to-many fields and inlines and to log the change
    against `instance`, so it must carry the stored row's primary key and values.
    """
    for field in saved._meta.concrete_fields:
        setattr(instance, field.attname, getattr(saved, field.attname))
    instance._state.adding = False
    instance._state.db = saved._state.db


class KeepRecordsOnDelete:
    """Refuse to delete a row while rows that are records hang off it.

    `keep_records` names reverse relations that the database would delete with the row
    (CASCADE): attendance, deliverables, memberships. The admin lists them as protected, as it
    does for PROTECT foreign keys, and deletes nothing, from the delete page and from the
    "delete selected" action alike.
    """

    keep_records: tuple[str, ...] = ()
    keep_records_advice: str = ""

    def get_deleted_objects(
        self, objs: Iterable[models.Model], request: HttpRequest
    ) -> tuple[Any, ...]:
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        protected = list(protected)
        for obj in objs:
            for name in self.keep_records:
                related = getattr(obj, name)
                count = related.count()
                if count:
                    label = related.model._meta.verbose_name_plural
                    protected.append(
                        f"{obj}: {count} {label} would be deleted with it. "
                        f"{self.keep_records_advice}".strip()
                    )
        return deleted, counts, perms_needed, protected
