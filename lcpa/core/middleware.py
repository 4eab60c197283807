"""Refuse request bodies larger than MAX_REQUEST_BODY_SIZE before anything reads them.

Django's DATA_UPLOAD_MAX_MEMORY_SIZE does not count uploaded files, and the CSRF check reads the
whole multipart body (streaming files to disk) before any view could look at its size. This
middleware answers from the declared Content-Length, during the request phase, before the CSRF
check or a view touches request.POST or request.FILES. The proxy in front (nginx
`client_max_body_size`) should refuse such bodies first; this is the application's own guard.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class RequestBodyLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        limit = settings.MAX_REQUEST_BODY_SIZE
        if declared > limit:
            # (The unread body is the server's to discard: gunicorn closes or drains it.)
            return render(
                request,
                "core/request_too_large.html",
                {"limit_mb": limit // (1024 * 1024), "back": request.path},
                status=413,
            )
        return self.get_response(request)
