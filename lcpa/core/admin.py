"""Pieces the apps' admins share. Registers nothing."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin

from lcpa.core.public_cache import public_content_changed


def adopt(instance: models.Model, saved: models.Model) -> None:
    """Make the admin's unsaved instance the row a service just created.

    The admin goes on to save the form's many-to-many fields and inlines and to log the change
    against `instance`, so it must carry the stored row's primary key and values.
    """
    for field in saved._meta.concrete_fields:
        setattr(instance, field.attname, getattr(saved, field.attname))
    instance._state.adding = False
    instance._state.db = saved._state.db


class ShownOnPublicPages:
    """For admins of rows the public pages show (jurisdictions, cohorts, teams, resources): every
    save or delete makes the public pages' cached fragments stale (lcpa.core.public_cache)."""

    def save_model(self, request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        public_content_changed()

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        super().delete_model(request, obj)  # type: ignore[misc]
        public_content_changed()

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet) -> None:
        super().delete_queryset(request, queryset)  # type: ignore[misc]
        public_content_changed()


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


class HistoryAdmin(SimpleHistoryAdmin):
    """simple_history's admin with history to read and no "revert".

    A revert saves an old version through the bare model form: it skips the services and the
    read-only fields of the change page, and simple_history accepts it from anyone who may
    merely view the row. Changes are made on the change page.
    """

    def revert_disabled(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return True

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
