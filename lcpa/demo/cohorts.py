"""Demo data for the cohorts app: the 21 participating jurisdictions, two past cohorts, one under
way and one upcoming, their teams and memberships, on top of the curriculum loaded from its data
files. (Sessions, attendance, deliverables and resources are in activity.py.)

Called by `manage.py seed_demo`. Everything is matched by a natural key (jurisdiction
name/state/kind, cohort name, team cohort+jurisdiction, user email) and only created when
missing, so running it again changes nothing. Cohorts are made with services.cohort_create,
which copies the curriculum into the cohort.
"""

import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from lcpa.accounts.models import User
from lcpa.cohorts.models import Cohort, Membership, Team
from lcpa.cohorts.services import cohort_create
from lcpa.curriculum.composition import composition_gaps
from lcpa.curriculum.content import read_directory
from lcpa.curriculum.models import (
    FIRST_RESPONSE_SECTORS,
    Jurisdiction,
    LearningCommunity,
    Sector,
    TeamRole,
)
from lcpa.curriculum.services import curriculum_load

# ---------------------------------------------------------------------------------------------
# Jurisdictions: real places, approximate coordinates and populations
# ---------------------------------------------------------------------------------------------

CITY = Jurisdiction.Kind.CITY
COUNTY = Jurisdiction.Kind.COUNTY
REGION = Jurisdiction.Kind.REGION

# (name, state, kind, population, latitude, longitude)
JURISDICTIONS = [
    ("Amherst", "MA", CITY, 39_000, "42.37320", "-72.51990"),
    ("Sacramento", "CA", CITY, 525_000, "38.58160", "-121.49440"),
    ("Redmond", "WA", CITY, 77_000, "47.67400", "-122.12150"),
    ("Huntsville", "AL", CITY, 225_000, "34.73040", "-86.58610"),
    ("Albuquerque", "NM", CITY, 560_000, "35.08450", "-106.65110"),
    ("Multnomah County", "OR", COUNTY, 795_000, "45.54700", "-122.41700"),
    ("Denver", "CO", CITY, 715_000, "39.73920", "-104.98470"),
    ("Hennepin County", "MN", COUNTY, 1_270_000, "45.00500", "-93.47600"),
    ("St. Petersburg", "FL", CITY, 260_000, "27.76730", "-82.64030"),
    ("Burlington", "VT", CITY, 45_000, "44.47590", "-73.21210"),
    ("Durham", "NC", CITY, 290_000, "35.99400", "-78.89860"),
    ("Baltimore", "MD", CITY, 570_000, "39.29040", "-76.61220"),
    ("Milwaukee", "WI", CITY, 570_000, "43.03890", "-87.90650"),
    ("Newark", "NJ", CITY, 305_000, "40.73570", "-74.17240"),
    ("Oakland", "CA", CITY, 435_000, "37.80440", "-122.27080"),
    ("Savannah", "GA", CITY, 147_000, "32.08350", "-81.09980"),
    ("Ithaca", "NY", CITY, 32_000, "42.44400", "-76.50190"),
    ("Tulsa", "OK", CITY, 410_000, "36.15400", "-95.99280"),
    ("Dayton", "OH", CITY, 137_000, "39.75900", "-84.19160"),
    ("Harris County", "TX", COUNTY, 4_800_000, "29.85780", "-95.39360"),
    ("Northwest Arkansas", "AR", REGION, 590_000, "36.18670", "-94.12880"),
]

STATE_TIME_ZONES = {
    "AK": "America/Anchorage",
    "AL": "America/Chicago",
    "AR": "America/Chicago",
    "AZ": "America/Phoenix",
    "CA": "America/Los_Angeles",
    "CO": "America/Denver",
    "HI": "Pacific/Honolulu",
    "IA": "America/Chicago",
    "ID": "America/Boise",
    "IL": "America/Chicago",
    "KS": "America/Chicago",
    "LA": "America/Chicago",
    "MN": "America/Chicago",
    "MO": "America/Chicago",
    "MS": "America/Chicago",
    "MT": "America/Denver",
    "ND": "America/Chicago",
    "NE": "America/Chicago",
    "NM": "America/Denver",
    "NV": "America/Los_Angeles",
    "OK": "America/Chicago",
    "OR": "America/Los_Angeles",
    "SD": "America/Chicago",
    "TX": "America/Chicago",
    "UT": "America/Denver",
    "WA": "America/Los_Angeles",
    "WI": "America/Chicago",
    "WY": "America/Denver",
}

