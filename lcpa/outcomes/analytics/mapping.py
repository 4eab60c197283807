"""Proposing a column mapping and value mappings for an uploaded file. Pure Python, no Django.

`propose_mapping(kind, columns, samples)` proposes, for each standard column of the kind, the
file's column that holds it, with a confidence (0 to 1) and a reason in words. The knowledge is
data (`rules/column_names.yaml`): the names real exports use, words that suggest a column,
what its values look like, and the public layouts recognised as a whole (New Orleans,
Seattle, Detroit and Cincinnati calls for service; the Stanford Open Policing files; NYC's
crash persons; NYPD's shootings and the Gun Violence Archive's file). Every standard column of
the six kinds (`schemas/`) has an entry, except the derived ones, which are computed. A
recognised layout is mapped by its own names only; another file by its names, then by words
in its names, each checked against the sample values.

`propose_value_mapping(column, values)` proposes the standard value for each distinct raw
value of a column: race and sex codes, yes/no words, call sources, call types (their Vera
category, through `calltypes`), dispositions, stop reasons, the Stanford outcome, search
basis and stop type, and the codes a column lists in the data file (KABCO injury and travel
mode of crashes, CRDC groups of schools, programs and exits of participants). A value with no
proposal maps to None, for the coordinator to decide.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, StringConstraints

from lcpa.outcomes.analytics import formats
from lcpa.outcomes.analytics.calltypes import CallTypeClassifier, default_classifier
from lcpa.outcomes.analytics.schemas import load_schema
from lcpa.outcomes.analytics.stopreasons import default_stop_reason_classifier
from lcpa.outcomes.analytics.textrules import Classifier, rule_book

ValueKind = Literal[
    "text",
    "datetime",
    "date",
    "time",
    "bool",
    "call_source",
    "race",
    "sex",
    "age",
    "number",
    "latitude",
    "longitude",
]
LAYOUT_CONFIDENCE = 1.0
NAME_CONFIDENCE = 0.9
WORD_CONFIDENCE = 0.3
WORD_STEP = 0.15
WORD_CEILING = 0.6
VALUE_BONUS = 0.05
VALUES_FIT = 0.8  # the share of sample values that must look right
MINIMUM = 0.3
_CAMEL = re.compile(r"([a-z0-9])([A-Z])")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ColumnSpec(_Strict):
    names: tuple[str, ...] = ()
    words: tuple[Annotated[str, StringConstraints(min_length=1)], ...] = ()
    values: ValueKind = "text"
    codes: dict[str, tuple[Annotated[str, StringConstraints(min_length=1)], ...]] = {}


class LayoutSpec(_Strict):
    name: str
    columns: tuple[str, ...]
    level: str = ""  # the level of its records, for a kind with several (NYPD's: victim)


class KindSpec(_Strict):
    layouts: tuple[LayoutSpec, ...] = ()
    columns: dict[str, ColumnSpec]


class ColumnNamesSpec(_Strict):
    version: int
    kinds: dict[str, KindSpec]


@dataclass(frozen=True, slots=True)
class ColumnProposal:
    """The file's column proposed for one standard column, how sure, and why."""

    source: str
    confidence: float
    reason: str


@dataclass(frozen=True)
class Proposal:
    """A proposed mapping for a whole file; `layout` names a recognised public export."""

    kind: str
    layout: str | None
    columns: dict[str, ColumnProposal]
    unused: tuple[str, ...]
    missing: tuple[str, ...]
    version: int = field(default=1)

    def mapping(self) -> dict[str, str]:
        """{standard column: file column}, what a confirmed mapping stores."""
        return {canonical: proposal.source for canonical, proposal in self.columns.items()}


def key(name: str) -> str:
    """A column name without case, spaces or punctuation: "TimeCreate" is "TIMECREATE"."""
    return formats.normalise_text(name).replace(" ", "")


def _tokens(name: str) -> list[str]:
    return formats.normalise_text(_CAMEL.sub(r"\1 \2", name)).split()


@cache
def column_names() -> ColumnNamesSpec:
    path = formats.RULES_DIR / "column_names.yaml"
    return ColumnNamesSpec.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def kinds() -> tuple[str, ...]:
    return tuple(column_names().kinds)


def _looks_right(values: ValueKind) -> Callable[[str], bool]:
    def readable(parse: Callable[[str], object]) -> Callable[[str], bool]:
        def check(raw: str) -> bool:
            try:
                return parse(raw) is not None
            except ValueError:
                return False

        return check

    def number_between(low: float, high: float) -> Callable[[str], bool]:
        def check(raw: str) -> bool:
            try:
                return low <= float(raw.replace(",", "")) <= high
            except ValueError:
                return False

        return check

    checks: dict[str, Callable[[str], bool]] = {
        "text": lambda raw: True,
        "datetime": readable(formats.parse_datetime),
        "date": readable(formats.parse_date),
        "time": lambda raw: (
            readable(formats.parse_time)(raw) or readable(formats.parse_datetime)(raw)
        ),
        "bool": readable(formats.parse_bool),
        "call_source": readable(formats.self_initiated_from_source),
        "race": readable(formats.normalise_race),
        "sex": readable(formats.normalise_sex),
        "age": number_between(0, 120),
        "number": number_between(float("-inf"), float("inf")),
        "latitude": number_between(-90, 90),
        "longitude": number_between(-180, 180),
    }
    return checks[values]


