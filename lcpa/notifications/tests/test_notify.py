"""notify: a notification is stored for the person and emailed with a link into the site."""

from datetime import UTC, datetime

import pytest
from django.core import mail

from lcpa.notifications.kinds import Frequency, Kind
from lcpa.notifications.models import EmailPreference, Notification, OutboundEmail
from lcpa.notifications.services import Attachment, notify
from lcpa.testing import make_user, run_due_tasks

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


def test_its_email_is_written_in_the_persons_own_time_zone(tmp_path, settings):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    (tmp_path / "when.txt").write_text("{{ starts|date:'g:i A T' }} ({{ zone }})")
    person = make_user("lou@example.org", time_zone="America/Los_Angeles")

    notify(
        user=person,
        kind=Kind.SESSION,
        title="New session",
        url="/sessions/4/",
        email_template="when.txt",
        context={"starts": datetime(2026, 12, 3, 17, 0, tzinfo=UTC)},
    )

    assert Notification.objects.get().email_body == "9:00 AM PST (America/Los Angeles)"


def test_at_once_queues_the_email_now_with_its_calendar_file(django_capture_on_commit_callbacks):
    person = make_user("ana@example.org")
    invitation = Attachment("office-hour.ics", "text/calendar", "BEGIN:VCALENDAR")

    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(
            user=person,
            kind=Kind.OFFICE_HOURS,
            title="Office hour booked",
            url="/guidance/bookings/1/",
            attachments=[invitation],
            at_once=True,
        )

    [email] = OutboundEmail.objects.all()
    assert email.subject == "Office hour booked"
    assert email.attachments == [invitation.as_json()]
    assert "To stop emails about “office-hour bookings”" in email.body
    notification.refresh_from_db()
    assert notification.email == email and notification.emailed_at is not None
    run_due_tasks()
    [sent] = mail.outbox
    assert sent.attachments[0][0] == "office-hour.ics"


@pytest.mark.parametrize("frequency", [Frequency.DAILY, Frequency.OFF])
def test_at_once_still_obeys_the_persons_choice(frequency):
    person = make_user("ana@example.org")
    EmailPreference.objects.create(user=person, kind=Kind.OFFICE_HOURS, frequency=frequency)

    notify(user=person, kind=Kind.OFFICE_HOURS, title="Booked", url="/guidance/", at_once=True)

    assert not OutboundEmail.objects.exists()
    assert Notification.objects.get().emailed_at is None
