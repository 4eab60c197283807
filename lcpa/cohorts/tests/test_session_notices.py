"""A new session is announced to the cohort through the notification centre: a notification each
(in the bell) and an email as each person chose for sessions, with its calendar file and the
time in their own zone; nothing by email about what they already opened in the app."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from lcpa.cohorts.services import session_schedule
from lcpa.cohorts.tasks import send_session_reminder
from lcpa.notifications.kinds import Frequency, Kind
from lcpa.notifications.models import EmailPreference, Notification, OutboundEmail
from lcpa.notifications.services import digests_send
from lcpa.testing import module_of, run_due_tasks

pytestmark = pytest.mark.django_db

STARTS = datetime(2027, 1, 12, 15, 0, tzinfo=UTC)  # 10:00 in New York, 7:00 in Los Angeles


@pytest.fixture
def west(cast):
    cast.member_b.time_zone = "America/Los_Angeles"
    cast.member_b.save(update_fields=["time_zone"])
    return cast


def schedule(cast, starts_at=STARTS):
    return session_schedule(
        by=cast.staff,
        module=module_of(cast.cohort, 1),
        title="Vision and charter",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        meeting_url="https://meet.example.org/charter",
        facilitators=[cast.staff],
    )


def after_the_delay(time_machine, commits) -> list:
    time_machine.move_to(datetime.now(UTC) + timedelta(minutes=11))
    with commits(execute=True):
        run_due_tasks()  # the notifications' emails are queued...
    run_due_tasks()  # ...and sent
    return list(mail.outbox)


def test_a_new_session_is_in_everyones_bell_and_emailed_alone_in_their_zone(
    client, west, time_machine, django_capture_on_commit_callbacks
):
    cast = west
    cast.cohort.facilitators.add(cast.staff)
    with django_capture_on_commit_callbacks(execute=True):
        session = schedule(cast)

    told = Notification.objects.filter(kind=Kind.SESSION)
    everyone = {cast.member_a1.email, cast.member_a2.email, cast.member_b.email, cast.staff.email}
    assert {n.user.email for n in told} == everyone
    assert {n.url for n in told} == {reverse("cohorts:session", args=[session.pk])}
    assert not told.filter(user=cast.outsider).exists()
    client.force_login(cast.member_a1)
    assert "New session: Vision and charter" in client.get(reverse("notifications:list")).text

    sent = after_the_delay(time_machine, django_capture_on_commit_callbacks)
    assert sorted(message.to for message in sent) == sorted([address] for address in everyone)
    to_b = next(message for message in sent if message.to == [cast.member_b.email])
    assert to_b.subject == "New session: Vision and charter"
    assert "Tuesday, January 12, 2027, 7:00 AM to 8:00 AM PST" in to_b.body
    assert "Times are in your time zone, America/Los Angeles." in to_b.body
    to_a1 = next(message for message in sent if message.to == [cast.member_a1.email])
    assert "10:00 AM to 11:00 AM EST" in to_a1.body
    [(filename, content, content_type)] = to_b.attachments
    assert filename == f"session-{session.pk}.ics"
    assert content_type.startswith("text/calendar")
    [event] = Calendar.from_ical(content).walk("VEVENT")
    assert event.decoded("dtstart") == STARTS
    assert "https://meet.example.org/charter" in str(event["location"])


def test_a_member_who_opened_it_in_the_app_first_gets_no_email_about_it(
    client, cast, time_machine, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        schedule(cast)
    notification = Notification.objects.get(user=cast.member_a2)
    client.force_login(cast.member_a2)
    client.get(reverse("notifications:go", args=[notification.pk]))

    sent = after_the_delay(time_machine, django_capture_on_commit_callbacks)

    assert [cast.member_a2.email] not in [message.to for message in sent]
    assert [cast.member_a1.email] in [message.to for message in sent]


def test_each_persons_choice_for_sessions_holds_a_digest_or_no_email(
    cast, time_machine, django_capture_on_commit_callbacks
):
    EmailPreference.objects.create(user=cast.member_a1, kind=Kind.SESSION, frequency="daily")
    EmailPreference.objects.create(user=cast.member_a2, kind=Kind.SESSION, frequency="off")
    with django_capture_on_commit_callbacks(execute=True):
        session = schedule(cast)

    sent = after_the_delay(time_machine, django_capture_on_commit_callbacks)
    assert sorted(message.to for message in sent) == [[cast.member_b.email], [cast.staff.email]]

    time_machine.move_to(datetime(2026, 12, 2, 12, 0, tzinfo=UTC))  # 07:00 in New York
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send() == 1
    digest = OutboundEmail.objects.get(to=[cast.member_a1.email])
    assert digest.subject == "Daily digest: 1 new notification"
    assert "New session: Vision and charter" in digest.body
    assert [file["filename"] for file in digest.attachments] == [f"session-{session.pk}.ics"]
    assert not OutboundEmail.objects.filter(to=[cast.member_a2.email]).exists()
    assert Notification.objects.filter(user=cast.member_a2, kind=Kind.SESSION).exists()


def test_a_session_scheduled_after_it_took_place_is_announced_to_nobody(cast):
    schedule(cast, starts_at=datetime(2026, 11, 3, 15, 0, tzinfo=UTC))
    assert not Notification.objects.exists()


def test_a_reminder_is_in_the_bell_and_emailed_at_once_unless_reminder_emails_are_off(cast):
    session = schedule(cast)
    Notification.objects.all().delete()
    EmailPreference.objects.create(
        user=cast.member_a2, kind=Kind.SESSION_REMINDER, frequency=Frequency.OFF
    )

    send_session_reminder.call(session.pk, "one_hour", session.starts_at.isoformat())

    reminded = Notification.objects.filter(kind=Kind.SESSION_REMINDER)
    assert {n.user.email for n in reminded} == {
        cast.member_a1.email,
        cast.member_a2.email,
        cast.member_b.email,
    }
    emailed = {email.to[0] for email in OutboundEmail.objects.all()}
    assert emailed == {cast.member_a1.email, cast.member_b.email}
    email = OutboundEmail.objects.get(to=[cast.member_a1.email])
    assert email.subject == "In one hour: Vision and charter"
    assert "To stop emails about “reminders before your sessions”" in email.body
