"""The canonical schemas of the six dataset kinds, read from `schemas/<kind>.yaml`.

Pure Python (no Django, no DuckDB). `load_schema("calls")` returns a `Schema`; a file that
breaks the format is refused with a `SchemaError` naming the file and the field. The format:

- `kind`, `title`, `description` (plain language, shown to coordinators), `period` (the date
  or datetime column whose month a row belongs to);
- `levels`: the unit of record (one for most kinds; shootings are incident or victim level,
  schools student or aggregate level), each with the `unique_key` columns that make a row a
  duplicate of another;
- `columns`: `name`, `type` (one of `TYPES`), `required`, `description`, `personal` (`drop` or
  `hash`: a personal identifier, dropped or hashed on ingest unless kept), for a category its
  `values` and an optional `unmapped` value that unknown values become, `minimum` and `maximum`
  for numbers (outside them the row is rejected), `missing_values` (source values that mean
  missing, beside the global ones), `real_values` (words of the global missing-value list,
  `rules/value_codes.yaml`, that are real values in this column: a disposition "None"),
  `levels` (the levels that have the column; all if absent), `derived` (true for a column
  the platform computes from other columns, such as a call's category from its call type: a
  mapping never proposes a file column for it), and `numbered_within` (a required key column
  that a file may lack: its rows are then numbered 1, 2, 3... within each value of the named
  column, as NYPD's victims within an incident);
- `intervals`: a `start` and an `end` column; a row whose end is before its start is rejected;
- `predications` (stops): when `predicate` is not true, `column` must be `value`;
- `measures`: what the kind can compute, with its `formula`, the columns it `needs` (`a|b`:
  either will do) and the `levels` it applies to; `needs_values` names category columns and
  the values of which at least one row must hold one (a crash's injury A, B or C: without
  them the file cannot tell serious injuries from minor ones), with `not_computed`, the plain
  sentence that says so when the file has none; `query` names the SQL file
  (`measures/<kind>/<query>.sql`, the code by default) and `params` fill its `$name` places,
  each with a column, columns joined by ` + `, or a number, so that one query serves measures
  that differ only in those (the median and 90th percentile of each interval).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
KINDS = ("calls", "stops", "crashes", "shootings", "schools", "participants")
TYPES = ("string", "integer", "number", "boolean", "date", "datetime", "category")
PERSONAL = ("drop", "hash")
NAME_PATTERN = "abcdefghijklmnopqrstuvwxyz0123456789_"


class SchemaError(ValueError):
    """A schema file that breaks the format."""


@dataclass(frozen=True)
class Level:
    code: str
    title: str
    unique_key: tuple[str, ...]


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    required: bool = False
    personal: str = ""
    values: tuple[str, ...] = ()
    unmapped: str = ""
    minimum: float | None = None
    maximum: float | None = None
    missing_values: tuple[str, ...] = ()
    real_values: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    derived: bool = False
    numbered_within: str = ""

    def at(self, level: str) -> bool:
        return not self.levels or level in self.levels


@dataclass(frozen=True)
class Interval:
    name: str
    start: str
    end: str
    description: str


@dataclass(frozen=True)
class Predication:
    column: str
    predicate: str
    value: bool | None


@dataclass(frozen=True)
class MeasureDef:
    code: str
    title: str
    formula: str
    needs: tuple[str, ...]
    levels: tuple[str, ...] = ()
    query: str = ""
    params: tuple[tuple[str, str], ...] = ()
    needs_values: tuple[tuple[str, tuple[str, ...]], ...] = ()
    not_computed: str = ""

    @property
    def query_name(self) -> str:
        return self.query or self.code


@dataclass(frozen=True)
class Schema:
    kind: str
    title: str
    description: str
    period: str
    levels: tuple[Level, ...]
    columns: tuple[Column, ...]
    intervals: tuple[Interval, ...] = ()
    predications: tuple[Predication, ...] = ()
    measures: tuple[MeasureDef, ...] = ()

    def level(self, code: str = "") -> Level:
        """The level `code`; the only level when the kind has one and `code` is empty."""
        if not code and len(self.levels) == 1:
            return self.levels[0]
        for level in self.levels:
            if level.code == code:
                return level
        choices = ", ".join(level.code for level in self.levels)
        raise SchemaError(f"{self.kind}: the level must be one of {choices}, not {code!r}")

    def columns_at(self, level: str = "") -> tuple[Column, ...]:
        code = self.level(level).code
        return tuple(column for column in self.columns if column.at(code))

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.kind} has no column {name!r}")

    def measures_at(self, level: str = "") -> tuple[MeasureDef, ...]:
        code = self.level(level).code
        return tuple(m for m in self.measures if not m.levels or code in m.levels)


def _fail(where: str, message: str) -> SchemaError:
    return SchemaError(f"{where}: {message}")


def _take(data: dict, where: str, allowed: set[str], required: set[str]) -> dict:
    if not isinstance(data, dict):
        raise _fail(where, "must be a mapping")
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise _fail(where, f"unknown field {unknown[0]!r}")
    missing = sorted(required - set(data))
    if missing:
        raise _fail(where, f"missing field {missing[0]!r}")
    return data


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, "must be a non-empty text")
    return value.strip()


def _name(value: Any, where: str) -> str:
    name = _text(value, where)
    if any(char not in NAME_PATTERN for char in name):
        raise _fail(where, f"{name!r} must be lower-case letters, digits and _")
    return name


def _names(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise _fail(where, "must be a non-empty list")
    return tuple(_name(item, f"{where}[{i}]") for i, item in enumerate(value))


def _number(value: Any, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(where, "must be a number")
    return float(value)


def _column(data: dict, where: str, level_codes: set[str]) -> Column:
    _take(
        data,
        where,
        {"name", "type", "required", "description", "personal", "values", "unmapped"}
        | {"minimum", "maximum", "missing_values", "real_values", "levels", "derived"}
        | {"numbered_within"},
        {"name", "type", "description"},
    )
    name = _name(data["name"], f"{where}.name")
    where = f"{where} ({name})"
    kind = data["type"]
    if kind not in TYPES:
        raise _fail(where, f"type must be one of {', '.join(TYPES)}, not {kind!r}")
    required = data.get("required", False)
    if not isinstance(required, bool):
        raise _fail(where, "required must be true or false")
    personal = data.get("personal", "")
    if personal and personal not in PERSONAL:
        raise _fail(where, f"personal must be drop or hash, not {personal!r}")
    if personal and required:
        raise _fail(where, "a personal identifier cannot be required")
    derived = data.get("derived", False)
    if not isinstance(derived, bool):
        raise _fail(where, "derived must be true or false")
    if derived and (required or personal):
        raise _fail(where, "a derived column cannot be required or a personal identifier")
    values: tuple[str, ...] = ()
    unmapped = ""
    if kind == "category":
        raw = data.get("values")
        if not isinstance(raw, list) or not raw:
            raise _fail(where, "a category needs its list of values")
        values = tuple(_text(str(v), f"{where}.values") for v in raw)
        if len(set(values)) != len(values):
            raise _fail(where, "a category's values must be different")
        unmapped = data.get("unmapped", "")
        if unmapped and unmapped not in values:
            raise _fail(where, f"unmapped value {unmapped!r} is not one of the values")
    elif "values" in data or "unmapped" in data:
        raise _fail(where, "only a category has values")
    minimum = _number(data.get("minimum"), f"{where}.minimum")
    maximum = _number(data.get("maximum"), f"{where}.maximum")
    if (minimum is not None or maximum is not None) and kind not in ("integer", "number"):
        raise _fail(where, "only numbers have a minimum or a maximum")
    if minimum is not None and maximum is not None and minimum > maximum:
        raise _fail(where, "the minimum is above the maximum")
    missing = data.get("missing_values", [])
    if not isinstance(missing, list):
        raise _fail(where, "missing_values must be a list")
    real = data.get("real_values", [])
    if not isinstance(real, list):
        raise _fail(where, "real_values must be a list")
    numbered_within = data.get("numbered_within", "")
    if numbered_within:
        _name(numbered_within, f"{where}.numbered_within")
        if not required or kind != "string":
            raise _fail(where, "only a required string column can be numbered within another")
    levels = tuple(data.get("levels", ()))
    for code in levels:
        if code not in level_codes:
            raise _fail(where, f"level {code!r} is not one of the kind's levels")
    return Column(
        name=name,
        type=kind,
        description=_text(data["description"], f"{where}.description"),
        required=required,
        personal=personal,
        values=values,
        unmapped=unmapped,
        minimum=minimum,
        maximum=maximum,
        missing_values=tuple(str(v) for v in missing),
        real_values=tuple(str(v) for v in real),
        levels=levels,
        derived=derived,
        numbered_within=numbered_within,
    )


def parse_schema(data: Any, where: str) -> Schema:
    """A `Schema` from the parsed YAML `data`; `where` names the file in errors."""
    _take(
        data,
        where,
        {"kind", "title", "description", "period", "levels", "columns"}
        | {"intervals", "predications", "measures"},
        {"kind", "title", "description", "period", "levels", "columns"},
    )
    kind = _name(data["kind"], f"{where}: kind")
    if kind not in KINDS:
        raise _fail(where, f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    raw_levels = data["levels"]
    if not isinstance(raw_levels, list) or not raw_levels:
        raise _fail(where, "levels must be a non-empty list")
    levels = []
    for i, item in enumerate(raw_levels):
        at = f"{where}: levels[{i}]"
        _take(item, at, {"code", "title", "unique_key"}, {"code", "title", "unique_key"})
        levels.append(
            Level(
                code=_name(item["code"], f"{at}.code"),
                title=_text(item["title"], f"{at}.title"),
                unique_key=_names(item["unique_key"], f"{at}.unique_key"),
            )
        )
    codes = {level.code for level in levels}
    if len(codes) != len(levels):
        raise _fail(where, "two levels have the same code")
    if not isinstance(data["columns"], list) or not data["columns"]:
        raise _fail(where, "columns must be a non-empty list")
    columns = tuple(
        _column(item, f"{where}: columns[{i}]", codes) for i, item in enumerate(data["columns"])
    )
    by_name = {column.name: column for column in columns}
    if len(by_name) != len(columns):
        raise _fail(where, "two columns have the same name")

    def known(name: str, at: str, types: tuple[str, ...] = TYPES) -> str:
        if name not in by_name:
            raise _fail(at, f"{name!r} is not a column")
        if by_name[name].type not in types:
            raise _fail(at, f"{name!r} must be of type {' or '.join(types)}")
        return name

    period = known(
        _name(data["period"], f"{where}: period"), f"{where}: period", ("date", "datetime")
    )
    if not by_name[period].required or by_name[period].levels:
        raise _fail(where, f"the period column {period!r} must be required at every level")
    for column in columns:
        if column.numbered_within:
            at = f"{where}: {column.name}.numbered_within"
            other = by_name[known(column.numbered_within, at)]
            if not other.required or set(other.levels) - set(column.levels):
                raise _fail(where, f"{column.name} is numbered within a column it may lack")
    for level in levels:
        for name in level.unique_key:
            known(name, f"{where}: levels ({level.code}).unique_key")
            if not by_name[name].at(level.code) or not by_name[name].required:
                raise _fail(where, f"unique key {name!r} must be required at level {level.code}")

    intervals = []
    for i, item in enumerate(data.get("intervals", [])):
        at = f"{where}: intervals[{i}]"
        _take(
            item,
            at,
            {"name", "start", "end", "description"},
            {"name", "start", "end", "description"},
        )
        intervals.append(
            Interval(
                name=_name(item["name"], f"{at}.name"),
                start=known(item["start"], f"{at}.start", ("date", "datetime")),
                end=known(item["end"], f"{at}.end", ("date", "datetime")),
                description=_text(item["description"], f"{at}.description"),
            )
        )

    predications = []
    for i, item in enumerate(data.get("predications", [])):
        at = f"{where}: predications[{i}]"
        _take(item, at, {"column", "predicate", "value"}, {"column", "predicate", "value"})
        value = item["value"]
        if value not in (None, False):
            raise _fail(at, "value must be null or false")
        column = known(item["column"], f"{at}.column")
        if value is False and by_name[column].type != "boolean":
            raise _fail(at, f"{column!r} is not a boolean, so its value must be null")
        predications.append(
            Predication(
                column=column,
                predicate=known(item["predicate"], f"{at}.predicate", ("boolean",)),
                value=value,
            )
        )

    measures = []
    for i, item in enumerate(data.get("measures", [])):
        at = f"{where}: measures[{i}]"
        _take(
            item,
            at,
            {
                "code",
                "title",
                "formula",
                "needs",
                "levels",
                "query",
                "params",
                "needs_values",
                "not_computed",
            },
            {"code", "title", "formula", "needs"},
        )
        if not isinstance(item["needs"], list) or not item["needs"]:
            raise _fail(f"{at}.needs", "must be a non-empty list")
        needs = tuple(_text(need, f"{at}.needs[{n}]") for n, need in enumerate(item["needs"]))
        for n, need in enumerate(needs):
            for name in need.split("|"):
                known(_name(name, f"{at}.needs[{n}]"), f"{at}.needs[{n}]")
        params = item.get("params", {})
        if not isinstance(params, dict):
            raise _fail(f"{at}.params", "must be a mapping")
        for key, value in params.items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                continue
            for name in _text(value, f"{at}.params.{key}").split(" + "):
                known(_name(name, f"{at}.params.{key}"), f"{at}.params.{key}")
        needs_values = _needed_values(item, at, known, by_name)
        measure_levels = tuple(item.get("levels", ()))
        for code in measure_levels:
            if code not in codes:
                raise _fail(at, f"level {code!r} is not one of the kind's levels")
        measures.append(
            MeasureDef(
                code=_name(item["code"], f"{at}.code"),
                title=_text(item["title"], f"{at}.title"),
                formula=_text(item["formula"], f"{at}.formula"),
                needs=needs,
                levels=measure_levels,
                query=_name(item["query"], f"{at}.query") if "query" in item else "",
                params=tuple((_name(k, f"{at}.params"), str(v)) for k, v in params.items()),
                needs_values=needs_values,
                not_computed=_text(item["not_computed"], f"{at}.not_computed")
                if needs_values
                else "",
            )
        )
    if len({m.code for m in measures}) != len(measures):
        raise _fail(where, "two measures have the same code")

    return Schema(
        kind=kind,
        title=_text(data["title"], f"{where}: title"),
        description=_text(data["description"], f"{where}: description"),
        period=period,
        levels=tuple(levels),
        columns=columns,
        intervals=tuple(intervals),
        predications=tuple(predications),
        measures=tuple(measures),
    )


def _needed_values(item: dict, at: str, known, by_name: dict) -> tuple:
    """A measure's `needs_values` ({category column: values}), with its `not_computed`."""
    raw = item.get("needs_values", {})
    if not isinstance(raw, dict):
        raise _fail(f"{at}.needs_values", "must be a mapping of columns to their values")
    if bool(raw) != ("not_computed" in item):
        raise _fail(at, "needs_values and not_computed go together")
    needed = []
    for name, values in raw.items():
        where = f"{at}.needs_values.{name}"
        column = known(_name(name, where), where, ("category",))
        if not isinstance(values, list) or not values:
            raise _fail(where, "must be a non-empty list of the column's values")
        for value in values:
            if value not in by_name[column].values:
                raise _fail(where, f"{value!r} is not one of {column}'s values")
        needed.append((column, tuple(values)))
    return tuple(needed)


