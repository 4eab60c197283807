"""A member starts a forum thread and a peer replies, in headless Chromium, with axe checks and
a reflow check (no sideways scroll on a phone) on every forum page."""

import pytest
from django.test import Client

from lcpa.browser import assert_accessible, assert_clean, open_page, sign_in_context
from lcpa.community.models import Post, Space, Thread
from lcpa.testing import make_cast

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
# A word with nowhere to break: it must wrap rather than push the page sideways.
LONG_WORD = "Co-responder" + "x" * 80


def _assert_no_sideways_scroll(page, what: str) -> None:
    for size in (PHONE, {"width": 640, "height": 400}):
        page.set_viewport_size(size)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= size["width"], f"{what} is {width} px wide at {size['width']} px"


def test_a_member_starts_a_thread_and_a_peer_replies(browser, live_server, transactional_db):
    cast = make_cast()
    with open_page(browser, live_server.url) as (page, problems):
        sign_in_context(page.context, Client(), cast.member_a1, live_server.url)
        page.goto(f"{live_server.url}/account/")
        with page.expect_navigation():
            page.get_by_role("link", name="Forum").click()
        page.get_by_role("heading", level=1, name="Forum").wait_for()
        assert_accessible(page, "the list of spaces")
        _assert_no_sideways_scroll(page, "the list of spaces")

        with page.expect_navigation():
            page.get_by_role("link", name=cast.cohort.name).click()
        assert_accessible(page, "an empty space")
        with page.expect_navigation():
            page.get_by_role("link", name="Start a thread").click()

        # A thread without a title is refused; the message stays in the box.
        page.get_by_label("Message").fill(f"Who answers at night? {LONG_WORD}")
        with page.expect_navigation():
            page.get_by_role("button", name="Post the thread").click()
        page.get_by_role("link", name="Enter a title for your thread.").wait_for()
        assert_accessible(page, "the new-thread form with a problem")
        assert LONG_WORD in page.get_by_label("Message").input_value()
        # The refusal is a 400, which the browser logs: expected here, and nothing else.
        problems.console_errors[:] = [
            m for m in problems.console_errors if "status of 400" not in m
        ]

        page.get_by_label("Title").fill(f"Night coverage {LONG_WORD}")
        page.locator("label", has_text="This is a question").click()
        with page.expect_navigation():
            page.get_by_role("button", name="Post the thread").click()
        page.get_by_role("heading", level=1, name="Night coverage").wait_for()
        assert_accessible(page, "a thread")
        _assert_no_sideways_scroll(page, "a thread")
        thread = Thread.objects.get()
        assert thread.is_question and thread.space == Space.objects.get(cohort=cast.cohort)
        assert_clean(problems, "the forum, as the member who started the thread")

    with open_page(browser, live_server.url) as (page, problems):
        sign_in_context(page.context, Client(), cast.member_b, live_server.url)
        page.goto(f"{live_server.url}/forum/{thread.space_id}/")
        assert_accessible(page, "a space with a thread")
        _assert_no_sideways_scroll(page, "a space with a thread")
        with page.expect_navigation():
            page.get_by_role("link", name=f"Night coverage {LONG_WORD}", exact=True).click()
        page.get_by_label("Your reply").fill("A clinician is on call from 8 pm.")
        with page.expect_navigation():
            page.get_by_role("button", name="Post the reply").click()
        page.get_by_text("A clinician is on call from 8 pm.").wait_for()
        assert Post.objects.filter(thread=thread, author=cast.member_b).count() == 1
        assert_clean(problems, "the forum, as the peer who replied")
