"""API authentication: personal API tokens sent as `Authorization: Bearer <token>`.

`StaffToken` guards the staff routes; `PersonalToken` accepts any active person's token and
leaves the scope to the route (a data coordinator's token writes their own team's values).
"""

from django.http import HttpRequest
from ninja.errors import AuthorizationError
from ninja.security import HttpBearer

from lcpa.accounts.mfa import must_enrol_mfa
from lcpa.accounts.models import ApiToken, User
from lcpa.accounts.roles import is_program_staff


def _active_token(token: str) -> ApiToken | None:
    """The token, when it exists and is not revoked."""
    if not token.startswith(ApiToken.PREFIX):
        return None
    return (
        ApiToken.objects.select_related("user")
        .filter(digest=ApiToken.hash(token), revoked_at__isnull=True)
        .first()
    )


class StaffToken(HttpBearer):
    """A personal API token of active program staff.

    No token, an unknown token or a revoked one: 401. A valid token whose owner is not (or is no
    longer) program staff, or is staff who has not set up an authenticator app: 403.
    """

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        api_token = _active_token(token)
        if api_token is None:
            return None
        user = api_token.user
        if not is_program_staff(user):
            raise AuthorizationError(message="This token's owner is not program staff.")
        if must_enrol_mfa(user):
            raise AuthorizationError(
                message="Set up an authenticator app on your account before using the API."
            )
        api_token.mark_used()
        return user


class PersonalToken(HttpBearer):
    """Anyone's active personal API token: no token, an unknown, revoked or deactivated
    person's one is a 401. What the owner may reach is the route's business (a 404 otherwise,
    as on the site)."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        api_token = _active_token(token)
        if api_token is None or not api_token.user.is_active:
            return None
        api_token.mark_used()
        return api_token.user


staff_token = StaffToken()
personal_token = PersonalToken()
