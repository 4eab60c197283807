"""Demo data for the cohorts app: the participating jurisdictions (`content/places.yaml`), the
cohorts of `content/cohorts.yaml` with their teams and memberships, on top of the curriculum
loaded from its data files. (Sessions, attendance, deliverables and resources are in
activity.py.)

Called by `manage.py seed_demo`. Everything is matched by a natural key (jurisdiction
name/state/kind, cohort name, team cohort+jurisdiction, user email) and only created when
missing, so running it again changes nothing. Cohorts are made with services.cohort_create,
which copies the curriculum into the cohort. Team members are drawn at random from the words of
`content/people.yaml` (a fixed seed, every seat planned before anything is written, so the same
people come out on every run), and the demo logins take the seats the file gives them.
"""

import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from lcpa.accounts.models import User
from lcpa.cohorts.models import Cohort, Membership, Team
from lcpa.cohorts.services import cohort_create
from lcpa.curriculum.composition import composition_gaps
from lcpa.curriculum.content import read_directory
from lcpa.curriculum.models import (
    FIRST_RESPONSE_SECTORS,
    Jurisdiction,
    LearningCommunity,
    TeamRole,
)
from lcpa.curriculum.services import curriculum_load
from lcpa.demo.content import (
    CohortSpec,
    DemoContent,
    LoginSeatSpec,
    PeopleFile,
    PlacesFile,
    TeamSpec,
    place_key,
)

DEFAULT_TIME_ZONE = "America/New_York"
TeamKey = tuple[str, tuple[str, str]]  # (cohort name, (place name, state))


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

    def __init__(self, rng: random.Random, people: PeopleFile, taken: set[str] = frozenset()):
        self.rng = rng
        self.first_names = people.first_names
        self.last_names = people.last_names
        self.taken: set[str] = set(taken)

    def pick(self) -> str:
        while True:
            name = f"{self.rng.choice(self.first_names)} {self.rng.choice(self.last_names)}"
            if name not in self.taken:
                self.taken.add(name)
                return name


def _team_seats(
    rng: random.Random,
    people: PeopleFile,
    jurisdiction: Jurisdiction,
    community: LearningCommunity,
) -> list[Seat]:
    place, kind, words = jurisdiction.name, jurisdiction.kind, people.seats
    coordinator_sector = rng.choice(words.coordinator_sectors)
    responder_sector = rng.choice(sorted(FIRST_RESPONSE_SECTORS))
    seats = [
        Seat(
            TeamRole.DATA_COORDINATOR,
            coordinator_sector,
            people.organisation_for(coordinator_sector, place, kind),
            rng.choice(words.coordinator_titles),
        ),
        Seat(
            TeamRole.FIRST_RESPONSE,
            responder_sector,
            people.organisation_for(responder_sector, place, kind),
            rng.choice(words.responder_titles[responder_sector]),
        ),
        Seat(
            TeamRole.IMPLEMENTING_SECTOR,
            community.implementing_sector,
            people.organisation_for(community.implementing_sector, place, kind),
            words.implementer_titles[community.implementing_sector],
        ),
    ]
    for extra in rng.sample(words.extra, rng.randint(1, 2)):
        seats.append(
            Seat(
                extra.role,
                extra.sector,
                people.organisation_for(extra.sector, place, kind),
                extra.job_title,
            )
        )
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
    teams: dict[TeamKey, Team]
    created: dict[str, int] = field(default_factory=dict)  # rows added, by kind
    curriculum_changes: list[str] = field(default_factory=list)


def seed_learning_communities() -> tuple[dict[str, LearningCommunity], list[str]]:
    """The curriculum from its data files (as `load_curriculum` does), by slug, and what
    changed."""
    changes = curriculum_load(files=read_directory())
    return {community.slug: community for community in LearningCommunity.objects.all()}, changes


def seed_jurisdictions(places: PlacesFile) -> tuple[dict[tuple[str, str], Jurisdiction], int]:
    jurisdictions: dict[tuple[str, str], Jurisdiction] = {}
    created = 0
    for spec in places.jurisdictions:
        jurisdiction, new = Jurisdiction.objects.get_or_create(
            name=spec.name,
            state=spec.state,
            kind=spec.kind,
            defaults={
                "population": spec.population,
                "latitude": Decimal(str(spec.latitude)),
                "longitude": Decimal(str(spec.longitude)),
            },
        )
        jurisdictions[(spec.name, spec.state)] = jurisdiction
        created += new
    return jurisdictions, created


