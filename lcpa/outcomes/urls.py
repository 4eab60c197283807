from django.urls import path

from lcpa.outcomes import views, views_import

app_name = "outcomes"

urlpatterns = [
    path("teams/<int:team_id>/measures/", views.team_measures, name="team_measures"),
    path(
        "teams/<int:team_id>/measures/<int:team_measure_id>/",
        views.team_measure,
        name="team_measure",
    ),
]

# Importing values from a spreadsheet (lcpa/outcomes/views_import.py).
urlpatterns += [
    path(
        "teams/<int:team_id>/measures/import/",
        views_import.observations_import,
        name="observations_import",
    ),
    path(
        "teams/<int:team_id>/measures/import/template.csv",
        views_import.observations_import_template,
        name="observations_import_template",
    ),
    path(
        "teams/<int:team_id>/measures/import/<int:import_id>/",
        views_import.observations_import_preview,
        name="observations_import_preview",
    ),
]
