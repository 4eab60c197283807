"""Reads that span relations: what the public site and dashboards show.

Every function here runs a fixed number of queries whatever the number of rows (prefetching),
so page query counts do not grow with the data.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from lcpa.accounts.models import User
from lcpa.cohorts.access import cohorts_served_by, reviewable_deliverables_for_user
from lcpa.cohorts.gating import ModuleState, module_states
from lcpa.cohorts.models import (
    ActionStep,
    Attendance,
    Cohort,
    CohortModule,
    Deliverable,
    DeliverableFile,
    DeliverableReview,
    Invitation,
    Membership,
    ModuleUnlock,
    Session,
    Team,
    TeamContact,
)
from lcpa.core.states import US_STATES
from lcpa.curriculum.models import Jurisdiction, LearningCommunity, Module
from lcpa.intake.models import InterestRegistration
from lcpa.library.models import Resource

STATE_NAMES = dict(US_STATES)


def upcoming_cohorts(*, today: date | None = None) -> QuerySet[Cohort]:
    """Cohorts that have not started yet, soonest first, with their learning community."""
    today = today or timezone.localdate()
    return (
        Cohort.objects.filter(starts_on__gte=today)
        .select_related("learning_community")
        .order_by("starts_on", "learning_community__position", "name")
    )


def enrolment_cohorts(registration: InterestRegistration) -> QuerySet[Cohort]:
    """Upcoming cohorts of the learning communities the registration chose, with `team_count`."""
    return (
        upcoming_cohorts()
        .filter(learning_community__in=registration.learning_communities.all())
        .annotate(team_count=Count("teams"))
    )


def learning_communities() -> QuerySet[LearningCommunity]:
    """The four learning communities in their set order."""
    return LearningCommunity.objects.order_by("position", "name")


def learning_communities_with_modules(*, today: date | None = None) -> QuerySet[LearningCommunity]:
    """The learning communities in order, each with `.modules.all()` in order and
    `.upcoming_cohorts` (a list) prefetched."""
    return learning_communities().prefetch_related(
        Prefetch("modules", queryset=Module.objects.order_by("number")),
        Prefetch(
            "cohorts",
            queryset=upcoming_cohorts(today=today).select_related(None),
            to_attr="upcoming_cohorts",
        ),
    )


@dataclass(frozen=True)
class ParticipatingJurisdiction:
    """A jurisdiction with a team in at least one cohort, as the public sees it."""

    name: str
    state: str
    state_name: str
    kind: str
    population: int | None
    latitude: float | None
    longitude: float | None
    learning_communities: tuple[str, ...]

    def as_map_point(self) -> dict:
        return {
            "name": self.name,
            "state": self.state,
            "kind": self.kind,
            "population": self.population,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "learning_communities": ", ".join(self.learning_communities),
        }


def participating_jurisdictions(
    *, learning_community: str = "", state: str = ""
) -> list[ParticipatingJurisdiction]:
    """Jurisdictions with a team in some cohort, by state name then name.

    `learning_community` (a slug) keeps those with a team in one of its cohorts; `state` (a postal
    code) keeps those in that state. Each row lists all the jurisdiction's learning communities.
    """
    jurisdictions = Jurisdiction.objects.filter(teams__isnull=False)
    if learning_community:
        jurisdictions = jurisdictions.filter(
            teams__cohort__learning_community__slug=learning_community
        )
    if state:
        jurisdictions = jurisdictions.filter(state=state)
    jurisdictions = (
        jurisdictions.distinct()
        .order_by("state", "name", "pk")
        .prefetch_related(
            Prefetch(
                "teams",
                queryset=Team.objects.select_related("cohort__learning_community"),
            )
        )
    )
    rows = []
    for jurisdiction in jurisdictions:
        communities = sorted(
            {team.cohort.learning_community for team in jurisdiction.teams.all()},
            key=lambda community: (community.position, community.name),
        )
        rows.append(
            ParticipatingJurisdiction(
                name=jurisdiction.name,
                state=jurisdiction.state,
                state_name=STATE_NAMES.get(jurisdiction.state, jurisdiction.state),
                kind=jurisdiction.get_kind_display(),
                population=jurisdiction.population,
                latitude=None if jurisdiction.latitude is None else float(jurisdiction.latitude),
                longitude=None if jurisdiction.longitude is None else float(jurisdiction.longitude),
                learning_communities=tuple(community.name for community in communities),
            )
        )
    return sorted(rows, key=lambda row: (row.state_name, row.name))


def participating_states() -> list[tuple[str, str]]:
    """(code, name) of the states that have a participating jurisdiction, by name."""
    codes = (
        Jurisdiction.objects.filter(teams__isnull=False)
        .values_list("state", flat=True)
        .distinct()
        .order_by()
    )
    return sorted(((code, STATE_NAMES.get(code, code)) for code in codes), key=lambda s: s[1])


# ---------------------------------------------------------------------------------------------
# Team workspace, module pages and reviews. Each read runs a fixed number of queries.
# ---------------------------------------------------------------------------------------------

MODULE_STATUS_LABELS = {
    "locked": "Locked",
    "open": "Open: not started",
    Deliverable.Status.DRAFT: "Draft",
    Deliverable.Status.SUBMITTED: "Submitted",
    Deliverable.Status.CHANGES_REQUESTED: "Changes requested",
    Deliverable.Status.ACCEPTED: "Accepted",
}
# USWDS colour utilities for each status's tag (white text, contrast 4.5:1 or more).
MODULE_STATUS_TAGS = {
    "locked": "bg-base-dark",
    "open": "bg-primary",
    Deliverable.Status.DRAFT: "bg-accent-cool-darker",
    Deliverable.Status.SUBMITTED: "bg-primary-darker",
    Deliverable.Status.CHANGES_REQUESTED: "bg-secondary-darker",
    Deliverable.Status.ACCEPTED: "bg-success-darker",
}
STILL_TO_DO = frozenset({"open", Deliverable.Status.DRAFT, Deliverable.Status.CHANGES_REQUESTED})


@dataclass(frozen=True)
class ModuleStep:
    """One of a team's five modules on its path: the cohort's module, gating and deliverable."""

    module: CohortModule
    state: ModuleState
    deliverable: Deliverable | None
    today: date

    @property
    def number(self) -> int:
        return self.module.number

    @property
    def is_open(self) -> bool:
        return self.state.is_open

    @property
    def status(self) -> str:
        if not self.state.is_open:
            return "locked"
        if self.deliverable is None:
            return "open"
        return self.deliverable.status

    @property
    def status_label(self) -> str:
        return MODULE_STATUS_LABELS[self.status]

    @property
    def status_tag(self) -> str:
        return MODULE_STATUS_TAGS[self.status]

    @property
    def is_due(self) -> bool:
        """Open and still waiting for the team to submit."""
        return self.status in STILL_TO_DO

    @property
    def is_overdue(self) -> bool:
        return self.is_due and self.module.due_on is not None and self.module.due_on < self.today


def team_module_steps(team: Team, *, today: date | None = None) -> list[ModuleStep]:
    """The team's modules in order with their state (three queries)."""
    today = today or timezone.localdate()
    modules = list(CohortModule.objects.filter(cohort_id=team.cohort_id).order_by("number"))
    deliverables = {
        deliverable.module.number: deliverable
        for deliverable in Deliverable.objects.filter(team=team).select_related(
            "module", "last_edited_by"
        )
    }
    unlocked = set(ModuleUnlock.objects.filter(team=team).values_list("module__number", flat=True))
    states = {
        state.number: state
        for state in module_states(
            {number: deliverable.status for number, deliverable in deliverables.items()},
            unlocked,
        )
    }
    return [
        ModuleStep(
            module=module,
            state=states[module.number],
            deliverable=deliverables.get(module.number),
            today=today,
        )
        for module in modules
        if module.number in states
    ]


