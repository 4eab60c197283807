"""Digests: at 07:00 in each person's own time zone (daily, and on Mondays weekly), built by an
hourly task, grouped by cohort, never with what the person already read, never twice for a
period however often or late the task runs, and with a one-click unsubscribe."""

from datetime import UTC, datetime, timedelta
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult

from lcpa.notifications.kinds import Frequency, Kind
from lcpa.notifications.models import DigestRun, DigestSent, EmailPreference, OutboundEmail
from lcpa.notifications.services import Attachment, digests_send, notify
from lcpa.notifications.tasks import send_hourly_digests
from lcpa.testing import make_user

pytestmark = pytest.mark.django_db

TUESDAY = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)  # 10:00 in New York, 07:00 in Los Angeles


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(TUESDAY, tick=False)
    return time_machine


@pytest.fixture
def ana():
    return make_user("ana@example.org")  # New York, the default zone


def reply(user, title, group="Spring 2027 cohort", **extra):
    return notify(
        user=user, kind=Kind.REPLY, title=title, url="/forum/threads/8/", group=group, **extra
    )


def send_at(clock, moment: datetime) -> int:
    clock.move_to(moment, tick=False)
    return digests_send()


def digest_of(user) -> OutboundEmail:
    return OutboundEmail.objects.get(to=[user.email])


def test_the_daily_digest_groups_unread_items_by_cohort_and_leaves_out_what_was_read(ana, clock):
    reply(ana, "Cy replied in “Co-responder shifts”", "Spring 2027 cohort")
    reply(ana, "Dee replied in “Crisis lines”", "Autumn 2026 cohort")
    reply(ana, "Fay replied in a space of no cohort", "")
    seen = reply(ana, "Eve replied in “Already seen”", "Spring 2027 cohort")
    seen.read_at = TUESDAY
    seen.save()
    notify(user=ana, kind=Kind.MENTION, title="A mention goes alone", url="/forum/threads/7/")

    # Wednesday 07:00 in New York is 12:00 UTC in December
    assert send_at(clock, datetime(2026, 12, 2, 11, 0, tzinfo=UTC)) == 0
    assert send_at(clock, datetime(2026, 12, 2, 12, 0, tzinfo=UTC)) == 1

    email = digest_of(ana)
    assert email.subject == "Daily digest: 3 new notifications"
    body = email.body
    assert body.index("Autumn 2026 cohort") < body.index("Dee replied") < body.index("Spring")
    assert body.index("Spring 2027 cohort") < body.index("Cy replied") < body.index("Other")
    assert body.index("Other") < body.index("Fay replied")
    assert "Already seen" not in body
    assert "A mention" not in body
    assert "To stop the daily digest, open http" in body
    assert email.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert DigestSent.objects.get(user=ana).period.isoformat() == "2026-12-02"


def test_each_person_gets_it_at_seven_in_their_own_time_zone(ana, clock):
    lou = make_user("lou@example.org", time_zone="America/Los_Angeles")
    reply(ana, "For Ana")
    reply(lou, "For Lou")  # 07:00 in Los Angeles, now: it came after this morning's digest

    assert send_at(clock, datetime(2026, 12, 2, 12, 0, tzinfo=UTC)) == 1  # 07:00 New York
    assert OutboundEmail.objects.get().to == ["ana@example.org"]
    assert send_at(clock, datetime(2026, 12, 2, 14, 0, tzinfo=UTC)) == 0  # 06:00 Los Angeles
    assert send_at(clock, datetime(2026, 12, 2, 15, 0, tzinfo=UTC)) == 1  # 07:00 Los Angeles
    assert "For Lou" in digest_of(lou).body


