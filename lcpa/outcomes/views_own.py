"""A team's own measures: defining one (with its place in the plan), and changing its
definition, which makes a new version. Only the team's members and program staff see these
forms; everyone else gets a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from lcpa.cohorts.access import get_team_for_user
from lcpa.outcomes import queries
from lcpa.outcomes.access import get_team_measure_for_user
from lcpa.outcomes.forms_own import DEFINITION_FIELDS, NewOwnMeasureForm, OwnMeasureForm
from lcpa.outcomes.services import own_measure_define, own_measure_redefine

BASELINE_MONTHS = 36


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def own_measure_create(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_team_for_user(request.user, team_id, write=True)
    months = queries.months_before(timezone.localdate(), BASELINE_MONTHS)
    form = NewOwnMeasureForm(request.POST if request.method == "POST" else None, months=months)
    if request.method == "POST":
        if form.is_valid():
            team_measure = own_measure_define(
                team=team,
                by=request.user,
                definition=form.definition_values(),
                **form.plan_values(),
            )
            messages.success(request, f"“{team_measure.measure.current.name}” is now in your plan.")
            return redirect(
                "outcomes:team_measure", team_id=team.pk, team_measure_id=team_measure.pk
            )
        return render(
            request, "outcomes/own_measure_form.html", {"team": team, "form": form}, status=400
        )
    return render(request, "outcomes/own_measure_form.html", {"team": team, "form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def own_measure_edit(request: HttpRequest, team_id: int, team_measure_id: int) -> HttpResponse:
    team_measure = get_team_measure_for_user(request.user, team_id, team_measure_id, write=True)
    if team_measure.measure.team_id != team_measure.team_id:
        raise Http404  # the dictionary's measures change only through their files
    version = team_measure.measure.current
    context = {"team": team_measure.team, "team_measure": team_measure, "version": version}
    if request.method != "POST":
        initial = {name: getattr(version, name) for name in DEFINITION_FIELDS}
        context["form"] = OwnMeasureForm(initial=initial)
        return render(request, "outcomes/own_measure_form.html", context)
    form = OwnMeasureForm(request.POST)
    if not form.is_valid():
        return render(
            request, "outcomes/own_measure_form.html", {**context, "form": form}, status=400
        )
    if own_measure_redefine(
        team_measure=team_measure, by=request.user, definition=form.definition_values()
    ):
        number = team_measure.measure.current.number
        messages.success(
            request,
            f"Saved as version {number}. Values entered before stay with version {number - 1}.",
        )
    else:
        messages.success(request, "Nothing changed.")
    return redirect(
        "outcomes:team_measure", team_id=team_measure.team_id, team_measure_id=team_measure.pk
    )
