"""Deployment checks (`manage.py check --deploy`), with stable ids.

- lcpa.E001: DEBUG is off and SITE_URL is not an https:// address (links in emails would send
  people, and their private status links, over plain HTTP).
- lcpa.E002: SECRET_KEY is the development key or the placeholder from .env.example (anyone
  could sign sessions and password-reset links).
- lcpa.E003: DEMO_MODE is on (demo accounts, whose password is published, skip the second
  factor).
"""

from django.conf import settings
from django.core.checks import Error, Tags, register

# Keys that are published: the development key and the .env.example placeholder.
PUBLISHED_SECRET_KEYS = {"change-me-to-a-long-random-string"}


@register(Tags.security, deploy=True)
def check_site_url_is_https(app_configs=None, **kwargs) -> list[Error]:
    if settings.DEBUG or settings.SITE_URL.lower().startswith("https://"):
        return []
    return [
        Error(
            f"SITE_URL is {settings.SITE_URL!r}, not an https:// address.",
            hint="Set SITE_URL to the site's public https:// address (used in emailed links).",
            id="lcpa.E001",
        )
    ]


@register(Tags.security, deploy=True)
def check_secret_key_is_not_published(app_configs=None, **kwargs) -> list[Error]:
    published = PUBLISHED_SECRET_KEYS | {getattr(settings, "DEVELOPMENT_SECRET_KEY", "")}
    if settings.SECRET_KEY not in published:
        return []
    return [
        Error(
            "SECRET_KEY is a published key (the development key or the .env.example placeholder).",
            hint="Set SECRET_KEY to a long random value kept secret, e.g. from "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`.",
            id="lcpa.E002",
        )
    ]


@register(Tags.security, deploy=True)
def check_demo_mode_is_off(app_configs=None, **kwargs) -> list[Error]:
    if not getattr(settings, "DEMO_MODE", False):
        return []
    return [
        Error(
            "DEMO_MODE is on: demo accounts, whose password is published, sign in without "
            "a second factor.",
            hint="Turn DEMO_MODE off on any site that holds real data.",
            id="lcpa.E003",
        )
    ]
