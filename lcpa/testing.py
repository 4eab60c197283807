"""The shared cast for tests: who is who in one learning community with two cohorts."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from unittest import mock

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.cache import caches
from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client as DjangoClient

from lcpa.accounts.mfa import totp_authenticator
from lcpa.accounts.models import User
from lcpa.cohorts.models import Cohort, Membership, Team
from lcpa.cohorts.services import cohort_create
from lcpa.curriculum.models import Jurisdiction, LearningCommunity, Module, Sector, TeamRole
from lcpa.outcomes.content import read_directory as read_measure_files
from lcpa.outcomes.models import Measure, TeamMeasure
from lcpa.outcomes.services import measures_load, team_measure_choose

PASSWORD = "a-long-test-password-2026"

# The suite's clock: every test starts at this instant (conftest.py travels there with
# time-machine, and the clock ticks on from it), so dates written in tests, such as the cast's
# cohort running from September 2026 to March 2027 or a session on 15 March 2027, stand in the
# same relation to "now" on whatever day the suite runs. Tuesday 1 December 2026, 10:00 in
# New York. A test that needs another moment moves the clock with the time_machine fixture.
NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)

LEARNING_COMMUNITIES = [
    ("crisis-systems", "Crisis Systems", "Crisis systems", "behavioral_health"),
    (
        "traffic-safety",
        "Policing Alternatives to Traffic Safety",
        "Traffic safety",
        "transportation",
    ),
    ("community-violence-intervention", "Community Violence Intervention", "CVI", "cvi"),
    ("school-based-diversion", "School-Based Diversion", "School diversion", "education"),
]


def make_learning_communities() -> dict[str, LearningCommunity]:
    communities = {}
    for position, (slug, name, short, sector) in enumerate(LEARNING_COMMUNITIES, start=1):
        community, _ = LearningCommunity.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "short_name": short,
                "tagline": f"Tagline of {name}",
                "purpose": f"Why {name} matters.",
                "who_should_join": "Who should join.",
                "implementing_sector": sector,
                "position": position,
            },
        )
        for number in range(1, 6):
            Module.objects.get_or_create(
                learning_community=community,
                number=number,
                defaults={
                    "title": f"Module {number} of {short}",
                    "aims": f"Aims of module {number}.",
                    "deliverable_name": f"Deliverable {number}",
                },
            )
        communities[slug] = community
    return communities


def enrol_totp(user: User) -> str:
    """Give a user an authenticator app, as staff must have (replacing one they had); returns
    the TOTP secret."""
    user.authenticator_set.filter(type="totp").delete()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str, *, margin: float = 5.0) -> str:
    """The authenticator app's current code for ``secret``. allauth accepts only the current
    30-second window, so when fewer than ``margin`` seconds of it are left this waits for the
    next one: a code typed at the end of a window would be refused by the time it arrives."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    left = 30 - time.time() % 30
    if left < margin:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def pass_second_factor(client: DjangoClient, user: User) -> None:
    """Record in the client's session that ``user`` entered a code from their authenticator
    app, as allauth does after the code step of signing in (lcpa.accounts.mfa reads it)."""
    authenticator = totp_authenticator(user)
    assert authenticator is not None, f"{user} has no authenticator app"
    request = HttpRequest()
    request.session = client.session
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
    request.session.save()


def sign_in(client: DjangoClient, user: User, *, second_factor: bool = True) -> None:
    """Sign ``user`` in on any test client as a full sign-in would: with the second factor when
    they have an authenticator app. ``second_factor=False`` leaves a session that stopped after
    the password."""
    DjangoClient.force_login(client, user)
    if second_factor and totp_authenticator(user) is not None:
        pass_second_factor(client, user)


class Client(DjangoClient):
    """The suite's test client (the ``client`` fixture, see conftest.py): ``force_login`` signs
    in as ``sign_in`` does, second factor included for people with an authenticator app."""

    def force_login(self, user, backend=None, *, second_factor: bool = True) -> None:
        super().force_login(user, backend)
        if second_factor and totp_authenticator(user) is not None:
            pass_second_factor(self, user)


def make_staff(email: str = "staff@test.example") -> User:
    staff = make_user(email, User.Role.PROGRAM_STAFF, is_staff=True)
    enrol_totp(staff)
    return staff


def a_staff_member() -> User:
    """The first program staff member (the cast's), or a new one: who a test helper that has
    no cast at hand does staff work as."""
    staff = User.objects.filter(role=User.Role.PROGRAM_STAFF).order_by("pk").first()
    return staff or make_staff()


