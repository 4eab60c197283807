"""The morning reminder: each staff member gets one notification a day listing the open
registrations assigned to them whose follow-up is due that day or overdue, emailed at once
(through lcpa.notifications, after its short delay) unless they turned these reminders off or
opened it in the app first. The clock is lcpa.testing.NOW (Tuesday 1 December 2026, 10:00 in
New York); tests move it with time_machine."""

import io
import zoneinfo
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from lcpa.intake.models import FollowUpReminder, InterestRegistration
from lcpa.intake.services import followup_reminders_send
from lcpa.intake.tasks import send_daily_followup_reminders
from lcpa.intake.tests.test_queries import make_registration
from lcpa.notifications.kinds import Frequency, Kind
from lcpa.notifications.models import EmailPreference, Notification, OutboundEmail
from lcpa.notifications.unsubscribe import unsubscribe_token
from lcpa.testing import make_staff, run_due_tasks

TODAY = date(2026, 12, 1)
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
TASK = "lcpa.intake.tasks.send_daily_followup_reminders"


@pytest.fixture(autouse=True)
def _no_email_delay(settings):
    """Reminders are emailed as soon as the worker runs (the delay has its own tests)."""
    settings.NOTIFICATION_EMAIL_DELAY = timedelta(0)


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    """remind(today=...): send the reminders and let the worker email them."""

    def remind(**kwargs) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            sent = followup_reminders_send(**kwargs)
        run_due_tasks()
        return sent

    return remind


@pytest.fixture
def robin(db):
    robin = make_staff("robin@program.example")
    robin.full_name = "Robin Staff"
    robin.save()
    return robin


@pytest.fixture
def sam(db):
    return make_staff("sam@program.example")


@pytest.fixture
def pipeline(communities, robin, sam):
    """Robin: one due today, one overdue, one due tomorrow, one closed and overdue. Sam: one
    due tomorrow. Nobody: one overdue."""
    return {
        "today": make_registration(
            jurisdiction_name="Todayville", assigned_to=robin, follow_up_due_on=TODAY
        ),
        "late": make_registration(
            jurisdiction_name="Lateburg", assigned_to=robin, follow_up_due_on=date(2026, 11, 20)
        ),
        "tomorrow": make_registration(
            jurisdiction_name="Soonton", assigned_to=robin, follow_up_due_on=date(2026, 12, 2)
        ),
        "closed": make_registration(
            jurisdiction_name="Closedham",
            assigned_to=robin,
            status=InterestRegistration.Status.DECLINED,
            follow_up_due_on=date(2026, 11, 2),
        ),
        "sams": make_registration(
            jurisdiction_name="Samford", assigned_to=sam, follow_up_due_on=date(2026, 12, 2)
        ),
        "nobodys": make_registration(
            jurisdiction_name="Orphanton", follow_up_due_on=date(2026, 11, 2)
        ),
    }


def test_each_staff_member_gets_their_due_and_overdue_follow_ups(robin, pipeline, settings, remind):
    assert remind(today=TODAY) == 1
    email = OutboundEmail.objects.get()
    assert email.to == ["robin@program.example"]
    assert email.subject == "Follow-ups due today: 2"
    due_today, overdue = email.body.split("Overdue:")
    assert "Due today, Tuesday, December 1:" in due_today
    link = f"{settings.SITE_URL}/staff/registrations/{pipeline['today'].pk}/"
    assert f"- Todayville, MA (New): {link}\n" in due_today
    assert "Lateburg" not in due_today
    assert "Lateburg, MA (New), due November 20" in overdue
    for absent in ("Soonton", "Closedham", "Samford", "Orphanton"):
        assert absent not in email.body
    assert FollowUpReminder.objects.get().registrations == 2


def test_the_reminder_is_in_the_app_and_its_email_has_a_one_click_unsubscribe(
    robin, pipeline, settings, remind
):
    remind(today=TODAY)
    notification = Notification.objects.get(user=robin)
    assert notification.kind == Kind.FOLLOW_UP_REMINDER
    assert notification.title == "Follow-ups due today: 2"
    assert notification.url == reverse("intake:staff_pipeline") + "?assigned=me&sort=due"
    email = OutboundEmail.objects.get()
    assert f"{settings.SITE_URL}/staff/registrations/?assigned=me&sort=due" in email.body
    token = unsubscribe_token(user_id=robin.pk, what=Kind.FOLLOW_UP_REMINDER)
    link = settings.SITE_URL + reverse("notifications:unsubscribe", args=[token])
    assert "To stop emails about “morning reminders of follow-ups due (staff)”" in email.body
    assert email.headers["List-Unsubscribe"] == f"<{link}>"


