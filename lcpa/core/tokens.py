"""Private-link tokens (registration status, invitation, calendar feed).

The raw token is 32 random bytes, URL-safe (43 characters). Only its SHA-256 digest is stored,
as for API tokens: someone who reads the database (a backup, a copy) cannot open the links. The
raw token is shown once, in the email or page that hands the link out, and rows are looked up by
the digest of the token in the address.
"""

import hashlib
import re
import secrets

# What secrets.token_urlsafe(32) makes, with room to spare; anything else is not a token.
LINK_TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{20,64}")


def link_token_digest(raw: str) -> str:
    """The stored form of a token: its SHA-256 digest in hex (64 characters)."""
    return hashlib.sha256(raw.encode()).hexdigest()


def link_token_new() -> tuple[str, str]:
    """A fresh token and its digest: (raw, digest). Store the digest, hand out the raw."""
    raw = secrets.token_urlsafe(32)
    return raw, link_token_digest(raw)


def unused_link_token_digest() -> str:
    """The digest of a token nobody was given: a default for rows made outside the services
    (the admin, fixtures), whose link then opens nothing until a service hands out a real one."""
    return link_token_new()[1]


def looks_like_link_token(raw: str) -> bool:
    return bool(raw) and LINK_TOKEN_PATTERN.fullmatch(raw) is not None
