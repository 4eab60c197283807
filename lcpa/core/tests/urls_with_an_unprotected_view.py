"""The project's URLs plus two deliberately broken routes, for the test that shows the access
matrix catches them. Used only through override_settings(ROOT_URLCONF=...)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from lcpa.cohorts.models import Team
from lcpa.urls import urlpatterns as project_urlpatterns


def unprotected_team_page(request: HttpRequest, team_id: int) -> HttpResponse:
    """Shows any team's private name to anyone: no sign-in, no access check."""
    return HttpResponse(Team.objects.get(pk=team_id).name)


def unprotected_team_note(request: HttpRequest, team_id: int, note_id: int) -> HttpResponse:
    return HttpResponse(f"note {note_id} of {Team.objects.get(pk=team_id).name}")


urlpatterns = [
    *project_urlpatterns,
    path("teams/<int:team_id>/unprotected/", unprotected_team_page, name="unprotected_team"),
    path(
        "teams/<int:team_id>/notes/<int:note_id>/",
        unprotected_team_note,
        name="unprotected_team_note",
    ),
]