def needed_values_words(measure: MeasureDef) -> list[str]:
    """Each `needs_values` entry in words: "injury_severity A, B or C"."""
    return [f"{column} {_or(values)}" for column, values in measure.needs_values]


def _or(values: tuple[str, ...]) -> str:
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " or " + values[-1]


@cache
def load_schema(kind: str) -> Schema:
    """The canonical schema of `kind` (one of `KINDS`), read once per process."""
    if kind not in KINDS:
        raise SchemaError(f"there is no dataset kind {kind!r}; the kinds are {', '.join(KINDS)}")
    path = SCHEMA_DIR / f"{kind}.yaml"
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    schema = parse_schema(data, path.name)
    if schema.kind != kind:
        raise SchemaError(f"{path.name}: kind is {schema.kind!r}, the file name says {kind!r}")
    return schema


def load_all() -> tuple[Schema, ...]:
    return tuple(load_schema(kind) for kind in KINDS)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown() -> str:
    """The coordinators' reference of every kind's columns and measures (docs/dataset-schemas.md).

    Regenerate it: `python -m lcpa.outcomes.analytics.schemas > docs/dataset-schemas.md`.
    """
    lines = [
        "# Dataset kinds: columns and measures",
        "",
        "Generated from `lcpa/outcomes/analytics/schemas/*.yaml` by",
        "`python -m lcpa.outcomes.analytics.schemas > docs/dataset-schemas.md`;",
        "do not edit it by hand.",
        "How files are read and checked: `docs/data-connection.md`.",
        "",
        "Personal identifiers: **dropped** columns are not kept at all; **hashed** columns are",
        "replaced by a salted SHA-256 code (the same value gives the same code within a team, so",
        "repeat calls to one address can still be counted). A coordinator can keep either",
        "explicitly.",
    ]
    for schema in load_all():
        lines += ["", f"## {schema.title} (`{schema.kind}`)", "", schema.description, ""]
        lines.append(f"The month of a row is the month of `{schema.period}`.")
        for level in schema.levels:
            key = ", ".join(f"`{name}`" for name in level.unique_key)
            lines.append(f"- Level `{level.code}`: {level.title}; a row is unique by {key}.")
        lines += [
            "",
            "| column | type | required | personal | description |",
            "|---|---|---|---|---|",
        ]
        for c in schema.columns:
            kind = c.type
            if c.values:
                kind += ": " + ", ".join(f"`{v}`" for v in c.values)
            if c.minimum is not None and c.maximum is not None:
                kind += f" ({c.minimum:g} to {c.maximum:g})"
            elif c.minimum is not None:
                kind += f" (at least {c.minimum:g})"
            required = "yes" if c.required else ""
            if c.levels:
                required += (" " if required else "") + "(" + ", ".join(c.levels) + " level)"
            personal = {"drop": "dropped", "hash": "hashed"}.get(c.personal, "")
            lines.append(
                f"| `{c.name}` | {_cell(kind)} | {required} | {personal} | {_cell(c.description)} |"
            )
        if schema.intervals:
            lines += ["", "A row whose end comes before its start is rejected:", ""]
            for i in schema.intervals:
                lines.append(f"- {i.name}: `{i.start}` to `{i.end}`. {i.description}")
        if schema.predications:
            lines += ["", "Predication rules (Stanford Open Policing Project):", ""]
            for p in schema.predications:
                value = "empty" if p.value is None else "no"
                lines.append(f"- `{p.column}` is {value} unless `{p.predicate}` is yes.")
        lines += ["", "| measure | what | formula |", "|---|---|---|"]
        for m in schema.measures:
            level = f" ({', '.join(m.levels)} level)" if m.levels else ""
            formula = m.formula + "".join(
                f"; only when a row has {words}" for words in needed_values_words(m)
            )
            lines.append(f"| `{m.code}` | {_cell(m.title)}{level} | {_cell(formula)} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render_markdown(), end="")