def seed_cohorts(
    *,
    content: DemoContent,
    logins: dict[str, User],
    facilitators: Sequence[User] = (),
    experts: Sequence[User] = (),
    ta_providers: Sequence[User] = (),
) -> SeededCohorts:
    """Create the demo curriculum, places, cohorts, teams and memberships that are missing.

    The `logins` (demo users by email) take the seats cohorts.yaml gives them. Every cohort gets
    the `facilitators`, `experts` and `ta_providers`.
    """
    people, time_zones = content.people, content.places.time_zones
    rng = random.Random(2026)
    on_teams = {team.login.email for _, team in _teams(content) if team.login}
    names = NamePicker(rng, people, taken={logins[email].full_name for email in on_teams})
    communities, changes = seed_learning_communities()
    jurisdictions, new_places = seed_jurisdictions(content.places)
    created = {"jurisdictions": new_places, "cohorts": 0, "teams": 0, "memberships": 0}

    cohorts: dict[str, Cohort] = {}
    teams: dict[TeamKey, Team] = {}
    planned: list[tuple[Team, Seat, str]] = []
    for spec in content.cohorts.cohorts:
        community = communities[spec.learning_community]
        cohort = Cohort.objects.filter(name=spec.name).first()
        if cohort is None:
            cohort = cohort_create(
                learning_community=community,
                name=spec.name,
                starts_on=spec.starts_on,
                ends_on=spec.ends_on,
                capacity=spec.capacity,
                facilitators=facilitators,
                experts=experts,
                ta_providers=ta_providers,
            )
            created["cohorts"] += 1
        else:
            cohort.facilitators.add(*facilitators)
            cohort.experts.add(*experts)
            cohort.ta_providers.add(*ta_providers)
        cohorts[spec.name] = cohort
        for team_spec in spec.teams:
            place = place_key(team_spec.place)
            jurisdiction = jurisdictions[place]
            team, new = Team.objects.get_or_create(
                cohort=cohort,
                jurisdiction=jurisdiction,
                defaults={"name": f"{jurisdiction.name} team"},
            )
            teams[(spec.name, place)] = team
            created["teams"] += new
            # Plan every seat before touching the database so the random sequence is the same
            # on every run, whatever already exists.
            seats = _team_seats(rng, people, jurisdiction, community)
            for seat in seats:
                seat.full_name = names.pick()
                seat.email = f"{email_local_part(seat.full_name)}@example.org"
            if team_spec.login:
                _seat_login(seats, team_spec.login, logins[team_spec.login.email])
            gaps = composition_gaps(seats, [community])
            if gaps:
                raise ValueError(f"Demo team {team.name} is incomplete: {gaps}")
            time_zone = time_zones.get(jurisdiction.state, DEFAULT_TIME_ZONE)
            planned += [(team, seat, time_zone) for seat in seats]

    # The seats in the "other" role, planned after every other seat.
    for cohort_spec, team_spec in _teams(content):
        other = team_spec.other_seat
        if other is None:
            continue
        full_name = names.pick()
        seat = Seat(
            TeamRole.OTHER,
            other.sector,
            other.organisation,
            other.job_title,
            full_name=full_name,
            email=f"{email_local_part(full_name)}@example.org",
            share_contact_with_cohort=True,
        )
        place = place_key(team_spec.place)
        time_zone = time_zones.get(place[1], DEFAULT_TIME_ZONE)
        planned.append((teams[(cohort_spec.name, place)], seat, time_zone))

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
        created["memberships"] += 1
    return SeededCohorts(
        communities=communities,
        jurisdictions=jurisdictions,
        cohorts=cohorts,
        teams=teams,
        created=created,
        curriculum_changes=changes,
    )


def _teams(content: DemoContent) -> Iterator[tuple[CohortSpec, TeamSpec]]:
    for cohort in content.cohorts.cohorts:
        for team in cohort.teams:
            yield cohort, team


def _seat_login(seats: list[Seat], login: LoginSeatSpec, user: User) -> None:
    """The login takes the drawn data coordinator's seat, or joins the team in its role."""
    if login.role == TeamRole.DATA_COORDINATOR:
        seat = seats[0]
        seat.user, seat.sector = user, login.sector
        seat.organisation = user.organisation or seat.organisation
        seat.job_title = login.job_title or seat.job_title
        if login.share_contact is not None:
            seat.share_contact_with_cohort = login.share_contact
        return
    seats.append(
        Seat(
            login.role,
            login.sector,
            user.organisation,
            login.job_title,
            share_contact_with_cohort=bool(login.share_contact),
            user=user,
        )
    )
