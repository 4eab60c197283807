from django.contrib import admin
from django.http import HttpRequest

from lcpa.core.admin import HistoryAdmin
from lcpa.public.models import ContactMessage


@admin.register(ContactMessage)
class ContactMessageAdmin(HistoryAdmin):
    """Messages from the contact form (`contact_message_submit`), read-only: staff assign and
    answer them on the staff pages (`/staff/messages/`), through the services that keep who
    did what."""

    list_display = ["created_at", "name", "email", "organisation", "topic", "status"]
    list_filter = ["status", "topic", "created_at"]
    search_fields = ["name", "email", "organisation", "message"]
    date_hierarchy = "created_at"
    fields = [
        "name",
        "email",
        "organisation",
        "topic",
        "message",
        "created_at",
        "status",
        "assigned_to",
        "answered_by",
        "answered_at",
        "answer_note",
    ]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
