"""Staff API authentication: personal API tokens sent as `Authorization: Bearer <token>`."""

from django.http import HttpRequest
from ninja.errors import AuthorizationError
from ninja.security import HttpBearer

from lcpa.accounts.mfa import must_enrol_mfa
from lcpa.accounts.models import ApiToken, User
from lcpa.accounts.roles import is_program_staff


class StaffToken(HttpBearer):
    """A personal API token of active program staff.

    No token, an unknown token or a revoked one: 401. A valid token whose owner is not (or is no
    longer) program staff, or is staff who has not set up an authenticator app: 403.
    """

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        if not token.startswith(ApiToken.PREFIX):
            return None
        api_token = (
            ApiToken.objects.select_related("user")
            .filter(digest=ApiToken.hash(token), revoked_at__isnull=True)
            .first()
        )
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


staff_token = StaffToken()
