from django.contrib import admin
from django.http import HttpRequest

from lcpa.core.admin import HistoryAdmin
from lcpa.public.models import ContactMessage


@admin.register(ContactMessage)
class ContactMessageAdmin(HistoryAdmin):
    """Messages from the contact form (`contact_message_submit`). What the sender wrote is kept
    as they sent it; staff only mark a message handled."""

    list_display = ["created_at", "name", "email", "organisation", "topic", "handled"]
    list_filter = ["handled", "topic", "created_at"]
    search_fields = ["name", "email", "organisation", "message"]
    date_hierarchy = "created_at"
    fields = ["name", "email", "organisation", "topic", "message", "created_at", "handled"]
    readonly_fields = ["name", "email", "organisation", "topic", "message", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
