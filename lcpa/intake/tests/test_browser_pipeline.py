"""The staff pipeline in headless Chromium: axe checks on the pipeline and the bulk-action step,
"Select all on this page" ticking the rows (JavaScript on, under the CSP), and no sideways
scrolling on a 390 px wide screen. (Without JavaScript the flow is plain form POSTs: the Django
client tests in test_staff_bulk.py send exactly those.)"""

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
