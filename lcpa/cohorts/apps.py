from django.apps import AppConfig


class CohortsConfig(AppConfig):
    name = "lcpa.cohorts"
    label = "cohorts"
