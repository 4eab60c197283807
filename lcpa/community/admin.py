"""Forum categories in the Django admin: staff with the model permission add, rename and order
them per space (simple_history records who changed what)."""

from django.contrib import admin

from lcpa.community.models import Category
from lcpa.core.admin import HistoryAdmin


@admin.register(Category)
class CategoryAdmin(HistoryAdmin):
    list_display = ["name", "space", "position"]
    list_filter = ["space__kind"]
    list_editable = ["position"]
    search_fields = ["name"]
