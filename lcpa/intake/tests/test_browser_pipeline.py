"""The staff pipeline in headless Chromium: axe checks on the pipeline and the bulk-action step,
"Select all on this page" ticking the rows (JavaScript on, under the CSP), no sideways
scrolling on a 390 px wide screen, a short page of compact cards there, and the filters folded
away on narrow screens (a <details>: by keyboard, with and without JavaScript). (Without
JavaScript the bulk flow is plain form POSTs: the Django client tests in test_staff_bulk.py send
exactly those.)"""

import pytest
from django.test import Client

from lcpa.browser import assert_accessible, assert_clean, open_page, sign_in_context
from lcpa.intake.models import InterestRegistration
from lcpa.intake.tests.test_queries import make_registration
from lcpa.testing import make_learning_communities, make_staff

pytestmark = pytest.mark.browser


@pytest.fixture
def pipeline(live_server):
    make_learning_communities()
    staff = make_staff("robin@browser.example")
    colleague = make_staff("sam@browser.example")
    colleague.full_name = "Sam Colleague"
    colleague.save()
    for name in ("Amherst", "Bedford", "Concord"):
        make_registration(jurisdiction_name=name, contact_name=f"{name} Contact")
    return staff, colleague


def tick(page, box_id: str) -> None:
    """USWDS draws the box on the label (the input itself is off screen): click the label."""
    page.locator(f"label[for='{box_id}']").click()


def _assign_all(page, colleague) -> None:
    tick(page, "id_all_on_page")
    page.get_by_role("button", name="Assign the selected").click()
    page.wait_for_selector("h1:has-text('3 registrations')")
    assert_accessible(page, "the bulk-action step")
    page.get_by_label("Assign to").select_option(label="Sam Colleague")
    page.get_by_role("button", name="Apply to 3 registrations").click()
    page.wait_for_selector("text=Assigned 3 registrations to Sam Colleague.")
    assert InterestRegistration.objects.filter(assigned_to=colleague).count() == 3


def test_select_all_ticks_every_row_and_the_bulk_assignment_applies(browser, live_server, pipeline):
    staff, colleague = pipeline
    with open_page(browser, live_server.url) as (page, problems):
        sign_in_context(page.context, Client(), staff, live_server.url)
        page.goto("/staff/registrations/")
        assert_accessible(page, "the pipeline")
        tick(page, "id_all_on_page")
        boxes = page.locator("input[name=selected]")
        assert boxes.count() == 3
        assert all(boxes.nth(i).is_checked() for i in range(3))
        bedford = InterestRegistration.objects.get(jurisdiction_name="Bedford")
        tick(page, f"select-{bedford.pk}")
        assert not page.get_by_label("Select Bedford, MA").is_checked()
        assert not page.get_by_label("Select all on this page").is_checked()
        _assign_all(page, colleague)
        assert_clean(problems, "the pipeline")


def test_no_sideways_scrolling_on_a_narrow_screen(browser, live_server, pipeline):
    staff, _colleague = pipeline
    with open_page(browser, live_server.url) as (page, problems):
        page.set_viewport_size({"width": 390, "height": 844})
        sign_in_context(page.context, Client(), staff, live_server.url)
        page.goto("/staff/registrations/?sort=population")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
        assert_clean(problems, "the pipeline at 390 px")


PHONE = {"width": 390, "height": 844}
PAGE_HEIGHT = "document.documentElement.scrollHeight"
# 25 rows at 390 px: 13,994 px before the filters folded and the cards became compact, 6,102
# after (about 190 px a card).
PHONE_HEIGHT_LIMIT = 7_000


@pytest.fixture
def full_page(pipeline):
    """A full page of 25 rows and a second page, with long names, as a busy pipeline has."""
    staff, colleague = pipeline
    for index in range(24):
        make_registration(
            jurisdiction_name=f"Consolidated City and County of Place {index}",
            contact_name=f"Contact Person Number {index}",
            contact_email=f"contact.person.number.{index}@county-government.example",
            assigned_to=colleague if index % 2 else None,
        )
    return staff


def _filters_open(page) -> bool:
    return page.evaluate("document.getElementById('pipeline-filters').open")


def test_on_a_phone_a_full_page_is_short_and_the_filters_open_by_keyboard(
    browser, live_server, full_page
):
    with open_page(browser, live_server.url) as (page, problems):
        page.set_viewport_size(PHONE)
        sign_in_context(page.context, Client(), full_page, live_server.url)
        page.goto("/staff/registrations/")
        assert page.locator("tbody tr").count() == 25
        height = page.evaluate(PAGE_HEIGHT)
        print(f"pipeline height at 390 px with 25 rows: {height} px")
        assert height <= PHONE_HEIGHT_LIMIT
        assert not _filters_open(page)
        assert not page.get_by_label("Search").is_visible()
        page.locator("#pipeline-filters summary").focus()
        page.keyboard.press("Enter")
        assert _filters_open(page)
        assert page.get_by_label("Search").is_visible()
        assert_accessible(page, "the pipeline at 390 px, filters open")
        assert_clean(problems, "the pipeline at 390 px")


def test_without_javascript_the_filters_fold_say_how_many_are_active_and_open_by_keyboard(
    browser, live_server, full_page
):
    with open_page(browser, live_server.url, javascript=False) as (page, problems):
        page.set_viewport_size({"width": 1280, "height": 800})
        sign_in_context(page.context, Client(), full_page, live_server.url)
        page.goto("/staff/registrations/?status=new&state=MA")
        summary = page.locator("#pipeline-filters summary")
        assert summary.inner_text().strip() == "Filters (2 active)"
        assert not _filters_open(page)
        summary.focus()
        page.keyboard.press("Enter")
        assert _filters_open(page)
        assert page.get_by_label("State").input_value() == "MA"
        assert_clean(problems, "the pipeline without JavaScript")


def test_on_a_wide_screen_the_filters_are_open(browser, live_server, pipeline):
    staff, _colleague = pipeline
    with open_page(browser, live_server.url) as (page, problems):
        page.set_viewport_size({"width": 1280, "height": 800})
        sign_in_context(page.context, Client(), staff, live_server.url)
        page.goto("/staff/registrations/")
        assert _filters_open(page)
        assert page.locator("#pipeline-filters summary").inner_text().strip() == "Filters"
        assert_clean(problems, "the pipeline at 1280 px")