# ---------------------------------------------------------------------------------------------
# Cohorts and teams
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CohortPlan:
    name: str
    community_slug: str
    start_month_offset: int  # months from the current month; negative is in the past
    months: int
    places: tuple[tuple[str, str], ...]
    # A cohort under way ignores the month offset: it started on the Monday 13 weeks ago (91
    # to 97 days before today) and runs 26 weeks, so on any day it is in module 3 and the
    # story in activity.py (sessions, due dates, who is late) holds.
    under_way: bool = False

    def dates(self, today: date) -> tuple[date, date]:
        if self.under_way:
            thirteen_weeks_ago = today - timedelta(weeks=13)
            starts_on = thirteen_weeks_ago - timedelta(days=thirteen_weeks_ago.weekday())
            return starts_on, starts_on + timedelta(weeks=26, days=-1)
        starts_on = _month_start(today, self.start_month_offset)
        ends_on = _month_start(today, self.start_month_offset + self.months) - timedelta(days=1)
        return starts_on, ends_on


COHORTS = [
    CohortPlan(
        "Crisis Systems cohort 1",
        "crisis-systems",
        -15,
        6,
        (
            ("Amherst", "MA"),
            ("Sacramento", "CA"),
            ("Redmond", "WA"),
            ("Huntsville", "AL"),
            ("Albuquerque", "NM"),
            ("Multnomah County", "OR"),
        ),
    ),
    CohortPlan(
        "Policing Alternatives to Traffic Safety cohort 1",
        "traffic-safety",
        -11,
        6,
        (
            ("Denver", "CO"),
            ("Hennepin County", "MN"),
            ("St. Petersburg", "FL"),
            ("Burlington", "VT"),
            ("Durham", "NC"),
        ),
    ),
    CohortPlan(
        "Community Violence Intervention cohort 1",
        "community-violence-intervention",
        -3,
        6,
        (
            ("Oakland", "CA"),
            ("Milwaukee", "WI"),
            ("Baltimore", "MD"),
            ("Newark", "NJ"),
            ("Savannah", "GA"),
        ),
        under_way=True,
    ),
    CohortPlan(
        "School-Based Diversion cohort 1",
        "school-based-diversion",
        3,
        6,
        (
            ("Ithaca", "NY"),
            ("Tulsa", "OK"),
            ("Dayton", "OH"),
            ("Harris County", "TX"),
            ("Northwest Arkansas", "AR"),
        ),
    ),
]

# The printed demo logins: the coordinator leads data work on one team of the cohort under way,
# the member sits on another team of the same cohort.
COORDINATOR_TEAM = ("Community Violence Intervention cohort 1", ("Oakland", "CA"))
MEMBER_TEAM = ("Community Violence Intervention cohort 1", ("Milwaukee", "WI"))

FIRST_NAMES = [
    "Aaliyah", "Andre", "Beatriz", "Caleb", "Chloe", "Darnell", "Deborah", "Elena", "Emeka",
    "Farah", "Gabriel", "Grace", "Hannah", "Hector", "Imani", "Isaac", "Jasmine", "Javier",
    "Keisha", "Kenji", "Laura", "Lucia", "Malik", "Marcus", "Maya", "Mei", "Nadia", "Nathan",
    "Olivia", "Omar", "Paula", "Rafael", "Renee", "Samir", "Sandra", "Tanisha", "Terrence",
    "Tomas", "Vanessa", "Victor", "Wendy", "Xavier", "Yolanda", "Zoe",
]  # fmt: skip
LAST_NAMES = [
    "Abernathy", "Alvarez", "Banks", "Bergstrom", "Castillo", "Chen", "Coleman", "Dawson",
    "Diallo", "Dominguez", "Ellison", "Fitzgerald", "Foster", "Gutierrez", "Hayes", "Holloway",
    "Ibarra", "Jefferson", "Kaplan", "Kowalski", "Lindqvist", "Mahoney", "Medina", "Morrison",
    "Nakamura", "Nguyen", "Okonkwo", "Patel", "Pham", "Quinn", "Ramirez", "Robinson",
    "Sandoval", "Schultz", "Singh", "Sullivan", "Thompson", "Tran", "Underwood", "Vasquez",
    "Washington", "Whitaker", "Yamamoto", "Zimmerman",
]  # fmt: skip


