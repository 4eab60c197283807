"""Observations from a spreadsheet or the API: reading the file, checking every row, and the
plan of what confirming would change (created, corrected, unchanged).

One checker serves both paths, so a value the import refuses is refused by the API too, with
the same words. Nothing here writes: `services.observations_upsert` stores checked entries.

A file is one header row and one row per value. Columns: `measure_code`, `period` (2026-03 or
a date in that month), `disaggregation` (empty for the total, or `<dimension>:<group>` such as
`race:Black` or `race:black`, a group of `categories/disaggregations.yaml` by label or key, or
`geography:<area>`; the dimension one the measure allows), `numerator`, `denominator` (empty for a
count), `note`, `provisional` (yes or no). `measure_name` may be there too and is ignored (the
template has it, to say which measure a code is). Row numbers are the spreadsheet's: the header
is row 1.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import IO

from django.db.models import Q
from openpyxl import load_workbook

from lcpa.cohorts.models import Team
from lcpa.cohorts.uploads import XLSX
from lcpa.outcomes import disaggregations
from lcpa.outcomes.models import Disaggregation, Kind, MeasureVersion, Observation, TeamMeasure

COLUMNS = (
    "measure_code",
    "period",
    "disaggregation",
    "numerator",
    "denominator",
    "note",
    "provisional",
)
REQUIRED_COLUMNS = ("measure_code", "period", "numerator")
IGNORED_COLUMNS = ("measure_name",)
MAX_ROWS = 5000
MAX_NOTE = 500
# The largest value a column of 14 digits with 4 decimals holds.
MAX_VALUE = Decimal(10) ** 10
# Kinds whose numerator counts things (a whole number) and kinds that need a denominator.
COUNTED = {Kind.PROPORTION, Kind.RATE, Kind.COUNT}
NEEDS_DENOMINATOR = {Kind.PROPORTION, Kind.RATE}
YES = {"yes", "y", "true", "1", "x"}
NO = {"no", "n", "false", "0", ""}


class ImportFileError(ValueError):
    """The file as a whole cannot be read (no header, missing columns, too many rows)."""


@dataclass(frozen=True)
class Problem:
    """What is wrong with one cell and what to do about it."""

    row: int
    column: str
    message: str


@dataclass(frozen=True)
class Value:
    """One checked value of a measure, ready to store."""

    period: date
    disaggregation: str
    numerator: Decimal
    denominator: Decimal | None
    provisional: bool
    note: str


@dataclass(frozen=True)
class Entry:
    """A checked value, the measure it is for and the row it came from (1-based in a file,
    0-based in an API body)."""

    row: int
    team_measure: TeamMeasure
    value: Value

    @property
    def key(self) -> tuple[int, date, str]:
        return (self.team_measure.pk, self.value.period, self.value.disaggregation)


@dataclass(frozen=True)
class Change:
    """What storing an entry would do: `created`, `corrected` (with the stored value before)
    or `unchanged`."""

    entry: Entry
    status: str
    before: Observation | None


@dataclass
class Checked:
    entries: list[Entry]
    problems: list[Problem]
    skipped: int = 0


# ---------------------------------------------------------------------------------------------
# Reading a file into rows of text
# ---------------------------------------------------------------------------------------------


def _cell_text(value: object) -> str:
    """A spreadsheet cell as the text the checker reads: dates as ISO, numbers as typed."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return format(Decimal(repr(value)).normalize(), "f")
    return str(value).strip()


def _rows_from_csv(upload: IO[bytes]) -> list[list[str]]:
    upload.seek(0)
    text = io.TextIOWrapper(upload, encoding="utf-8-sig", newline="")
    try:
        return [[cell.strip() for cell in row] for row in csv.reader(text)]
    except (csv.Error, UnicodeDecodeError) as error:
        raise ImportFileError(
            "The file could not be read as CSV. Save it as “CSV UTF-8” and upload it again."
        ) from error
    finally:
        text.detach()