def test_a_reminder_opened_in_the_app_before_its_email_goes_is_not_emailed(
    robin, pipeline, settings, client, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_EMAIL_DELAY = timedelta(minutes=10)
    with django_capture_on_commit_callbacks(execute=True):
        followup_reminders_send(today=TODAY)
    client.force_login(robin)
    client.get(reverse("notifications:go", args=[Notification.objects.get().pk]))
    with time_machine.travel(datetime(2026, 12, 1, 10, 30, tzinfo=NEW_YORK), tick=False):
        run_due_tasks()
    assert not OutboundEmail.objects.exists()


def test_staff_who_turned_these_reminders_off_see_them_only_in_the_app(robin, pipeline, remind):
    EmailPreference.objects.create(
        user=robin, kind=Kind.FOLLOW_UP_REMINDER, frequency=Frequency.OFF
    )
    assert remind(today=TODAY) == 1
    assert Notification.objects.filter(user=robin).count() == 1
    assert not OutboundEmail.objects.exists()


def test_a_second_run_the_same_day_sends_nothing_more(robin, pipeline, remind):
    remind(today=TODAY)
    assert remind(today=TODAY) == 0
    assert OutboundEmail.objects.count() == 1
    assert Notification.objects.count() == 1


def test_the_next_morning_brings_the_next_reminder(robin, sam, pipeline, remind):
    remind(today=TODAY)
    with time_machine.travel(datetime(2026, 12, 2, 7, 0, tzinfo=NEW_YORK), tick=False):
        assert remind() == 2  # today is the office's date
    tomorrow = OutboundEmail.objects.filter(subject="Follow-ups due today: 3").get()
    assert tomorrow.to == ["robin@program.example"]
    assert "Soonton" in tomorrow.body
    assert OutboundEmail.objects.filter(to=["sam@program.example"]).exists()


def test_nobody_is_reminded_when_nothing_is_due(robin, communities, remind):
    make_registration(assigned_to=robin, follow_up_due_on=date(2026, 12, 9))
    assert remind(today=TODAY) == 0
    assert not OutboundEmail.objects.exists()
    assert not Notification.objects.exists()


def test_an_inactive_staff_member_is_not_reminded(robin, pipeline):
    robin.is_active = False
    robin.save()
    assert followup_reminders_send(today=TODAY) == 0


def test_the_command_sends_todays_reminders_once(
    robin, pipeline, django_capture_on_commit_callbacks
):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_followup_reminders", stdout=out)
        call_command("send_followup_reminders", stdout=out)
    run_due_tasks()
    assert out.getvalue() == "Sent 1 reminder.\nSent 0 reminders.\n"
    assert OutboundEmail.objects.count() == 1


def test_the_daily_task_sends_then_queues_itself_for_the_next_morning(
    robin, pipeline, django_capture_on_commit_callbacks
):
    out = io.StringIO()
    call_command("send_followup_reminders", "--daily", stdout=out)
    assert "first on 2026-12-02 at 07:00" in out.getvalue()
    queued = DBTaskResult.objects.get(task_path=TASK)
    assert queued.run_after == datetime(2026, 12, 2, 7, 0, tzinfo=NEW_YORK)
    assert queued.args_kwargs["args"] == ["2026-12-02"]
    run_due_tasks()  # still 1 December: not yet
    assert not OutboundEmail.objects.exists()

    with time_machine.travel(datetime(2026, 12, 2, 7, 1, tzinfo=NEW_YORK), tick=False):
        for _step in ("the reminders", "their emails into the outbox"):
            with django_capture_on_commit_callbacks(execute=True):
                run_due_tasks()
        run_due_tasks()  # the email deliveries
    assert len(mail.outbox) == 2  # Robin and Sam, for 2 December
    assert {m.to[0] for m in mail.outbox} == {"robin@program.example", "sam@program.example"}
    next_run = DBTaskResult.objects.filter(task_path=TASK, status="READY").get()
    assert next_run.run_after == datetime(2026, 12, 3, 7, 0, tzinfo=NEW_YORK)
    assert next_run.args_kwargs["args"] == ["2026-12-03"]


def test_a_second_chain_of_the_task_stops_on_a_day_already_done(robin, pipeline):
    assert send_daily_followup_reminders.call("2026-12-01") == 1
    assert send_daily_followup_reminders.call("2026-12-01") == 0
    assert Notification.objects.count() == 1
    assert DBTaskResult.objects.filter(task_path=TASK).count() == 1  # only the first goes on
