from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from lcpa.library.models import Resource


@admin.register(Resource)
class ResourceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "visibility"]
    list_filter = ["kind", "visibility", "learning_communities", "modules__number"]
    search_fields = ["title", "summary", "topics"]
    filter_horizontal = ["learning_communities", "modules"]
