"""Working an early-warning flag from the cohort dashboard: log a check-in with the team (it
clears the flag until new evidence comes in) or email the team, from a starting text or in your
own words. Both go in the team's contact log. Program staff only."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from lcpa.accounts.decorators import staff_required
from lcpa.cohorts import queries, services
from lcpa.cohorts.access import get_team_for_user
from lcpa.cohorts.dashboard import QUIET_DAYS
from lcpa.cohorts.forms_staff import CheckInForm, TeamEmailForm
from lcpa.cohorts.team_emails import filled, team_email_templates
from lcpa.core.forms import add_service_error


def _page(request: HttpRequest, template: str, team, form, *, status: int = 200, **extra):
    return render(
        request,
        template,
        {
            "team": team,
            "cohort": team.cohort,
            "form": form,
            "forms_with_errors": [form] if form.errors else [],
            "contacts": queries.team_contacts(team),
            "quiet_days": QUIET_DAYS,
            "staff_nav": "cohorts",
            **extra,
        },
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def team_check_in_view(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_team_for_user(request.user, pk, write=True)
    if request.method == "GET":
        form = CheckInForm(initial={"contacted_on": timezone.localdate()})
        return _page(request, "cohorts/staff/check_in.html", team, form)
    form = CheckInForm(request.POST)
    if form.is_valid():
        try:
            contact = services.team_check_in(team=team, by=request.user, **form.cleaned_data)
        except services.CohortError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                f"Check-in with {team.name} on {contact.contacted_on:%B} "
                f"{contact.contacted_on.day} is saved. Its early warnings are cleared until new "
                "evidence comes in.",
            )
            return redirect("cohorts:staff_cohort", pk=team.cohort_id)
    return _page(request, "cohorts/staff/check_in.html", team, form, status=400)


@staff_required
@require_http_methods(["GET", "POST"])
def team_email_view(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_team_for_user(request.user, pk, write=True)
    recipients = queries.team_roster(team)
    chosen = request.GET.get("template", "")
    if request.method == "GET":
        form = TeamEmailForm(initial=filled(chosen, team=team, by=request.user) or {})
        status = 200
    else:
        form = TeamEmailForm(request.POST)
        if form.is_valid():
            try:
                services.team_email(team=team, by=request.user, **form.cleaned_data)
            except services.CohortError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request,
                    f"Your email to {team.name} is on its way to {len(recipients)} "
                    f"member{'s' if len(recipients) != 1 else ''}.",
                )
                return redirect("cohorts:staff_cohort", pk=team.cohort_id)
        status = 400
    return _page(
        request,
        "cohorts/staff/team_email.html",
        team,
        form,
        status=status,
        recipients=recipients,
        templates=team_email_templates(),
        chosen=chosen,
    )
