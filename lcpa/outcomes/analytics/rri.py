"""The relative rate index of the school-to-justice path (domain-metrics D2). Pure Python.

`schools_relative_rate_index.sql` counts, for each school year, the students of each race at
each stage and at the stage before (its base). From those counts:

- rate of group g at stage s = students of g at s / students of g at the stage before;
- RRI of g at s = rate of g at s / rate of White students at s (1 means the same rate as White
  students; 2, twice as often; 0.5, half as often);
- a 95% confidence interval on the log scale (Katz): SE(log RRI) = sqrt((1 - p_g) / x_g +
  (1 - p_w) / x_w), where p is the rate and x the count at the stage;
- small cells (D2's OJJDP practice: a minimum base before an RRI is reported): a rate whose
  base is under `MIN_BASE` (50) students is suppressed, and so is every RRI that needs it. An
  RRI is not computed either when no White student reached the stage (nothing to compare to).

"Students of color" (OJJDP's "all minorities") adds up every known group other than White.
`index_rows()` turns the table into monthly rows of the measures `schools_rri_<stage>`
(numerator = the group's rate per 1,000 students at the stage before, denominator = White
students' rate, so that numerator / denominator is the index), leaving suppressed cells out.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from datetime import date

from lcpa.outcomes.analytics.warehouse import MeasureRow

COUNTS = "schools_relative_rate_index"
REPORT_KEY = "relative_rate_index"  # where the table is kept in a version's report
MIN_BASE = 50
PER = 1000  # the rates of index_rows(): per 1,000 students at the stage before
Z95 = 1.959964
REFERENCE = "white"
STUDENTS_OF_COLOR = "students_of_color"
STAGES = (
    ("referral", "Referral to law enforcement", "students enrolled"),
    ("arrest", "School-related arrest", "students referred"),
    ("diversion_offered", "Diversion offered", "students arrested"),
    ("diversion_completed", "Diversion completed", "students offered diversion"),
)
# The CRDC's seven groups, White first (the reference).
GROUPS = (
    ("white", "White"),
    ("black", "Black"),
    ("hispanic", "Hispanic or Latino"),
    ("asian", "Asian"),
    ("american_indian_alaska_native", "American Indian or Alaska Native"),
    ("native_hawaiian_pacific_islander", "Native Hawaiian or Pacific Islander"),
    ("two_or_more", "Two or more races"),
    (STUDENTS_OF_COLOR, "Students of color (every group but White)"),
)
SUPPRESSED_BASE = f"Suppressed: fewer than {MIN_BASE} students at the stage before"
SUPPRESSED_REFERENCE = f"Not computed: fewer than {MIN_BASE} White students at the stage before"
NO_REFERENCE = "Not computed: no White student reached this stage"


@dataclass(frozen=True)
class Cell:
    group: str
    label: str
    stage: str
    count: int
    base: int
    rate: float | None  # None when suppressed
    index: float | None  # None when suppressed or not computed (the reference: 1)
    low: float | None = None
    high: float | None = None
    note: str = ""

    @property
    def suppressed(self) -> bool:
        return self.index is None and bool(self.note)


@dataclass(frozen=True)
class Year:
    period: object
    stages: tuple[tuple[str, str, str], ...]
    cells: tuple[Cell, ...]

    @property
    def school_year(self) -> str:
        return f"{self.period.year}-{(self.period.year + 1) % 100:02}"

    def rows(self) -> list[tuple[str, list[tuple[str, Cell | None]]]]:
        """(group label, [(stage title, cell)] in stage order) for each group with a count."""
        found = []
        for key, label in GROUPS:
            cells = [(title, self.cell(key, stage)) for stage, title, _ in self.stages]
            if any(cell for _, cell in cells):
                found.append((label, cells))
        return found

    def cell(self, group: str, stage: str) -> Cell | None:
        for cell in self.cells:
            if cell.group == group and cell.stage == stage:
                return cell
        return None


def _counts(rows: list[MeasureRow]) -> dict[object, dict[tuple[str, str], tuple[int, int]]]:
    years: dict[object, dict[tuple[str, str], tuple[int, int]]] = {}
    for row in rows:
        if row.measure != COUNTS:
            continue
        keys = dict(part.split(":", 1) for part in row.disaggregation.split(";"))
        count, base = int(row.numerator), int(row.denominator or 0)
        years.setdefault(row.period, {})[(keys["race"], keys["stage"])] = (count, base)
        if keys["race"] != REFERENCE:
            total = years[row.period].get((STUDENTS_OF_COLOR, keys["stage"]), (0, 0))
            years[row.period][(STUDENTS_OF_COLOR, keys["stage"])] = (
                total[0] + count,
                total[1] + base,
            )
    return years


def _cell(group: str, stage: str, count: int, base: int, white: tuple[int, int] | None) -> Cell:
    label = dict(GROUPS).get(group, group)
    if base < MIN_BASE:
        return Cell(group, label, stage, count, base, None, None, note=SUPPRESSED_BASE)
    rate = count / base
    if group == REFERENCE:
        return Cell(group, label, stage, count, base, rate, 1.0)
    if white is None or white[1] < MIN_BASE:
        return Cell(group, label, stage, count, base, rate, None, note=SUPPRESSED_REFERENCE)
    white_rate = white[0] / white[1]
    if white[0] == 0:
        return Cell(group, label, stage, count, base, rate, None, note=NO_REFERENCE)
    index = rate / white_rate
    if count == 0:
        return Cell(group, label, stage, count, base, rate, index)
    se = math.sqrt((1 - rate) / count + (1 - white_rate) / white[0])
    low, high = index * math.exp(-Z95 * se), index * math.exp(Z95 * se)
    return Cell(group, label, stage, count, base, rate, index, low, high)


def rri_table(rows: list[MeasureRow]) -> list[Year]:
    """Each school year's cells, by group and stage, from the counts query's rows."""
    years = []
    for period, counts in sorted(_counts(rows).items()):
        present = {stage for _, stage in counts}
        stages = tuple(s for s in STAGES if s[0] in present)
        cells = tuple(
            _cell(group, stage, *counts[(group, stage)], counts.get((REFERENCE, stage)))
            for group, _ in GROUPS
            for stage, _, _ in stages
            if (group, stage) in counts
        )
        years.append(Year(period, stages, cells))
    return years


def index_rows(rows: list[MeasureRow]) -> list[MeasureRow]:
    """The rows of the measures `schools_rri_<stage>`: "" for students of color, `race:<g>` for
    each other group (White students' index is 1 by definition and left out); suppressed and
    uncomputed cells are left out."""
    found = []
    for year in rri_table(rows):
        for cell in year.cells:
            if cell.index is None or cell.group == REFERENCE:
                continue
            white = year.cell(REFERENCE, cell.stage)
            disaggregation = "" if cell.group == STUDENTS_OF_COLOR else f"race:{cell.group}"
            found.append(
                MeasureRow(
                    year.period,
                    f"schools_rri_{cell.stage}",
                    disaggregation,
                    round(cell.rate * PER, 4),
                    round(white.rate * PER, 4),
                )
            )
    return found


def table_to_dict(years: list[Year]) -> list[dict]:
    """The table as JSON-ready data (kept with the dataset version's report)."""
    return [
        {
            "period": year.period.isoformat(),
            "stages": [list(stage) for stage in year.stages],
            "cells": [asdict(cell) for cell in year.cells],
        }
        for year in years
    ]


def table_from_dict(data: list[dict]) -> list[Year]:
    """The table `table_to_dict()` kept, read back."""
    return [
        Year(
            period=date.fromisoformat(year["period"]),
            stages=tuple(tuple(stage) for stage in year["stages"]),
            cells=tuple(Cell(**cell) for cell in year["cells"]),
        )
        for year in data
    ]
