from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    return {
        "SITE_NAME": "Learning Communities for Policing Alternatives",
        "DEBUG": settings.DEBUG,
        "PROGRAM_EMAIL": settings.PROGRAM_EMAIL,
    }
