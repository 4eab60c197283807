from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "lcpa.guidance"
    label = "guidance"
