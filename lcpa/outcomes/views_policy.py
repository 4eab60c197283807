"""A team's policy changes, drawn on its charts: the list with the form to record one, the
form to change one, and the page to delete one. Its active members and program staff read and
write them (anyone else gets a 404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from lcpa.cohorts.models import Team
from lcpa.core.forms import add_service_error
from lcpa.outcomes import queries
from lcpa.outcomes.access import get_policy_change_for_user, get_policy_team_for_user
from lcpa.outcomes.forms_policy import PolicyChangeForm
from lcpa.outcomes.services import (
    POLICY_CHANGE_FIELDS,
    OutcomesError,
    policy_change_create,
    policy_change_delete,
    policy_change_update,
)


def _form(team: Team, data=None, **kwargs) -> PolicyChangeForm:
    return PolicyChangeForm(data, team_measures=queries.team_measures(team), **kwargs)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def policy_changes(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_policy_team_for_user(request.user, team_id)
    writing = request.method == "POST"
    form = _form(team, request.POST if writing else None)
    status = 200
    if writing:
        if form.is_valid():
            try:
                change = policy_change_create(
                    submission_key=form.cleaned_data["submission_key"],
                    team=team,
                    by=request.user,
                    **form.change_values(),
                )
            except OutcomesError as error:
                add_service_error(form, error)
            else:
                messages.success(request, f"Recorded the policy change “{change.title}”.")
                return redirect("outcomes:policy_changes", team_id=team.pk)
        status = 400
    return render(
        request,
        "outcomes/policy_changes.html",
        {"team": team, "changes": queries.team_policy_changes(team), "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def policy_change_edit(request: HttpRequest, team_id: int, policy_change_id: int) -> HttpResponse:
    change = get_policy_change_for_user(request.user, team_id, policy_change_id)
    team = change.team
    if request.method != "POST":
        initial = {name: getattr(change, name) for name in POLICY_CHANGE_FIELDS}
        initial["team_measure"] = change.team_measure_id
        form = _form(team, initial=initial)
        return render(
            request,
            "outcomes/policy_change_edit.html",
            {"team": team, "change": change, "form": form},
        )
    form = _form(team, request.POST)
    if form.is_valid():
        try:
            changed = policy_change_update(change=change, by=request.user, **form.change_values())
        except OutcomesError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Saved “{change.title}”." if changed else "Nothing changed.")
            return redirect("outcomes:policy_changes", team_id=team.pk)
    return render(
        request,
        "outcomes/policy_change_edit.html",
        {"team": team, "change": change, "form": form},
        status=400,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def policy_change_delete_view(
    request: HttpRequest, team_id: int, policy_change_id: int
) -> HttpResponse:
    change = get_policy_change_for_user(request.user, team_id, policy_change_id)
    error = ""
    if request.method == "POST":
        if request.POST.get("confirm") == "yes":
            title = change.title
            policy_change_delete(change=change, by=request.user)
            messages.success(request, f"Deleted the policy change “{title}”.")
            return redirect("outcomes:policy_changes", team_id=change.team.pk)
        error = "Nothing was deleted: use the “Delete the policy change” button to confirm."
    return render(
        request,
        "outcomes/policy_change_delete.html",
        {"team": change.team, "change": change, "error": error},
        status=400 if error else 200,
    )
