"""The API docs page: Swagger UI from ninja's own static files, no CDN, no inline script."""

import re

from django.conf import settings


def test_the_docs_load_swagger_from_this_site_under_the_strict_csp(client, db):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    page = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>", page)
    sources = [re.search(r'src="([^"]+)"', attrs) for attrs in scripts]
    executable = [s.group(1) for s in sources if s]
    assert executable == [
        settings.STATIC_URL + "ninja/swagger-ui-bundle.js",
        settings.STATIC_URL + "ninja/swagger-ui-init.js",
    ]
    # The only other script element is Swagger's settings, which browsers do not run.
    inline = [attrs for attrs in scripts if "src=" not in attrs]
    assert inline == [' type="application/json" id="swagger-settings"']
    assert "cdn" not in page.lower()
    assert "/api/v1/openapi.json" in page
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_the_openapi_document_is_public(client, db):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Learning Communities for Policing Alternatives API"
