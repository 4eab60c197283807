from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "lcpa.notifications"
    label = "notifications"
