from django.urls import path

from lcpa.outcomes import views, views_charts, views_import

app_name = "outcomes"

urlpatterns = [
    path("teams/<int:team_id>/measures/", views.team_measures, name="team_measures"),
    path(
        "teams/<int:team_id>/measures/<int:team_measure_id>/",
        views.team_measure,
        name="team_measure",
    ),
    path(
        "teams/<int:team_id>/measures/<int:team_measure_id>/chart.svg",
        views_charts.team_measure_svg,
        name="team_measure_svg",
    ),
    path(
        "teams/<int:team_id>/measures/<int:team_measure_id>/chart.png",
        views_charts.team_measure_png,
        name="team_measure_png",
    ),
    path("teams/<int:team_id>/outcomes/", views_charts.team_dashboard, name="team_dashboard"),
    path("cohorts/<int:cohort_id>/outcomes/", views_charts.cohort_rollup, name="cohort_rollup"),
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
