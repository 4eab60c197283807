"""Accepting an invitation to a team (a public address: the token in it is the key).

- unknown token: 404; used or expired invitations: a page that says what to do;
- signed in as the invited address: a button that joins the team;
- signed in as someone else: an explanation and a sign-out button;
- not signed in, with an account for the address: a link to sign in and come back;
- otherwise a sign-up form on this page: the new account's address counts as verified (the
  invitation proves it), the person is signed in and joins the team. Open sign-up elsewhere
  stays closed (see accounts.adapter).
"""

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from lcpa.accounts.queries import email_has_account
from lcpa.cohorts import services
from lcpa.cohorts.access import active_membership, get_invitation_by_token
from lcpa.cohorts.forms_staff import InvitationSignUpForm
from lcpa.cohorts.models import Invitation
from lcpa.core.forms import add_service_error

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _page(
    request: HttpRequest, invitation: Invitation, state: str, *, status: int = 200, **extra
) -> HttpResponse:
    return render(
        request,
        "cohorts/invitations/invitation.html",
        {
            "invitation": invitation,
            "team": invitation.team,
            "cohort": invitation.team.cohort,
            "state": state,
            "here": request.path,
            **extra,
        },
        status=status,
    )


def _joined(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    messages.success(request, f"Welcome to {invitation.team}. This is your team's workspace.")
    return redirect("cohorts:workspace", team_id=invitation.team_id)


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept_view(request: HttpRequest, token: str) -> HttpResponse:
    invitation = get_invitation_by_token(token)
    user = request.user
    if invitation.accepted_at:
        if active_membership(user, invitation.team):
            return redirect("cohorts:workspace", team_id=invitation.team_id)
        return _page(request, invitation, "used", status=410)
    if invitation.expires_at <= timezone.now():
        return _page(request, invitation, "expired", status=410)

    if user.is_authenticated:
        if user.email.lower() != invitation.email.lower():
            return _page(request, invitation, "wrong_account")
        if request.method == "POST":
            try:
                services.invitation_accept(invitation=invitation, user=user)
            except services.CohortError as error:
                return _page(request, invitation, "accept", status=400, error=str(error))
            return _joined(request, invitation)
        return _page(request, invitation, "accept")

    if email_has_account(invitation.email):
        return _page(request, invitation, "sign_in")

    form = InvitationSignUpForm(
        request.POST if request.method == "POST" else None,
        email=invitation.email,
        initial={"full_name": invitation.full_name},
    )
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.invitation_sign_up(
                invitation=invitation,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except services.CohortError as error:
            add_service_error(form, error)
        else:
            login(request, membership.user, backend=MODEL_BACKEND)
            return _joined(request, invitation)
    return _page(
        request,
        invitation,
        "sign_up",
        form=form,
        forms_with_errors=[form] if form.errors else [],
        status=400 if form.errors else 200,
    )