def _value_fit(spec: ColumnSpec, sample: Iterable[str]) -> float | None:
    """The share of non-missing sample values that look like the column's; None if none."""
    present = [str(raw) for raw in sample if not formats.is_missing(raw)]
    if not present or spec.values == "text":
        return None
    check = _looks_right(spec.values)
    return sum(1 for raw in present if check(raw)) / len(present)


_VALUE_WORDS = {
    "datetime": "dates and times",
    "date": "dates",
    "time": "clock times",
    "bool": "yes or no values",
    "call_source": "call sources",
    "race": "race codes",
    "sex": "sex codes",
    "age": "ages",
    "number": "numbers",
    "latitude": "latitudes",
    "longitude": "longitudes",
}


def _name_score(canonical: str, spec: ColumnSpec, source: str) -> tuple[float, int, str] | None:
    """How sure the name `source` makes it of holding `canonical`, a rank and the reason.

    The rank orders pairs of equal confidence: a name earlier on the column's list before a
    later one, and any listed name before the standard name itself (New Orleans has
    "DispositionText" and a code column "Disposition": the text is the disposition).
    """
    names = [key(name) for name in spec.names]
    compact = key(source)
    if compact in names or compact == key(canonical):
        rank = names.index(compact) if compact in names else len(names)
        return NAME_CONFIDENCE, rank, f"{source!r} is a name exports use for {canonical}"
    tokens = set(_tokens(source))
    hits = [
        word
        for word in spec.words
        if formats.normalise_text(word) in tokens or (len(word) > 3 and key(word) in compact)
    ]
    if not hits:
        return None
    score = min(WORD_CEILING, WORD_CONFIDENCE + WORD_STEP * (len(hits) - 1))
    words = ", ".join(hit.lower() for hit in hits)
    return (
        score,
        len(names),
        (f"the name {source!r} has the word{'s' if len(hits) > 1 else ''} {words}"),
    )


def _recognised_layout(kind: KindSpec, columns: list[str]) -> LayoutSpec | None:
    present = {key(column) for column in columns}
    matches = [
        layout
        for layout in kind.layouts
        if all(key(column) in present for column in layout.columns)
    ]
    return max(matches, key=lambda layout: len(layout.columns), default=None)


def layout_level(kind: str, columns: list[str]) -> str:
    """The level of the records of a recognised public export (NYPD's shootings are one row
    per victim), or "" when the file is not one or its layout does not say."""
    spec = column_names().kinds.get(kind)
    layout = _recognised_layout(spec, columns) if spec else None
    return layout.level if layout else ""


def propose_mapping(
    kind: str,
    columns: list[str],
    samples: Mapping[str, list[str]] | None = None,
    *,
    level: str = "",
) -> Proposal:
    """Propose {standard column: file column} for a file of `kind` (calls, stops, crashes...).

    `samples` holds a few raw values per file column; they confirm a proposal (or weaken one
    whose values do not look right). Each file column is proposed for one standard column at
    most, the surest pairs first (see `_name_score` for pairs equally sure). `level` (a
    shooting file's incident or victim, a school file's student or aggregate) keeps to the
    standard columns of that level; without it every column of the kind is proposed.
    """
    spec = column_names().kinds.get(kind)
    if spec is None:
        raise ValueError(f"{kind!r} is not a kind of dataset the mapper knows")
    if level:
        at_level = {column.name for column in load_schema(kind).columns_at(level)}
        spec = spec.model_copy(
            update={"columns": {c: s for c, s in spec.columns.items() if c in at_level}}
        )
    samples = samples or {}
    layout = _recognised_layout(spec, columns)
    candidates: list[tuple[float, int, int, int, str, str, str]] = []
    for c_index, (canonical, column_spec) in enumerate(spec.columns.items()):
        for s_index, source in enumerate(columns):
            scored = _name_score(canonical, column_spec, source)
            if scored is None:
                continue
            score, rank, reason = scored
            if layout is not None:
                if score < NAME_CONFIDENCE:
                    continue  # a known export is mapped by its own names only
                score, reason = LAYOUT_CONFIDENCE, f"{layout.name}: {reason}"
            fit = _value_fit(column_spec, samples.get(source, []))
            if fit is not None and fit >= VALUES_FIT:
                score = min(LAYOUT_CONFIDENCE, score + VALUE_BONUS)
                reason += f"; its sample values read as {_VALUE_WORDS[column_spec.values]}"
            elif fit is not None:
                score *= fit / 2
                reason += (
                    f"; but only {round(fit * 100)} % of its sample values read as"
                    f" {_VALUE_WORDS[column_spec.values]}"
                )
            if score >= MINIMUM:
                candidates.append((score, rank, c_index, s_index, canonical, source, reason))
    chosen: dict[str, ColumnProposal] = {}
    taken: set[str] = set()
    for score, _r, _c, _s, canonical, source, reason in sorted(
        candidates, key=lambda c: (-c[0], c[1], c[2], c[3])
    ):
        if canonical in chosen or source in taken:
            continue
        chosen[canonical] = ColumnProposal(source, round(score, 2), reason)
        taken.add(source)
    ordered = {canonical: chosen[canonical] for canonical in spec.columns if canonical in chosen}
    return Proposal(
        kind=kind,
        layout=layout.name if layout else None,
        columns=ordered,
        unused=tuple(column for column in columns if column not in taken),
        missing=tuple(canonical for canonical in spec.columns if canonical not in chosen),
        version=column_names().version,
    )


