"""What the public results page, its CSV file and the API show: for the teams that chose to
share their results, each measure of their plan they chose to show, by learning community and
jurisdiction, with its recent months, its latest value and its trend in words.

Only monthly totals are public (never a disaggregation, never a record), only values that are
not provisional, and every number whose count or denominator is under the measure's threshold
is suppressed (`outcomes.suppression`). Two queries, whatever the number of teams and values.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone

from lcpa.core.public_cache import public_cached
from lcpa.outcomes.models import Better, Observation, TeamMeasure
from lcpa.outcomes.suppression import PublicValue, public_value

PUBLIC_MONTHS = 24
# The trend compares the mean of the latest published months with the mean of as many before.
TREND_WINDOW = 3
# A change smaller than this share of the earlier mean is "about the same".
STEADY_SHARE = Decimal("0.05")


@dataclass(frozen=True)
class MeasureResult:
    code: str
    name: str
    unit: str
    better: str
    threshold: int
    months: list[PublicValue]  # oldest first
    # The values behind the months that are not suppressed, for charts of public numbers.
    public_observations: list[Observation] = field(default_factory=list, repr=False)

    @property
    def latest(self) -> PublicValue | None:
        return self.months[-1] if self.months else None

    @property
    def trend(self) -> str:
        return trend_in_words(self.months, better=self.better)


@dataclass
class JurisdictionResults:
    name: str
    state: str
    measures: list[MeasureResult] = field(default_factory=list)


@dataclass
class CommunityResults:
    name: str
    slug: str
    jurisdictions: list[JurisdictionResults] = field(default_factory=list)


def trend_in_words(months: list[PublicValue], *, better: str) -> str:
    """The direction of the latest published months, from published values only."""
    values = [month.value for month in months if not month.suppressed]
    if len(values) < 2 * TREND_WINDOW:
        return "Not enough published months to show a trend yet."
    recent = sum(values[-TREND_WINDOW:]) / TREND_WINDOW
    before = sum(values[-2 * TREND_WINDOW : -TREND_WINDOW]) / TREND_WINDOW
    if abs(recent - before) <= abs(before) * STEADY_SHARE:
        return "About the same as the three months before."
    higher = recent > before
    improving = higher == (better == Better.UP)
    return (
        f"{'Improving' if improving else 'Getting worse'}: "
        f"{'higher' if higher else 'lower'} than the three months before."
    )


def _months_since(today: date, count: int) -> date:
    index = today.year * 12 + today.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)


def measure_results(team_measures: list[TeamMeasure], today: date) -> dict[int, MeasureResult]:
    """The public months of each team measure (by its id): one query for all of them."""
    observations = Observation.objects.filter(
        team_id__in={tm.team_id for tm in team_measures},
        measure_version_id__in={tm.measure.current_id for tm in team_measures},
        disaggregation="",
        provisional=False,
        period__gte=_months_since(today, PUBLIC_MONTHS),
        period__lt=today.replace(day=1),
    ).order_by("period")
    found: dict[tuple[int, int], list[Observation]] = defaultdict(list)
    for observation in observations:
        found[observation.team_id, observation.measure_version_id].append(observation)
    results = {}
    for team_measure in team_measures:
        version = team_measure.measure.current
        threshold = team_measure.measure.suppress_below
        series = found[team_measure.team_id, version.pk]
        months = [
            public_value(
                period=observation.period,
                kind=version.kind,
                numerator=observation.numerator,
                denominator=observation.denominator,
                multiplier=version.multiplier,
                threshold=threshold,
            )
            for observation in series
        ]
        results[team_measure.pk] = MeasureResult(
            code=team_measure.measure.code,
            name=version.name,
            unit=version.unit,
            better=version.better,
            threshold=threshold,
            months=months,
            public_observations=[
                observation
                for observation, month in zip(series, months, strict=True)
                if not month.suppressed
            ],
        )
    return results


def shared_results(today: date) -> list[CommunityResults]:
    """Every shared measure, grouped by learning community and jurisdiction (both by name)."""
    team_measures = list(
        TeamMeasure.objects.filter(team__results_sharing__shared=True, shared=True)
        .select_related(
            "team__jurisdiction", "team__cohort__learning_community", "measure__current"
        )
        .order_by("team__cohort__learning_community__position", "measure__position")
    )
    results = measure_results(team_measures, today)
    communities: dict[str, CommunityResults] = {}
    places: dict[tuple[str, int], JurisdictionResults] = {}
    for team_measure in team_measures:
        community = team_measure.team.cohort.learning_community
        jurisdiction = team_measure.team.jurisdiction
        group = communities.setdefault(
            community.slug, CommunityResults(name=community.name, slug=community.slug)
        )
        place = places.get((community.slug, jurisdiction.pk))
        if place is None:
            place = JurisdictionResults(name=jurisdiction.name, state=jurisdiction.state)
            places[community.slug, jurisdiction.pk] = place
            group.jurisdictions.append(place)
        place.measures.append(results[team_measure.pk])
    for group in communities.values():
        group.jurisdictions.sort(key=lambda place: (place.name, place.state))
    return list(communities.values())


def cached_results() -> list[CommunityResults]:
    """`shared_results` for today, kept in the public cache until shared content changes."""
    today = timezone.localdate()
    return public_cached("shared-results", today, build=lambda: shared_results(today))
