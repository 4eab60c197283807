"""The difference-in-differences design of a team's shootings dataset (domain-metrics C3): the
intervention area, the comparison area and the start date the team names before looking at
outcomes, and the estimate each processed version gives.

The design is kept on the dataset; every choice and change is in its history (the audit
trail), and the version page says whether the design was fixed before the dataset's first
results were shown and lists every later change. The estimate is computed when the page is
read, from the version's normalised file: monthly shooting incidents per area
(`shootings_incidents`), then `analytics.difference_in_differences`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from lcpa.accounts.models import User
from lcpa.outcomes.analytics.schemas import load_schema
from lcpa.outcomes.analytics.warehouse import compute
from lcpa.outcomes.dataset_mapping import local_parquet
from lcpa.outcomes.models import Dataset, DatasetVersion

if TYPE_CHECKING:  # statsmodels is imported only when an estimate is made (decision 0130)
    from lcpa.outcomes.analytics.difference_in_differences import (
        AreaMonth,
        DifferenceInDifferencesResult,
    )

DESIGN_MEASURE = "shootings_difference_in_differences"
COUNTS_MEASURE = "shootings_incidents"


def has_comparison(kind: str) -> bool:
    """Whether datasets of `kind` take a comparison design (shootings do)."""
    try:
        return any(m.code == DESIGN_MEASURE for m in load_schema(kind).measures)
    except ValueError:
        return False


def _clean(area: str) -> str:
    return " ".join(area.split())


def comparison_choose(
    *,
    dataset: Dataset,
    intervention_area: str,
    comparison_area: str,
    starts_on: dt.date,
    by: User,
) -> Dataset:
    """Name (or change) the dataset's intervention area, comparison area and start date. The
    history keeps who chose what, and when."""
    if not has_comparison(dataset.kind):
        raise ValueError(f"a {dataset.kind} dataset takes no comparison design")
    intervention_area, comparison_area = _clean(intervention_area), _clean(comparison_area)
    if not intervention_area or not comparison_area:
        raise ValueError("both areas are needed")
    if intervention_area.casefold() == comparison_area.casefold():
        raise ValueError("the two areas must be different")
    with transaction.atomic():
        current = Dataset.objects.select_for_update().get(pk=dataset.pk)
        unchanged = (
            current.intervention_area,
            current.comparison_area,
            current.intervention_starts_on,
        ) == (intervention_area, comparison_area, starts_on)
        if unchanged:
            return current
        current.intervention_area = intervention_area
        current.comparison_area = comparison_area
        current.intervention_starts_on = starts_on
        current.comparison_chosen_by = by
        current.comparison_chosen_at = timezone.now()
        current._history_user = by
        current._change_reason = "comparison design chosen"
        current.save()
    return current


@dataclass(frozen=True)
class DesignChoice:
    """One choice of the design, as the history keeps it."""

    at: dt.datetime
    by: User | None
    intervention_area: str
    comparison_area: str
    starts_on: dt.date


def design_choices(dataset: Dataset) -> list[DesignChoice]:
    """Every choice of the dataset's design, oldest first (a change is a later choice)."""
    choices: list[DesignChoice] = []
    records = dataset.history.order_by("history_date", "history_id").select_related("history_user")
    for record in records:
        if not record.intervention_area or record.intervention_starts_on is None:
            continue
        key = (record.intervention_area, record.comparison_area, record.intervention_starts_on)
        if choices and key == (
            choices[-1].intervention_area,
            choices[-1].comparison_area,
            choices[-1].starts_on,
        ):
            continue
        choices.append(DesignChoice(record.history_date, record.history_user, *key))
    return choices


def first_results_at(dataset: Dataset) -> dt.datetime | None:
    """When a version of the dataset first became ready (its measures shown), if one did."""
    first = (
        DatasetVersion.history.filter(dataset_id=dataset.pk, status=DatasetVersion.Status.READY)
        .order_by("history_date")
        .values_list("history_date", flat=True)
        .first()
    )
    return first


def area_counts(version: DatasetVersion) -> list[AreaMonth]:
    """Monthly shooting incidents per area in the version's normalised file."""
    from lcpa.outcomes.analytics.difference_in_differences import AreaMonth

    with local_parquet(version) as parquet:
        rows = compute(
            version.dataset.kind,
            parquet,
            level=version.report.get("level", ""),
            measures=[COUNTS_MEASURE],
        ).rows
    return [
        AreaMonth(row.period, row.disaggregation.removeprefix("area:"), row.numerator)
        for row in rows
        if row.disaggregation.startswith("area:")
    ]


@dataclass
class VersionComparison:
    """What the version page shows about the design and its estimate."""

    choices: list[DesignChoice]
    first_results: dt.datetime | None
    result: DifferenceInDifferencesResult | None = None
    problem: str = ""
    changes: list[DesignChoice] = field(default_factory=list)

    @property
    def design(self) -> DesignChoice | None:
        return self.choices[-1] if self.choices else None

    @property
    def fixed_before_results(self) -> bool:
        """Whether the first choice came before the dataset's first results were shown."""
        if not self.choices:
            return False
        return self.first_results is None or self.choices[0].at <= self.first_results


def version_comparison(version: DatasetVersion) -> VersionComparison | None:
    """The design and the estimate for a version of a shootings dataset (None for other
    kinds); the estimate only for a ready version whose dataset has a design."""
    dataset = version.dataset
    if not has_comparison(dataset.kind):
        return None
    choices = design_choices(dataset)
    shown = VersionComparison(choices=choices, first_results=first_results_at(dataset))
    shown.changes = choices[1:]
    if not choices or version.status != DatasetVersion.Status.READY or not version.parquet_path:
        return shown
    from lcpa.outcomes.analytics.difference_in_differences import (
        DifferenceInDifferencesError,
        difference_in_differences,
    )

    design = choices[-1]
    try:
        shown.result = difference_in_differences(
            area_counts(version),
            intervention_area=design.intervention_area,
            comparison_area=design.comparison_area,
            start=design.starts_on,
        )
    except DifferenceInDifferencesError as error:
        shown.problem = str(error)
    return shown
