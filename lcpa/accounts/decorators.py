from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

from lcpa.accounts.roles import is_program_staff, may_hold_api_token


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Program staff only: others signed in get 404 (existence does not leak), visitors sign in."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_program_staff(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def token_holder_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """People who may hold an API token (program staff, data coordinators): others signed in
    get 404, visitors sign in."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not may_hold_api_token(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
