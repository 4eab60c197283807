"""Reading the demo's data files (`content/*.yaml`) and checking them.

The demo's people, places, cohorts and their story, resources, answers and registrations are
data; the modules beside this one only load them, shift their dates and call the services.
Each file is checked against a schema here (pydantic models with `extra="forbid"`) and a file
that breaks it is refused with a `ContentError` naming the file, the line and the field (the
curriculum's reader, `lcpa.curriculum.content.read_yaml`, does the work).

Dates: `cohorts.yaml` tells its story with real dates, as of the `as_of` date at its top (every
event of the story is before it). The loader moves every date of that file by the same whole
number of weeks, the number that brings `as_of` to the last day on or before today that falls
on the same weekday. So the story is as current on any day as on the day it was written, within
six days, and each date keeps its weekday: the cohort under way is always in module 3 (day 92 to
98 of its 26 weeks), the past cohorts stay past and the upcoming one ahead. The moved `as_of` is
the story's "today" (`DemoContent.today`); the registrations' timeline, drawn at random in days
before it, ends on it too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from lcpa.accounts.models import User
from lcpa.curriculum.content import CONTENT_DIR as CURRICULUM_DIR
from lcpa.curriculum.content import ContentError, read_yaml
from lcpa.curriculum.models import FIRST_RESPONSE_SECTORS, Jurisdiction, Sector, TeamRole
from lcpa.intake.models import FollowUp, InterestRegistration
from lcpa.library.models import Resource

CONTENT_DIR = Path(__file__).resolve().parent / "content"

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+$", max_length=50)]
Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$", max_length=50)]
State = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
# A place written "Name, ST" (a jurisdiction's name and state).
Place = Annotated[str, StringConstraints(pattern=r"^[^,]+(, [^,]+)*, [A-Z]{2}$")]
SectorValue = Literal[tuple(Sector.values)]  # type: ignore[valid-type]
RoleValue = Literal[tuple(TeamRole.values)]  # type: ignore[valid-type]
KindValue = Literal[tuple(Jurisdiction.Kind.values)]  # type: ignore[valid-type]
UserRole = Literal[tuple(User.Role.values)]  # type: ignore[valid-type]
StatusValue = Literal[tuple(InterestRegistration.Status.values)]  # type: ignore[valid-type]
StageValue = Literal[tuple(InterestRegistration.Stage.values)]  # type: ignore[valid-type]
FollowUpKind = Literal[tuple(FollowUp.Kind.values)]  # type: ignore[valid-type]
ResourceKind = Literal[tuple(Resource.Kind.values)]  # type: ignore[valid-type]
Visibility = Literal[tuple(Resource.Visibility.values)]  # type: ignore[valid-type]
ModuleNumber = Annotated[int, Field(ge=1, le=5)]
# What a team does to a deliverable on a day of the story (see activity.CohortStory).
Action = Literal["draft", "more", "full", "revise", "submit", "changes", "accept", "share"]


def place_key(place: str) -> tuple[str, str]:
    """("Name", "ST") from "Name, ST"."""
    name, state = place.rsplit(", ", 1)
    return name, state


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- people.yaml -----------------------------------------------------------------------------


class PersonSpec(_Strict):
    email: Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+$")]
    full_name: Text
    role: UserRole
    organisation: Text
    time_zone: Text = "America/New_York"
    is_staff: bool = False
    note: str = ""  # printed beside a login; {team} and {cohort} name the login's team


class ExtraSeatSpec(_Strict):
    role: RoleValue
    sector: SectorValue
    job_title: Text


class SeatWordsSpec(_Strict):
    coordinator_sectors: tuple[SectorValue, ...] = Field(min_length=1)
    coordinator_titles: tuple[Text, ...] = Field(min_length=1)
    responder_titles: dict[SectorValue, tuple[Text, ...]]
    implementer_titles: dict[SectorValue, Text]
    extra: tuple[ExtraSeatSpec, ...] = Field(min_length=2)

    @model_validator(mode="after")
    def _every_first_response_sector(self) -> SeatWordsSpec:
        missing = sorted(FIRST_RESPONSE_SECTORS - set(self.responder_titles))
        if missing:
            raise ValueError(f"responder_titles needs titles for {', '.join(missing)}")
        return self


class OrganisationNames(_Strict):
    """A sector's organisation in a place: `default`, or the name for a kind of place."""

    default: Text
    county: str = ""
    region: str = ""


