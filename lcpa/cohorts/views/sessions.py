"""Placeholder until this area is built; every view answers 404."""

from django.http import Http404, HttpRequest, HttpResponse


def _not_built(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    raise Http404


session_list = _not_built
session_detail = _not_built
session_ics = _not_built
session_feedback = _not_built
calendar_feed = _not_built
