from django.urls import path

from lcpa.notifications import views

app_name = "notifications"
urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/bell/", views.bell, name="bell"),
    path("notifications/read/", views.mark_all_read, name="mark_all_read"),
    path("notifications/settings/", views.email_settings, name="settings"),
    path("notifications/<int:pk>/", views.notification_go, name="go"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
