"""Progress scores on the IHI Assessment Scale (0.5 to 5.0, levels in
`categories/ihi_assessment_scale.yaml`), and the score the evidence suggests: deliverables
accepted, measures with recent data, PDSA cycles, and measures whose run chart shows an
improvement (a non-random shift past the baseline median, in the better direction), because
teams and staff forget to update a manual score."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from lcpa.curriculum.content import read_yaml
from lcpa.outcomes.analytics.spc import qic
from lcpa.outcomes.models import Better

SCALE_FILE = Path(__file__).resolve().parent / "categories" / "ihi_assessment_scale.yaml"
RECENT_MONTHS = 3


class Level(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    score: Decimal = Field(ge=Decimal("0.5"), le=Decimal("5.0"), multiple_of=Decimal("0.5"))
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
    description: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Scale(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    levels: tuple[Level, ...] = Field(min_length=10, max_length=10)


@cache
def scale() -> tuple[Level, ...]:
    return read_yaml(SCALE_FILE, Scale, what="the IHI assessment scale").levels


def level(score: Decimal) -> Level:
    return next(item for item in scale() if item.score == score)


@dataclass
class MeasureSeries:
    """One measure of a team's plan with its monthly totals, oldest first."""

    role: str
    better: str
    baseline_start: date
    baseline_end: date
    target: Decimal
    values: list[tuple[date, float]] = field(default_factory=list)

    def has_recent_data(self, today: date) -> bool:
        if not self.values:
            return False
        latest = self.values[-1][0]
        return (today.year - latest.year) * 12 + today.month - latest.month <= RECENT_MONTHS

    def improved(self) -> bool:
        """A run chart of the values from the baseline's start, its centre line the baseline
        median, shows a runs signal and the points after the baseline sit on the better side."""
        series = [(p, v) for p, v in self.values if p >= self.baseline_start]
        baseline = [v for p, v in series if p <= self.baseline_end]
        after = [v for p, v in series if p > self.baseline_end]
        if len(baseline) < 3 or len(after) < 6:
            return False
        result = qic([v for _, v in series], chart="run", freeze=len(baseline))
        if not result.summary[0].runs_signal:
            return False
        centre, recent = statistics.median(baseline), statistics.median(after)
        return recent > centre if self.better == Better.UP else recent < centre

    def at_target(self) -> bool:
        if not self.values:
            return False
        latest = Decimal(str(self.values[-1][1]))
        return latest >= self.target if self.better == Better.UP else latest <= self.target


@dataclass
class Evidence:
    """What the platform knows about a team's progress."""

    members: int = 0
    deliverables_accepted: int = 0
    cycles_started: int = 0
    cycles_adopted: int = 0
    measures: list[MeasureSeries] = field(default_factory=list)


@dataclass(frozen=True)
class Suggestion:
    level: Level
    reasons: list[str]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def suggest(evidence: Evidence, today: date) -> Suggestion:
    """The highest level whose conditions the evidence meets, with the reasons in words."""
    outcomes = [m for m in evidence.measures if m.role == "outcome"]
    with_data = [m for m in evidence.measures if m.has_recent_data(today)]
    improved = [m for m in evidence.measures if m.improved()]
    outcomes_improved = [m for m in outcomes if m.improved()]
    outcomes_at_target = [m for m in outcomes if m.at_target()]
    reasons = [
        f"{_plural(evidence.members, 'current member')}.",
        f"{_plural(evidence.deliverables_accepted, 'deliverable')} accepted.",
        f"{_plural(len(with_data), 'measure')} with data in the last {RECENT_MONTHS} months "
        f"(of {len(evidence.measures)} in the plan).",
        f"{_plural(evidence.cycles_started, 'PDSA cycle')} started, "
        f"{evidence.cycles_adopted} adopted.",
        f"{_plural(len(improved), 'measure')} showing an improvement on the run chart.",
        f"{len(outcomes_at_target)} of {_plural(len(outcomes), 'outcome measure')} at target.",
    ]
    half = outcomes and len(outcomes_improved) * 2 >= len(outcomes)
    steps = [
        ("1.0", evidence.members >= 2),
        ("1.5", evidence.deliverables_accepted >= 1 and bool(evidence.measures)),
        ("2.0", evidence.deliverables_accepted >= 2 and bool(with_data)),
        ("2.5", evidence.cycles_started >= 1),
        ("3.0", bool(improved)),
        ("3.5", bool(half)),
        ("4.0", bool(half) and bool(outcomes_at_target)),
        (
            "4.5",
            bool(outcomes)
            and len(outcomes_improved) == len(outcomes)
            and evidence.cycles_adopted >= 1,
        ),
        ("5.0", bool(outcomes) and len(outcomes_at_target) == len(outcomes)),
    ]
    reached = Decimal("0.5")
    for score, met in steps:
        if not met:
            break
        reached = Decimal(score)
    return Suggestion(level(reached), reasons)
