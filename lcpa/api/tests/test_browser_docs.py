"""The API docs page works in a real browser under the site's Content Security Policy."""

import pytest

from lcpa.browser import assert_clean, open_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_render_every_route_without_breaking_the_csp(browser, live_server):
    with open_page(browser, live_server.url) as (page, problems):
        response = page.goto("/api/v1/docs")
        assert response.status == 200
        csp = response.headers["content-security-policy"]
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        page.wait_for_selector(".swagger-ui .opblock", state="attached")
        page.get_by_text("Learning Communities for Policing Alternatives API").first.wait_for()
        for operation_path in [
            "/api/v1/learning-communities",
            "/api/v1/jurisdictions",
            "/api/v1/registrations/export.csv",
        ]:
            assert page.locator(f".opblock-summary-path[data-path='{operation_path}']").count()
        assert_clean(problems, "the API docs page")
