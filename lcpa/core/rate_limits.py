"""Per-address limits on what the public forms store.

Only stored submissions count: a person who sends a form with mistakes and corrects it is
never refused for the corrections. The count lives in the cache (django-ratelimit's fixed
windows, keyed on `lcpa.core.http.client_ip` through RATELIMIT_IP_META_KEY)."""

from django.http import HttpRequest
from django_ratelimit.core import get_usage


def _usage(request: HttpRequest, group: str, rate: str, *, increment: bool) -> dict | None:
    return get_usage(request, group=group, key="ip", rate=rate, increment=increment)


def limit_reached(request: HttpRequest, *, group: str, rate: str) -> bool:
    """Whether this address has already stored as many submissions as `rate` allows."""
    usage = _usage(request, group, rate, increment=False)
    return usage is not None and usage["count"] >= usage["limit"]


def count_stored(request: HttpRequest, *, group: str, rate: str) -> None:
    """Count one stored submission from this address."""
    _usage(request, group, rate, increment=True)