class PeopleFile(_Strict):
    logins: tuple[PersonSpec, ...] = Field(min_length=1)
    more_staff: tuple[PersonSpec, ...] = ()
    first_names: tuple[Text, ...] = Field(min_length=10)
    last_names: tuple[Text, ...] = Field(min_length=10)
    seats: SeatWordsSpec
    organisations: dict[SectorValue, OrganisationNames | Text]

    @model_validator(mode="after")
    def _every_sector_named(self) -> PeopleFile:
        missing = sorted(set(Sector.values) - set(self.organisations))
        if missing:
            raise ValueError(f"organisations needs a name for {', '.join(missing)}")
        return self

    def organisation_for(self, sector: str, place: str, kind: str) -> str:
        """A plausible, generic name for a sector's organisation in a place."""
        names = self.organisations[sector]
        if isinstance(names, str):
            template = names
        else:
            template = {"county": names.county, "region": names.region}.get(kind) or names.default
        return template.format(place=place)


# --- places.yaml -----------------------------------------------------------------------------


class JurisdictionSpec(_Strict):
    name: Text
    state: State
    kind: KindValue
    population: Annotated[int, Field(gt=0)]
    latitude: Annotated[float, Field(ge=-90, le=90)]
    longitude: Annotated[float, Field(ge=-180, le=180)]

    @property
    def place(self) -> str:
        return f"{self.name}, {self.state}"


class PlacesFile(_Strict):
    jurisdictions: tuple[JurisdictionSpec, ...] = Field(min_length=1)
    time_zones: dict[State, Text]  # of team members, by state; others America/New_York


# --- cohorts.yaml ----------------------------------------------------------------------------


class EventSpec(_Strict):
    day: date
    module: ModuleNumber
    do: Action


class LoginSeatSpec(_Strict):
    """A demo login on a team. As the data coordinator they take the drawn coordinator's seat
    (keeping its job title unless one is given); in any other role they are added to the team."""

    email: Text
    role: RoleValue
    sector: SectorValue
    job_title: str = ""
    share_contact: bool | None = None


class OtherSeatSpec(_Strict):
    """One more member, in the "other" team role, drawn after every other seat."""

    sector: SectorValue
    organisation: Text
    job_title: Text


class TeamSpec(_Strict):
    place: Place
    login: LoginSeatSpec | None = None
    other_seat: OtherSeatSpec | None = None
    missed_sessions: tuple[ModuleNumber, ...] = ()  # nobody from the team came
    story: tuple[EventSpec, ...] = ()  # what the team did to its deliverables, day by day

    @model_validator(mode="before")
    @classmethod
    def _a_place_alone(cls, value: Any) -> Any:
        return {"place": value} if isinstance(value, str) else value


