"""Warn staff and assignees about TA service targets close to being missed."""

from django.core.management.base import BaseCommand

from lcpa.assistance import services


class Command(BaseCommand):
    help = (
        "Notify program staff and the assignee when a TA request's first-response or "
        "resolution target has used most of its business hours (TA_TARGET_WARNING_SHARE) or is "
        "missed. Safe to run again: each target of each request is warned about once. Run it "
        "from cron every 15 minutes during business hours."
    )

    def handle(self, *args, **options) -> None:
        sent = services.ta_target_warnings_send()
        self.stdout.write(f"Sent {sent} target warning{'' if sent == 1 else 's'}.")
