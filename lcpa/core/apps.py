from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lcpa.core"
    label = "core"

    def ready(self) -> None:
        from lcpa.core import checks  # noqa: F401 - registers the deployment checks
