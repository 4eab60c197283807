"""notify: a notification is stored for the person and emailed with a link into the site."""

import pytest

from lcpa.notifications.kinds import Kind
from lcpa.notifications.models import Notification, OutboundEmail
from lcpa.notifications.services import notify
from lcpa.testing import make_user

pytestmark = pytest.mark.django_db


def test_it_stores_the_notification_unread_and_emails_a_link_into_the_site(settings):
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
    assert (stored.user, stored.kind, stored.read_at) == (person, "reply", None)
    email = OutboundEmail.objects.get()
    assert stored.email == email
    assert email.to == ["ana@example.org"]
    assert email.subject == "Ben replied in “Dispatch codes”"
    assert "https://lc.example.org/forum/threads/7/" in email.body
