"""Every public page, opened in headless Chromium: axe finds no WCAG 2.1 A/AA violation and the
browser reports no console error, Content-Security-Policy refusal or uncaught exception."""

import pytest
from django.core.cache import cache

from lcpa.browser import assert_accessible, assert_clean, make_site_data, open_page
from lcpa.testing import LEARNING_COMMUNITIES

pytestmark = pytest.mark.browser

PUBLIC_PAGES = [
    "/",
    "/learning-communities/",
    *(f"/learning-communities/{slug}/" for slug, *_ in LEARNING_COMMUNITIES),
    "/contact/",
    "/accessibility/",
    "/privacy/",
    "/register-interest/",
    "/accounts/login/",
]
# Vega draws the map as SVG: state shapes once the TopoJSON has loaded, and a dot per place.
MAP_STATES = "#jurisdictions-map svg .mark-shape path"
MAP_DOTS = "#jurisdictions-map svg .mark-symbol path"


@pytest.fixture
def site(live_server):
    cache.clear()  # rate-limit counters live in the cache table, which flushing keeps
    return make_site_data()


def _open(page, live_server, path: str):
    response = page.goto(live_server.url + path)
    assert response is not None
    assert response.status == 200, f"{path} answered {response.status}"
    return response


def _wait_for_map(page) -> None:
    page.wait_for_selector(MAP_STATES, state="attached")
    page.wait_for_selector(MAP_DOTS, state="attached")


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_public_page_passes_axe_and_the_browser_reports_no_errors(
    browser, live_server, site, path
):
    with open_page(browser, live_server.url) as (page, problems):
        _open(page, live_server, path)
        assert page.locator("h1").count() == 1, f"{path} should have exactly one h1"
        assert_accessible(page, path)
        assert_clean(problems, path)


def test_the_jurisdictions_map_draws_and_the_page_passes_axe(browser, live_server, site):
    with open_page(browser, live_server.url) as (page, problems):
        _open(page, live_server, "/jurisdictions/")
        _wait_for_map(page)
        assert page.get_by_role("table").count() >= 1, "the map needs a table alternative"
        assert page.get_by_role("cell", name="Amherst").count() >= 1 or (
            "Amherst" in page.locator("table").first.inner_text()
        )
        assert_accessible(page, "/jurisdictions/")
        assert_clean(problems, "/jurisdictions/")


def test_the_jurisdictions_page_filtered_by_state_passes_axe(browser, live_server, site):
    with open_page(browser, live_server.url) as (page, problems):
        _open(page, live_server, "/jurisdictions/?state=CA")
        _wait_for_map(page)
        table = page.locator("table").first.inner_text()
        assert "Sacramento" in table
        assert "Amherst" not in table
        assert_accessible(page, "/jurisdictions/?state=CA")
        assert_clean(problems, "/jurisdictions/?state=CA")


def test_a_registration_status_page_passes_axe(browser, live_server, site):
    path = site.status_path
    with open_page(browser, live_server.url) as (page, problems):
        _open(page, live_server, path)
        assert "Lowell" in page.locator("main").inner_text()
        assert_accessible(page, "the registration status page")
        assert_clean(problems, "the registration status page")


def test_the_contact_form_with_errors_passes_axe(browser, live_server, site):
    with open_page(browser, live_server.url) as (page, problems):
        _open(page, live_server, "/contact/")
        # Let the server, not the browser's own validation, answer the empty form.
        page.locator("main form").last.evaluate("form => { form.noValidate = true; }")
        with page.expect_navigation():
            page.locator("main form [type=submit]").last.click()
        assert page.locator(".usa-alert--error, .usa-error-message").count() >= 1
        assert_accessible(page, "/contact/ with errors")
        assert_clean(problems, "/contact/ with errors")


def test_the_contact_form_at_its_limit_keeps_what_was_typed_passes_axe_and_fits_a_phone(
    browser, live_server, site, settings
):
    settings.CONTACT_RATE_LIMIT = "0/h"  # the limit is reached before the first message
    with open_page(browser, live_server.url) as (page, problems):
        page.set_viewport_size({"width": 390, "height": 844})
        _open(page, live_server, "/contact/")
        page.get_by_label("Your name", exact=True).fill("Sam Okafor")
        page.get_by_label("Your email address", exact=True).fill("sam@county.example")
        page.get_by_label("Your message", exact=True).fill("When does the next cohort start?")
        page.get_by_label("What is your message about?", exact=True).select_option(index=1)
        with page.expect_navigation():
            page.locator("main form [type=submit]").last.click()
        alert = page.locator("#error-summary")
        assert "Your message was not sent" in alert.inner_text()
        assert settings.PROGRAM_EMAIL in alert.inner_text()
        assert page.get_by_label("Your name", exact=True).input_value() == "Sam Okafor"
        assert (
            page.get_by_label("Your message", exact=True).input_value()
            == "When does the next cohort start?"
        )
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page is {width} px wide at 390 px"
        assert_accessible(page, "/contact/ at its limit")
        # The 429 answer is logged by Chromium as a failed resource; nothing else may be.
        problems.console_errors[:] = [
            m for m in problems.console_errors if "status of 429" not in m
        ]
        assert_clean(problems, "/contact/ at its limit")


def test_a_missing_page_passes_axe(browser, live_server, site):
    with open_page(browser, live_server.url) as (page, problems):
        response = page.goto(live_server.url + "/learning-communities/no-such-thing/")
        assert response is not None and response.status == 404
        assert_accessible(page, "the 404 page")
        # The 404 response itself is logged by Chromium as a failed resource; nothing else may be.
        others = [m for m in problems.console_errors if "status of 404" not in m]
        problems.console_errors[:] = others
        assert_clean(problems, "the 404 page")
