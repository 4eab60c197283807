"""Cohorts, teams, memberships, cohort modules and sessions in the Django admin.

Writes go through `cohorts.services`, as the staff pages' do: adding a cohort copies the
curriculum (`cohort_create`), adding or moving a session queues its reminders
(`session_schedule`, `session_reschedule`), members are removed with `member_remove` (their
attendance stays) and are never deleted. simple_history records who changed what.
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from lcpa.cohorts import services
from lcpa.cohorts.models import Cohort, CohortModule, Membership, Session, Team
from lcpa.core.admin import HistoryAdmin, KeepRecordsOnDelete, ShownOnPublicPages, adopt
from lcpa.core.text import counted


class TeamInline(admin.TabularInline):
    """A cohort's teams, to read and rename; teams are added on their own page."""

    model = Team
    extra = 0
    fields = ["name", "jurisdiction"]
    autocomplete_fields = ["jurisdiction"]
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Cohort)
class CohortAdmin(ShownOnPublicPages, HistoryAdmin):
    list_display = ["name", "learning_community", "starts_on", "ends_on", "capacity"]
    list_filter = ["learning_community"]
    search_fields = ["name"]
    date_hierarchy = "starts_on"
    list_select_related = ["learning_community"]
    filter_horizontal = ["facilitators", "experts", "ta_providers"]
    inlines = [TeamInline]

    def get_fieldsets(self, request: HttpRequest, obj: Cohort | None = None) -> list:
        description = (
            "A new cohort gets its own copy of its learning community's modules and deliverable "
            "prompts, with due dates spread over its dates (as on the staff page "
            '<a href="/staff/cohorts/new/">New cohort</a>). Its learning community cannot '
            "change afterwards."
        )
        return [
            (
                None,
                {
                    "description": description,
                    "fields": [
                        "learning_community",
                        "name",
                        "starts_on",
                        "ends_on",
                        "capacity",
                        "facilitators",
                        "experts",
                        "ta_providers",
                    ],
                },
            )
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Cohort | None = None) -> list[str]:
        # The modules were copied from this learning community when the cohort was created.
        return ["learning_community"] if obj else []

    def save_model(self, request: HttpRequest, obj: Cohort, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        cohort = services.cohort_create(
            learning_community=data["learning_community"],
            name=data["name"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            capacity=data["capacity"],
            facilitators=data["facilitators"],
            experts=data["experts"],
            ta_providers=data["ta_providers"],
        )
        adopt(obj, cohort)


class MembershipInline(admin.TabularInline):
    """A team's members. People join through invitations or the membership page; a member
    leaves through the "remove" action, which keeps their attendance."""

    model = Membership
    extra = 0
    fields = [
        "user",
        "role",
        "sector",
        "organisation",
        "job_title",
        "share_contact_with_cohort",
        "removed_at",
    ]
    readonly_fields = ["user", "removed_at"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TeamAdminForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["cohort", "jurisdiction", "name"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        self.fields["name"].help_text = "Leave blank for “<jurisdiction> team”."


@admin.register(Team)
class TeamAdmin(ShownOnPublicPages, KeepRecordsOnDelete, HistoryAdmin):
    form = TeamAdminForm
    list_display = ["name", "jurisdiction", "cohort"]
    list_filter = ["cohort__learning_community", "cohort"]
    search_fields = ["name", "jurisdiction__name"]
    autocomplete_fields = ["jurisdiction", "cohort"]
    list_select_related = ["jurisdiction", "cohort"]
    inlines = [MembershipInline]
    keep_records = ("memberships", "invitations", "deliverables")
    keep_records_advice = "Remove its members instead; a team with records is kept."

    def get_readonly_fields(self, request: HttpRequest, obj: Team | None = None) -> list[str]:
        # Attendance, deliverables and unlocks belong to the cohort's own modules and sessions.
        return ["cohort"] if obj else []

    def save_model(self, request: HttpRequest, obj: Team, form: Any, change: bool) -> None:
        if change:
            obj.name = obj.name or f"{obj.jurisdiction.name} team"
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        team = services.team_create(
            cohort=data["cohort"], jurisdiction=data["jurisdiction"], name=data["name"]
        )
        adopt(obj, team)


class MembershipAdminForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = [
            "team",
            "user",
            "role",
            "sector",
            "organisation",
            "job_title",
            "share_contact_with_cohort",
        ]


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
    """Memberships are never deleted: deleting one would delete its attendance. The "remove"
    action ends the member's access at once and keeps the row and its attendance."""

    form = MembershipAdminForm
    list_display = ["user", "team", "role", "sector", "organisation", "removed_at"]
    list_filter = ["role", "sector", "team__cohort", ("removed_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__email", "user__full_name", "team__name", "organisation"]
    autocomplete_fields = ["user", "team"]
    list_select_related = ["user", "team"]
    actions = ["remove"]

    def get_readonly_fields(self, request: HttpRequest, obj: Membership | None = None) -> list[str]:
        # Moving a membership to another team or person would carry its attendance along.
        return ["team", "user", "removed_at"] if obj else ["removed_at"]

    def has_delete_permission(self, request: HttpRequest, obj: Membership | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        membership = services.member_add(
            team=data["team"],
            user=data["user"],
            role=data["role"],
            sector=data["sector"],
            organisation=data["organisation"],
            job_title=data["job_title"],
        )
        if data["share_contact_with_cohort"] != membership.share_contact_with_cohort:
            membership.share_contact_with_cohort = data["share_contact_with_cohort"]
            membership.save(update_fields=["share_contact_with_cohort", "updated_at"])
        adopt(obj, membership)

    @admin.action(
        description="Remove the selected members from their teams (attendance is kept)",
        permissions=["change"],
    )
    def remove(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        count = 0
        for membership in queryset.filter(removed_at__isnull=True):
            services.member_remove(membership=membership, by=request.user)
            count += 1
        self.message_user(request, f"Removed {counted(count, 'member')}.", messages.SUCCESS)


@admin.register(CohortModule)
class CohortModuleAdmin(HistoryAdmin):
    """A cohort's copy of a module, made by `cohort_create`: staff set due dates here. Cohort
    modules are neither added nor deleted here; the curriculum is copied when the cohort is."""

    list_display = ["__str__", "cohort", "due_on"]
    list_filter = ["cohort"]
    list_editable = ["due_on"]
    list_select_related = ["cohort"]
    search_fields = ["title", "cohort__name"]
    readonly_fields = ["cohort", "number", "prompts"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: CohortModule | None = None) -> bool:
        return False


class CohortModuleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: CohortModule) -> str:
        return f"{obj.cohort}: module {obj.number}, {obj.title}"


TIME_FIELDS = ("starts_at", "ends_at")


class SessionAdminForm(forms.ModelForm):
    """A held or cancelled session keeps its time (`session_reschedule` refuses to move it)."""

    def clean(self) -> dict:
        data = super().clean()
        session = self.instance
        if session.pk and set(TIME_FIELDS) & set(self.changed_data):
            if session.is_cancelled:
                raise forms.ValidationError("A cancelled session cannot be moved.")
            if session.attendance.exists():
                raise forms.ValidationError(
                    "Attendance was taken at this session, so it was held: it cannot be moved."
                )
        return data


@admin.register(Session)
class SessionAdmin(KeepRecordsOnDelete, HistoryAdmin):
    """Sessions are scheduled with `session_schedule` and moved with `session_reschedule`, so
    members get their reminders and are told of the new time. A session with attendance or
    feedback is not deleted, and a held or cancelled one is not moved."""

    form = SessionAdminForm

    list_display = ["title", "cohort", "module", "starts_at"]
    list_filter = ["cohort"]
    list_select_related = ["cohort", "module"]
    search_fields = ["title"]
    filter_horizontal = ["facilitators", "presenters", "materials"]
    keep_records = ("attendance", "feedback")

    def get_fields(self, request: HttpRequest, obj: Session | None = None) -> list[str]:
        fields = [
            "module",
            "title",
            "starts_at",
            "ends_at",
            "meeting_url",
            "agenda",
            "facilitators",
            "presenters",
            "materials",
        ]
        if obj is None:
            return fields
        return ["cohort", *fields, "recording_url", "notes"]

    def get_readonly_fields(self, request: HttpRequest, obj: Session | None = None) -> list[str]:
        # A session's cohort is its module's cohort.
        return ["cohort"] if obj else []

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "module":
            kwargs["form_class"] = CohortModuleChoiceField
            kwargs.setdefault("queryset", CohortModule.objects.select_related("cohort"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(
        self, request: HttpRequest, obj: Session | None = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and "module" in form.base_fields:
            form.base_fields["module"].queryset = CohortModule.objects.filter(
                cohort_id=obj.cohort_id
            ).select_related("cohort")
        return form

    def save_model(self, request: HttpRequest, obj: Session, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if not change:
            session = services.session_schedule(
                by=request.user,
                module=data["module"],
                title=data["title"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                meeting_url=data["meeting_url"],
                agenda=data["agenda"],
                facilitators=data["facilitators"],
                presenters=data["presenters"],
            )
            adopt(obj, session)
            return
        if not set(TIME_FIELDS) & set(form.changed_data):
            super().save_model(request, obj, form, change)
            return
        starts_at, ends_at = obj.starts_at, obj.ends_at
        # Save the other changes with the old times, then move the session through the service.
        obj.starts_at, obj.ends_at = form.initial["starts_at"], form.initial["ends_at"]
        others = [
            name
            for name in form.changed_data
            if name not in TIME_FIELDS and not Session._meta.get_field(name).many_to_many
        ]
        if others:
            obj.save(update_fields=[*others, "updated_at"])
        services.session_reschedule(
            session=obj, starts_at=starts_at, ends_at=ends_at, by=request.user
        )
