from django.urls import path

from lcpa.outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("teams/<int:team_id>/measures/", views.team_measures, name="team_measures"),
    path(
        "teams/<int:team_id>/measures/<int:team_measure_id>/",
        views.team_measure,
        name="team_measure",
    ),
]
