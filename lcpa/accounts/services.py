"""Writes about accounts: the profile and personal API tokens."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lcpa.accounts.models import TIME_ZONE_CHOICES, ApiToken, User
from lcpa.accounts.roles import may_hold_api_token

TIME_ZONES = frozenset(name for name, _ in TIME_ZONE_CHOICES)


def profile_update(
    *,
    user: User,
    full_name: str,
    organisation: str,
    time_zone: str,
) -> User:
    """Change someone's name, organisation and time zone."""
    if time_zone not in TIME_ZONES:
        raise ValidationError({"time_zone": "Choose a time zone from the list."})
    user.full_name = full_name.strip()
    user.organisation = organisation.strip()
    user.time_zone = time_zone
    user.save(update_fields=["full_name", "organisation", "time_zone"])
    return user


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Make a personal API token. Returns it with the raw token, which is never stored.

    Only program staff and data coordinators hold tokens. Names are unique among a person's
    active tokens, so a double-submitted form makes one token, not two.
    """
    if not may_hold_api_token(user):
        raise ValidationError("Only program staff and data coordinators can create API tokens.")
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Enter a name for the token."})
    # Lock the owner's row so two simultaneous requests cannot both pass the name check.
    User.objects.select_for_update().filter(pk=user.pk).first()
    if ApiToken.objects.filter(user=user, name__iexact=name, revoked_at__isnull=True).exists():
        raise ValidationError(
            {"name": "You already have an active token with this name. Choose another name."}
        )
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=user, name=name, digest=ApiToken.hash(raw), last_four=raw[-4:]
    )
    return token, raw


def api_token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    """Stop a token working at once. Revoking a revoked token changes nothing."""
    if token.user_id != by.pk and not by.is_superuser:
        raise ValidationError("Only the token's owner can revoke it.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
    return token