def make_expert(email: str) -> User:
    """A national expert, with the authenticator app experts must have."""
    expert = make_user(email, User.Role.NATIONAL_EXPERT)
    enrol_totp(expert)
    return expert


def make_user(email: str, role: str = User.Role.PARTICIPANT, **extra) -> User:
    return User.objects.create_user(
        email=email, password=PASSWORD, role=role, full_name=email.split("@")[0].title(), **extra
    )


@dataclass
class Cast:
    communities: dict[str, LearningCommunity]
    cohort: Cohort
    other_cohort: Cohort
    team_a: Team
    team_b: Team
    other_team: Team
    staff: User
    expert: User  # a national expert of `cohort`
    ta_provider: User  # a TA provider of `cohort`
    member_a1: User
    member_a2: User
    member_b: User
    outsider: User


def make_cast() -> Cast:
    communities = make_learning_communities()
    crisis = communities["crisis-systems"]
    cohort = cohort_create(
        learning_community=crisis,
        name="Crisis Systems cohort 3",
        starts_on=date(2026, 9, 1),
        ends_on=date(2027, 3, 1),
    )
    other_cohort = cohort_create(
        learning_community=crisis,
        name="Crisis Systems cohort 4",
        starts_on=date(2027, 4, 1),
        ends_on=date(2027, 10, 1),
    )
    places = [
        ("Amherst", "MA"),
        ("Sacramento", "CA"),
        ("Redmond", "WA"),
    ]
    jurisdictions = [
        Jurisdiction.objects.create(name=name, state=state, population=40_000)
        for name, state in places
    ]
    team_a = Team.objects.create(cohort=cohort, jurisdiction=jurisdictions[0], name="Amherst team")
    team_b = Team.objects.create(
        cohort=cohort, jurisdiction=jurisdictions[1], name="Sacramento team"
    )
    other_team = Team.objects.create(
        cohort=other_cohort, jurisdiction=jurisdictions[2], name="Redmond team"
    )
    staff = make_staff()
    expert = make_expert("expert@test.example")
    ta_provider = make_user("ta@test.example", User.Role.TA_PROVIDER)
    cohort.experts.add(expert)
    cohort.ta_providers.add(ta_provider)
    member_a1 = make_user("a1@test.example")
    member_a2 = make_user("a2@test.example")
    member_b = make_user("b@test.example")
    outsider = make_user("outsider@test.example")
    for user, team, role, sector in [
        (member_a1, team_a, TeamRole.DATA_COORDINATOR, Sector.PUBLIC_HEALTH),
        (member_a2, team_a, TeamRole.FIRST_RESPONSE, Sector.FIRE),
        (member_b, team_b, TeamRole.DATA_COORDINATOR, Sector.LOCAL_GOVERNMENT),
        (outsider, other_team, TeamRole.IMPLEMENTING_SECTOR, Sector.BEHAVIORAL_HEALTH),
    ]:
        Membership.objects.create(team=team, user=user, role=role, sector=sector)
    return Cast(
        communities=communities,
        cohort=cohort,
        other_cohort=other_cohort,
        team_a=team_a,
        team_b=team_b,
        other_team=other_team,
        staff=staff,
        expert=expert,
        ta_provider=ta_provider,
        member_a1=member_a1,
        member_a2=member_a2,
        member_b=member_b,
        outsider=outsider,
    )


# Deliverable prompts of every kind, used by give_curriculum: (key, label, kind, options,
# required, refers_to) per module number.
TEST_PROMPTS = {
    1: [
        ("vision", "Your team's vision", "long_text", "", True, ""),
        ("goals", "Goals", "table", "Goal\nMeasure\nBy when", True, ""),
        ("lead", "Who leads the work", "short_text", "", True, ""),
        ("start_date", "Start date", "date", "", False, ""),
        ("budget", "Budget in dollars", "number", "", False, ""),
        (
            "approach",
            "Response model",
            "choice",
            "Co-responder\nCommunity responder\nAlternative dispatch",
            False,
            "",
        ),
        ("charter", "Signed team charter", "file", "", False, ""),
    ],
    2: [("baseline", "Baseline of calls", "long_text", "", True, "vision")],
    3: [("resource_map", "Resource map", "long_text", "", True, "")],
    4: [("design", "Program design", "long_text", "", True, "")],
    5: [("sustainability", "Sustainability plan", "long_text", "", True, "")],
}


