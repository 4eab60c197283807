"""Email the day's notification digests (daily, and weekly on Mondays), or start the daily task."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from lcpa.notifications.tasks import DIGEST_TIME, daily_digests_enqueue, digests_send_for


class Command(BaseCommand):
    help = (
        "Email everyone their digest of unread notifications: daily ones every day, weekly ones "
        "on Mondays. Safe to run again: a day's digests go out once. Run it from cron every "
        "morning, or once with --daily to queue a task that repeats every morning."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--daily",
            action="store_true",
            help="queue the daily digest task, first run tomorrow morning, instead of sending now",
        )

    def handle(self, *args, daily: bool = False, **options) -> None:
        today = timezone.localdate()
        if daily:
            tomorrow = today + timedelta(days=1)
            daily_digests_enqueue(tomorrow)
            self.stdout.write(
                f"Queued the daily digests: first on {tomorrow:%Y-%m-%d} at "
                f"{DIGEST_TIME:%H:%M} office time, then every morning."
            )
            return
        sent = digests_send_for(today)
        if sent is None:
            self.stdout.write(f"Today's digests were sent already ({today:%Y-%m-%d}).")
            return
        self.stdout.write(f"Sent {sent} digest email{'' if sent == 1 else 's'}.")
