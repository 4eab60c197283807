"""Computed measures become observations: the monthly rows `warehouse.compute` returns for a
dataset version are stored, through the links of `dataset_rules.yaml`, as the team's values
of its learning community's standard measures, with source "computed" and the version.

A version covers the months its file holds: their values are added or replaced (history keeps
the earlier ones); months it does not hold keep what earlier versions stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.db import transaction
from pydantic import BaseModel, ConfigDict

from lcpa.accounts.models import User
from lcpa.cohorts.models import Team
from lcpa.curriculum.content import read_yaml
from lcpa.outcomes.analytics.warehouse import MeasureRow
from lcpa.outcomes.models import DatasetVersion, Measure, Observation

RULES_FILE = Path(__file__).resolve().parent / "dataset_rules.yaml"
PLACES = Decimal("0.0001")


class _Link(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    kind: str
    computed: str
    row: str
    measure: str


class DatasetRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    derived: dict[str, dict[str, str]]
    links: list[_Link]


@cache
def dataset_rules() -> DatasetRules:
    return read_yaml(RULES_FILE, DatasetRules, what="the dataset rules")


@dataclass(frozen=True)
class ComputedValue:
    measure: str  # the standard measure's code
    period: object
    numerator: Decimal
    denominator: Decimal | None


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(PLACES)


def linked_values(kind: str, rows: list[MeasureRow]) -> list[ComputedValue]:
    """The computed rows that feed a standard measure, as that measure's monthly values."""
    wanted = [link for link in dataset_rules().links if link.kind == kind]
    by_key = {(link.computed, link.row): link.measure for link in wanted}
    return [
        ComputedValue(
            by_key[(row.measure, row.disaggregation)],
            row.period,
            _decimal(row.numerator),
            _decimal(row.denominator),
        )
        for row in rows
        if (row.measure, row.disaggregation) in by_key
    ]


def computed_observations_store(
    *, team: Team, version: DatasetVersion, values: list[ComputedValue], by: User
) -> int:
    """Store the values against the current versions of the team's learning community's
    standard measures (measures it does not have are left out). Must run inside the caller's
    transaction, so that the values and the version's status change together. Returns how
    many observations were written."""
    assert transaction.get_connection().in_atomic_block
    codes = {value.measure for value in values}
    measures = {
        measure.code: measure.current
        for measure in Measure.objects.filter(
            learning_community_id=team.cohort.learning_community_id,
            team__isnull=True,
            code__in=codes,
            current__isnull=False,
        ).select_related("current")
    }
    existing = {
        (o.measure_version_id, o.period): o
        for o in Observation.objects.select_for_update().filter(
            team=team,
            disaggregation="",
            measure_version__in=list(measures.values()),
            period__in={value.period for value in values},
        )
    }
    written = 0
    for value in values:
        measure_version = measures.get(value.measure)
        if measure_version is None:
            continue
        observation = existing.get((measure_version.pk, value.period)) or Observation(
            team=team, measure_version=measure_version, period=value.period
        )
        denominator = value.denominator if measure_version.has_denominator else None
        observation.numerator = value.numerator
        observation.denominator = denominator
        observation.source = Observation.Source.COMPUTED
        observation.dataset_version = version
        observation.entered_by = by
        observation.provisional = False
        observation.note = f"Computed from {version.dataset.name}, version {version.number}"[:500]
        observation.save()
        written += 1
    return written
