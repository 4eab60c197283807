"""The API docs page: ninja's Swagger UI, served from this site, in an accessible page."""

from ninja import Swagger


class SiteSwagger(Swagger):
    """Swagger UI in lcpa/api/templates/api/docs.html (language, skip link, landmarks, AA
    colours). Deep links are off: Swagger UI puts them as links inside each operation's toggle
    button, an interactive element nested in another that keyboards and screen readers
    cannot use (axe: nested-interactive)."""

    template = "api/docs.html"

    def __init__(self) -> None:
        super().__init__(settings={"persistAuthorization": False, "deepLinking": False})
