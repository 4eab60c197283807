"""The registrant changes the team's members from the status page in headless Chromium (rows
added with htmx, removed on the page); the pages pass axe and fit a 390 px wide screen."""

import pytest
from django.core.cache import cache

from lcpa.browser import assert_accessible, assert_clean, make_site_data, open_page
from lcpa.intake.models import MemberChange

pytestmark = pytest.mark.browser

NARROW = {"width": 390, "height": 844}


@pytest.fixture
def site(live_server):
    cache.clear()
    return make_site_data()


def _fits_the_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _save(page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Save the members").click()


def test_a_registrant_adds_and_removes_members_and_sees_the_change(browser, live_server, site):
    members_path = site.status_path + "members/"
    with open_page(browser, live_server.url) as (page, problems):
        page.goto(live_server.url + site.status_path)
        page.get_by_role("link", name="Change the team's members").click()
        page.wait_for_url(f"**{members_path}")
        assert page.locator("#id_members-1-name").input_value() == "Sam Ortiz"
        assert_accessible(page, "the members form")

        # Removing the only first responder breaks the team rule: the server says so.
        page.locator("#member-1 [data-member-remove]").click()
        assert page.locator("[data-member-row]").count() == 2
        _save(page)
        summary = page.locator("#error-summary")
        summary.wait_for()
        assert "traditional first response" in summary.inner_text()
        assert page.locator("#id_members-1-name").input_value() == "Lee Park"
        assert_accessible(page, "the members form with errors")
        assert MemberChange.objects.count() == 0
        # The refused form answers 400, which Chromium logs as a failed resource: expected.
        problems.console_errors[:] = [
            m for m in problems.console_errors if "status of 400" not in m
        ]

        with page.expect_response(lambda r: "/register-interest/member-row/" in r.url):
            page.get_by_role("button", name="Add another member").click()
        page.locator("#id_members-2-name").fill("Ari Medic")
        page.locator("#id_members-2-email").fill("ari@lowell.example")
        page.locator("#id_members-2-organisation").fill("Lowell EMS")
        page.locator("#id_members-2-sector").select_option("ems")
        page.locator("#id_members-2-role").select_option("first_response")
        _save(page)

        assert page.url == live_server.url + site.status_path
        main = page.locator("main").inner_text()
        assert "Your changes to the team's members are saved." in main
        team = page.locator("ul[aria-labelledby=members-heading]").inner_text()
        assert "Ari Medic" in team and "Sam Ortiz" not in team
        assert "Removed Sam Ortiz" in main  # the history
        assert_accessible(page, "the status page after a change")
        assert_clean(problems, "changing the members")

    names = [m.name for m in site.registration.members.order_by("position")]
    assert names == ["Dana Whitfield", "Lee Park", "Ari Medic"]
    summary = MemberChange.objects.get(registration=site.registration).summary
    assert "Added Ari Medic" in summary and "Removed Sam Ortiz" in summary


@pytest.mark.parametrize("suffix", ["", "members/"])
def test_the_status_pages_fit_a_narrow_screen(browser, live_server, site, suffix):
    with open_page(browser, live_server.url) as (page, problems):
        page.set_viewport_size(NARROW)
        page.goto(live_server.url + site.status_path + suffix)
        assert _fits_the_width(page), "the page scrolls sideways at 390 px"
        assert_clean(problems, "a status page at 390 px")
