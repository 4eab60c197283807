"""`manage.py seed_demo`: load the demo data and print the demo logins. Safe to run again."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from lcpa.demo.accounts import DEMO_PASSWORD, LOGINS, seed_accounts
from lcpa.demo.activity import seed_activity, seed_resources
from lcpa.demo.cohorts import COORDINATOR_TEAM, MEMBER_TEAM, seed_cohorts
from lcpa.demo.intake import seed_intake


class Command(BaseCommand):
    help = (
        "Load the curriculum from its files, then create the demo jurisdictions, cohorts, "
        "teams, sessions, attendance, deliverables, resources, registrations and accounts "
        "(published passwords). Only missing rows are created, so running it again changes "
        "nothing. Refused when DEBUG is off, unless --allow-production is given."
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
        with transaction.atomic():
            accounts = seed_accounts()
            seeded = seed_cohorts(
                coordinator=accounts.coordinator,
                member=accounts.member,
                facilitators=[accounts.staff],
                experts=[accounts.expert],
                ta_providers=[accounts.ta_provider],
            )
            resources = seed_resources(seeded.communities)
            activity = seed_activity(
                seeded=seeded,
                resources=resources,
                staff=accounts.staff,
                expert=accounts.expert,
                authors=[accounts.coordinator, accounts.member],
            )
            intake = seed_intake(staff=accounts.all_staff, seeded=seeded)

        coordinator_team = seeded.teams[COORDINATOR_TEAM]
        member_team = seeded.teams[MEMBER_TEAM]
        notes = {
            "staff@example.org": "program staff",
            "expert@example.org": "national expert",
            "ta@example.org": "technical-assistance provider",
            "coordinator@example.org": (
                f"data coordinator, {coordinator_team.name} ({coordinator_team.cohort.name})"
            ),
            "member@example.org": f"team member, {member_team.name} (same cohort)",
        }
        width = max(len(person.email) for person in LOGINS)
        lines = [
            "",
            f"Demo data is ready: {len(seeded.communities)} learning communities, "
            f"{len(seeded.jurisdictions)} jurisdictions, {len(seeded.cohorts)} cohorts, "
            f"{intake.total} interest registrations ({intake.created} added this time), "
            f"{len(resources)} library resources.",
            f"Added this time: {activity.sessions} sessions, {activity.attendance} attendance "
            f"marks, {activity.deliverables} deliverables, {activity.reviews} reviews.",
            "",
            f"Site: {settings.SITE_URL}/",
            f"Demo logins (password for all: {DEMO_PASSWORD}):",
            *(f"  {person.email.ljust(width)}  {notes[person.email]}" for person in LOGINS),
            "Staff and experts must normally use an authenticator app (MFA); this is waived for "
            "demo accounts only while DEMO_MODE is on.",
            "",
        ]
        self.stdout.write("\n".join(lines))