class CohortSpec(_Strict):
    name: Text
    learning_community: Slug
    starts_on: date
    ends_on: date
    capacity: Annotated[int, Field(gt=0)] = 8
    teams: tuple[TeamSpec, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _dates_in_order(self) -> CohortSpec:
        if self.ends_on <= self.starts_on:
            raise ValueError("a cohort must end after it starts")
        for team in self.teams:
            for event in team.story:
                if not self.starts_on <= event.day <= self.ends_on:
                    raise ValueError(f"{team.place}: {event.day} is outside the cohort's dates")
        return self


class SessionWordsSpec(_Strict):
    """How the demo writes every cohort's five sessions. Placeholders: {cohort} (the cohort's
    name as a slug), {number}, {module}, {deliverable}, {expert}, {due}, {first}, {second}."""

    starts_at: Annotated[str, StringConstraints(pattern=r"^\d\d:\d\d$")]  # program time zone
    minutes: Annotated[int, Field(gt=0)]
    title: Text
    meeting_url: Text
    recording_url: Text
    agenda: Text
    notes: Text
    correction_reason: Text  # the one attendance correction in each cohort's first session
    feedback: tuple[str, ...] = Field(min_length=1)  # what participants suggest ("" for none)


class CohortsFile(_Strict):
    as_of: date
    sessions: SessionWordsSpec
    cohorts: tuple[CohortSpec, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_cohort_under_way_and_story_before_as_of(self) -> CohortsFile:
        under_way = [c.name for c in self.cohorts if c.starts_on <= self.as_of <= c.ends_on]
        if len(under_way) != 1:
            raise ValueError(f"exactly one cohort must be under way on as_of ({self.as_of})")
        for cohort in self.cohorts:
            for team in cohort.teams:
                late = [event.day for event in team.story if event.day >= self.as_of]
                if late:
                    raise ValueError(
                        f"{cohort.name}, {team.place}: the story must happen before as_of "
                        f"({late[0]})"
                    )
        return self


# --- resources.yaml --------------------------------------------------------------------------


class ResourceSpec(_Strict):
    title: Text
    kind: ResourceKind
    learning_communities: Literal["all"] | tuple[Slug, ...]
    module: ModuleNumber | None = None  # that module of each of its learning communities
    topics: Text
    visibility: Visibility = Resource.Visibility.PUBLIC
    summary: Text


class ResourcesFile(_Strict):
    resources: tuple[ResourceSpec, ...] = Field(min_length=1)


# --- answers.yaml ----------------------------------------------------------------------------


class PerCapita(_Strict):
    """A number answer that grows with the team's population, varied a little per team."""

    per_capita: Annotated[float, Field(gt=0)]
    round_to: int = 0  # as round(): -3 rounds to thousands


class DaysAfterStart(_Strict):
    days_after_start: int


class YearEnd(_Strict):
    """December 31 of a year counted from the cohort's start (-1: the year before)."""

    year_end: int


TableRow = tuple[str, ...]
# By the prompt's kind: text (one of several at random, for a list), a table's rows, a choice's
# option index or a number, a computed number, or a date.
Answer = str | tuple[str, ...] | tuple[TableRow, ...] | int | PerCapita | DaysAfterStart | YearEnd


class AnswerWordsSpec(_Strict):
    """Words the answers' placeholders use besides names: {council} by kind of place, and who
    an answer names when a team has nobody in a role."""

    councils: dict[KindValue | Literal["default"], Text]
    nobody: dict[RoleValue, Text]


class ReviewWordsSpec(_Strict):
    changes: dict[ModuleNumber, Text]  # what reviewers ask for, by module
    accept: tuple[str, ...] = Field(min_length=1)  # what they write when they accept
    revised: dict[ModuleNumber, Text]  # what a team adds when it revises, by module


class AnswersFile(_Strict):
    unanswered: Text  # for a text prompt with no answer below
    words: AnswerWordsSpec
    reviews: ReviewWordsSpec
    answers: dict[Slug, dict[Key, Answer]]


# --- registrations.yaml ----------------------------------------------------------------------


class EmailTemplateSpec(_Strict):
    name: Text
    subject: Text
    body: Text


class PipelineSpec(_Strict):
    status: StatusValue
    count: Annotated[int, Field(gt=0)] = 1
    overdue: bool = False  # the follow-up is past due
    no_follow_up: bool = False  # nobody has followed up yet


class PlaceSpec(_Strict):
    name: Text
    state: State
    kind: KindValue
    population: Annotated[int, Field(gt=0)]


class DuplicateSpec(_Strict):
    """Two registrations from one place sharing a learning community: a possible duplicate,
    an older one and a fresh one (`days_before` as_of)."""

    place: PlaceSpec
    learning_community: Slug
    older: PipelineSpec
    older_days_before: Annotated[int, Field(gt=0)]
    newer: PipelineSpec
    newer_days_before: Annotated[int, Field(gt=0)]


class EnrolledSpec(_Strict):
    cohort: Text
    place: Place


class FollowUpWordsSpec(_Strict):
    """What staff wrote when a follow-up moved a registration from one status to another.
    Placeholders: {contact}, {place}, {others}, {goal}, {cohort}, {start}, {waitlist}."""

    status_from: StatusValue
    status_to: StatusValue
    kind: FollowUpKind
    summaries: tuple[Text, ...] = Field(min_length=1)


class RegistrationWordsSpec(_Strict):
    goals: dict[Slug, tuple[Text, ...]]  # what a team wants to do, by learning community
    stages: dict[StageValue, Text]  # a sentence on where the team stands
    goals_text: Text  # {goal}, {also} and {stage}
    also: Text  # {communities}: the other learning communities chosen
    waitlist_full: Text  # {cohort}
    waitlist_unscheduled: Text  # {community}


class RegistrationsFile(_Strict):
    email_templates: tuple[EmailTemplateSpec, ...] = Field(min_length=1)
    pipeline: tuple[PipelineSpec, ...] = Field(min_length=1)
    duplicate: DuplicateSpec
    enrolled: tuple[EnrolledSpec, ...] = ()
    places: tuple[PlaceSpec, ...] = Field(min_length=1)
    words: RegistrationWordsSpec
    follow_ups: tuple[FollowUpWordsSpec, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _enough_places(self) -> RegistrationsFile:
        needed = sum(
            spec.count
            for spec in self.pipeline
            if spec.status != InterestRegistration.Status.ENROLLED
        )
        if needed > len(self.places):
            raise ValueError(f"the pipeline needs {needed} places; {len(self.places)} are listed")
        enrolled = sum(
            spec.count
            for spec in self.pipeline
            if spec.status == InterestRegistration.Status.ENROLLED
        )
        if enrolled != len(self.enrolled):
            raise ValueError(
                f"the pipeline has {enrolled} enrolled registrations; `enrolled` lists "
                f"{len(self.enrolled)}"
            )
        return self

    def summaries(self, status_from: str, status_to: str) -> FollowUpWordsSpec:
        for words in self.follow_ups:
            if (words.status_from, words.status_to) == (status_from, status_to):
                return words
        raise ContentError(
            f"registrations.yaml, follow_ups: nothing for a follow-up from {status_from} to "
            f"{status_to}"
        )


# --- all of it ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoContent:
    people: PeopleFile
    places: PlacesFile
    cohorts: CohortsFile  # dates already shifted: cohorts.as_of is the story's today
    resources: ResourcesFile
    answers: AnswersFile
    registrations: RegistrationsFile

    @property
    def today(self) -> date:
        return self.cohorts.as_of

    def login_team(self, email: str) -> tuple[CohortSpec, TeamSpec] | None:
        for cohort in self.cohorts.cohorts:
            for team in cohort.teams:
                if team.login and team.login.email == email:
                    return cohort, team
        return None


FILES = {
    "people": ("people.yaml", PeopleFile, "the demo's people"),
    "places": ("places.yaml", PlacesFile, "the demo's places"),
    "cohorts": ("cohorts.yaml", CohortsFile, "the demo's cohorts"),
    "resources": ("resources.yaml", ResourcesFile, "the demo's resources"),
    "answers": ("answers.yaml", AnswersFile, "the demo teams' answers"),
    "registrations": ("registrations.yaml", RegistrationsFile, "the demo's registrations"),
}


def read_content(*, today: date, directory: Path = CONTENT_DIR) -> DemoContent:
    """Every demo file, checked (all problems at once), with the story's dates moved to today."""
    problems, specs = [], {}
    for name, (filename, schema, what) in FILES.items():
        try:
            specs[name] = read_yaml(directory / filename, schema, what=what)
        except ContentError as error:
            problems.append(str(error))
        except FileNotFoundError:
            problems.append(f"{filename}: missing from {directory}")
    if not problems:
        problems = _cross_check(DemoContent(**specs))
    if problems:
        raise ContentError("\n".join(problems))
    cohorts = specs["cohorts"]
    weeks = (today - cohorts.as_of).days // 7
    specs["cohorts"] = CohortsFile.model_validate(
        _shifted(cohorts.model_dump(), timedelta(weeks=weeks))
    )
    return DemoContent(**specs)


def _shifted(value: Any, by: timedelta) -> Any:
    """Every date in a dumped model moved by `by` (a date-time would be too; there is none)."""
    if isinstance(value, date):
        return value + by
    if isinstance(value, dict):
        return {key: _shifted(item, by) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_shifted(item, by) for item in value]
    return value


def _cross_check(content: DemoContent) -> list[str]:
    """What one file says about another: every learning community, place, login and team it
    names exists."""
    problems = []
    communities = {path.stem for path in CURRICULUM_DIR.glob("*.yaml")}
    places = {spec.place for spec in content.places.jurisdictions}
    emails = {person.email for person in content.people.logins}
    teams = set()
    for index, cohort in enumerate(content.cohorts.cohorts):
        where = f"cohorts.yaml, cohorts[{index}]"
        if cohort.learning_community not in communities:
            problems.append(
                f"{where}.learning_community: {cohort.learning_community!r} is not "
                "in the curriculum"
            )
        for position, team in enumerate(cohort.teams):
            teams.add((cohort.name, team.place))
            if team.place not in places:
                problems.append(
                    f"{where}.teams[{position}].place: {team.place!r} is not in places.yaml"
                )
            if team.login and team.login.email not in emails:
                problems.append(
                    f"{where}.teams[{position}].login.email: "
                    f"{team.login.email!r} is not in people.yaml's logins"
                )
    for position, enrolled in enumerate(content.registrations.enrolled):
        if (enrolled.cohort, enrolled.place) not in teams:
            problems.append(
                f"registrations.yaml, enrolled[{position}]: {enrolled.place} has no "
                f"team in {enrolled.cohort!r} (cohorts.yaml)"
            )
    named = [
        (
            "registrations.yaml, duplicate.learning_community",
            content.registrations.duplicate.learning_community,
        )
    ]
    named += [
        (f"registrations.yaml, words.goals.{slug}", slug)
        for slug in content.registrations.words.goals
    ]
    named += [(f"answers.yaml, answers.{slug}", slug) for slug in content.answers.answers]
    for position, resource in enumerate(content.resources.resources):
        if resource.learning_communities != "all":
            named += [
                (f"resources.yaml, resources[{position}].learning_communities", slug)
                for slug in resource.learning_communities
            ]
    problems += [
        f"{where}: {slug!r} is not in the curriculum"
        for where, slug in named
        if slug not in communities
    ]
    return problems
