"""Member rows on the register-interest page in headless Chromium with JavaScript on: rows are
added with htmx and removed on the page, and the formset numbering stays continuous."""

import pytest
from django.core.cache import cache

from lcpa.browser import assert_accessible, assert_clean, open_page
from lcpa.intake.models import InterestRegistration
from lcpa.testing import make_learning_communities

pytestmark = pytest.mark.browser


def fill_member(page, index: int, name: str, sector: str, role: str) -> None:
    prefix = f"#id_members-{index}-"
    page.locator(prefix + "name").fill(name)
    page.locator(prefix + "email").fill(name.split()[0].lower() + "@northampton.example")
    page.locator(prefix + "organisation").fill("City of Northampton")
    page.locator(prefix + "sector").select_option(sector)
    page.locator(prefix + "role").select_option(role)


def test_a_member_removed_on_the_page_is_gone_and_the_rest_are_renumbered(browser, live_server):
    cache.clear()  # rate-limit counters live in the cache table
    make_learning_communities()
    with open_page(browser, live_server.url) as (page, problems):
        page.goto(live_server.url + "/register-interest/")
        assert page.locator("[data-member-delete]").first.is_hidden()
        assert page.locator("[data-member-remove]").first.is_visible()
        page.get_by_label("Name of your city, county, tribal nation or region").fill("Northampton")
        page.get_by_label("State or territory").select_option("MA")
        page.get_by_label("Kind of jurisdiction").select_option("city")
        page.get_by_label("Approximate population").fill("29,000")
        page.locator("label", has_text="Crisis Systems").click()
        page.get_by_label("What does your team want to achieve?").fill("Goals")
        page.locator("label", has_text="Planning: designing").click()
        page.locator("label", has_text="The next cohort that has room").click()
        page.get_by_label("Full name").fill("Jordan Avery")
        page.get_by_label("Email address", exact=True).last.fill("jordan@n.example")
        fill_member(page, 0, "Ann Data", "public_health", "data_coordinator")
        fill_member(page, 1, "Rita Remove", "other", "other")
        fill_member(page, 2, "Fay Fire", "fire", "first_response")
        with page.expect_response(lambda r: "member-row" in r.url):
            page.get_by_role("button", name="Add another member").click()
        page.locator("#member-3").wait_for()
        fill_member(page, 3, "Bea Health", "behavioral_health", "implementing_sector")
        page.get_by_role("button", name="Remove member 2").click()
        assert page.locator("[data-member-row]").count() == 3
        assert page.locator("#id_members-TOTAL_FORMS").input_value() == "3"
        assert page.locator("#id_members-1-name").input_value() == "Fay Fire"
        assert page.locator("#id_members-2-name").input_value() == "Bea Health"
        assert page.evaluate("document.activeElement.id") == "id_members-1-name"
        assert "Removed member 2" in page.locator("#member-status").inner_text()
        assert page.get_by_role("button", name="Remove member 3").is_visible()
        assert_accessible(page, "the register-interest form after removing a member")
        # With JavaScript, Enter in a field sends the form rather than adding a member.
        with page.expect_navigation():
            page.get_by_label("Full name").press("Enter")
        assert "/register-interest/thanks/" in page.url
        assert_clean(problems, "removing a member and registering")
    registration = InterestRegistration.objects.get()
    assert [m.name for m in registration.members.all()] == ["Ann Data", "Fay Fire", "Bea Health"]
