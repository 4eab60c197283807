"""notify: a notification is stored for the person and emailed with a link into the site."""

import pytest

from lcpa.notifications.kinds import Kind
from lcpa.notifications.models import Notification, OutboundEmail
from lcpa.notifications.services import notify
from lcpa.testing import make_user

pytestmark = pytest.mark.django_db


def test_it_stores_the_notification_unread_with_its_email_written_for_later(settings):
    settings.SITE_URL = "https://lc.example.org"
    person = make_user("ana@example.org")

    notification = notify(
        user=person,
        kind=Kind.REPLY,
        title="Ben replied in “Dispatch codes”",
        url="/forum/threads/7/",
    )

    stored = Notification.objects.get()
    assert stored == notification
    assert (stored.user, stored.kind, stored.read_at, stored.emailed_at) == (
        person,
        "reply",
        None,
        None,
    )
    assert "Ben replied in “Dispatch codes”" in stored.email_body
    assert "https://lc.example.org/forum/threads/7/" in stored.email_body
    assert OutboundEmail.objects.count() == 0  # replies go in the daily digest by default
