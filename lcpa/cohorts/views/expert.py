"""Placeholder until this area is built; every view answers 404."""

from django.http import Http404, HttpRequest, HttpResponse


def _not_built(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    raise Http404


review_queue = _not_built
deliverable_review_view = _not_built
