from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from lcpa.core.public_cache import public_fragment_version


def site(request: HttpRequest) -> dict:
    return {
        "SITE_NAME": "Learning Communities for Policing Alternatives",
        "DEBUG": settings.DEBUG,
        "PROGRAM_EMAIL": settings.PROGRAM_EMAIL,
        # For {% cache %} keys: read (once a page) only by the templates that use it.
        "public_version": SimpleLazyObject(public_fragment_version),
    }
