"""Write a synthetic source file of one dataset kind, in a real public export's layout."""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lcpa.outcomes.analytics.samples.calls import add_months, write_calls
from lcpa.outcomes.analytics.samples.crashes import write_crashes
from lcpa.outcomes.analytics.samples.participants import write_participants
from lcpa.outcomes.analytics.samples.schools import write_schools
from lcpa.outcomes.analytics.samples.shootings import write_shootings
from lcpa.outcomes.analytics.samples.stops import write_csv as write_stops


def _month(text: str) -> dt.date:
    try:
        return dt.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise CommandError(f"{text!r} is not a month written YYYY-MM.") from None


def _calls(out: Path, *, rows: int, seed: int, start: dt.date, months: int, options) -> str:
    intervention = _month(options["intervention"]) if options["intervention"] else None
    summary = write_calls(
        out, rows=rows, seed=seed, start=start, months=months, intervention=intervention
    )
    return (
        f"New Orleans layout, {summary.first_day} to {summary.last_day}, intervention "
        f"{summary.intervention}, {summary.duplicates:,} duplicated rows"
    )


def _stops(out: Path, *, rows: int, seed: int, start: dt.date, months: int, options) -> str:
    intervention = (
        _month(options["intervention"])
        if options["intervention"]
        else add_months(start, months // 2)
    )
    end = add_months(start, months) - dt.timedelta(days=1)
    write_stops(
        out,
        rows,
        seed=seed,
        start=start,
        end=end,
        effect=options["effect"],
        intervention=intervention,
    )
    return (
        f"Stanford Open Policing layout, {start} to {end}, fewer non-safety stops from "
        f"{intervention}, veil-of-darkness effect {options['effect']:+g}"
    )


def _crashes(out: Path, *, rows: int, seed: int, start: dt.date, months: int, options) -> str:
    intervention = _month(options["intervention"]) if options["intervention"] else None
    summary = write_crashes(
        out, rows=rows, seed=seed, start=start, months=months, intervention=intervention
    )
    return (
        f"NYC Motor Vehicle Collisions - Person layout, {summary.first_day} to "
        f"{summary.last_day}, killed or seriously injured x {summary.ksi_factor:g} from "
        f"{summary.intervention}, {summary.duplicates:,} duplicated rows"
    )


def _shootings(out: Path, *, rows: int, seed: int, start: dt.date, months: int, options) -> str:
    intervention = _month(options["intervention"]) if options["intervention"] else None
    summary = write_shootings(
        out,
        rows=rows,
        seed=seed,
        start=start,
        months=months,
        intervention=intervention,
        effect=options["effect"],
    )
    return (
        f"NYPD Shooting Incident Data layout, {summary.first_day} to {summary.last_day}, "
        f"{summary.incidents:,} incidents, intervention precinct {summary.intervention_area} "
        f"(comparison {summary.comparison_area}) from {summary.intervention}, "
        f"effect {summary.effect:+g} (log incidence-rate ratio)"
    )


def _schools(out: Path, *, rows: int, seed: int, start: dt.date, months: int, options) -> str:
    intervention = _month(options["intervention"]) if options["intervention"] else None
    end = add_months(start, months) - dt.timedelta(days=1)
    day = write_schools(out, rows, seed=seed, start=start, end=end, intervention=intervention)
    return f"a roster of the school months {start} to {end}, intervention {day}"


def _participants(out: Path, *, rows: int, seed: int, start: dt.date, months: int, options) -> str:
    end = add_months(start, months) - dt.timedelta(days=1)
    write_participants(out, rows, seed=seed, start=start, end=end)
    return f"a case log, enrolments {start} to {end}"


WRITERS = {
    "calls": _calls,
    "stops": _stops,
    "crashes": _crashes,
    "shootings": _shootings,
    "schools": _schools,
    "participants": _participants,
}


class Command(BaseCommand):
    help = (
        "Write a synthetic source file in chunks, so that 1,000,000 rows run in bounded memory. "
        "Calls for service in the New Orleans layout (seasonality, an intervention after which "
        "eligible calls go to an alternative team, the data-quality traps of real exports); "
        "traffic stops in the Stanford Open Policing layout (fewer non-safety stops after an "
        "intervention, a known veil-of-darkness effect); "
        "crash persons in NYC's collisions layout (fewer killed or seriously injured after an "
        "intervention); shooting victims in NYPD's layout (a known effect in one precinct)."
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
            help=(
                "Calls, stops, crashes, shootings, schools: the month the intervention starts "
                "(YYYY-MM; the middle month)."
            ),
        )
        parser.add_argument(
            "--effect",
            type=float,
            default=-0.3,
            help=(
                "Stops: the change in log odds that a stopped driver is Black after dusk. "
                "Shootings: the log incidence-rate ratio in the intervention precinct."
            ),
        )

    def handle(self, *args, kind, rows, out, seed, start, months, **options):
        if rows < 1 or months < 1:
            raise CommandError("--rows and --months must be at least 1.")
        if not out.parent.is_dir():
            raise CommandError(f"There is no folder {out.parent}.")
        described = WRITERS[kind](
            out, rows=rows, seed=seed, start=_month(start), months=months, options=options
        )
        self.stdout.write(self.style.SUCCESS(f"Wrote {rows:,} {kind} rows to {out} ({described})."))
