"""Library resources in the Django admin: staff add and tag them here (no service owns them yet;
simple_history records who changed what)."""

from django.contrib import admin

from lcpa.core.admin import HistoryAdmin, ShownOnPublicPages
from lcpa.library.models import Resource


@admin.register(Resource)
class ResourceAdmin(ShownOnPublicPages, HistoryAdmin):
    list_display = ["title", "kind", "visibility"]
    list_filter = ["kind", "visibility", "learning_communities", "modules__number"]
    search_fields = ["title", "summary", "topics"]
    filter_horizontal = ["learning_communities", "modules"]
