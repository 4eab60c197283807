from ninja import NinjaAPI

api = NinjaAPI(
    title="Learning Communities for Policing Alternatives API",
    version="1",
    urls_namespace="api",
    docs_url="/docs",
)
