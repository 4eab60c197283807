from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "lcpa.community"
    label = "community"
