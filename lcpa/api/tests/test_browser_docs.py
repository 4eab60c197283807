"""The API docs page works in a real browser under the site's Content Security Policy, and
passes axe, Swagger UI's widgets opened included."""

import pytest

from lcpa.browser import assert_accessible, assert_clean, open_page

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


@pytest.mark.parametrize("width", [1366, 390])
def test_the_api_docs_pass_axe_with_every_widget_open(browser, live_server, width):
    with open_page(browser, live_server.url) as (page, problems):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/api/v1/docs")
        page.wait_for_selector(".swagger-ui .opblock")
        assert_accessible(page, f"the API docs at {width} px")

        for summary in page.locator(".opblock-summary-control").all():
            summary.click()
        page.locator(".try-out__btn").first.click()
        page.locator(".btn.execute").first.click()
        page.locator(".responses-wrapper .live-responses-table").first.wait_for()
        page.locator(".models.is-open .json-schema-2020-12-accordion").first.click()
        page.locator(".btn.authorize").first.click()
        page.locator(".modal-ux").wait_for()

        assert_accessible(page, f"the API docs at {width} px, operations, models and sign-in open")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert_clean(problems, "the API docs page")


def test_the_skip_link_moves_focus_to_the_reference(browser, live_server):
    with open_page(browser, live_server.url) as (page, _problems):
        page.goto("/api/v1/docs")
        page.wait_for_selector(".swagger-ui .opblock")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Skip to the API reference"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main-content"
