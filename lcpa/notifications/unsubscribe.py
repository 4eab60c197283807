"""One-click unsubscribe links, good without signing in: a signed (user, what) pair where what is
a kind (the emails about it) or a digest ("daily", "weekly": every kind sent in it)."""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

from lcpa.notifications.kinds import DIGESTS, Kind

SALT = "lcpa.notifications.unsubscribe"


@dataclass(frozen=True)
class Unsubscribe:
    user_id: int
    what: str  # a Kind, or a digest's Frequency


def unsubscribe_token(*, user_id: int, what: str) -> str:
    return signing.dumps([user_id, what], salt=SALT, compress=True)


def unsubscribe_read(token: str) -> Unsubscribe | None:
    """What a token unsubscribes from, or None when it was not made here (or names nothing)."""
    try:
        user_id, what = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or what not in (*Kind.values, *DIGESTS):
        return None
    return Unsubscribe(user_id=user_id, what=what)


def unsubscribe_link(*, user_id: int, what: str) -> str:
    token = unsubscribe_token(user_id=user_id, what=what)
    return settings.SITE_URL + reverse("notifications:unsubscribe", args=[token])


def unsubscribe_headers(link: str) -> dict[str, str]:
    """RFC 8058: mail programs offer one click that POSTs to the link."""
    return {
        "List-Unsubscribe": f"<{link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