def _rows_from_xlsx(upload: IO[bytes]) -> list[list[str]]:
    upload.seek(0)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise ImportFileError(
            "The Excel file could not be opened. Save a new copy as .xlsx and try again."
        ) from error
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append([_cell_text(value) for value in row])
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    finally:
        workbook.close()


def read_rows(upload: IO[bytes], content_type: str) -> list[dict[str, str]]:
    """The file's rows as {column: text}, each with its spreadsheet row number under "_row";
    empty rows left out. Raises ImportFileError when the file as a whole is unusable."""
    table = _rows_from_xlsx(upload) if content_type == XLSX else _rows_from_csv(upload)
    while table and not any(table[0]):
        table.pop(0)
    if not table:
        raise ImportFileError("The file is empty. Start from the template and add your values.")
    header = [cell.strip().lower().replace(" ", "_") for cell in table[0]]
    unknown = [name for name in header if name and name not in COLUMNS + IGNORED_COLUMNS]
    if unknown:
        raise ImportFileError(
            f"The first row has columns we do not know: {', '.join(unknown)}. Use the "
            f"column names of the template: {', '.join(COLUMNS)}."
        )
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise ImportFileError(
            f"The first row must name the columns; {', '.join(missing)} is missing. Start from "
            "the template."
        )
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(cells):
            continue
        row = {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header) if name}
        row["_row"] = str(number)
        rows.append(row)
    if len(rows) > MAX_ROWS:
        raise ImportFileError(
            f"The file has more than {MAX_ROWS:,} rows. Split it into smaller files."
        )
    return rows


# ---------------------------------------------------------------------------------------------
# Checking one row
# ---------------------------------------------------------------------------------------------


def parse_period(text: str, today: date) -> tuple[date | None, str]:
    """The first day of the month the text names (2026-03, or a date in March 2026), and a
    problem ('' when none)."""
    text = text.strip()
    example = f"for example {today:%Y-%m} or {today:%Y-%m}-01"
    try:
        if len(text) == 7:
            period = date.fromisoformat(f"{text}-01")
        else:
            period = date.fromisoformat(text[:10]).replace(day=1)
    except ValueError:
        if not text:
            return None, f"The month is missing. Write it as year-month, {example}."
        return None, f"“{text}” is not a month. Write it as year-month, {example}."
    if period > today.replace(day=1):
        return None, f"{period:%B %Y} has not started yet. Enter months up to {today:%B %Y}."
    return period, ""


def _number(text: str, label: str) -> tuple[Decimal | None, str]:
    cleaned = text.strip().replace(",", "")
    if not cleaned:
        return None, ""
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None, f"“{text}” is not a number. Write the {label} with digits, for example 42."
    if not value.is_finite():
        return None, f"“{text}” is not a number. Write the {label} with digits, for example 42."
    if value < 0:
        return None, f"The {label} is {text}; it must be 0 or more."
    if value >= MAX_VALUE:
        return None, f"The {label} is too large. Check the number."
    if -value.as_tuple().exponent > 4:
        return None, f"The {label} has more than 4 decimals. Round it."
    return value, ""


def parse_disaggregation(text: str, version: MeasureVersion) -> tuple[str, str]:
    """The stored form of a disaggregation ('' for the total, `dimension:key` for a listed group
    as the grid stores it, `geography:<area>` for an area the team names) and a problem ('' when
    none). A listed group may be written by its key or its label, in any case."""
    text = text.strip()
    if not text:
        return "", ""
    allowed = list(version.disaggregations)
    dimension, colon, group = text.partition(":")
    dimension, group = dimension.strip().lower(), " ".join(group.split())
    if not allowed:
        return "", (
            f"“{version.name}” is recorded as a total only. Leave the disaggregation empty."
        )
    if not colon or not group or dimension not in allowed:
        return "", (
            f"Write the disaggregation as one of {', '.join(allowed)}, a colon and the group, "
            f"for example {allowed[0]}:Group name; leave it empty for the total."
        )
    if dimension == Disaggregation.GEOGRAPHY:
        if len(group) > disaggregations.AREA_MAX_LENGTH:
            return "", (
                f"The area name is longer than {disaggregations.AREA_MAX_LENGTH} characters. "
                "Shorten it."
            )
        return disaggregations.area_value(group), ""
    known = getattr(disaggregations.groups(), dimension)
    wanted = group.lower()
    for listed in known:
        if wanted in (listed.key, listed.label.lower()):
            return f"{dimension}:{listed.key}", ""
    return "", (
        f"“{group}” is not one of the {dimension.replace('_', ' ')} groups. Use one of: "
        f"{', '.join(listed.label for listed in known)}."
    )