def team_next_session(team: Team, *, now: datetime | None = None) -> Session | None:
    """The cohort's next session that has not ended yet."""
    now = now or timezone.now()
    return (
        Session.objects.filter(
            cohort_id=team.cohort_id, ends_at__gt=now, status=Session.Status.SCHEDULED
        )
        .order_by("starts_at", "pk")
        .first()
    )


def team_memberships(team: Team) -> list[Membership]:
    """Everyone who is or was on the team (removed members too), by name."""
    return list(
        Membership.objects.filter(team=team)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def team_open_invitations(team: Team) -> list[Invitation]:
    """Invitations to the team not accepted yet, by email address."""
    return list(
        Invitation.objects.filter(team=team, accepted_at__isnull=True)
        .select_related("invited_by")
        .order_by("email")
    )


def team_contacts(team: Team) -> list[TeamContact]:
    """Staff check-ins with the team and emails to it, latest first."""
    return list(
        TeamContact.objects.filter(team=team)
        .select_related("by")
        .order_by("-contacted_on", "-created_at")
    )


def team_locked_modules(team: Team) -> QuerySet[CohortModule]:
    """The cohort modules still locked for the team, in order (what staff may open early)."""
    locked = [step.module.pk for step in team_module_steps(team) if not step.is_open]
    return CohortModule.objects.filter(pk__in=locked).order_by("number")


def team_roster(team: Team) -> list[Membership]:
    """The team's current members (removed members left out), by name."""
    return list(
        Membership.objects.filter(team=team, removed_at__isnull=True)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def cohort_peer_teams(team: Team) -> list[Team]:
    """The cohort's other teams, each with `.shared_contacts`: current members who chose to
    share their contact details with the cohort."""
    contacts = (
        Membership.objects.filter(removed_at__isnull=True, share_contact_with_cohort=True)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )
    return list(
        Team.objects.filter(cohort_id=team.cohort_id)
        .exclude(pk=team.pk)
        .select_related("jurisdiction")
        .prefetch_related(Prefetch("memberships", queryset=contacts, to_attr="shared_contacts"))
        .order_by("name")
    )


@dataclass(frozen=True)
class SharedDeliverable:
    deliverable: Deliverable
    module: CohortModule


def cohort_shared_deliverables(team: Team) -> list[SharedDeliverable]:
    """Deliverables the cohort's other teams have shared with the cohort (one query)."""
    deliverables = (
        Deliverable.objects.filter(team__cohort_id=team.cohort_id, shared_with_cohort=True)
        .exclude(team=team)
        .select_related("team__jurisdiction", "module")
        .order_by("module__number", "team__name")
    )
    return [
        SharedDeliverable(deliverable=deliverable, module=deliverable.module)
        for deliverable in deliverables
    ]


def module_resources(module: CohortModule) -> list[Resource]:
    """Library resources for this module of the cohort's learning community."""
    return list(
        Resource.objects.filter(
            modules__learning_community_id=module.cohort.learning_community_id,
            modules__number=module.number,
        )
        .distinct()
        .order_by("title")
    )


def module_sessions(module: CohortModule) -> list[Session]:
    return list(module.sessions.order_by("starts_at", "pk"))


def deliverable_files(deliverable: Deliverable | None) -> list[DeliverableFile]:
    if deliverable is None or deliverable.pk is None:
        return []
    return list(
        DeliverableFile.objects.filter(deliverable=deliverable)
        .select_related("uploaded_by")
        .order_by("prompt_key", "-created_at", "-pk")
    )


def team_files_by_module(team: Team) -> dict[int, list[DeliverableFile]]:
    """Every file the team uploaded, grouped by module number (one query)."""
    grouped: dict[int, list[DeliverableFile]] = {}
    files = (
        DeliverableFile.objects.filter(deliverable__team=team)
        .select_related("deliverable__module", "uploaded_by")
        .order_by("prompt_key", "-created_at", "-pk")
    )
    for file in files:
        grouped.setdefault(file.deliverable.module.number, []).append(file)
    return grouped


def deliverable_reviews(deliverable: Deliverable | None) -> list[DeliverableReview]:
    """Reviews of a deliverable, newest first."""
    if deliverable is None or deliverable.pk is None:
        return []
    return list(
        DeliverableReview.objects.filter(deliverable=deliverable)
        .select_related("reviewer")
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: User | None
    action: str
    version: int


HISTORY_STATUS_ACTIONS = {
    Deliverable.Status.DRAFT: "Reopened the draft",
    Deliverable.Status.SUBMITTED: "Submitted for review",
    Deliverable.Status.CHANGES_REQUESTED: "Asked for changes",
    Deliverable.Status.ACCEPTED: "Accepted",
}


def deliverable_history(deliverable: Deliverable | None) -> list[HistoryEntry]:
    """Every recorded change of a deliverable (who, when, what), newest first (one query)."""
    if deliverable is None or deliverable.pk is None:
        return []
    records = deliverable.history.select_related("history_user").order_by(
        "history_date", "history_id"
    )
    entries = []
    previous = None
    for record in records:
        if previous is None:
            action = "Started the deliverable"
        elif record.status != previous.status:
            action = HISTORY_STATUS_ACTIONS.get(record.status, "Changed the status")
        elif record.shared_with_cohort != previous.shared_with_cohort:
            action = "Shared with the cohort" if record.shared_with_cohort else "Stopped sharing"
        elif record.version != previous.version:
            action = "Saved the answers"
        else:
            action = "Updated"
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                action=action,
                version=record.version,
            )
        )
        previous = record
    return entries[::-1]


@dataclass(frozen=True)
class ReviewItem:
    deliverable: Deliverable
    module: CohortModule


def review_queue(user: User) -> list[ReviewItem]:
    """Submitted deliverables waiting for this reviewer, oldest submission first (one query)."""
    deliverables = (
        reviewable_deliverables_for_user(user)
        .filter(status=Deliverable.Status.SUBMITTED)
        .select_related("team__jurisdiction", "team__cohort", "module", "last_edited_by")
        .order_by("submitted_at", "pk")
    )
    return [
        ReviewItem(deliverable=deliverable, module=deliverable.module)
        for deliverable in deliverables
    ]


def served_cohorts(user: User) -> list[Cohort]:
    """Cohorts the user serves as facilitator, national expert or TA provider (all cohorts for
    program staff), each with its teams (and their jurisdictions) prefetched."""
    return list(
        cohorts_served_by(user)
        .select_related("learning_community")
        .prefetch_related(
            Prefetch("teams", queryset=Team.objects.select_related("jurisdiction").order_by("name"))
        )
        .order_by("-starts_on", "name")
    )


def member_teams(user: User) -> list[Team]:
    """Teams the user is a current member of, newest cohort first."""
    if not user.is_authenticated:
        return []
    return list(
        Team.objects.filter(memberships__user=user, memberships__removed_at__isnull=True)
        .select_related("cohort__learning_community", "jurisdiction")
        .distinct()
        .order_by("-cohort__starts_on", "name")
    )


# ---------------------------------------------------------------------------------------------
# Attendance
# ---------------------------------------------------------------------------------------------


def cohort_teams_with_active_members(cohort_id: int) -> list[Team]:
    """The cohort's teams by name, each with `.active_members` (current members, by name)."""
    return list(
        Team.objects.filter(cohort_id=cohort_id)
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(removed_at__isnull=True)
                .select_related("user")
                .order_by("user__full_name", "user__email"),
                to_attr="active_members",
            )
        )
        .order_by("name")
    )


