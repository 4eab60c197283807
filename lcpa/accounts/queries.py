"""Reads about accounts that other apps' pages need."""

from lcpa.accounts.models import User


def email_has_account(email: str) -> bool:
    """Someone has already signed up with this address (whatever its capitals)."""
    return User.objects.filter(email__iexact=email).exists()
