"""Placeholder until this area is built; every view answers 404."""

from django.http import Http404, HttpRequest, HttpResponse


def _not_built(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    raise Http404


resource_list = _not_built
resource_detail = _not_built
resource_download = _not_built
