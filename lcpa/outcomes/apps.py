from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "lcpa.outcomes"
    verbose_name = "Outcomes"
