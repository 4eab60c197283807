"""The curriculum and jurisdictions in the Django admin.

Learning communities, modules and deliverable prompts are read-only here: their source is the
data files in `content/`, and `load_curriculum` (run on every deploy) would overwrite any edit
made in the admin. A cohort's own copy (`cohorts.CohortModule`) is edited in the cohorts admin.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.html import format_html

from lcpa.core.admin import HistoryAdmin, ShownOnPublicPages
from lcpa.curriculum.content import CONTENT_DIR
from lcpa.curriculum.models import DeliverablePrompt, Jurisdiction, LearningCommunity, Module

FROM_FILES_NOTICE = (
    "Read-only here: the curriculum comes from the files in lcpa/curriculum/content/. Change a "
    "file and run “manage.py load_curriculum” (a deploy step too), which replaces anything "
    "changed here. Cohorts keep their own copy of the modules (Cohorts › Cohort modules)."
)


def source_file(community: LearningCommunity) -> str:
    return f"lcpa/curriculum/content/{community.slug}.yaml"


class FromFilesMixin:
    """View-only: no add, change or delete, for the admin and its inlines."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class FromFilesAdmin(FromFilesMixin, HistoryAdmin):
    change_list_template = "admin/curriculum/from_files_change_list.html"
    from_files_notice = FROM_FILES_NOTICE

    def file_notice(self, community: LearningCommunity) -> str:
        exists = (CONTENT_DIR / f"{community.slug}.yaml").exists()
        where = source_file(community) if exists else "a file in lcpa/curriculum/content/"
        return format_html(
            "Read-only here: this comes from <code>{}</code>. Change the file and run "
            "“manage.py load_curriculum” (a deploy step too), which replaces anything changed "
            "here. Cohorts keep their own copy of the modules (Cohorts › Cohort modules).",
            where,
        )


class ModuleInline(FromFilesMixin, admin.StackedInline):
    model = Module
    extra = 0
    ordering = ["number"]
    fields = ["number", "title", "aims", "guidance", "deliverable_name"]
    show_change_link = True


@admin.register(LearningCommunity)
class LearningCommunityAdmin(FromFilesAdmin):
    list_display = ["name", "short_name", "implementing_sector", "position"]
    search_fields = ["name", "short_name"]
    inlines = [ModuleInline]

    def get_fieldsets(self, request: HttpRequest, obj: LearningCommunity | None = None) -> list:
        fields = [
            "slug",
            "name",
            "short_name",
            "tagline",
            "purpose",
            "who_should_join",
            "implementing_sector",
            "position",
        ]
        description = self.file_notice(obj) if obj else FROM_FILES_NOTICE
        return [(None, {"description": description, "fields": fields})]


class DeliverablePromptInline(FromFilesMixin, admin.StackedInline):
    model = DeliverablePrompt
    extra = 0
    ordering = ["position"]
    fields = ["position", "key", "label", "help_text", "kind", "options", "required", "refers_to"]


@admin.register(Module)
class ModuleAdmin(FromFilesAdmin):
    """A module and its deliverable template. Cohorts already under way keep their own copy."""

    list_display = ["__str__", "learning_community", "number", "deliverable_name"]
    list_filter = ["learning_community"]
    list_select_related = ["learning_community"]
    search_fields = ["title", "aims"]
    inlines = [DeliverablePromptInline]

    def get_fieldsets(self, request: HttpRequest, obj: Module | None = None) -> list:
        fields = ["learning_community", "number", "title", "deliverable_name", "aims", "guidance"]
        description = self.file_notice(obj.learning_community) if obj else FROM_FILES_NOTICE
        return [(None, {"description": description, "fields": fields})]


class JurisdictionAdminForm(forms.ModelForm):
    class Meta:
        model = Jurisdiction
        fields = ["name", "state", "kind", "population", "latitude", "longitude"]

    def clean(self) -> dict[str, Any]:
        """One row per place: registrations and enrolment find jurisdictions by name whatever
        its case (`jurisdiction_find_or_create`), so "amherst" would be a second Amherst."""
        data = super().clean()
        name, state, kind = data.get("name"), data.get("state"), data.get("kind")
        if name and state and kind:
            twin = (
                Jurisdiction.objects.filter(name__iexact=name, state=state, kind=kind)
                .exclude(pk=self.instance.pk)
                .first()
            )
            if twin is not None:
                raise ValidationError(
                    {"name": f"{twin} ({twin.get_kind_display().lower()}) is already listed."}
                )
        return data


@admin.register(Jurisdiction)
class JurisdictionAdmin(ShownOnPublicPages, admin.ModelAdmin):
    """Places: added when a team enrols from a registration, or here. Coordinates put them on
    the public map."""

    form = JurisdictionAdminForm
    list_display = ["name", "state", "kind", "population", "latitude", "longitude"]
    list_filter = ["kind", "state"]
    search_fields = ["name"]
