"""The action plan's implementation steps: the team's list, the form to add one, and the form
to change one. Readers of the team's pages see the list; its members and program staff write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from lcpa.accounts.roles import is_program_staff
from lcpa.cohorts import queries
from lcpa.cohorts.access import active_membership, get_action_step_for_user, get_team_for_user
from lcpa.cohorts.forms_steps import ActionStepForm
from lcpa.cohorts.models import ActionStep, Team
from lcpa.cohorts.services import CohortError, action_step_create, action_step_update
from lcpa.core.forms import add_service_error
from lcpa.core.notes import note_saved


def _form(team: Team, data=None, **kwargs) -> ActionStepForm:
    return ActionStepForm(
        data,
        members=queries.team_current_members(team),
        modules=queries.team_cohort_modules(team),
        **kwargs,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def action_steps(request: HttpRequest, team_id: int) -> HttpResponse:
    writing = request.method == "POST"
    team = get_team_for_user(request.user, team_id, write=writing)
    can_write = (
        writing or is_program_staff(request.user) or bool(active_membership(request.user, team))
    )
    form = _form(team, request.POST if writing else None) if can_write else None
    status = 200
    if writing:
        if form.is_valid():
            try:
                step = action_step_create(
                    submission_key=form.cleaned_data["submission_key"],
                    team=team,
                    by=request.user,
                    **form.step_values(),
                )
            except CohortError as error:
                add_service_error(form, error)
            else:
                note_saved(request, f"Added “{step.title}” to the plan.")
                return redirect("cohorts:action_steps", team_id=team.pk)
        status = 400
    return render(
        request,
        "cohorts/workspace/action_steps.html",
        {"team": team, "rows": queries.team_action_steps(team), "form": form},
        status=status,
    )


def _initial(step: ActionStep) -> dict:
    return {
        "title": step.title,
        "owner": step.owner_id,
        "due_on": step.due_on,
        "status": step.status,
        "module": step.module_id,
        "details": step.details,
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def action_step_edit(request: HttpRequest, team_id: int, step_id: int) -> HttpResponse:
    step = get_action_step_for_user(request.user, team_id, step_id, write=True)
    team = step.team
    if request.method != "POST":
        form = _form(team, initial=_initial(step))
        return render(
            request,
            "cohorts/workspace/action_step_edit.html",
            {"team": team, "step": step, "form": form},
        )
    form = _form(team, request.POST)
    if form.is_valid():
        try:
            changed = action_step_update(step=step, by=request.user, **form.step_values())
        except CohortError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Saved “{step.title}”." if changed else "Nothing changed.")
            return redirect("cohorts:action_steps", team_id=team.pk)
    return render(
        request,
        "cohorts/workspace/action_step_edit.html",
        {"team": team, "step": step, "form": form},
        status=400,
    )
