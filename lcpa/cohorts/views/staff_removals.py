"""Removing what was created by mistake: an invitation not yet accepted (its link stops working)
and a team enrolled by mistake. Each has a confirmation page; a removal that would lose
people's work is refused with what to do instead. Program staff only."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from lcpa.accounts.decorators import staff_required
from lcpa.cohorts import queries, services
from lcpa.cohorts.access import get_invitation_for_staff, get_team_for_user

CONFIRM = "yes"
NOT_CONFIRMED = "Nothing was removed: use the button below to confirm."


@staff_required
@require_http_methods(["GET", "POST"])
def invitation_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_invitation_for_staff(request.user, pk)
    team = invitation.team
    back = reverse("cohorts:staff_team", args=[team.pk]) + "#invitations"
    if invitation.accepted_at:
        messages.error(
            request,
            f"{invitation.email} already accepted and is on the team. To end their access, "
            "remove them from the team instead.",
        )
        return redirect(back)
    error = None
    if request.method == "POST":
        if request.POST.get("confirm") == CONFIRM:
            services.invitation_revoke(invitation=invitation, by=request.user)
            messages.success(
                request,
                f"The invitation to {invitation.email} is withdrawn: its link no longer works.",
            )
            return redirect(back)
        error = NOT_CONFIRMED
    return render(
        request,
        "cohorts/staff/invitation_revoke.html",
        {
            "invitation": invitation,
            "team": team,
            "cohort": team.cohort,
            "error": error,
            "staff_nav": "cohorts",
        },
        status=400 if error else 200,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def team_unenrol_view(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_team_for_user(request.user, pk, write=True)
    refusal = services.team_unenrol_refusal(team)
    error = None
    if request.method == "POST" and refusal is None:
        if request.POST.get("confirm") == CONFIRM:
            try:
                services.team_unenrol(team=team, by=request.user)
            except services.CohortError as problem:
                refusal = str(problem)
            else:
                messages.success(request, f"{team.name} is unenrolled from {team.cohort.name}.")
                return redirect("cohorts:staff_cohort", pk=team.cohort_id)
        else:
            error = NOT_CONFIRMED
    return render(
        request,
        "cohorts/staff/team_unenrol.html",
        {
            "team": team,
            "cohort": team.cohort,
            "refusal": refusal,
            "error": error,
            "members": queries.team_roster(team),
            "invitations": queries.team_open_invitations(team),
            "staff_nav": "cohorts",
        },
        status=400 if request.method == "POST" else 200,
    )
