from django.contrib import admin
from django.urls import include, path

from lcpa.api.urls import api
from lcpa.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("account/", include("lcpa.accounts.urls")),
    path("api/v1/", api.urls),
    path("", include("lcpa.intake.urls")),
    path("", include("lcpa.cohorts.urls")),
    path("", include("lcpa.assistance.urls")),
    path("", include("lcpa.guidance.urls")),
    path("", include("lcpa.library.urls")),
    path("", include("lcpa.community.urls")),
    path("", include("lcpa.outcomes.urls")),
    path("", include("lcpa.notifications.urls")),
    path("", include("lcpa.public.urls")),
]

handler404 = "lcpa.core.views.page_not_found"
