"""Remind staff of their due and overdue follow-ups (once a day each), or start the daily task."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from lcpa.intake import services
from lcpa.intake.queries import office_today
from lcpa.intake.tasks import REMINDER_TIME, daily_reminders_enqueue


class Command(BaseCommand):
    help = (
        "Remind each staff member (in the app, and by email unless they turned these reminders "
        "off) of the registrations assigned to them whose follow-up is due today or overdue. "
        "Safe to run again: nobody gets a second reminder the same day. "
        "Run it from cron every morning, or once with --daily to queue a task that repeats "
        "every morning on the task worker."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--daily",
            action="store_true",
            help="queue the daily reminder task, first run tomorrow morning, instead of "
            "sending now",
        )

    def handle(self, *args, daily: bool = False, **options) -> None:
        if daily:
            tomorrow = office_today() + timedelta(days=1)
            daily_reminders_enqueue(tomorrow)
            self.stdout.write(
                f"Queued the daily reminders: first on {tomorrow:%Y-%m-%d} at "
                f"{REMINDER_TIME:%H:%M} office time, then every morning."
            )
            return
        sent = services.followup_reminders_send()
        self.stdout.write(f"Sent {sent} reminder{'' if sent == 1 else 's'}.")
