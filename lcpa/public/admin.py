from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from lcpa.public.models import ContactMessage


@admin.register(ContactMessage)
class ContactMessageAdmin(SimpleHistoryAdmin):
    """Messages from the contact form. What the sender wrote is kept as they sent it."""

    list_display = ["created_at", "name", "email", "organisation", "topic", "handled"]
    list_filter = ["handled", "topic", "created_at"]
    search_fields = ["name", "email", "organisation", "message"]
    date_hierarchy = "created_at"
    fields = ["name", "email", "organisation", "topic", "message", "created_at", "handled"]
    readonly_fields = ["name", "email", "organisation", "topic", "message", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False
