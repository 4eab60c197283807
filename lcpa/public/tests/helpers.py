"""Small data builders for the public site's tests (on top of lcpa.testing)."""

from datetime import timedelta

from django.utils import timezone

from lcpa.cohorts.models import Cohort, Team
from lcpa.curriculum.models import Jurisdiction, LearningCommunity


def make_cohort(
    community: LearningCommunity, name: str, *, starts_in_days: int, weeks: int = 26
) -> Cohort:
    starts_on = timezone.localdate() + timedelta(days=starts_in_days)
    return Cohort.objects.create(
        learning_community=community,
        name=name,
        starts_on=starts_on,
        ends_on=starts_on + timedelta(weeks=weeks),
    )


def make_participant(
    cohort: Cohort,
    name: str,
    state: str,
    *,
    population: int | None = 50_000,
    latitude: float | None = 40.0,
    longitude: float | None = -90.0,
    kind: str = Jurisdiction.Kind.CITY,
) -> Jurisdiction:
    jurisdiction = Jurisdiction.objects.create(
        name=name,
        state=state,
        kind=kind,
        population=population,
        latitude=latitude,
        longitude=longitude,
    )
    Team.objects.create(cohort=cohort, jurisdiction=jurisdiction, name=f"{name} team")
    return jurisdiction