def organisation_for(sector: str, place: str, kind: str) -> str:
    """A plausible, generic organization name for a sector in a place."""
    county = kind == COUNTY
    region = kind == REGION
    names = {
        Sector.LAW_ENFORCEMENT: (
            f"{place} Sheriff's Office"
            if county
            else f"{place} Police Chiefs' Council"
            if region
            else f"{place} Police Department"
        ),
        Sector.FIRE: f"{place} Fire Rescue" if county or region else f"{place} Fire Department",
        Sector.EMS: f"{place} Emergency Medical Services",
        Sector.COMMUNICATIONS_911: f"{place} Emergency Communications Center",
        Sector.BEHAVIORAL_HEALTH: f"{place} Behavioral Health Services",
        Sector.PUBLIC_HEALTH: f"{place} Public Health Department",
        Sector.EDUCATION: (
            f"{place} school districts" if county or region else f"{place} Public Schools"
        ),
        Sector.TRANSPORTATION: f"{place} Department of Transportation",
        Sector.COMMUNITY_VIOLENCE_INTERVENTION: f"{place} Street Outreach Collaborative",
        Sector.LOCAL_GOVERNMENT: (
            place if county else f"{place} Council of Governments" if region else f"City of {place}"
        ),
        Sector.COMMUNITY_ORGANISATION: f"{place} Community Coalition",
        Sector.OTHER: f"{place} Community Foundation",
    }
    return names[sector]


IMPLEMENTER_TITLES = {
    Sector.BEHAVIORAL_HEALTH: "Crisis services director",
    Sector.TRANSPORTATION: "Traffic operations manager",
    Sector.COMMUNITY_VIOLENCE_INTERVENTION: "Outreach program director",
    Sector.EDUCATION: "Director of student support services",
}
RESPONDER_TITLES = {
    Sector.LAW_ENFORCEMENT: ["Lieutenant, community response unit", "Deputy chief", "Captain"],
    Sector.FIRE: ["Battalion chief", "Deputy fire chief"],
    Sector.EMS: ["EMS operations supervisor", "Community paramedic lead"],
}
COORDINATOR_SECTORS = [
    Sector.LOCAL_GOVERNMENT,
    Sector.PUBLIC_HEALTH,
    Sector.COMMUNICATIONS_911,
    Sector.LOCAL_GOVERNMENT,
]
COORDINATOR_TITLES = [
    "Data analyst",
    "Performance and data manager",
    "Research and evaluation lead",
]
# One seat in the "Other" team role per cohort, so that every role is held somewhere:
# (cohort, place) -> (sector, organization, job title). Planned after every other seat, so the
# names given to the other seats stay what they were before these seats existed.
OTHER_SEATS = {
    ("Crisis Systems cohort 1", ("Sacramento", "CA")): (
        Sector.PUBLIC_HEALTH,
        "Sacramento Public Health Department",
        "Epidemiologist",
    ),
    ("Policing Alternatives to Traffic Safety cohort 1", ("Durham", "NC")): (
        Sector.PUBLIC_HEALTH,
        "Durham Public Health Department",
        "Injury prevention coordinator",
    ),
    ("Community Violence Intervention cohort 1", ("Baltimore", "MD")): (
        Sector.PUBLIC_HEALTH,
        "Baltimore Regional Trauma Center",
        "Trauma social worker",
    ),
    ("School-Based Diversion cohort 1", ("Tulsa", "OK")): (
        Sector.BEHAVIORAL_HEALTH,
        "Tulsa Behavioral Health Services",
        "School-based clinician",
    ),
}

# (role, sector, job title) for the extra seats on a team
EXTRA_SEATS = [
    (TeamRole.LIVED_EXPERIENCE, Sector.COMMUNITY_ORGANISATION, "Peer support specialist"),
    (TeamRole.EXECUTIVE, Sector.LOCAL_GOVERNMENT, "Deputy city manager"),
    (TeamRole.ELECTED_OFFICIAL, Sector.LOCAL_GOVERNMENT, "Council member"),
    (TeamRole.COMMUNITY_PARTNER, Sector.COMMUNITY_ORGANISATION, "Executive director"),
]


