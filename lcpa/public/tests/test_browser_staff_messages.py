"""The staff pages for contact messages in headless Chromium: they pass axe (with and without
errors) and fit a 390 px wide screen."""

import uuid

import pytest
from django.test import Client

from lcpa.browser import assert_accessible, assert_clean, open_page, sign_in_context
from lcpa.public.models import ContactMessage
from lcpa.public.services import contact_message_submit
from lcpa.testing import make_staff

pytestmark = pytest.mark.browser


@pytest.fixture
def contact(live_server):
    return contact_message_submit(
        submission_key=uuid.uuid4(),
        name="Jordan Rivera",
        email="jordan@city.example",
        organisation="City of Springfield",
        topic=ContactMessage.Topic.JOINING,
        message="Could our county join the next crisis systems cohort? " * 12,
    )


def test_staff_read_assign_and_answer_a_message(browser, live_server, contact):
    staff = make_staff()
    with open_page(browser, live_server.url) as (page, problems):
        sign_in_context(page.context, Client(), staff, live_server.url)
        page.goto(live_server.url + "/staff/")
        page.get_by_role("link", name="See the new messages").click()
        page.wait_for_url("**/staff/messages/?status=new")
        assert_accessible(page, "the messages list")
        page.get_by_role("link", name="Jordan Rivera").click()
        page.wait_for_url(f"**/staff/messages/{contact.pk}/")
        assert_accessible(page, "a message")

        with page.expect_navigation():
            page.get_by_role("button", name="Mark answered").click()
        page.locator("#error-summary").wait_for()
        assert_accessible(page, "a message with an error")
        problems.console_errors[:] = [
            m for m in problems.console_errors if "status of 400" not in m
        ]

        page.get_by_label("Staff member who answers").select_option(str(staff.pk))
        with page.expect_navigation():
            page.get_by_role("button", name="Assign").click()
        page.get_by_label("How was it answered?").fill("Replied with the cohort dates.")
        with page.expect_navigation():
            page.get_by_role("button", name="Mark answered").click()
        assert "The message is marked answered." in page.locator("main").inner_text()
        assert_clean(problems, "answering a message")

    contact.refresh_from_db()
    assert contact.status == ContactMessage.Status.ANSWERED
    assert contact.assigned_to == staff


@pytest.mark.parametrize("path", ["/staff/", "/staff/messages/", "/staff/messages/{pk}/"])
def test_the_dashboard_and_message_pages_fit_a_narrow_screen(browser, live_server, contact, path):
    with open_page(browser, live_server.url) as (page, problems):
        sign_in_context(page.context, Client(), make_staff(), live_server.url)
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(live_server.url + path.format(pk=contact.pk))
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert_clean(problems, path)
