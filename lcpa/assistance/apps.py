from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "lcpa.assistance"
    label = "assistance"
