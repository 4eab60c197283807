from django.urls import path

from lcpa.outcomes import views, views_own, views_pdsa, views_progress

app_name = "outcomes"

urlpatterns = [
    path("teams/<int:team_id>/measures/", views.team_measures, name="team_measures"),
    path(
        "teams/<int:team_id>/measures/<int:team_measure_id>/",
        views.team_measure,
        name="team_measure",
    ),
    path(
        "teams/<int:team_id>/measures/own/", views_own.own_measure_create, name="own_measure_create"
    ),
    path(
        "teams/<int:team_id>/measures/<int:team_measure_id>/definition/",
        views_own.own_measure_edit,
        name="own_measure_edit",
    ),
    path(
        "teams/<int:team_id>/measures/<int:team_measure_id>/pdsa/",
        views_pdsa.pdsa_cycles,
        name="pdsa_cycles",
    ),
    path(
        "teams/<int:team_id>/measures/<int:team_measure_id>/pdsa/<int:cycle_id>/",
        views_pdsa.pdsa_cycle,
        name="pdsa_cycle",
    ),
    path("staff/progress/", views_progress.staff_progress, name="staff_progress"),
    path(
        "staff/teams/<int:team_id>/progress/",
        views_progress.staff_team_progress,
        name="staff_team_progress",
    ),
]