def cohort_active_memberships(cohort_id: int) -> list[Membership]:
    return list(Membership.objects.filter(team__cohort_id=cohort_id, removed_at__isnull=True))


def cohort_attendance_rows(cohort: Cohort) -> QuerySet[Attendance]:
    """Every attendance mark of the cohort, in session order, for the CSV export."""
    return (
        Attendance.objects.filter(session__cohort=cohort)
        .select_related("session", "membership__team", "membership__user")
        .order_by("session__starts_at", "session_id", "membership__team__name", "membership_id")
    )


@dataclass(frozen=True)
class Correction:
    when: datetime
    who: User | None
    member: str
    team: str
    old: str
    new: str
    reason: str


def attendance_corrections(session: Session) -> list[Correction]:
    """Every change to a mark after it was first recorded, newest first (two queries)."""
    names = {
        pk: (name or email, team)
        for pk, name, email, team in Membership.objects.filter(
            team__cohort_id=session.cohort_id
        ).values_list("pk", "user__full_name", "user__email", "team__name")
    }
    labels = dict(Attendance.Status.choices)
    records = (
        Attendance.history.filter(session_id=session.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    previous: dict[int, str] = {}
    corrections = []
    for record in records:
        old = previous.get(record.id)
        previous[record.id] = record.status
        if record.history_type != "~" or old is None or old == record.status:
            continue
        member, team = names.get(record.membership_id, ("A former member", ""))
        corrections.append(
            Correction(
                when=record.history_date,
                who=record.history_user,
                member=member,
                team=team,
                old=labels.get(old, old),
                new=labels.get(record.status, record.status),
                reason=record.correction_reason,
            )
        )
    return corrections[::-1]


@dataclass(frozen=True)
class StepRow:
    """An action step as lists show it, with whether it is late."""

    step: ActionStep
    overdue: bool


def team_action_steps(team: Team, *, today: date | None = None) -> list[StepRow]:
    """The team's action steps by due date, with owner and module (one query)."""
    today = today or timezone.localdate()
    steps = ActionStep.objects.filter(team=team).select_related("owner__user", "module")
    return [StepRow(step=step, overdue=step.is_overdue(today)) for step in steps]


def team_current_members(team: Team) -> QuerySet[Membership]:
    """The team's current members, who may own a step."""
    return Membership.objects.filter(team=team, removed_at__isnull=True).select_related("user")


def team_cohort_modules(team: Team) -> QuerySet[CohortModule]:
    """The modules of the team's cohort, in order."""
    return CohortModule.objects.filter(cohort_id=team.cohort_id).order_by("number")
