"""Reads that span relations: what the public site and dashboards show.

Every function here runs a fixed number of queries whatever the number of rows (prefetching),
so page query counts do not grow with the data.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from lcpa.cohorts.models import Cohort, Jurisdiction, LearningCommunity, Module, Team
from lcpa.core.states import US_STATES

STATE_NAMES = dict(US_STATES)


def upcoming_cohorts(*, today: date | None = None) -> QuerySet[Cohort]:
    """Cohorts that have not started yet, soonest first, with their learning community."""
    today = today or timezone.localdate()
    return (
        Cohort.objects.filter(starts_on__gte=today)
        .select_related("learning_community")
        .order_by("starts_on", "learning_community__position", "name")
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

from datetime import datetime  # noqa: E402

from django.db.models import Q  # noqa: E402

from lcpa.accounts.models import User  # noqa: E402
from lcpa.accounts.roles import is_program_staff  # noqa: E402
from lcpa.cohorts.access import reviewable_deliverables_for_user  # noqa: E402
from lcpa.cohorts.gating import ModuleState, module_states  # noqa: E402
from lcpa.cohorts.models import (  # noqa: E402
    CohortModule,
    Deliverable,
    DeliverableFile,
    DeliverableReview,
    Membership,
    ModuleUnlock,
    Resource,
    Session,
)

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
        deliverable.module_number: deliverable
        for deliverable in Deliverable.objects.filter(team=team).select_related("last_edited_by")
    }
    unlocked = set(ModuleUnlock.objects.filter(team=team).values_list("module_number", flat=True))
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
        Session.objects.filter(cohort_id=team.cohort_id, ends_at__gt=now)
        .order_by("starts_at", "pk")
        .first()
    )


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
    module: CohortModule | None


def cohort_shared_deliverables(team: Team) -> list[SharedDeliverable]:
    """Deliverables the cohort's other teams have shared with the cohort (two queries)."""
    modules = {
        module.number: module for module in CohortModule.objects.filter(cohort_id=team.cohort_id)
    }
    deliverables = (
        Deliverable.objects.filter(team__cohort_id=team.cohort_id, shared_with_cohort=True)
        .exclude(team=team)
        .select_related("team__jurisdiction")
        .order_by("module_number", "team__name")
    )
    return [
        SharedDeliverable(deliverable=deliverable, module=modules.get(deliverable.module_number))
        for deliverable in deliverables
    ]


def module_resources(team: Team, number: int) -> list[Resource]:
    """Library resources tagged with the team's learning community and this module."""
    return list(
        Resource.objects.filter(
            learning_communities=team.cohort.learning_community_id, module_number=number
        )
        .distinct()
        .order_by("title")
    )


def module_sessions(team: Team, number: int) -> list[Session]:
    return list(
        Session.objects.filter(cohort_id=team.cohort_id, module_number=number).order_by(
            "starts_at", "pk"
        )
    )


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
        .select_related("deliverable", "uploaded_by")
        .order_by("prompt_key", "-created_at", "-pk")
    )
    for file in files:
        grouped.setdefault(file.deliverable.module_number, []).append(file)
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
    module: CohortModule | None


def review_queue(user: User) -> list[ReviewItem]:
    """Submitted deliverables waiting for this reviewer, oldest submission first (two queries)."""
    deliverables = list(
        reviewable_deliverables_for_user(user)
        .filter(status=Deliverable.Status.SUBMITTED)
        .select_related("team__jurisdiction", "team__cohort", "last_edited_by")
        .order_by("submitted_at", "pk")
    )
    cohort_ids = {deliverable.team.cohort_id for deliverable in deliverables}
    modules = {
        (module.cohort_id, module.number): module
        for module in CohortModule.objects.filter(cohort_id__in=cohort_ids)
    }
    return [
        ReviewItem(
            deliverable=deliverable,
            module=modules.get((deliverable.team.cohort_id, deliverable.module_number)),
        )
        for deliverable in deliverables
    ]


def served_cohorts(user: User) -> list[Cohort]:
    """Cohorts the user serves as facilitator, national expert or TA provider (all cohorts for
    program staff), each with its teams (and their jurisdictions) prefetched."""
    if not user.is_authenticated:
        return []
    cohorts = Cohort.objects.all()
    if not is_program_staff(user):
        served = Cohort.objects.filter(
            Q(facilitators=user) | Q(experts=user) | Q(ta_providers=user)
        ).values("pk")
        cohorts = cohorts.filter(pk__in=served)
    return list(
        cohorts.select_related("learning_community")
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


def is_reviewer(user: User) -> bool:
    """Program staff, and anyone who is a national expert or facilitator of some cohort."""
    if not user.is_authenticated:
        return False
    return bool(
        is_program_staff(user)
        or Cohort.objects.filter(Q(experts=user) | Q(facilitators=user)).exists()
    )
