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
