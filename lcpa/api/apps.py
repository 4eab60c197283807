from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "lcpa.api"
    label = "api"