def parse_provisional(text: str) -> tuple[bool, str]:
    value = text.strip().lower()
    if value in YES:
        return True, ""
    if value in NO:
        return False, ""
    return False, f"“{text}” is not yes or no. Write yes when the number may still change."


def check_values(
    raw: Mapping[str, str], version: MeasureVersion, today: date
) -> tuple[Value | None, list[tuple[str, str]]]:
    """Check one row's values for a measure's current version: the value to store, or the
    problems as (column, message) pairs."""
    problems: list[tuple[str, str]] = []
    period, problem = parse_period(raw.get("period", ""), today)
    if problem:
        problems.append(("period", problem))
    disaggregation, problem = parse_disaggregation(raw.get("disaggregation", ""), version)
    if problem:
        problems.append(("disaggregation", problem))
    numerator, problem = _number(raw.get("numerator", ""), "numerator")
    if problem:
        problems.append(("numerator", problem))
    elif numerator is None:
        problems.append(("numerator", f"The numerator is missing: {version.numerator}."))
    elif version.kind in COUNTED and numerator % 1:
        problems.append(("numerator", "The numerator counts things: write a whole number."))
    denominator, problem = _number(raw.get("denominator", ""), "denominator")
    if problem:
        problems.append(("denominator", problem))
    elif not version.has_denominator and denominator is not None:
        problems.append(
            ("denominator", f"“{version.name}” is a count: leave the denominator empty.")
        )
    elif version.kind in NEEDS_DENOMINATOR and denominator is None:
        problems.append(("denominator", f"The denominator is missing: {version.denominator}."))
    elif denominator is not None and denominator % 1:
        problems.append(("denominator", "The denominator counts things: write a whole number."))
    elif version.kind in NEEDS_DENOMINATOR and denominator == 0:
        problems.append(("denominator", "The denominator must be more than 0."))
    elif (
        version.kind == Kind.PROPORTION
        and numerator is not None
        and denominator is not None
        and numerator > denominator
    ):
        problems.append(
            (
                "numerator",
                f"The numerator ({numerator}) is more than the denominator ({denominator}); "
                "for a share it must not be. Check both numbers.",
            )
        )
    note = raw.get("note", "").strip()
    if len(note) > MAX_NOTE:
        problems.append(("note", f"The note is longer than {MAX_NOTE} characters. Shorten it."))
    provisional, problem = parse_provisional(raw.get("provisional", ""))
    if problem:
        problems.append(("provisional", problem))
    if problems:
        return None, problems
    value = Value(
        period=period,
        disaggregation=disaggregation,
        numerator=numerator,
        denominator=denominator,
        provisional=provisional,
        note=note,
    )
    return value, []


def _is_blank(raw: Mapping[str, str]) -> bool:
    """A template row left empty: a code and a month but no numbers."""
    return not raw.get("numerator", "").strip() and not raw.get("denominator", "").strip()


