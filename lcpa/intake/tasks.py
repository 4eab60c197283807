"""The daily morning reminder to staff, as a task that queues itself for the next morning.

Start it once with `manage.py send_followup_reminders --daily` (or run that command from cron
every morning without --daily). A second chain started by mistake stops on the first day the
other one already ran, and staff never get two reminders in a day (services.py)."""

import zoneinfo
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django_tasks import task

from lcpa.intake import services
from lcpa.intake.models import FollowUpReminderRun

REMINDER_TIME = time(7, 0)  # office time (settings.TIME_ZONE)


def morning_of(day: date) -> datetime:
    return datetime.combine(day, REMINDER_TIME, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


def daily_reminders_enqueue(day: date) -> None:
    send_daily_followup_reminders.using(run_after=morning_of(day)).enqueue(day.isoformat())


@task()
def send_daily_followup_reminders(day: str) -> int:
    """Send the reminders for `day` (when it runs late, still for that day), then queue the
    task for the next morning. Returns how many staff members it reminded."""
    today = date.fromisoformat(day)
    try:
        with transaction.atomic():
            FollowUpReminderRun.objects.create(day=today)
    except IntegrityError:
        return 0  # another chain of this task has this day: let it carry on alone
    sent = services.followup_reminders_send(today=today)
    daily_reminders_enqueue(today + timedelta(days=1))
    return sent
