"""Write a synthetic source file of one dataset kind, in a real public export's layout."""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lcpa.outcomes.analytics.samples.calls import write_calls

WRITERS = {"calls": write_calls}


def _month(text: str) -> dt.date:
    try:
        return dt.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise CommandError(f"{text!r} is not a month written YYYY-MM.") from None


class Command(BaseCommand):
    help = (
        "Write synthetic calls for service in the New Orleans layout (seasonality, an "
        "intervention after which eligible calls go to an alternative team, and the data-quality "
        "traps of real exports), in chunks, so that 1,000,000 rows run in bounded memory."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--kind", choices=sorted(WRITERS), required=True)
        parser.add_argument("--rows", type=int, required=True, help="How many rows to write.")
        parser.add_argument("--out", type=Path, required=True, help="The CSV file to write.")
        parser.add_argument("--seed", type=int, default=1, help="The same seed, the same file.")
        parser.add_argument("--start", default="2023-01", help="The first month (YYYY-MM).")
        parser.add_argument("--months", type=int, default=18, help="How many months.")
        parser.add_argument(
            "--intervention",
            help="The month the alternative team starts (YYYY-MM; the middle month if not given).",
        )

    def handle(self, *args, kind, rows, out, seed, start, months, intervention, **options):
        if rows < 1 or months < 1:
            raise CommandError("--rows and --months must be at least 1.")
        if not out.parent.is_dir():
            raise CommandError(f"There is no folder {out.parent}.")
        summary = WRITERS[kind](
            out,
            rows=rows,
            seed=seed,
            start=_month(start),
            months=months,
            intervention=_month(intervention) if intervention else None,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {summary.rows:,} {kind} rows to {out} ({summary.first_day} to "
                f"{summary.last_day}, intervention {summary.intervention}, "
                f"{summary.duplicates:,} duplicated rows)."
            )
        )
