"""The measure dictionary, teams' measures and their values, to look at: measures come from
`lcpa/outcomes/content/*.yaml` (`load_measures`), the rest from the team's pages, so nothing
is changed here."""

from django.contrib import admin
from django.http import HttpRequest

from lcpa.core.admin import HistoryAdmin
from lcpa.outcomes.models import Measure, MeasureVersion, Observation, TeamMeasure


class ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Measure)
class MeasureAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["code", "learning_community", "current"]
    list_filter = ["learning_community"]
    list_select_related = ["learning_community", "current"]


@admin.register(MeasureVersion)
class MeasureVersionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["name", "measure", "number", "kind", "chart"]
    list_select_related = ["measure"]


@admin.register(TeamMeasure)
class TeamMeasureAdmin(ReadOnly, HistoryAdmin):
    list_display = ["team", "measure", "role", "target_value", "target_date"]
    list_select_related = ["team", "measure"]


@admin.register(Observation)
class ObservationAdmin(ReadOnly, HistoryAdmin):
    list_display = ["team", "measure_version", "period", "disaggregation", "numerator"]
    list_filter = ["source", "provisional"]
    list_select_related = ["team", "measure_version"]
