"""Every error under /api/ is JSON, whoever produced it.

django-ninja answers its own errors in JSON ({"detail": ...}), but some answers never reach it:
a path its URL patterns do not match (`/api/v1/registrations/null,null`) is Django's HTML 404
(the debug page when DEBUG is on), a wrong method is an empty 405, and an unexpected exception
is Django's HTML 500. This middleware gives those the API's error shape (`ErrorOut`) with the
same status and headers. Successful answers (the CSV export, the docs page) pass untouched.
"""

from collections.abc import Callable
from http import HTTPStatus

from django.http import HttpRequest, HttpResponse, JsonResponse

API_PREFIX = "/api/"
# Headers of the original answer that still apply to its JSON replacement.
KEPT_HEADERS = ("Allow", "WWW-Authenticate", "Retry-After", "Vary")


def _is_json(response: HttpResponse) -> bool:
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return content_type == "application/json" or content_type.endswith("+json")


def json_error(response: HttpResponse) -> JsonResponse:
    try:
        phrase = HTTPStatus(response.status_code).phrase
    except ValueError:
        phrase = "Error"
    replacement = JsonResponse({"detail": phrase}, status=response.status_code)
    for header in KEPT_HEADERS:
        if header in response:
            replacement[header] = response[header]
    return replacement


class ApiJsonErrorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path_info.startswith(API_PREFIX)
            and response.status_code >= 400
            and not _is_json(response)
        ):
            return json_error(response)
        return response
