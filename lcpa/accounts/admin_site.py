"""The Django admin site: signing in goes through allauth, and a refusal is a 404.

Django's own admin sign-in form checks a password and nothing else: no rate limit and no second
factor. Here /admin/login/ sends everyone to allauth's sign-in (rate-limited, with the
authenticator-code step), which comes back to the admin page asked for. The second factor is
then enforced on every admin page by SecondFactorRequiredMiddleware.

Like every other private page, the admin answers 404, not 403, to people who may not open it:
to someone signed in who is not admin staff, and on a model page their permissions do not cover.
"""

from functools import wraps
from urllib.parse import urlencode

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache


class AdminSite(admin.AdminSite):
    site_header = "Learning Communities administration"
    site_title = "Learning Communities admin"

    @method_decorator(never_cache)
    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        """No password form here: allauth's sign-in, then back to the admin page asked for."""
        next_url = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = reverse("admin:index", current_app=self.name)
        if request.user.is_authenticated:
            if not self.has_permission(request):
                raise Http404
            return HttpResponseRedirect(next_url)
        return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")

    def admin_view(self, view, cacheable: bool = False):
        checked = super().admin_view(view, cacheable)

        @wraps(checked)
        def inner(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.user.is_authenticated and not self.has_permission(request):
                raise Http404
            try:
                return checked(request, *args, **kwargs)
            except PermissionDenied as refusal:
                raise Http404 from refusal

        return inner
