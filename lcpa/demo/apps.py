from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "lcpa.demo"
    label = "demo"
