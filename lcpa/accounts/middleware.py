import zoneinfo
from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

STAFF_PATH_PREFIXES = ("/staff/", "/admin/")


def staff_must_enrol_mfa(user) -> bool:
    if not (user.is_authenticated and (user.is_program_staff or user.is_staff)):
        return False
    if settings.DEBUG and user.is_demo:
        return False
    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class StaffMfaRequiredMiddleware:
    """Program staff reach staff pages only after enrolling an authenticator app (TOTP)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(STAFF_PATH_PREFIXES) and staff_must_enrol_mfa(request.user):
            return redirect("mfa_activate_totp")
        return self.get_response(request)


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
