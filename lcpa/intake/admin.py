from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from lcpa.intake.models import EmailTemplate, FollowUp, InterestRegistration, ProposedMember


class ProposedMemberInline(admin.TabularInline):
    model = ProposedMember
    extra = 0
    fields = ["position", "name", "email", "organisation", "sector", "job_title", "role"]


@admin.register(InterestRegistration)
class InterestRegistrationAdmin(SimpleHistoryAdmin):
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
    raw_id_fields = ["merged_into", "jurisdiction"]
    readonly_fields = ["submission_key", "status_token", "created_at", "updated_at"]
    list_select_related = ["assigned_to"]
    inlines = [ProposedMemberInline]


@admin.register(FollowUp)
class FollowUpAdmin(SimpleHistoryAdmin):
    list_display = ["registration", "kind", "status_from", "status_to", "recorded_by", "created_at"]
    list_filter = ["kind", "status_to"]
    search_fields = ["summary", "registration__jurisdiction_name"]
    raw_id_fields = ["registration"]
    list_select_related = ["registration", "recorded_by"]


@admin.register(EmailTemplate)
class EmailTemplateAdmin(SimpleHistoryAdmin):
    list_display = ["name", "subject", "updated_at"]
    search_fields = ["name", "subject", "body"]