@pytest.mark.parametrize(
    ("written", "too_early", "on_time"),
    [
        # the night clocks go forward (14 March 2027): 07:00 EDT is 11:00 UTC
        ("2027-03-13T20:00", "2027-03-14T10:00", "2027-03-14T11:00"),
        # the day before, still winter time: 07:00 EST is 12:00 UTC
        ("2027-03-12T20:00", "2027-03-13T11:00", "2027-03-13T12:00"),
        # the night clocks go back (1 November 2026): 07:00 EST is 12:00 UTC
        ("2026-10-31T20:00", "2026-11-01T11:00", "2026-11-01T12:00"),
        # the day before, still summer time: 07:00 EDT is 11:00 UTC
        ("2026-10-30T20:00", "2026-10-31T10:00", "2026-10-31T11:00"),
    ],
)
def test_seven_in_the_morning_follows_daylight_saving_changes(
    ana, clock, written, too_early, on_time
):
    clock.move_to(datetime.fromisoformat(written).replace(tzinfo=UTC), tick=False)
    reply(ana, "A reply in the evening")

    assert send_at(clock, datetime.fromisoformat(too_early).replace(tzinfo=UTC)) == 0
    assert send_at(clock, datetime.fromisoformat(on_time).replace(tzinfo=UTC)) == 1


def test_a_run_that_comes_twice_or_late_sends_a_days_digest_once(ana, clock):
    reply(ana, "Before the digest")
    # the worker was down at 07:00 New York: the 11:00 run still sends Wednesday's digest
    assert send_at(clock, datetime(2026, 12, 2, 16, 0, tzinfo=UTC)) == 1
    assert send_at(clock, datetime(2026, 12, 2, 16, 0, tzinfo=UTC)) == 0

    reply(ana, "After the digest")  # at 11:00: waits for Thursday's
    assert send_at(clock, datetime(2026, 12, 2, 17, 0, tzinfo=UTC)) == 0
    assert send_at(clock, datetime(2026, 12, 3, 11, 59, tzinfo=UTC)) == 0
    assert send_at(clock, datetime(2026, 12, 3, 12, 0, tzinfo=UTC)) == 1
    first, second = OutboundEmail.objects.order_by("created_at")
    assert "Before the digest" in first.body and "After the digest" not in first.body
    assert "After the digest" in second.body and "Before the digest" not in second.body
    assert sorted(d.isoformat() for d in DigestSent.objects.values_list("period", flat=True)) == [
        "2026-12-02",
        "2026-12-03",
    ]


def test_a_digest_another_run_recorded_for_the_period_is_not_sent_again(ana, clock):
    reply(ana, "A reply")
    DigestSent.objects.create(user=ana, frequency=Frequency.DAILY, period="2026-12-02")
    assert send_at(clock, datetime(2026, 12, 2, 12, 0, tzinfo=UTC)) == 0
    assert not OutboundEmail.objects.exists()


def test_the_weekly_digest_goes_out_on_monday_morning(ana, clock):
    EmailPreference.objects.create(user=ana, kind=Kind.REPLY, frequency=Frequency.WEEKLY)
    reply(ana, "A reply on Tuesday")

    assert send_at(clock, datetime(2026, 12, 2, 12, 0, tzinfo=UTC)) == 0  # Wednesday
    assert send_at(clock, datetime(2026, 12, 7, 11, 0, tzinfo=UTC)) == 0  # Monday 06:00
    assert send_at(clock, datetime(2026, 12, 7, 12, 0, tzinfo=UTC)) == 1  # Monday 07:00
    email = digest_of(ana)
    assert email.subject == "Weekly digest: 1 new notification"
    assert "To stop the weekly digest" in email.body
    assert DigestSent.objects.get(user=ana, frequency=Frequency.WEEKLY).period.isoformat() == (
        "2026-12-07"
    )


def test_what_was_read_before_the_morning_is_not_emailed_at_all(ana, clock):
    seen = reply(ana, "Read in the app the same evening")
    seen.read_at = TUESDAY + timedelta(hours=2)
    seen.save()
    assert send_at(clock, datetime(2026, 12, 2, 12, 0, tzinfo=UTC)) == 0
    assert not OutboundEmail.objects.exists()
    assert not DigestSent.objects.exists()


