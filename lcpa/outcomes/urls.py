from django.urls import path

from lcpa.outcomes import (
    views,
    views_briefs,
    views_charts,
    views_comparison,
    views_datasets,
    views_import,
    views_own,
    views_pdsa,
    views_policy,
    views_progress,
    views_results,
)

app_name = "outcomes"

urlpatterns = [
    path("teams/<int:team_id>/measures/", views.team_measures, name="team_measures"),
    path(
        "teams/<int:team_id>/measures/<int:team_measure_id>/",
        views.team_measure,
        name="team_measure",
    ),
    # Briefs and the public results page
    path("teams/<int:team_id>/briefs/", views_briefs.team_briefs, name="briefs"),
    path("teams/<int:team_id>/briefs/new/", views_briefs.brief_create, name="brief_create"),
    path("teams/<int:team_id>/briefs/<int:brief_id>/", views_briefs.brief, name="brief"),
    path(
        "teams/<int:team_id>/briefs/<int:brief_id>/edit/",
        views_briefs.brief_edit,
        name="brief_edit",
    ),
    path(
        "teams/<int:team_id>/briefs/<int:brief_id>/submit/",
        views_briefs.brief_submit,
        name="brief_submit",
    ),
    path(
        "teams/<int:team_id>/briefs/<int:brief_id>/decide/",
        views_briefs.brief_decide,
        name="brief_decide",
    ),
    path(
        "teams/<int:team_id>/results-sharing/",
        views_briefs.results_sharing,
        name="results_sharing",
    ),
    path("staff/briefs/", views_briefs.staff_briefs, name="staff_briefs"),
    path("results/", views_results.results, name="results"),
    path("results/results.csv", views_results.results_csv, name="results_csv"),
    path("results/briefs/<slug:brief_slug>/", views_briefs.brief_public, name="brief_public"),
    path("results/briefs/<slug:brief_slug>/brief.pdf", views_briefs.brief_pdf, name="brief_pdf"),
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
    # Policy changes, drawn on the team's charts (lcpa/outcomes/views_policy.py).
    path(
        "teams/<int:team_id>/policy-changes/",
        views_policy.policy_changes,
        name="policy_changes",
    ),
    path(
        "teams/<int:team_id>/policy-changes/<int:policy_change_id>/",
        views_policy.policy_change_edit,
        name="policy_change_edit",
    ),
    path(
        "teams/<int:team_id>/policy-changes/<int:policy_change_id>/delete/",
        views_policy.policy_change_delete_view,
        name="policy_change_delete",
    ),
    path("staff/progress/", views_progress.staff_progress, name="staff_progress"),
    path(
        "staff/teams/<int:team_id>/progress/",
        views_progress.staff_team_progress,
        name="staff_team_progress",
    ),
]

# A team's datasets: uploads of records (lcpa/outcomes/views_datasets.py).
urlpatterns += [
    path(
        "datasets/standard-columns/",
        views_datasets.standard_columns,
        name="dataset_standard_columns",
    ),
    path("teams/<int:team_id>/datasets/", views_datasets.team_datasets, name="datasets"),
    path(
        "teams/<int:team_id>/datasets/upload/",
        views_datasets.dataset_upload,
        name="dataset_upload",
    ),
    path(
        "teams/<int:team_id>/datasets/<int:dataset_id>/",
        views_datasets.dataset,
        name="dataset",
    ),
    path(
        "teams/<int:team_id>/datasets/<int:dataset_id>/comparison/",
        views_comparison.dataset_comparison,
        name="dataset_comparison",
    ),
    path(
        "teams/<int:team_id>/datasets/uploads/",
        views_datasets.dataset_upload_begin,
        name="dataset_upload_begin",
    ),
    path(
        "teams/<int:team_id>/datasets/uploads/<int:version_id>/",
        views_datasets.dataset_upload_status,
        name="dataset_upload_status",
    ),
    path(
        "teams/<int:team_id>/datasets/uploads/<int:version_id>/chunks/<int:number>/",
        views_datasets.dataset_upload_chunk,
        name="dataset_upload_chunk",
    ),
    path(
        "teams/<int:team_id>/datasets/uploads/<int:version_id>/finish/",
        views_datasets.dataset_upload_finish,
        name="dataset_upload_finish",
    ),
    path(
        "teams/<int:team_id>/datasets/versions/<int:version_id>/cancel/",
        views_datasets.dataset_version_cancel,
        name="dataset_version_cancel",
    ),
    path(
        "teams/<int:team_id>/datasets/versions/<int:version_id>/original",
        views_datasets.dataset_original,
        name="dataset_original",
    ),
    path(
        "teams/<int:team_id>/datasets/versions/<int:version_id>/mapping/",
        views_datasets.dataset_mapping_page,
        name="dataset_mapping",
    ),
    path(
        "teams/<int:team_id>/datasets/versions/<int:version_id>/report/",
        views_datasets.dataset_report,
        name="dataset_report",
    ),
    path(
        "teams/<int:team_id>/datasets/versions/<int:version_id>/report.csv",
        views_datasets.dataset_report_csv,
        name="dataset_report_csv",
    ),
]
