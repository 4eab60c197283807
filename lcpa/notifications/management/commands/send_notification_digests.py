"""Email the notification digests that are due, or start the hourly task that does."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from lcpa.notifications.services import digests_send
from lcpa.notifications.tasks import hourly_digests_enqueue, next_hour


class Command(BaseCommand):
    help = (
        "Email the digests that are due: each person's daily digest at 7:00 and weekly digest on "
        "Mondays at 7:00, in their own time zone. Safe to run again: a digest goes out once. "
        "Run it from cron every hour, or once with --hourly to queue a task that repeats every "
        "hour on the worker."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--hourly",
            action="store_true",
            help="queue the hourly digest task, first run at the next full hour, instead of "
            "sending now",
        )

    def handle(self, *args, hourly: bool = False, **options) -> None:
        if hourly:
            first = next_hour(timezone.now())
            hourly_digests_enqueue(first)
            self.stdout.write(
                f"Queued the hourly digest task: first at {first:%Y-%m-%d %H:%M} UTC, then every "
                "hour."
            )
            return
        sent = digests_send()
        self.stdout.write(f"Sent {sent} digest email{'' if sent == 1 else 's'}.")
