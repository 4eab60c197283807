from django.apps import AppConfig


class CurriculumConfig(AppConfig):
    name = "lcpa.curriculum"
    label = "curriculum"
