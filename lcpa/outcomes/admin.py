"""The measure dictionary, teams' measures and their values, to look at: measures come from
`lcpa/outcomes/content/*.yaml` (`load_measures`), the rest from the team's pages, so they are
not changed here. Policy changes are added, changed and deleted here too, through the same
services as on the team's page (`policy_change_create`, `_update`, `_delete`), which record
who did it in the history."""

import uuid
from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from lcpa.core.admin import HistoryAdmin, adopt
from lcpa.outcomes import services
from lcpa.outcomes.forms_policy import validate_changed_on
from lcpa.outcomes.models import Measure, MeasureVersion, Observation, PolicyChange, TeamMeasure


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


class PolicyChangeAdminForm(forms.ModelForm):
    # The submission key, on the add page only: a second click on "Save" gets the change the
    # first one stored (policy_change_create). Not named as the model's field, which the form
    # would check for uniqueness and refuse instead.
    submission = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)

    class Meta:
        model = PolicyChange
        fields = ["team", "changed_on", "title", "team_measure", "description"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["changed_on"].validators.append(validate_changed_on)
        if self.instance.pk:
            measures = self.fields["team_measure"]
            measures.queryset = measures.queryset.filter(team=self.instance.team_id)

    def clean(self) -> dict:
        data = super().clean()
        team = self.instance.team if self.instance.pk else data.get("team")
        if team is not None:
            try:
                services.policy_measure_check(team=team, team_measure=data.get("team_measure"))
            except services.OutcomesError as refusal:
                self.add_error("team_measure", str(refusal))
        return data


@admin.register(PolicyChange)
class PolicyChangeAdmin(HistoryAdmin):
    """A team's policy changes, drawn on its charts. Its team and who recorded it do not
    change afterwards."""

    form = PolicyChangeAdminForm
    list_display = ["title", "team", "changed_on", "team_measure", "created_by"]
    list_filter = ["team__cohort"]
    search_fields = ["title", "team__name"]
    date_hierarchy = "changed_on"
    list_select_related = ["team", "team_measure__team", "team_measure__measure", "created_by"]
    autocomplete_fields = ["team"]

    def get_fields(self, request: HttpRequest, obj: PolicyChange | None = None) -> list[str]:
        fields = ["changed_on", "title", "team_measure", "description"]
        return ["team", *fields, "created_by"] if obj else ["submission", "team", *fields]

    def get_readonly_fields(self, request: HttpRequest, obj: PolicyChange | None = None) -> list:
        return ["team", "created_by"] if obj else []

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "team_measure":
            kwargs.setdefault("queryset", TeamMeasure.objects.select_related("team", "measure"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: PolicyChange, form: Any, change: bool) -> None:
        data = form.cleaned_data
        values = {name: data[name] for name in services.POLICY_CHANGE_FIELDS}
        if change:
            # The form has already set the new values on `obj`: compare with the stored row.
            stored = PolicyChange.objects.get(pk=obj.pk)
            services.policy_change_update(change=stored, by=request.user, **values)
        else:
            stored = services.policy_change_create(
                submission_key=data["submission"] or uuid.uuid4(),
                team=data["team"],
                by=request.user,
                **values,
            )
        adopt(obj, stored)

    def delete_model(self, request: HttpRequest, obj: PolicyChange) -> None:
        services.policy_change_delete(change=obj, by=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[PolicyChange]) -> None:
        for change in queryset:
            services.policy_change_delete(change=change, by=request.user)
