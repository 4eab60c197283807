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
        settings.STATIC_URL + "js/api-docs.js",
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


def test_the_docs_page_has_a_language_a_skip_link_a_main_landmark_and_one_h1(client, db):
    page = client.get("/api/v1/docs").content.decode()

    assert '<html lang="en">' in page
    assert '<a class="lc-api-skip" href="#main-content">' in page
    assert '<main id="main-content" tabindex="-1">' in page
    assert page.count("<h1") == 1
    assert settings.STATIC_URL + "css/api-docs.css" in page
    # Deep links would be links nested inside each operation's toggle button.
    assert '"deepLinking": false' in page
    assert "<noscript><p>The interactive reference needs JavaScript." in page
    assert 'href="/api/v1/openapi.json"' in page
