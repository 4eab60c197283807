"""What the public pages show that changes only when staff or the curriculum files change it:
learning communities, cohorts, participating jurisdictions, resources, the registration form.

Rendered fragments and query results are kept in each process's memory (the `public` cache);
their keys carry a version kept in the shared default cache (the database), so one call of
`public_content_changed()` from a service that writes such content makes every worker build
them afresh. Keys also carry whatever else varies the output (a slug, the filters, today's
date); pages cache data and fragments, never whole pages (CSRF tokens, the signed-in header).
"""

import threading
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache, caches
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.utils.crypto import get_random_string
from django.utils.translation import get_language

VERSION_KEY = "public-content-version"
PUBLIC_CACHE = "public"

T = TypeVar("T")


# The version read during the current request, so a page reads the shared cache once.
_request = threading.local()


def _request_started(**kwargs: object) -> None:
    _request.active, _request.version = True, None


def _request_finished(**kwargs: object) -> None:
    _request.active, _request.version = False, None


request_started.connect(_request_started, dispatch_uid="public_cache_started")
request_finished.connect(_request_finished, dispatch_uid="public_cache_finished")


def public_content_version() -> str:
    """The current version of the public content: one read of the shared cache per request."""
    if getattr(_request, "active", False) and _request.version:
        return _request.version
    version = cache.get_or_set(VERSION_KEY, lambda: get_random_string(12), timeout=None)
    if getattr(_request, "active", False):
        _request.version = version
    return version


def public_fragment_version() -> str:
    """What every cached fragment's key starts with: the content's version and the language."""
    return f"{public_content_version()}-{get_language()}"


def _new_version() -> None:
    cache.set(VERSION_KEY, get_random_string(12), timeout=None)
    _request.version = None


def public_content_changed() -> None:
    """Call from every write that changes what the public pages show. The new version is set
    once the transaction commits, so no worker caches what the transaction is still writing."""
    transaction.on_commit(_new_version)


def public_cached(name: str, *vary: object, build: Callable[[], T]) -> T:
    """`build()`'s result, kept until the public content changes. `vary` lists what else the
    result depends on (each value's str() goes into the key)."""
    key = ":".join([name, public_fragment_version(), *(str(value) for value in vary)])
    store = caches[PUBLIC_CACHE]
    found = store.get(key, default=store)
    if found is store:
        found = build()
        store.set(key, found, timeout=None)
    return found
