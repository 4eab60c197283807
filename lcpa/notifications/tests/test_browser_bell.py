"""The header's bell in headless Chromium: a notification that arrives while the page is open
shows in the bell when htmx refreshes it; without JavaScript the bell is still a plain link."""

import pytest

from lcpa.browser import assert_clean, open_page, sign_in_context
from lcpa.notifications.kinds import Kind
from lcpa.notifications.services import notify
from lcpa.testing import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_new_notification_arrives_in_the_bell_without_reloading(browser, live_server, client):
    ana = make_user("ana@example.org")
    with open_page(browser, live_server.url) as (page, problems):
        sign_in_context(page.context, client, ana, live_server.url)
        page.goto("/account/")
        bell = page.locator("#notification-bell")
        assert bell.inner_text() == "Notifications"

        notify(user=ana, kind=Kind.MENTION, title="Ben mentioned you", url="/account/")
        page.evaluate("window.dispatchEvent(new Event('focus'))")  # back to the tab

        count = page.locator("#notification-bell .lc-bell__count")
        count.wait_for()
        assert count.text_content() == "1 unread"
        page.locator("#notification-bell").click()
        page.wait_for_url("**/notifications/")
        assert "Ben mentioned you" in page.locator("main").inner_text()
        assert_clean(problems, "the bell")


def test_without_javascript_the_bell_is_a_link_to_the_page(browser, live_server, client):
    ana = make_user("ana@example.org")
    notify(user=ana, kind=Kind.MENTION, title="Ben mentioned you", url="/account/")
    with open_page(browser, live_server.url, javascript=False) as (page, _problems):
        sign_in_context(page.context, client, ana, live_server.url)
        page.goto("/account/")
        page.get_by_role("link", name="Notifications 1 unread").click()
        page.wait_for_url("**/notifications/")
        assert "Ben mentioned you" in page.locator("main").inner_text()
