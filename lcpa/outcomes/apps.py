from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "lcpa.outcomes"
    verbose_name = "Outcomes"

    def ready(self) -> None:
        from lcpa.outcomes import checks  # noqa: F401 - registers the dataset upload checks
