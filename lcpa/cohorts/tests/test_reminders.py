"""Session reminders: queued two days and one hour before, right across daylight-saving changes,
and sent to the cohort's active members: in the app always, by email unless they turned
reminders off in their email settings (the "session_reminder" kind's preference, the only
switch).

The sessions below are in 2027; the suite's clock stands at lcpa.testing.NOW (1 December 2026),
so they stay in the future, and their reminders stay due, on whatever day the suite runs."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lcpa.cohorts.models import Membership, Session
from lcpa.cohorts.services import session_reschedule, session_schedule
from lcpa.cohorts.tasks import send_session_reminder
from lcpa.notifications.kinds import Frequency, Kind
from lcpa.notifications.models import EmailPreference, Notification, OutboundEmail
from lcpa.testing import a_staff_member, module_of, run_due_tasks

NEW_YORK = ZoneInfo("America/New_York")
TASK = "lcpa.cohorts.tasks.send_session_reminder"


def queued_reminders(session: Session) -> dict[str, datetime]:
    rows = DBTaskResult.objects.filter(task_path=TASK)
    reminders = {}
    for row in rows:
        session_id, kind, _expected = row.args_kwargs["args"]
        if session_id == session.pk:
            reminders[kind] = row.run_after
    return reminders


def schedule(cohort, starts_at: datetime, capture) -> Session:
    with capture(execute=True):
        return session_schedule(
            by=a_staff_member(),
            module=module_of(cohort, 1),
            title="Vision and charter",
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=1),
        )


def test_reminders_keep_the_wall_clock_time_when_daylight_saving_begins(
    cast, django_capture_on_commit_callbacks
):
    # Monday 15 March 2027, 10:00 in New York; clocks went forward on Sunday 14 March.
    starts_at = datetime(2027, 3, 15, 10, 0, tzinfo=NEW_YORK)
    session = schedule(cast.cohort, starts_at, django_capture_on_commit_callbacks)
    reminders = queued_reminders(session)
    # Two days before is Saturday 13 March at 10:00 EST (UTC-5) = 15:00 UTC.
    assert reminders["two_days"] == datetime(2027, 3, 13, 15, 0, tzinfo=UTC)
    # The session itself is 10:00 EDT (UTC-4) = 14:00 UTC, so one hour before is 13:00 UTC.
    assert reminders["one_hour"] == datetime(2027, 3, 15, 13, 0, tzinfo=UTC)


def test_reminders_keep_the_wall_clock_time_when_daylight_saving_ends(
    cast, django_capture_on_commit_callbacks
):
    # Monday 8 November 2027, 10:00 in New York; clocks went back on Sunday 7 November.
    starts_at = datetime(2027, 11, 8, 10, 0, tzinfo=NEW_YORK)
    session = schedule(cast.cohort, starts_at, django_capture_on_commit_callbacks)
    reminders = queued_reminders(session)
    # Saturday 6 November 10:00 EDT (UTC-4) = 14:00 UTC; the session is 10:00 EST = 15:00 UTC.
    assert reminders["two_days"] == datetime(2027, 11, 6, 14, 0, tzinfo=UTC)
    assert reminders["one_hour"] == datetime(2027, 11, 8, 14, 0, tzinfo=UTC)


def test_the_task_carries_the_start_time_it_was_queued_for(
    cast, django_capture_on_commit_callbacks
):
    starts_at = datetime(2027, 3, 15, 10, 0, tzinfo=NEW_YORK)
    session = schedule(cast.cohort, starts_at, django_capture_on_commit_callbacks)
    row = DBTaskResult.objects.filter(task_path=TASK).first()
    assert datetime.fromisoformat(row.args_kwargs["args"][2]) == starts_at
    assert row.args_kwargs["args"][0] == session.pk


def test_no_reminder_is_queued_for_a_time_already_past(cast, django_capture_on_commit_callbacks):
    schedule(cast.cohort, timezone.now() + timedelta(hours=3), django_capture_on_commit_callbacks)
    kinds = [row.args_kwargs["args"][1] for row in DBTaskResult.objects.filter(task_path=TASK)]
    assert kinds == ["one_hour"]


def test_moving_a_session_queues_new_reminders(cast, django_capture_on_commit_callbacks):
    starts_at = datetime(2027, 3, 15, 10, 0, tzinfo=NEW_YORK)
    session = schedule(cast.cohort, starts_at, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        session_reschedule(
            session=session,
            starts_at=starts_at + timedelta(days=7),
            ends_at=starts_at + timedelta(days=7, hours=1),
            by=cast.staff,
        )
    run_afters = sorted(row.run_after for row in DBTaskResult.objects.filter(task_path=TASK))
    assert datetime(2027, 3, 20, 14, 0, tzinfo=UTC) in run_afters  # Saturday 10:00 EDT
    assert len(run_afters) == 4


@pytest.fixture
def soon(cast):
    starts_at = timezone.now() + timedelta(days=2)
    return Session.objects.create(
        cohort=cast.cohort,
        module=module_of(cast.cohort, 1),
        title="Vision and charter",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        meeting_url="https://meet.example.org/x",
    )


def send(session: Session, kind: str = "two_days", expected: datetime | None = None) -> int:
    return send_session_reminder.call(session.pk, kind, (expected or session.starts_at).isoformat())


def recipients() -> set[str]:
    return {address for email in OutboundEmail.objects.all() for address in email.to}


def test_the_task_emails_every_active_member_of_the_cohort(cast, soon):
    assert send(soon) == 3
    assert recipients() == {
        cast.member_a1.email,
        cast.member_a2.email,
        cast.member_b.email,
    }
    email = OutboundEmail.objects.get(to=[cast.member_b.email])
    assert email.subject == "In two days: Vision and charter"
    assert f"/sessions/{soon.pk}/" in email.body


def test_each_member_reads_the_time_in_their_own_time_zone(cast):
    starts_at = datetime(2027, 3, 15, 14, 0, tzinfo=UTC)  # 10:00 EDT, 7:00 PDT
    session = Session.objects.create(
        cohort=cast.cohort,
        module=module_of(cast.cohort, 1),
        title="Vision and charter",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
    )
    cast.member_b.time_zone = "America/Los_Angeles"
    cast.member_b.save()
    send(session)
    west = OutboundEmail.objects.get(to=[cast.member_b.email]).body
    assert "When: Monday, March 15, 2027, 7:00 AM to 8:00 AM PDT" in west
    assert "Times are in your time zone, America/Los Angeles" in west
    assert "Eastern" not in west
    east = OutboundEmail.objects.get(to=[cast.member_a1.email]).body
    assert "When: Monday, March 15, 2027, 10:00 AM to 11:00 AM EDT" in east


def test_the_one_hour_reminder_says_so(cast, soon):
    send(soon, "one_hour")
    assert OutboundEmail.objects.first().subject == "In one hour: Vision and charter"


def test_members_who_turned_reminder_emails_off_see_them_only_in_the_app(cast, soon):
    EmailPreference.objects.create(
        user=cast.member_a2, kind=Kind.SESSION_REMINDER, frequency=Frequency.OFF
    )
    send(soon)
    assert cast.member_a2.email not in recipients()
    assert cast.member_a1.email in recipients()
    assert Notification.objects.filter(user=cast.member_a2, kind=Kind.SESSION_REMINDER).exists()


def test_removed_members_get_none(cast, soon):
    Membership.objects.filter(user=cast.member_a1).update(removed_at=timezone.now())
    send(soon)
    assert recipients() == {cast.member_a2.email, cast.member_b.email}


def test_members_of_other_cohorts_get_none(cast, soon):
    send(soon)
    assert cast.outsider.email not in recipients()


def test_a_session_that_moved_sends_nothing_from_its_old_reminder(cast, soon):
    old_start = soon.starts_at
    soon.starts_at += timedelta(days=1)
    soon.ends_at += timedelta(days=1)
    soon.save()
    assert send(soon, expected=old_start) == 0
    assert not OutboundEmail.objects.exists()


def test_a_deleted_session_sends_nothing(cast, soon):
    starts_at = soon.starts_at
    pk = soon.pk
    soon.delete()
    assert send_session_reminder.call(pk, "two_days", starts_at.isoformat()) == 0


def test_queued_reminders_are_delivered_by_the_worker(
    cast, soon, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_session_reminder.enqueue(soon.pk, "two_days", soon.starts_at.isoformat())
    with django_capture_on_commit_callbacks(execute=True):
        run_due_tasks()
    run_due_tasks()
    assert {message.to[0] for message in mail.outbox} == {
        cast.member_a1.email,
        cast.member_a2.email,
        cast.member_b.email,
    }
