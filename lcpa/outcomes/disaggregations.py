"""The groups a measure's values are broken down by, read from `categories/disaggregations.yaml`.

A stored disaggregation is "" for the total, "<dimension>:<key>" for a listed group (such as
"race:black"), and "geography:<area>" for an area the team names itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from lcpa.curriculum.content import read_yaml
from lcpa.outcomes.models import Disaggregation, MeasureVersion

CATEGORIES_FILE = Path(__file__).resolve().parent / "categories" / "disaggregations.yaml"
AREA_MAX_LENGTH = 48


class Group(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$", max_length=30)]
    label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]


class GroupsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    race: tuple[Group, ...] = Field(min_length=1)
    sex: tuple[Group, ...] = Field(min_length=1)
    age_group: tuple[Group, ...] = Field(min_length=1)
    disability: tuple[Group, ...] = Field(min_length=1)


@cache
def groups() -> GroupsFile:
    return read_yaml(CATEGORIES_FILE, GroupsFile, what="the disaggregation groups")


@dataclass(frozen=True)
class Breakdown:
    """One way to show a measure's values: the total, or one group."""

    value: str
    label: str

    @property
    def is_total(self) -> bool:
        return self.value == ""


TOTAL = Breakdown("", "All (the total)")


def listed(version: MeasureVersion) -> list[Breakdown]:
    """The total and every listed group the measure allows, in the file's order."""
    found = [TOTAL]
    dimensions = dict(Disaggregation.choices)
    for dimension in version.disaggregations:
        if dimension == Disaggregation.GEOGRAPHY:
            continue
        for group in getattr(groups(), dimension):
            found.append(
                Breakdown(f"{dimension}:{group.key}", f"{dimensions[dimension]}: {group.label}")
            )
    return found


def allows_areas(version: MeasureVersion) -> bool:
    return Disaggregation.GEOGRAPHY in version.disaggregations


def area_value(area: str) -> str:
    return f"{Disaggregation.GEOGRAPHY}:{' '.join(area.split())[:AREA_MAX_LENGTH]}"


def find(version: MeasureVersion, value: str, area: str = "") -> Breakdown | None:
    """The breakdown the person asked for (a listed group, or an area they typed), or None
    when the measure does not allow it."""
    area = " ".join(area.split())
    if area:
        if not allows_areas(version):
            return None
        value = area_value(area)
        return Breakdown(value, f"Geography: {value.split(':', 1)[1]}")
    if value.startswith(f"{Disaggregation.GEOGRAPHY}:") and allows_areas(version):
        return Breakdown(value, f"Geography: {value.split(':', 1)[1]}")
    return next((breakdown for breakdown in listed(version) if breakdown.value == value), None)
