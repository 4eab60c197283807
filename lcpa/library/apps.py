from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "lcpa.library"
    label = "library"
