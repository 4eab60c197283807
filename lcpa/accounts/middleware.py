import zoneinfo
from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from lcpa.accounts.mfa import (
    needs_second_factor,
    second_factor_record_enrolment,
    second_factor_waived,
    session_passed_second_factor,
    totp_authenticator,
)

# Pages anyone may open, so nobody is asked for a code to read them.
PUBLIC_NAMESPACES = {"public"}
PUBLIC_URL_NAMES = {
    "healthz",
    "intake:register",
    "intake:member_row",
    "intake:confirmation",
    "intake:registration_status",  # the registrant's private link, no session needed
    "intake:registration_members",  # the same link's members form
    "cohorts:calendar_feed",  # fetched by calendar apps with its token, never with a session
    "outcomes:results",
    "outcomes:results_csv",
    "outcomes:brief_public",
    "outcomes:brief_pdf",
    "assistance:survey",  # the requester's private satisfaction-survey link
    "notifications:unsubscribe",  # one-click from an email with its signed token, no session
}
# The steps of signing in and out and of setting up or entering a second factor.
SIGN_IN_URL_NAMES = {
    "account_login",
    "account_logout",
    "account_reauthenticate",  # allauth asks for the password before an app is added
    "mfa_authenticate",
    "mfa_reauthenticate",
    "mfa_activate_totp",
}
# The API authenticates each request with a token, not with the session (lcpa.api.auth checks
# the token owner's authenticator app).
TOKEN_NAMESPACES = {"api"}
ACTIVATE_URL_NAME = "mfa_activate_totp"


def _url_name(request: HttpRequest) -> tuple[str, str]:
    match = request.resolver_match
    return (match.namespace, match.view_name) if match else ("", "")


def _exempt(request: HttpRequest) -> bool:
    namespace, name = _url_name(request)
    root_namespace = namespace.split(":")[0]
    return (
        root_namespace in PUBLIC_NAMESPACES | TOKEN_NAMESPACES
        or name in PUBLIC_URL_NAMES
        or name in SIGN_IN_URL_NAMES
    )


class SecondFactorRequiredMiddleware:
    """Program staff, admin users and national experts pass a second factor before anything else.

    On every page but public ones and the steps of signing in, such a person must have an
    authenticator app (else: set one up) and must have entered one of its codes in this session
    (else: enter one now, then go on to the page asked for). See lcpa.accounts.mfa.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not (request.method == "POST" and request.path_info == reverse(ACTIVATE_URL_NAME)):
            return self.get_response(request)
        # The POST that activates an authenticator app: the code just typed from it is this
        # session's second factor.
        user = request.user
        had_app = needs_second_factor(user) and totp_authenticator(user) is not None
        response = self.get_response(request)
        if needs_second_factor(user) and not had_app:
            authenticator = totp_authenticator(user)
            if authenticator is not None:
                second_factor_record_enrolment(request, user=user, authenticator=authenticator)
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        user = request.user
        if not needs_second_factor(user) or second_factor_waived(user) or _exempt(request):
            return None
        if totp_authenticator(user) is None:
            return redirect("mfa_activate_totp")
        if session_passed_second_factor(request, user):
            return None
        url = reverse("mfa_reauthenticate")
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)


class UserTimeZoneMiddleware:
    """Show times in the signed-in person's own time zone (their profile's choice).

    Times are stored in UTC; templates and forms convert them with the zone activated here.
    Visitors and unknown zone names get the site's default zone (settings.TIME_ZONE).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        zone = None
        if user is not None and user.is_authenticated and user.time_zone:
            try:
                zone = zoneinfo.ZoneInfo(user.time_zone)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                zone = None
        if zone is None:
            timezone.deactivate()
        else:
            timezone.activate(zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
