"""Staff edit the curriculum here between cohorts; a cohort keeps its own copy once created.

The data files in `content/` are the source: `load_curriculum` overwrites what is edited here.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from lcpa.curriculum.models import DeliverablePrompt, Jurisdiction, LearningCommunity, Module


class ModuleInline(admin.StackedInline):
    model = Module
    extra = 0
    max_num = 5
    ordering = ["number"]
    fields = ["number", "title", "aims", "guidance", "deliverable_name"]


@admin.register(LearningCommunity)
class LearningCommunityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "implementing_sector", "position"]
    list_editable = ["position"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ModuleInline]


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ["name", "state", "kind", "population", "latitude", "longitude"]
    list_filter = ["kind", "state"]
    search_fields = ["name"]


class DeliverablePromptInline(admin.StackedInline):
    model = DeliverablePrompt
    extra = 0
    ordering = ["position"]
    fields = ["position", "key", "label", "help_text", "kind", "options", "required", "refers_to"]


@admin.register(Module)
class ModuleAdmin(SimpleHistoryAdmin):
    """A module and its deliverable template. Cohorts already under way keep their own copy."""

    list_display = ["__str__", "learning_community", "number", "deliverable_name"]
    list_filter = ["learning_community"]
    search_fields = ["title", "aims"]
    inlines = [DeliverablePromptInline]