def check_rows(
    rows: Iterable[Mapping[str, str]],
    *,
    chosen: Mapping[str, TeamMeasure],
    known_codes: set[str],
    today: date,
) -> Checked:
    """Check a file's rows against the team's chosen measures (by code). Rows without numbers
    are skipped, as an empty month in the grid is."""
    checked = Checked(entries=[], problems=[])
    first_row: dict[tuple[int, date, str], int] = {}
    for raw in rows:
        number = int(raw["_row"])
        if _is_blank(raw):
            checked.skipped += 1
            continue
        code = raw.get("measure_code", "").strip()
        team_measure = chosen.get(code)
        if team_measure is None:
            checked.problems.append(
                Problem(number, "measure_code", _code_problem(code, known_codes))
            )
            continue
        value, problems = check_values(raw, team_measure.measure.current, today)
        if problems:
            checked.problems.extend(Problem(number, column, text) for column, text in problems)
            continue
        entry = Entry(number, team_measure, value)
        disaggregation = value.disaggregation
        if entry.key in first_row:
            checked.problems.append(
                Problem(
                    number,
                    "period",
                    f"Row {first_row[entry.key]} already has {code} for {value.period:%B %Y}"
                    f"{' (' + disaggregation + ')' if disaggregation else ''}. Keep one of "
                    "the two rows.",
                )
            )
            continue
        first_row[entry.key] = number
        checked.entries.append(entry)
    return checked


def _code_problem(code: str, known_codes: set[str]) -> str:
    if not code:
        return "The measure code is missing. Copy it from the template."
    if code in known_codes:
        return (
            f"Your team has not chosen the measure {code}. Add it to your plan on the "
            "Measures page first, or remove the row."
        )
    return (
        f"No measure of your learning community has the code “{code}”. Use a code from the "
        "template."
    )


# ---------------------------------------------------------------------------------------------
# The plan: what storing the entries would change
# ---------------------------------------------------------------------------------------------


def _differs(observation: Observation, value: Value) -> bool:
    return (
        observation.numerator != value.numerator
        or observation.denominator != value.denominator
        or observation.provisional != value.provisional
        or observation.note != value.note
    )


def plan_changes(team: Team, entries: list[Entry], *, lock: bool = False) -> list[Change]:
    """Each entry with what storing it would do, against what is stored now: one query
    whatever the number of entries (`lock` takes the rows for update, for the write)."""
    if not entries:
        return []
    versions = {entry.team_measure.measure.current_id for entry in entries}
    periods = {entry.value.period for entry in entries}
    stored = Observation.objects.filter(
        Q(team=team) & Q(measure_version_id__in=versions) & Q(period__in=periods)
    )
    if lock:
        stored = stored.select_for_update()
    found = {(o.measure_version_id, o.period, o.disaggregation): o for o in stored}
    changes = []
    for entry in entries:
        value = entry.value
        key = (entry.team_measure.measure.current_id, value.period, value.disaggregation)
        before = found.get(key)
        if before is None:
            status = "created"
        elif _differs(before, entry.value):
            status = "corrected"
        else:
            status = "unchanged"
        changes.append(Change(entry, status, before))
    return changes


def entry_to_json(entry: Entry) -> dict:
    """An entry as the pending import keeps it (JSON)."""
    value = entry.value
    return {
        "row": entry.row,
        "measure_code": entry.team_measure.measure.code,
        "period": value.period.isoformat(),
        "disaggregation": value.disaggregation,
        "numerator": str(value.numerator),
        "denominator": None if value.denominator is None else str(value.denominator),
        "note": value.note,
        "provisional": value.provisional,
    }


def entries_from_json(items: list[dict], chosen: Mapping[str, TeamMeasure]) -> list[Entry]:
    """The entries a pending import kept. Raises KeyError when one of their measures is no
    longer in the team's plan."""
    return [
        Entry(
            row=item["row"],
            team_measure=chosen[item["measure_code"]],
            value=Value(
                period=date.fromisoformat(item["period"]),
                disaggregation=item["disaggregation"],
                numerator=Decimal(item["numerator"]),
                denominator=None if item["denominator"] is None else Decimal(item["denominator"]),
                provisional=item["provisional"],
                note=item["note"],
            ),
        )
        for item in items
    ]


def template_rows(chosen: Iterable[TeamMeasure], period: date) -> list[list[str]]:
    """The template: the header, and one row per chosen measure for `period`, numbers empty."""
    header = ["measure_code", "measure_name", *COLUMNS[1:]]
    rows = [header]
    for team_measure in chosen:
        version = team_measure.measure.current
        rows.append(
            [team_measure.measure.code, version.name, f"{period:%Y-%m}", "", "", "", "", "no"]
        )
    return rows
