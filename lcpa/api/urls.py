from ninja import NinjaAPI

from lcpa.api import outcomes, public, registrations, results
from lcpa.api.docs import SiteSwagger

api = NinjaAPI(
    title="Learning Communities for Policing Alternatives API",
    version="1",
    description=(
        "Public, read-only data about the learning communities, the jurisdictions taking "
        "part and the results teams share; staff-only access to interest registrations; and, "
        "for a team's data coordinator, the team's monthly values of its measures. Those "
        "routes need a personal API token, created on your account page and sent as "
        "`Authorization: Bearer <token>`."
    ),
    urls_namespace="api",
    docs_url="/docs",
    # The Swagger page served from ninja's own static files (no CDN, no inline script).
    docs=SiteSwagger(),
)
api.add_router("", public.router)
api.add_router("", registrations.router)
api.add_router("", outcomes.router)
api.add_router("", results.router)
