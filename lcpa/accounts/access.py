"""The only way views fetch account rows that belong to someone."""

from django.db.models import QuerySet
from django.http import Http404

from lcpa.accounts.models import ApiToken, User
from lcpa.accounts.roles import may_hold_api_token
from lcpa.core.tokens import link_token_digest, looks_like_link_token


def api_tokens_for_user(user: User) -> QuerySet[ApiToken]:
    """A person's own API tokens; none for anyone who may not hold one (program staff and
    data coordinators may)."""
    if not may_hold_api_token(user):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def get_api_token_for_user(user: User, pk: int) -> ApiToken:
    """One of the person's own tokens, or 404 (a token of someone else does not exist for you).
    Reading and revoking need the same thing: owning the token."""
    token = api_tokens_for_user(user).filter(pk=pk).first()
    if token is None:
        raise Http404("No such API token.")
    return token


def get_user_by_calendar_token(token: str) -> User:
    """The active person whose private calendar-feed link this is, or 404.

    The token in the link is the only key; it is looked up by its digest, since only the digest
    is stored.
    """
    if not looks_like_link_token(token):
        raise Http404("No such calendar.")
    owner = User.objects.filter(
        calendar_token_digest=link_token_digest(token), is_active=True
    ).first()
    if owner is None:
        raise Http404("No such calendar.")
    return owner
