"""Reading the measure dictionary's data files (`content/<learning-community-slug>.yaml`).

Each file lists the standard measures of one learning community. A file that breaks the
schema is refused with a `ContentError` naming the file, the line and the field, before anything
is written (the curriculum's reader and error style: `lcpa.curriculum.content.read_yaml`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from lcpa.curriculum.content import ContentError, read_each, read_yaml
from lcpa.outcomes.models import Better, Chart, Disaggregation, Kind

CONTENT_DIR = Path(__file__).resolve().parent / "content"

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _short(length: int):
    return Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=length)]


class MeasureSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$", max_length=60)]
    name: _short(160)
    definition: Text
    numerator: _short(200)
    denominator: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
    kind: Literal[tuple(Kind.values)]  # type: ignore[valid-type]
    unit: _short(80)
    multiplier: Annotated[int, Field(ge=1)]
    better: Literal[tuple(Better.values)]  # type: ignore[valid-type]
    period: Literal["month"] = "month"
    chart: Literal[tuple(Chart.values)]  # type: ignore[valid-type]
    disaggregations: tuple[Literal[tuple(Disaggregation.values)], ...] = ()  # type: ignore[valid-type]
    source_kind: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$", max_length=40)]
    # Public numbers whose count or denominator is under this are suppressed.
    suppress_below: Annotated[int, Field(ge=1, le=1000)] = 10

    @model_validator(mode="after")
    def _denominator_fits_the_kind(self) -> MeasureSpec:
        if self.kind == Kind.COUNT and self.denominator:
            raise ValueError("a count has no denominator: leave it empty")
        if self.kind in (Kind.PROPORTION, Kind.RATE) and not self.denominator:
            raise ValueError(f"a {self.kind} needs a denominator")
        return self


class MeasureFileSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    learning_community: Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+$", max_length=50)]
    measures: tuple[MeasureSpec, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _codes_unique(self) -> MeasureFileSpec:
        codes = [measure.code for measure in self.measures]
        twice = sorted({code for code in codes if codes.count(code) > 1})
        if twice:
            raise ValueError(f"measure codes used twice: {', '.join(twice)}")
        return self


@dataclass(frozen=True)
class MeasureFile:
    path: Path
    spec: MeasureFileSpec


def read_file(path: Path) -> MeasureFile:
    spec = read_yaml(path, MeasureFileSpec, what="a measure dictionary")
    if spec.learning_community != path.stem:
        raise ContentError(
            f"{path.name}, learning_community: {spec.learning_community!r} must match the file "
            f"name ({path.stem!r})"
        )
    return MeasureFile(path=path, spec=spec)


def read_directory(directory: Path = CONTENT_DIR) -> list[MeasureFile]:
    """Every measure file of the directory, checked; all problems of all files at once."""
    return read_each(directory, read_file, what="measure files")
