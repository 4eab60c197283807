from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "lcpa.public"
    label = "public"
