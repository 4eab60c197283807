"""PDSA cycles on a team's measure: the list with the form to plan one, and one cycle with the
form to record what happened, what the data showed and the decision. Readers as for the
measure's values; its team's members and program staff write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from lcpa.core.forms import add_service_error
from lcpa.outcomes import queries
from lcpa.outcomes.access import get_pdsa_cycle_for_user, get_team_measure_for_user, may_write
from lcpa.outcomes.forms_pdsa import PDSACycleForm
from lcpa.outcomes.models import PDSACycle
from lcpa.outcomes.services import (
    PDSA_FIELDS,
    OutcomesError,
    pdsa_cycle_create,
    pdsa_cycle_update,
)


def _after(request: HttpRequest, cycles: list[PDSACycle]) -> dict:
    """A new cycle that follows an earlier one (`?after=<id>`) starts from its change idea."""
    wanted = request.GET.get("after", "")
    earlier = next((cycle for cycle in cycles if str(cycle.pk) == wanted), None)
    if earlier is None:
        return {}
    return {"previous": earlier.pk, "change_idea": earlier.change_idea}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def pdsa_cycles(request: HttpRequest, team_id: int, team_measure_id: int) -> HttpResponse:
    writing = request.method == "POST"
    team_measure = get_team_measure_for_user(request.user, team_id, team_measure_id, write=writing)
    cycles = queries.pdsa_cycles(team_measure)
    form = None
    if writing or may_write(request.user, team_measure.team):
        form = PDSACycleForm(
            request.POST if writing else None,
            cycles=queries.pdsa_cycle_choices(team_measure),
            initial=_after(request, cycles),
        )
    status = 200
    if writing:
        if form.is_valid():
            try:
                cycle = pdsa_cycle_create(
                    submission_key=form.cleaned_data["submission_key"],
                    team_measure=team_measure,
                    by=request.user,
                    **form.cycle_values(),
                )
            except OutcomesError as error:
                add_service_error(form, error)
            else:
                messages.success(request, f"Planned the cycle “{cycle.change_idea}”.")
                return redirect(
                    "outcomes:pdsa_cycle",
                    team_id=team_measure.team_id,
                    team_measure_id=team_measure.pk,
                    cycle_id=cycle.pk,
                )
        status = 400
    return render(
        request,
        "outcomes/pdsa_cycles.html",
        {
            "team": team_measure.team,
            "team_measure": team_measure,
            "version": team_measure.measure.current,
            "cycles": cycles,
            "form": form,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def pdsa_cycle(
    request: HttpRequest, team_id: int, team_measure_id: int, cycle_id: int
) -> HttpResponse:
    writing = request.method == "POST"
    cycle = get_pdsa_cycle_for_user(request.user, team_id, team_measure_id, cycle_id, write=writing)
    team_measure = cycle.team_measure
    form = None
    if writing or may_write(request.user, team_measure.team):
        initial = {name: getattr(cycle, name) for name in PDSA_FIELDS}
        initial["previous"] = cycle.previous_id
        form = PDSACycleForm(
            request.POST if writing else None,
            cycles=queries.pdsa_cycle_choices(team_measure, besides=cycle),
            initial=initial,
        )
    status = 200
    if writing:
        if form.is_valid():
            try:
                changed = pdsa_cycle_update(cycle=cycle, by=request.user, **form.cycle_values())
            except OutcomesError as error:
                add_service_error(form, error)
            else:
                messages.success(request, "Saved the cycle." if changed else "Nothing changed.")
                return redirect(
                    "outcomes:pdsa_cycle",
                    team_id=team_measure.team_id,
                    team_measure_id=team_measure.pk,
                    cycle_id=cycle.pk,
                )
        status = 400
    return render(
        request,
        "outcomes/pdsa_cycle.html",
        {
            "team": team_measure.team,
            "team_measure": team_measure,
            "version": team_measure.measure.current,
            "cycle": cycle,
            "next_cycles": queries.pdsa_next_cycles(cycle),
            "form": form,
        },
        status=status,
    )
