from django.urls import path

from lcpa.assistance import views

app_name = "assistance"

urlpatterns = [
    path("teams/<int:team_id>/ta-requests/", views.team_requests, name="team_requests"),
    path("teams/<int:team_id>/ta-requests/new/", views.request_open, name="request_open"),
    path("ta-requests/", views.my_requests, name="my_requests"),
    path("ta-requests/<int:pk>/", views.request_detail, name="request"),
    path("ta-requests/<int:pk>/files/<int:file_id>/", views.request_file, name="request_file"),
    path("ta-requests/<int:pk>/reply/", views.message_post, name="message_post"),
    path("ta-requests/<int:pk>/assign/", views.request_assign, name="request_assign"),
    path("ta-requests/<int:pk>/status/", views.request_status, name="request_status"),
    path("ta-requests/<int:pk>/reopen/", views.request_reopen, name="request_reopen"),
    path("ta-requests/<int:pk>/connect/", views.request_connect, name="request_connect"),
    path("ta-survey/<str:token>/", views.survey, name="survey"),
    path("staff/ta-requests/", views.staff_queue, name="staff_queue"),
    path("staff/ta-requests/dashboard/", views.staff_dashboard, name="staff_ta_dashboard"),
    path("staff/ta-requests/export.csv", views.staff_export, name="staff_ta_export"),
]