def give_curriculum(cohort: Cohort) -> list:
    """Deliverable prompts of every kind on the cohort's learning-community modules (added once),
    copied into the cohort's own modules as services.cohort_create copies them."""
    from lcpa.cohorts.models import CohortModule
    from lcpa.curriculum.models import DeliverablePrompt

    copies = []
    for module in cohort.learning_community.modules.order_by("number"):
        for position, (key, label, kind, options, required, refers_to) in enumerate(
            TEST_PROMPTS.get(module.number, [])
        ):
            DeliverablePrompt.objects.get_or_create(
                module=module,
                key=key,
                defaults={
                    "position": position,
                    "label": label,
                    "kind": kind,
                    "options": options,
                    "required": required,
                    "refers_to": refers_to,
                },
            )
        copy = CohortModule.objects.get(cohort=cohort, number=module.number)
        copy.prompts = [prompt.snapshot() for prompt in module.prompts.all()]
        copy.save(update_fields=["prompts", "updated_at"])
        copies.append(copy)
    return copies


def choose_measure(team: Team, code: str | None = None, *, by: User) -> TeamMeasure:
    """The standard measures loaded from their files, and one of them (by default the first
    of the team's learning community: for crisis systems, alternative_coverage) in the team's
    plan, with a baseline from January to June 2026 and a target of 40 by the end of 2027."""
    measures_load(files=read_measure_files())
    measures = Measure.objects.filter(learning_community_id=team.cohort.learning_community_id)
    return team_measure_choose(
        team=team,
        measure=measures.get(code=code) if code else measures.first(),
        role=TeamMeasure.Role.OUTCOME,
        baseline_start=date(2026, 1, 1),
        baseline_end=date(2026, 6, 1),
        target_value=Decimal(40),
        target_date=date(2027, 12, 31),
        by=by,
    )


def load_settings(environ: dict[str, str]) -> dict:
    """lcpa/settings.py as it would load in a process whose environment holds only these
    variables (and a SECRET_KEY), as a dict of its names; the running settings are untouched."""
    import runpy
    from pathlib import Path

    import lcpa

    base = {"SECRET_KEY": "a-test-key-that-is-long-enough-0123456789abcdef"}
    with mock.patch.dict("os.environ", {**base, **environ}, clear=True):
        return runpy.run_path(str(Path(lcpa.__file__).parent / "settings.py"))


def run_due_tasks() -> None:
    """Run every task that is due, once, as the db_worker process would.

    The worker calls close_old_connections() between tasks, which would close a PostgreSQL
    connection inside the test's transaction; in production it runs outside one, so here that
    call is skipped.
    """
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    ):
        call_command("db_worker", batch=True, interval=0, startup_delay=False, reload=False)


def module_of(team_or_cohort, number: int):
    """Module `number` of a team's (or a cohort's) own copy of the curriculum."""
    from lcpa.cohorts.models import CohortModule, Team

    cohort_id = team_or_cohort.cohort_id if isinstance(team_or_cohort, Team) else team_or_cohort.pk
    return CohortModule.objects.get(cohort_id=cohort_id, number=number)


def tag_module(resource, number: int) -> None:
    """Tag a library resource with module `number` of each of its learning communities."""
    from lcpa.curriculum.models import Module

    resource.modules.add(
        *Module.objects.filter(
            learning_community__in=resource.learning_communities.all(), number=number
        )
    )


def tables_containing(text: str) -> list[str]:
    """The database tables in which some value contains `text` (every table, every column,
    read with plain SQL): for checking that a secret is stored nowhere, not even in history
    tables, the outbox, the task queue, sessions or the cache."""
    from django.db import connection

    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                values = (
                    bytes(value).decode("utf-8", "replace")
                    if isinstance(value, bytes | memoryview)
                    else str(value)
                    for value in row
                )
                if any(text in value for value in values):
                    found.append(table)
                    break
    return found


def link_in_email(path_prefix: str, *, to: str) -> str:
    """The path of the newest private link starting with `path_prefix` emailed to `to`, read
    from the outbox (before delivery) or from the sent mail (after it)."""
    import re

    from django.core import mail

    from lcpa.notifications.models import OutboundEmail

    bodies = [email.body for email in OutboundEmail.objects.order_by("-pk") if to in email.to]
    bodies += [message.body for message in reversed(mail.outbox) if to in message.to]
    pattern = re.compile(re.escape(path_prefix) + r"[A-Za-z0-9_-]{20,}[^\s]*")
    for body in bodies:
        match = pattern.search(body)
        if match:
            return match.group(0)
    raise AssertionError(f"No email to {to} carries a link starting with {path_prefix}")


def forget_public_pages() -> None:
    """Drop the public pages' cached fragments and data (lcpa.core.public_cache), as if the
    page had never been shown: the next request builds it again and runs every query."""
    caches["public"].clear()
