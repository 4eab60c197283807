"""Interest registrations, follow-ups and email templates in the Django admin.

A registration's status moves only with a follow-up (`followup_record`), as on the staff page;
who follows up is set with `registration_assign`; the dates the services keep are read-only.
Registrations come from the public form and follow-ups are records, so neither is added here.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminDateWidget
from django.http import HttpRequest
from django.utils.html import format_html

from lcpa.core.admin import HistoryAdmin
from lcpa.intake import services
from lcpa.intake.models import EmailTemplate, FollowUp, InterestRegistration, ProposedMember

FOLLOW_UP_FIELDS = ("follow_up_kind", "follow_up_summary", "next_follow_up_on")


class ProposedMemberInline(admin.TabularInline):
    model = ProposedMember
    extra = 0
    fields = ["position", "name", "email", "organisation", "sector", "job_title", "role"]


class RegistrationAdminForm(forms.ModelForm):
    follow_up_kind = forms.ChoiceField(
        label="How you followed up",
        choices=[("", "---------"), *[(k.value, k.label) for k in FollowUp.STAFF_KINDS]],
        required=False,
    )
    follow_up_summary = forms.CharField(
        label="What happened or was agreed",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
        help_text="Needed when you change the status: it goes on the registration's timeline.",
    )
    next_follow_up_on = forms.DateField(
        label="Next follow-up promised for",
        widget=AdminDateWidget,
        required=False,
        help_text="Optional. The next follow-up is due on this date.",
    )

    class Meta:
        model = InterestRegistration
        fields = [  # the admin narrows these to its fieldsets
            "status",
            "assigned_to",
            "jurisdiction_name",
            "state",
            "jurisdiction_kind",
            "population",
            "learning_communities",
            "goals",
            "stage",
            "preferred_start",
            "heard_from",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]

    def records_follow_up(self) -> bool:
        if "status" not in self.fields:  # read-only: the registration was merged
            return False
        return "status" in self.changed_data or bool(self.cleaned_data.get("follow_up_summary"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.records_follow_up():
            if not data.get("follow_up_kind"):
                self.add_error("follow_up_kind", "Choose how you followed up.")
            if not (data.get("follow_up_summary") or "").strip():
                self.add_error(
                    "follow_up_summary",
                    "Write what happened or what was agreed: a status change is a follow-up.",
                )
        assignee = data.get("assigned_to")
        if assignee is not None and not assignee.is_program_staff:
            self.add_error("assigned_to", "Only active program staff can be assigned.")
        return data


@admin.register(InterestRegistration)
class InterestRegistrationAdmin(HistoryAdmin):
    form = RegistrationAdminForm
    list_display = [
        "jurisdiction_name",
        "state",
        "status",
        "assigned_to",
        "follow_up_due_on",
        "created_at",
    ]
    list_filter = ["status", "state", "learning_communities", "stage"]
    search_fields = ["jurisdiction_name", "contact_name", "contact_email", "members__name"]
    date_hierarchy = "created_at"
    filter_horizontal = ["learning_communities"]
    readonly_fields = ["submission_key", "created_at", "updated_at"]
    service_fields = [
        "follow_up_due_on",
        "first_followed_up_at",
        "last_followed_up_at",
        "merged_into",
        "jurisdiction",
    ]
    list_select_related = ["assigned_to"]
    inlines = [ProposedMemberInline]

    def get_fieldsets(self, request: HttpRequest, obj: InterestRegistration | None = None) -> list:
        description = "Changing the status records a follow-up, as on the staff page."
        follow_up = FOLLOW_UP_FIELDS
        if obj is not None and obj.merged_into_id is not None:
            # followup_record refuses a merged registration: follow-ups go to the one it joined.
            description = "Merged: follow-ups are recorded on the registration it was merged into."
            follow_up = ()
        elif obj is not None:
            description = format_html(
                'Changing the status records a follow-up, as on <a href="{}">the staff page</a>, '
                "where the timeline, emails and enrolment are.",
                obj.get_absolute_url(),
            )
        return [
            (
                "Follow-up",
                {
                    "description": description,
                    "fields": [
                        "status",
                        *follow_up,
                        "assigned_to",
                        *self.service_fields,
                    ],
                },
            ),
            (
                "The place",
                {"fields": ["jurisdiction_name", "state", "jurisdiction_kind", "population"]},
            ),
            (
                "What they told us",
                {
                    "fields": [
                        "learning_communities",
                        "goals",
                        "stage",
                        "preferred_start",
                        "heard_from",
                        "contact_name",
                        "contact_email",
                        "contact_phone",
                    ]
                },
            ),
            ("Record", {"fields": self.readonly_fields}),
        ]

    def get_readonly_fields(
        self, request: HttpRequest, obj: InterestRegistration | None = None
    ) -> list[str]:
        fields = [*self.readonly_fields, *self.service_fields]
        if obj is not None and obj.merged_into_id is not None:
            fields.append("status")
        return fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # registrations come from the public form (registration_submit)

    def save_model(
        self, request: HttpRequest, obj: InterestRegistration, form: Any, change: bool
    ) -> None:
        stored = InterestRegistration.objects.get(pk=obj.pk)
        status_to, assignee = obj.status, obj.assigned_to
        obj.status, obj.assigned_to = stored.status, stored.assigned_to
        details = set(form.changed_data) - {"status", "assigned_to", *FOLLOW_UP_FIELDS}
        details -= {field.name for field in obj._meta.many_to_many}  # saved with the form
        if details:
            super().save_model(request, obj, form, change)
        if "assigned_to" in form.changed_data:
            services.registration_assign(registration=obj, by=request.user, assignee=assignee)
        if form.records_follow_up():
            data = form.cleaned_data
            services.followup_record(
                registration=obj,
                by=request.user,
                kind=data["follow_up_kind"],
                summary=data["follow_up_summary"],
                status_to=status_to,
                next_follow_up_on=data["next_follow_up_on"],
            )


@admin.register(FollowUp)
class FollowUpAdmin(HistoryAdmin):
    """Follow-ups are the registration's timeline: recorded on the registration (here or on the
    staff page) with `followup_record`, and never edited or deleted afterwards."""

    list_display = ["registration", "kind", "status_from", "status_to", "recorded_by", "created_at"]
    list_filter = ["kind", "status_to"]
    search_fields = ["summary", "registration__jurisdiction_name"]
    list_select_related = ["registration", "recorded_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: FollowUp | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: FollowUp | None = None) -> bool:
        return False


@admin.register(EmailTemplate)
class EmailTemplateAdmin(HistoryAdmin):
    """Saved staff emails, saved with `email_template_save` as on the staff page."""

    list_display = ["name", "subject", "updated_at"]
    search_fields = ["name", "subject", "body"]
    fields = ["name", "subject", "body"]

    def save_model(self, request: HttpRequest, obj: EmailTemplate, form: Any, change: bool) -> None:
        data = form.cleaned_data
        services.email_template_save(
            by=request.user,
            name=data["name"],
            subject=data["subject"],
            body=data["body"],
            template=obj,
        )