def _safe_bool(raw: str) -> bool | None:
    try:
        return formats.parse_bool(raw)
    except ValueError:
        return None


def _coded(raw: str, codes: Mapping[str, tuple[str, ...]]) -> str | None:
    """The standard value whose code is the raw value (compared normalised), else the one
    whose longest code the raw value holds as whole words ("Non-Incapacitating Injury" is B
    although it holds A's "incapacitating injury"); None when no code fits."""
    text = formats.normalise_text(raw)
    padded = f" {text} "
    best: tuple[int, str] | None = None
    for value, words in codes.items():
        for word in map(formats.normalise_text, words):
            if word == text:
                return value
            if f" {word} " in padded and (best is None or len(word) > best[0]):
                best = (len(word), value)
    return best[1] if best else None


def _column_codes(column: str, kind: str | None) -> Mapping[str, tuple[str, ...]]:
    """The codes of `column` in `kind`, or in the only kind that codes it when none is given."""
    if kind is not None:
        spec = column_names().kinds.get(kind)
        if spec is None:
            raise ValueError(f"{kind!r} is not a kind of dataset the mapper knows")
        column_spec = spec.columns.get(column)
        return column_spec.codes if column_spec else {}
    coded = [
        k.columns[column].codes
        for k in column_names().kinds.values()
        if column in k.columns and k.columns[column].codes
    ]
    return coded[0] if len(coded) == 1 else {}


def _value_reader(
    column: str, call_types: CallTypeClassifier, kind: str | None
) -> Callable[[str], object]:
    own = _column_codes(column, kind)
    if own:
        return lambda raw: _coded(raw, own)
    codes = formats.value_codes()
    dispositions = Classifier(rule_book("dispositions.yaml"))
    stop_reasons = default_stop_reason_classifier()
    readers: dict[str, Callable[[str], object]] = {
        "subject_race": formats.normalise_race,
        "officer_race": formats.normalise_race,
        "subject_sex": formats.normalise_sex,
        "officer_sex": formats.normalise_sex,
        "call_source": formats.self_initiated_from_source,
        "call_type_initial": lambda raw: call_types.classify(raw).category,
        "call_type_final": lambda raw: call_types.classify(raw).category,
        "disposition": lambda raw: dispositions.classify(raw)[0],
        "reason_for_stop": lambda raw: stop_reasons.classify(raw).reason_class,
        "violation": lambda raw: stop_reasons.classify(raw).reason_class,
        "outcome": lambda raw: formats.first_phrase_value(raw, codes.stop_outcomes),
        "search_basis": lambda raw: formats.first_phrase_value(raw, codes.search_bases),
        "type": lambda raw: formats.first_phrase_value(raw, codes.stop_types),
    }
    if column in readers:
        return readers[column]
    if any(
        column in kind.columns and kind.columns[column].values == "bool"
        for kind in column_names().kinds.values()
    ):
        return _safe_bool
    raise ValueError(f"{column!r} has no value mapping")


def propose_value_mapping(
    column: str,
    values: Iterable[str],
    *,
    call_types: CallTypeClassifier | None = None,
    kind: str | None = None,
) -> dict[str, object]:
    """{raw value: proposed standard value} for the distinct values of one standard column.

    Call types map to their Vera category (with a team's corrections when `call_types` is
    its classifier); a column with `codes` in `rules/column_names.yaml` (a crash's KABCO
    injury, a student's CRDC race, a participant's exit) maps by them, `kind` saying whose
    column it is where kinds share a name (sex). A value with no proposal maps to None.
    ValueError for a column whose values are kept as they are (an identifier, an address,
    free text).
    """
    read = _value_reader(column, call_types or default_classifier(), kind)
    return {raw: (None if formats.is_missing(raw) else read(raw)) for raw in dict.fromkeys(values)}
