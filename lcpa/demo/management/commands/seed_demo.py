"""`manage.py seed_demo`: load the demo data and print the demo logins. Safe to run again."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from lcpa.core.public_cache import public_content_changed
from lcpa.curriculum.content import ContentError
from lcpa.demo.accounts import DEMO_PASSWORD, seed_accounts
from lcpa.demo.activity import seed_activity, seed_resources
from lcpa.demo.assistance import read_requests, seed_ta_requests
from lcpa.demo.cohorts import SeededCohorts, seed_cohorts
from lcpa.demo.content import DemoContent, PersonSpec, place_key, read_content
from lcpa.demo.datasets import read_datasets, seed_datasets
from lcpa.demo.forum import read_forum, seed_forum
from lcpa.demo.guidance import read_guidance, seed_guidance
from lcpa.demo.intake import seed_intake
from lcpa.demo.outcomes import read_outcomes, seed_outcomes
from lcpa.outcomes.content import read_directory
from lcpa.outcomes.services import measures_load


class Command(BaseCommand):
    help = (
        "Load the curriculum from its files, then create the demo jurisdictions, cohorts, "
        "teams, sessions, attendance, deliverables, resources, registrations, measures with "
        "their monthly values, PDSA cycles, implementation steps, progress scores, datasets "
        "processed from synthetic exports, and accounts "
        "(published passwords) from lcpa/demo/content/*.yaml, dated to stay current. Only "
        "missing rows are created, so running it again changes nothing. Refused when DEBUG is "
        "off, unless --allow-production is given."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even though DEBUG is off (a demo site on a production-like server).",
        )

    def handle(self, *args, allow_production: bool = False, **options) -> None:
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "DEBUG is off, so this looks like a production site: seed_demo creates accounts "
                "with a published password. Run it with --allow-production if this really is a "
                "demo site."
            )
        try:
            content = read_content(today=timezone.localdate())
            ta_requests = read_requests()
            guidance = read_guidance()
            forum = read_forum()
            outcomes = read_outcomes()
            datasets = read_datasets()
        except ContentError as error:
            raise CommandError(f"The demo data was not loaded:\n{error}") from None
        with transaction.atomic():
            accounts = seed_accounts(content.people)
            seeded = seed_cohorts(
                content=content,
                logins=accounts.logins,
                facilitators=[accounts.staff],
                experts=[accounts.expert],
                ta_providers=[accounts.ta_provider],
            )
            resources, new_resources = seed_resources(content.resources, seeded.communities)
            on_teams = [
                accounts.logins[email]
                for email in accounts.logins
                if content.login_team(email) is not None
            ]
            activity = seed_activity(
                content=content,
                seeded=seeded,
                resources=resources,
                staff=accounts.staff,
                expert=accounts.expert,
                authors=on_teams,
            )
            intake = seed_intake(content=content, staff=accounts.all_staff, seeded=seeded)
            new_ta_requests = seed_ta_requests(
                requests=ta_requests, seeded=seeded, logins=accounts.logins, today=content.today
            )
            new_guidance = seed_guidance(
                guidance=guidance, seeded=seeded, logins=accounts.logins, today=content.today
            )
            new_threads = seed_forum(
                forum=forum, seeded=seeded, logins=accounts.logins, today=content.today
            )
            # The measure dictionary from its files, as load_measures does.
            measures_load(files=read_directory())
            # Before the hand-made values: a measure a dataset computes gets none, so that
            # its chart is the dataset's alone.
            new_datasets = seed_datasets(spec=datasets, seeded=seeded, today=content.today)
            new_outcomes = seed_outcomes(
                spec=outcomes, seeded=seeded, staff=accounts.staff, today=content.today
            )
            # Resources and cohort dates were written directly: the public pages start afresh.
            public_content_changed()

        added = (
            accounts.created
            + sum(seeded.created.values())
            + len(seeded.curriculum_changes)
            + new_resources
            + activity.sessions
            + activity.deliverables
            + intake.created
            + intake.templates
            + new_ta_requests
            + new_guidance
            + new_threads
            + new_outcomes
            + new_datasets
        )
        width = max(len(email) for email in accounts.logins)
        lines = [
            "",
            f"Demo data is ready: {len(seeded.communities)} learning communities, "
            f"{len(seeded.jurisdictions)} jurisdictions, {len(seeded.cohorts)} cohorts, "
            f"{intake.total} interest registrations, {len(resources)} library resources; "
            f"the story is told as of {content.today:%A %B} {content.today.day}, "
            f"{content.today.year}.",
            (
                f"Added this time: {accounts.created} accounts, {seeded.created['cohorts']} "
                f"cohorts, {seeded.created['teams']} teams, {seeded.created['memberships']} "
                f"memberships, {new_resources} resources, {activity.sessions} sessions, "
                f"{activity.attendance} attendance marks, {activity.deliverables} deliverables, "
                f"{activity.reviews} reviews, {intake.created} registrations, "
                f"{new_ta_requests} TA requests, {new_guidance} expert questions, office hours "
                f"and cases, {new_threads} forum threads, {new_outcomes} measures, values, PDSA "
                f"cycles, implementation steps and progress scores, {new_datasets} datasets "
                "uploaded and processed."
                if added
                else "Nothing changed: every demo row was already there."
            ),
            "",
            f"Site: {settings.SITE_URL}/",
            f"Demo logins (password for all: {DEMO_PASSWORD}):",
            *(
                f"  {person.email.ljust(width)}  {_note(content, seeded, person)}"
                for person in content.people.logins
            ),
            "Staff and experts must normally use an authenticator app (MFA); this is waived for "
            "demo accounts only while DEMO_MODE is on.",
            "",
        ]
        self.stdout.write("\n".join(lines))


def _note(content: DemoContent, seeded: SeededCohorts, person: PersonSpec) -> str:
    """What is printed beside a login: its note, naming its team and cohort if it has one."""
    placed = content.login_team(person.email)
    if placed is None:
        return person.note
    cohort, team = placed
    return person.note.format(
        team=seeded.teams[(cohort.name, place_key(team.place))].name, cohort=cohort.name
    )
