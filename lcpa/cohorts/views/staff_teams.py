"""Staff pages for one team: roster and composition, invitations (send, resend), removing a
member, and opening a module early with a recorded reason. Program staff only."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lcpa.accounts.decorators import staff_required
from lcpa.cohorts import queries, services
from lcpa.cohorts.access import (
    get_invitation_for_staff,
    get_membership_for_staff,
    get_team_for_user,
)
from lcpa.cohorts.forms_staff import InviteForm, UnlockForm
from lcpa.cohorts.models import Team
from lcpa.core.forms import add_service_error
from lcpa.curriculum.composition import composition_gaps


def _team_url(team: Team, anchor: str = "") -> str:
    url = reverse("cohorts:staff_team", args=[team.pk])
    return f"{url}#{anchor}" if anchor else url


def _team_page(
    request: HttpRequest,
    team: Team,
    *,
    invite_form: InviteForm | None = None,
    unlock_form: UnlockForm | None = None,
    status: int = 200,
) -> HttpResponse:
    memberships = queries.team_memberships(team)
    roster = [m for m in memberships if m.removed_at is None]
    steps = queries.team_module_steps(team)
    locked = [step.module for step in steps if not step.is_open]
    now = timezone.now()
    invitations = queries.team_open_invitations(team)
    for invitation in invitations:
        invitation.is_expired = invitation.expires_at <= now
    forms_with_errors = [f for f in (invite_form, unlock_form) if f is not None and f.errors]
    return render(
        request,
        "cohorts/staff/team.html",
        {
            "team": team,
            "cohort": team.cohort,
            "roster": roster,
            "removed": [m for m in memberships if m.removed_at is not None],
            "gaps": composition_gaps(roster, [team.cohort.learning_community]),
            "steps": steps,
            "invitations": invitations,
            "unlocks": list(
                team.unlocks.select_related("unlocked_by", "module").order_by("-created_at")
            ),
            "invite_form": invite_form or InviteForm(team=team),
            "unlock_form": unlock_form or UnlockForm(locked=queries.team_locked_modules(team)),
            "locked": locked,
            "contacts": queries.team_contacts(team),
            "forms_with_errors": forms_with_errors,
            "staff_nav": "cohorts",
        },
        status=status,
    )


@staff_required
@require_GET
def team_manage(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_team_for_user(request.user, pk, write=True)
    return _team_page(request, team)


@staff_required
@require_POST
def member_invite(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_team_for_user(request.user, pk, write=True)
    form = InviteForm(request.POST, team=team)
    if form.is_valid():
        data = form.cleaned_data
        try:
            invitation = services.invitation_send(
                team=team,
                email=data["email"],
                full_name=data["full_name"],
                role=data["role"],
                sector=data["sector"],
                organisation=data["organisation"],
                job_title=data["job_title"],
                by=request.user,
            )
        except services.CohortError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                f"Invitation sent to {invitation.email}. The link works until "
                f"{timezone.localtime(invitation.expires_at):%B %-d, %Y}.",
            )
            return redirect(_team_url(team, "invitations"))
    return _team_page(request, team, invite_form=form, status=400)


@staff_required
@require_POST
def invitation_resend_view(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_invitation_for_staff(request.user, pk)
    try:
        invitation = services.invitation_resend(invitation=invitation, by=request.user)
    except services.CohortError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"A new link went to {invitation.email}; the earlier link no longer works. "
            f"Sent {invitation.sent_count} times in all.",
        )
    return redirect(_team_url(invitation.team, "invitations"))


@staff_required
@require_POST
def module_unlock_view(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_team_for_user(request.user, pk, write=True)
    form = UnlockForm(request.POST, locked=queries.team_locked_modules(team))
    if form.is_valid():
        try:
            unlock = services.module_unlock(
                team=team,
                module=form.cleaned_data["module"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except services.CohortError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, f"Module {unlock.module.number} is open for {team}. The reason is kept."
            )
            return redirect(_team_url(team, "modules"))
    return _team_page(request, team, unlock_form=form, status=400)


@staff_required
@require_http_methods(["GET", "POST"])
def member_remove_view(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_membership_for_staff(request.user, pk)
    team = membership.team
    if membership.removed_at is not None:
        messages.info(request, f"{membership.user} was already removed from {team}.")
        return redirect(_team_url(team, "roster"))
    if request.method == "POST":
        services.member_remove(membership=membership, by=request.user)
        messages.success(
            request, f"{membership.user} is no longer on {team} and can no longer see its pages."
        )
        return redirect(_team_url(team, "roster"))
    return render(
        request,
        "cohorts/staff/member_remove.html",
        {"membership": membership, "team": team, "cohort": team.cohort, "staff_nav": "cohorts"},
    )
