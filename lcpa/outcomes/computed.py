"""Computed measures become observations: the monthly rows `warehouse.compute` returns for a
dataset version are stored, through the links of `dataset_rules.yaml`, as the team's values
of its learning community's standard measures, with source "computed" and the version.

A version covers the months its file holds: their values are added or replaced (history keeps
the earlier ones); months it does not hold keep what earlier versions stored, and a month a
later-uploaded version stored keeps that version's value.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from pydantic import BaseModel, ConfigDict

from lcpa.accounts.models import User
from lcpa.cohorts.models import Team
from lcpa.curriculum.content import read_yaml
from lcpa.outcomes.analytics.warehouse import MeasureRow
from lcpa.outcomes.disaggregations import area_value, find
from lcpa.outcomes.models import DatasetVersion, Disaggregation, Measure, Observation

RULES_FILE = Path(__file__).resolve().parent / "dataset_rules.yaml"
PLACES = Decimal("0.0001")


class _Groups(BaseModel):
    """Rows of one computed key (`race:black`) stored as the measure's groups of a dimension;
    `values` renames the file's canonical values to the dimension's keys where they differ."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    key: str
    dimension: Disaggregation
    values: dict[str, str] = {}


class _Link(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    kind: str
    computed: str
    row: str
    measure: str
    groups: tuple[_Groups, ...] = ()


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
    disaggregation: str = ""  # "<dimension>:<key>" of the measure's groups, "" for the total


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(PLACES)


def _group(link: _Link, disaggregation: str) -> str | None:
    """The measure's disaggregation a computed row feeds: "" for the link's row, a group for a
    single-key row a `groups` entry names, else None (not stored)."""
    if disaggregation == link.row:
        return ""
    key, _, value = disaggregation.partition(":")
    if not value or ";" in disaggregation:
        return None
    for groups in link.groups:
        if groups.key == key:
            value = groups.values.get(value, value)
            if groups.dimension == Disaggregation.GEOGRAPHY:
                return area_value(value)
            return f"{groups.dimension}:{value}"
    return None


def linked_values(kind: str, rows: list[MeasureRow]) -> list[ComputedValue]:
    """The computed rows that feed a standard measure, as that measure's monthly values: the
    total, and its groups where the link names them."""
    links: dict[str, list[_Link]] = {}
    for link in dataset_rules().links:
        if link.kind == kind:
            links.setdefault(link.computed, []).append(link)
    values = []
    for row in rows:
        for link in links.get(row.measure, ()):
            disaggregation = _group(link, row.disaggregation)
            if disaggregation is not None:
                values.append(
                    ComputedValue(
                        link.measure,
                        row.period,
                        _decimal(row.numerator),
                        _decimal(row.denominator),
                        disaggregation,
                    )
                )
    return values


def computed_observations_store(
    *, team: Team, version: DatasetVersion, values: list[ComputedValue], by: User
) -> int:
    """Store the values against the current versions of the team's learning community's
    standard measures (measures it does not have, and groups a measure does not allow, are
    left out), except where a version uploaded later stored the month's value: monthly files
    overlap, and versions are processed again in any order when their mapping changes. Must
    run inside the caller's transaction, so that the values and the version's status change
    together. Returns how many observations were written."""
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
        (o.measure_version_id, o.period, o.disaggregation): o
        for o in Observation.objects.select_for_update(of=("self",))
        .filter(
            team=team,
            measure_version__in=list(measures.values()),
            period__in={value.period for value in values},
        )
        .select_related("dataset_version")
    }
    this_month = timezone.localdate().replace(day=1)
    written = 0
    for value in values:
        measure_version = measures.get(value.measure)
        if measure_version is None:
            continue
        if value.disaggregation and find(measure_version, value.disaggregation) is None:
            continue  # a group the measure does not allow, or a value not in the group list
        key = (measure_version.pk, value.period, value.disaggregation)
        if key in existing and _uploaded_later(existing[key].dataset_version, version):
            continue
        observation = existing.get(key) or Observation(
            team=team,
            measure_version=measure_version,
            period=value.period,
            disaggregation=value.disaggregation,
        )
        denominator = value.denominator if measure_version.has_denominator else None
        observation.numerator = value.numerator
        observation.denominator = denominator
        observation.source = Observation.Source.COMPUTED
        observation.dataset_version = version
        observation.entered_by = by
        # A month not over yet (a file exported mid-month): its value may still grow.
        observation.provisional = value.period >= this_month
        note = f"Computed from {version.dataset.name}, version {version.number}"
        if observation.provisional:
            note += ", before the month was over"
        observation.note = note[:500]
        observation.save()
        written += 1
    return written


def _uploaded_later(stored: DatasetVersion | None, version: DatasetVersion) -> bool:
    """Whether the version a value was stored from was uploaded after `version`."""
    if stored is None or stored.uploaded_at is None or version.uploaded_at is None:
        return False
    return (stored.uploaded_at, stored.pk) > (version.uploaded_at, version.pk)
