from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "lcpa.intake"
    label = "intake"
