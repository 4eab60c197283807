"""Staff edit the curriculum, cohorts and teams here; simple_history keeps who changed what."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from lcpa.cohorts.models import Cohort, CohortModule, Membership, Session, Team


class TeamInline(admin.TabularInline):
    model = Team
    extra = 0
    fields = ["name", "jurisdiction"]
    autocomplete_fields = ["jurisdiction"]
    show_change_link = True


@admin.register(Cohort)
class CohortAdmin(SimpleHistoryAdmin):
    list_display = ["name", "learning_community", "starts_on", "ends_on", "capacity"]
    list_filter = ["learning_community"]
    search_fields = ["name"]
    date_hierarchy = "starts_on"
    list_select_related = ["learning_community"]
    inlines = [TeamInline]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "sector", "organisation", "job_title", "share_contact_with_cohort"]
    autocomplete_fields = ["user"]


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "jurisdiction", "cohort"]
    list_filter = ["cohort__learning_community", "cohort"]
    search_fields = ["name", "jurisdiction__name"]
    autocomplete_fields = ["jurisdiction", "cohort"]
    list_select_related = ["jurisdiction", "cohort"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "team", "role", "sector", "organisation"]
    list_filter = ["role", "sector", "team__cohort"]
    search_fields = ["user__email", "user__full_name", "team__name", "organisation"]
    autocomplete_fields = ["user", "team"]
    list_select_related = ["user", "team"]


@admin.register(CohortModule)
class CohortModuleAdmin(SimpleHistoryAdmin):
    """A cohort's copy of a module: staff set due dates here."""

    list_display = ["__str__", "cohort", "due_on"]
    list_filter = ["cohort"]
    list_editable = ["due_on"]
    readonly_fields = ["cohort", "number", "prompts"]


@admin.register(Session)
class SessionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "cohort", "module", "starts_at"]
    list_filter = ["cohort"]
    search_fields = ["title"]
    filter_horizontal = ["facilitators", "presenters", "materials"]