@dataclass
class Seat:
    role: str
    sector: str
    organisation: str
    job_title: str
    full_name: str = ""
    email: str = ""
    share_contact_with_cohort: bool = False
    user: User | None = None


def email_local_part(full_name: str) -> str:
    return ".".join(re.sub(r"[^a-z]", "", part.lower()) for part in full_name.split())


class NamePicker:
    """Deterministic, unique people's names for demo users."""

    def __init__(self, rng: random.Random, taken: set[str] | None = None) -> None:
        self.rng = rng
        self.taken: set[str] = set(taken or ())

    def pick(self) -> str:
        while True:
            name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
            if name not in self.taken:
                self.taken.add(name)
                return name


def _month_start(today: date, offset: int) -> date:
    years, month_index = divmod(today.month - 1 + offset, 12)
    return date(today.year + years, month_index + 1, 1)


def _team_seats(
    rng: random.Random, jurisdiction: Jurisdiction, community: LearningCommunity
) -> list[Seat]:
    place, kind = jurisdiction.name, jurisdiction.kind
    coordinator_sector = rng.choice(COORDINATOR_SECTORS)
    responder_sector = rng.choice(sorted(FIRST_RESPONSE_SECTORS))
    seats = [
        Seat(
            TeamRole.DATA_COORDINATOR,
            coordinator_sector,
            organisation_for(coordinator_sector, place, kind),
            rng.choice(COORDINATOR_TITLES),
        ),
        Seat(
            TeamRole.FIRST_RESPONSE,
            responder_sector,
            organisation_for(responder_sector, place, kind),
            rng.choice(RESPONDER_TITLES[responder_sector]),
        ),
        Seat(
            TeamRole.IMPLEMENTING_SECTOR,
            community.implementing_sector,
            organisation_for(community.implementing_sector, place, kind),
            IMPLEMENTER_TITLES[community.implementing_sector],
        ),
    ]
    for role, sector, title in rng.sample(EXTRA_SEATS, rng.randint(1, 2)):
        seats.append(Seat(role, sector, organisation_for(sector, place, kind), title))
    for seat in seats:
        seat.share_contact_with_cohort = rng.random() < 0.6
    return seats


def _users_for(seats: list[tuple[Seat, str]]) -> dict[str, User]:
    """The demo users for these seats by email, creating the missing ones in one go."""
    emails = [seat.email for seat, _ in seats if seat.user is None]
    users = User.objects.in_bulk(emails, field_name="email")
    missing = []
    for seat, time_zone in seats:
        if seat.user is not None or seat.email in users:
            continue
        user = User(
            email=seat.email,
            full_name=seat.full_name,
            role=User.Role.PARTICIPANT,
            organisation=seat.organisation,
            time_zone=time_zone,
            is_demo=True,
        )
        user.set_unusable_password()
        missing.append(user)
    User.objects.bulk_create(missing)
    return User.objects.in_bulk(emails, field_name="email")


@dataclass
class SeededCohorts:
    communities: dict[str, LearningCommunity]
    jurisdictions: dict[tuple[str, str], Jurisdiction]
    cohorts: dict[str, Cohort]
    teams: dict[tuple[str, tuple[str, str]], Team]


def seed_learning_communities() -> dict[str, LearningCommunity]:
    """The curriculum from its data files (as `load_curriculum` does), by slug."""
    curriculum_load(files=read_directory())
    return {community.slug: community for community in LearningCommunity.objects.all()}


def seed_jurisdictions() -> dict[tuple[str, str], Jurisdiction]:
    jurisdictions: dict[tuple[str, str], Jurisdiction] = {}
    for name, state, kind, population, latitude, longitude in JURISDICTIONS:
        jurisdiction, _ = Jurisdiction.objects.get_or_create(
            name=name,
            state=state,
            kind=kind,
            defaults={
                "population": population,
                "latitude": Decimal(latitude),
                "longitude": Decimal(longitude),
            },
        )
        jurisdictions[(name, state)] = jurisdiction
    return jurisdictions


