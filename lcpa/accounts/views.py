from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from lcpa.accounts.access import api_tokens_for_user, get_api_token_for_user
from lcpa.accounts.decorators import token_holder_required
from lcpa.accounts.forms import ApiTokenForm, ProfileForm
from lcpa.accounts.mfa import (
    must_enrol_mfa,
    needs_second_factor,
    second_factor_waived,
    totp_authenticator,
)
from lcpa.accounts.roles import may_hold_api_token
from lcpa.accounts.services import api_token_create, api_token_revoke, profile_update
from lcpa.core.forms import add_service_error

# The raw token waits here between the POST that made it and the page that shows it once.
NEW_TOKEN_SESSION_KEY = "accounts:new_api_token"  # noqa: S105 (a session key, not a secret)


def _profile_page(
    request: HttpRequest,
    *,
    form: ProfileForm | None = None,
    token_form: ApiTokenForm | None = None,
) -> HttpResponse:
    user = request.user
    if form is None:
        form = ProfileForm(
            initial={
                "full_name": user.full_name,
                "organisation": user.organisation,
                "time_zone": user.time_zone,
            }
        )
    context = {
        "form": form,
        "forms_with_errors": [f for f in (form, token_form) if f is not None and f.errors],
        "has_totp": totp_authenticator(user) is not None,
        "mfa_waived": needs_second_factor(user) and second_factor_waived(user),
    }
    if may_hold_api_token(user):
        context.update(
            token_form=token_form or ApiTokenForm(),
            tokens=api_tokens_for_user(user),
        )
    return render(request, "accounts/profile.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _profile_page(request)
    form = ProfileForm(request.POST)
    if form.is_valid():
        try:
            profile_update(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Your details are saved.")
            return redirect("accounts:profile")
    return _profile_page(request, form=form)


@token_holder_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    # SecondFactorRequiredMiddleware sends such staff to set up an app before they get here;
    # this stays as a second lock on the one page that hands out a credential.
    if must_enrol_mfa(request.user):
        messages.warning(request, "Set up an authenticator app before you create an API token.")
        return redirect("mfa_activate_totp")
    token_form = ApiTokenForm(request.POST)
    if token_form.is_valid():
        try:
            token, raw = api_token_create(user=request.user, name=token_form.cleaned_data["name"])
        except ValidationError as error:
            pending = request.session.get(NEW_TOKEN_SESSION_KEY)
            if pending and pending["name"].lower() == token_form.cleaned_data["name"].lower():
                # A double-submitted form: show the token the first submission made.
                return redirect("accounts:token_created")
            add_service_error(token_form, error)
        else:
            request.session[NEW_TOKEN_SESSION_KEY] = {
                "id": token.pk,
                "name": token.name,
                "raw": raw,
            }
            return redirect("accounts:token_created")
    return _profile_page(request, token_form=token_form)


@never_cache
@token_holder_required
def token_created(request: HttpRequest) -> HttpResponse:
    pending = request.session.pop(NEW_TOKEN_SESSION_KEY, None)
    token = pending and api_tokens_for_user(request.user).filter(pk=pending["id"]).first()
    if not token:
        messages.info(
            request,
            "A token is shown only once, just after you create it. If you did not copy it, "
            "revoke it and create a new one.",
        )
        return redirect("accounts:profile")
    context = {"token": token, "raw": pending["raw"], "site_url": settings.SITE_URL}
    return render(request, "accounts/token_created.html", context)


@token_holder_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_api_token_for_user(request.user, pk)
    api_token_revoke(token=token, by=request.user)
    messages.success(request, f"The token “{token.name}” is revoked. It no longer works.")
    return redirect("accounts:profile")
