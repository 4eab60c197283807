"""A member posts a forum thread mentioning a peer on another team, who is reading another page:
the bell in the header picks the notification up (htmx, no reload), and it leads to the
thread. In headless Chromium, with axe checks."""

import pytest
from django.test import Client

from lcpa.browser import assert_accessible, assert_clean, open_page, sign_in_context
from lcpa.community.models import Thread
from lcpa.notifications.models import Notification
from lcpa.testing import make_cast

pytestmark = pytest.mark.browser


def test_a_mentioned_member_sees_the_notification_arrive_in_the_bell(
    browser, live_server, transactional_db
):
    cast = make_cast()
    base = live_server.url
    with open_page(browser, base) as (reader, reader_problems):
        sign_in_context(reader.context, Client(), cast.member_b, base)
        reader.goto(f"{base}/account/")
        bell = reader.locator("#notification-bell")
        bell.wait_for()
        assert bell.locator(".lc-bell__count").count() == 0

        with open_page(browser, base) as (page, problems):
            sign_in_context(page.context, Client(), cast.member_a1, base)
            page.goto(f"{base}/forum/")
            with page.expect_navigation():
                page.get_by_role("link", name=cast.cohort.name).click()
            with page.expect_navigation():
                page.get_by_role("link", name="Start a thread").click()
            page.get_by_label("Title").fill("Covering nights")
            page.get_by_label("Message").fill(
                f"@{cast.member_b.full_name} how does your team cover nights?"
            )
            with page.expect_navigation():
                page.get_by_role("button", name="Post the thread").click()
            page.get_by_role("heading", level=1, name="Covering nights").wait_for()
            assert_clean(problems, "posting the thread")
        thread = Thread.objects.get()
        assert Notification.objects.filter(user=cast.member_b).count() == 1

        # The bell asks again when the window gets focus (and every 30 seconds).
        reader.evaluate("window.dispatchEvent(new Event('focus'))")
        count = reader.locator("#notification-bell .lc-bell__count")
        count.wait_for()
        assert count.inner_text().startswith("1")
        assert reader.get_by_role("link", name="Notifications 1 unread").count() == 1
        with reader.expect_navigation():
            reader.locator("#notification-bell").click()
        reader.get_by_role("heading", level=1, name="Notifications").wait_for()
        assert_accessible(reader, "the notifications page with the mention")
        link = reader.get_by_role("link", name="Covering nights")
        with reader.expect_navigation():
            link.click()
        reader.get_by_role("heading", level=1, name="Covering nights").wait_for()
        assert reader.url.startswith(f"{base}/forum/threads/{thread.pk}/")
        assert Notification.objects.get(user=cast.member_b).read_at is not None
        assert reader.locator("#notification-bell .lc-bell__count").count() == 0
        assert_clean(reader_problems, "the mentioned member's pages")