def seed_cohorts(
    *,
    coordinator: User,
    member: User,
    facilitators: list[User] | None = None,
    experts: list[User] | None = None,
    ta_providers: list[User] | None = None,
    today: date | None = None,
) -> SeededCohorts:
    """Create the demo curriculum, places, cohorts, teams and memberships that are missing.

    `coordinator` becomes the data coordinator of one team of the cohort under way and `member`
    a member of another team of the same cohort. Every cohort gets the `facilitators`,
    `experts` and `ta_providers`.
    """
    today = today or timezone.localdate()
    facilitators, experts, ta_providers = facilitators or [], experts or [], ta_providers or []
    rng = random.Random(2026)
    names = NamePicker(rng, taken={coordinator.full_name, member.full_name})
    communities = seed_learning_communities()
    jurisdictions = seed_jurisdictions()

    cohorts: dict[str, Cohort] = {}
    teams: dict[tuple[str, tuple[str, str]], Team] = {}
    planned: list[tuple[Team, Seat, str]] = []
    for plan in COHORTS:
        community = communities[plan.community_slug]
        cohort = Cohort.objects.filter(name=plan.name).first()
        if cohort is None:
            starts_on, ends_on = plan.dates(today)
            cohort = cohort_create(
                learning_community=community,
                name=plan.name,
                starts_on=starts_on,
                ends_on=ends_on,
                capacity=8,
                facilitators=facilitators,
                experts=experts,
                ta_providers=ta_providers,
            )
        else:
            cohort.facilitators.add(*facilitators)
            cohort.experts.add(*experts)
            cohort.ta_providers.add(*ta_providers)
        cohorts[plan.name] = cohort
        for place in plan.places:
            jurisdiction = jurisdictions[place]
            team, _ = Team.objects.get_or_create(
                cohort=cohort,
                jurisdiction=jurisdiction,
                defaults={"name": f"{jurisdiction.name} team"},
            )
            teams[(plan.name, place)] = team
            # Plan every seat before touching the database so the random sequence is the same
            # on every run, whatever already exists.
            seats = _team_seats(rng, jurisdiction, community)
            for seat in seats:
                seat.full_name = names.pick()
                seat.email = f"{email_local_part(seat.full_name)}@example.org"
            if (plan.name, place) == COORDINATOR_TEAM:
                seats[0].user = coordinator
                seats[0].sector = Sector.LOCAL_GOVERNMENT
                seats[0].organisation = coordinator.organisation or seats[0].organisation
            if (plan.name, place) == MEMBER_TEAM:
                seats.append(
                    Seat(
                        TeamRole.COMMUNITY_PARTNER,
                        Sector.COMMUNITY_ORGANISATION,
                        member.organisation
                        or organisation_for(
                            Sector.COMMUNITY_ORGANISATION, jurisdiction.name, jurisdiction.kind
                        ),
                        "Program manager",
                        share_contact_with_cohort=True,
                        user=member,
                    )
                )
            gaps = composition_gaps(seats, [community])
            if gaps:
                raise ValueError(f"Demo team {team.name} is incomplete: {gaps}")
            time_zone = STATE_TIME_ZONES.get(jurisdiction.state, "America/New_York")
            planned += [(team, seat, time_zone) for seat in seats]

    for (cohort_name, place), (sector, organisation, job_title) in OTHER_SEATS.items():
        full_name = names.pick()
        seat = Seat(
            TeamRole.OTHER,
            sector,
            organisation,
            job_title,
            full_name=full_name,
            email=f"{email_local_part(full_name)}@example.org",
            share_contact_with_cohort=True,
        )
        planned.append(
            (teams[(cohort_name, place)], seat, STATE_TIME_ZONES.get(place[1], "America/New_York"))
        )

    users = _users_for([(seat, time_zone) for _, seat, time_zone in planned])
    existing = set(
        Membership.objects.filter(team__in=teams.values()).values_list("team_id", "user_id")
    )
    for team, seat, _ in planned:
        user = seat.user or users[seat.email]
        if (team.pk, user.pk) in existing:
            continue
        Membership.objects.create(
            team=team,
            user=user,
            role=seat.role,
            sector=seat.sector,
            organisation=seat.organisation,
            job_title=seat.job_title,
            share_contact_with_cohort=seat.share_contact_with_cohort,
        )
    return SeededCohorts(
        communities=communities, jurisdictions=jurisdictions, cohorts=cohorts, teams=teams
    )
