"""Remind teams, on the morning of their report-back date, to say what they did with a case's
recommendations. Run it from cron every morning; running it again the same day sends nothing."""

from django.core.management.base import BaseCommand

from lcpa.guidance.services import case_followups_remind
from lcpa.intake.queries import office_today


class Command(BaseCommand):
    help = (
        "Ask each team whose implementation case is due a report back today to write it "
        "(one reminder per case)."
    )

    def handle(self, *args, **options) -> None:
        count = case_followups_remind(today=office_today())
        self.stdout.write(f"Reminded the teams of {count} case{'' if count == 1 else 's'}.")