def test_the_digest_unsubscribe_link_stops_the_next_ones(ana, clock):
    reply(ana, "First reply")
    send_at(clock, datetime(2026, 12, 2, 12, 0, tzinfo=UTC))
    link = digest_of(ana).headers["List-Unsubscribe"].strip("<>")

    response = Client(enforce_csrf_checks=True).post(
        urlsplit(link).path, {"List-Unsubscribe": "One-Click"}
    )

    assert response.status_code == 200
    assert EmailPreference.objects.get(user=ana, kind=Kind.REPLY).frequency == Frequency.OFF
    reply(ana, "Second reply")
    assert send_at(clock, datetime(2026, 12, 3, 12, 0, tzinfo=UTC)) == 0
    assert OutboundEmail.objects.count() == 1


def test_a_digest_carries_the_newest_calendar_file_of_each_event(ana, clock):
    EmailPreference.objects.create(user=ana, kind=Kind.SESSION, frequency=Frequency.DAILY)

    def session_news(title, content):
        notify(
            user=ana,
            kind=Kind.SESSION,
            title=title,
            url="/sessions/4/",
            attachments=[Attachment("session-4.ics", "text/calendar", content)],
        )

    session_news("New session: Data walk", "BEGIN:VCALENDAR\nSEQUENCE:0")
    session_news("New time: Data walk", "BEGIN:VCALENDAR\nSEQUENCE:1")
    send_at(clock, datetime(2026, 12, 2, 12, 0, tzinfo=UTC))

    [attachment] = digest_of(ana).attachments
    assert attachment["filename"] == "session-4.ics"
    assert attachment["content"].endswith("SEQUENCE:1")


def test_digest_queries_do_not_grow_with_people(clock, django_assert_max_num_queries):
    for number in range(6):
        reply(make_user(f"p{number}@example.org"), "A reply")
    clock.move_to(datetime(2026, 12, 2, 12, 0, tzinfo=UTC), tick=False)
    # three reads; per person a savepoint, the lock, the email, its record, the marking
    with django_assert_max_num_queries(3 + 6 * 6):
        assert digests_send() == 6


def test_the_hourly_task_sends_what_is_due_and_queues_the_next_hour_once(ana, clock):
    reply(ana, "A reply")
    clock.move_to(datetime(2026, 12, 2, 12, 3, tzinfo=UTC), tick=False)  # the worker is late

    assert send_hourly_digests.call("2026-12-02T12:00:00+00:00") == 1
    assert send_hourly_digests.call("2026-12-02T12:00:00+00:00") == 0  # a second chain stops
    assert DigestRun.objects.count() == 1
    [next_run] = DBTaskResult.objects.filter(
        task_path="lcpa.notifications.tasks.send_hourly_digests"
    )
    assert next_run.args_kwargs["args"] == ["2026-12-02T13:00:00+00:00"]
    assert next_run.run_after == datetime(2026, 12, 2, 13, 0, tzinfo=UTC)


def test_after_a_stopped_day_the_task_carries_on_from_the_next_hour_not_every_missed_one(
    ana, clock
):
    clock.move_to(datetime(2026, 12, 3, 9, 30, tzinfo=UTC), tick=False)
    send_hourly_digests.call("2026-12-02T12:00:00+00:00")
    [next_run] = DBTaskResult.objects.filter(
        task_path="lcpa.notifications.tasks.send_hourly_digests"
    )
    assert next_run.args_kwargs["args"] == ["2026-12-03T10:00:00+00:00"]


def test_the_command_sends_what_is_due_or_starts_the_hourly_task(ana, clock):
    reply(ana, "A reply")
    clock.move_to(datetime(2026, 12, 2, 12, 10, tzinfo=UTC), tick=False)
    out = StringIO()
    call_command("send_notification_digests", stdout=out)
    call_command("send_notification_digests", stdout=out)
    assert out.getvalue() == "Sent 1 digest email.\nSent 0 digest emails.\n"

    out = StringIO()
    call_command("send_notification_digests", "--hourly", stdout=out)
    assert "first at 2026-12-02 13:00 UTC, then every hour" in out.getvalue()
    assert DBTaskResult.objects.filter(
        task_path="lcpa.notifications.tasks.send_hourly_digests"
    ).exists()
