from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lcpa.core"
    label = "core"
