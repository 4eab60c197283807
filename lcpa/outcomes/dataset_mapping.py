"""The column mapping of a team's files of one kind: what the mapping page proposes (from the
file's header and first rows, read through the warehouse) and the service that confirms it.

A confirmed mapping (`ColumnMapping`, one per team and kind, history kept) holds the standard
column -> file column pairs, the value mappings of the coded columns, the level of the records,
the personal identifier columns the coordinator keeps and the file's columns; the next file
with the same columns is processed with it, no page needed.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from lcpa.accounts.models import User
from lcpa.outcomes.analytics.calltypes import (
    CallTypeClassifier,
    call_type_categories,
    default_classifier,
)
from lcpa.outcomes.analytics.formats import parse_bool
from lcpa.outcomes.analytics.mapping import (
    layout_level,
    propose_mapping,
    propose_value_mapping,
)
from lcpa.outcomes.analytics.schemas import Column, Schema, load_schema
from lcpa.outcomes.analytics.warehouse import Preview, preview
from lcpa.outcomes.computed import dataset_rules
from lcpa.outcomes.models import ColumnMapping, DatasetVersion

SAMPLE_ROWS = 20
# The mapping page lists a column's most frequent values, up to this many.
VALUES_LISTED = 200
SAMPLES_SHOWN = 3
YES_NO = ("yes", "no")
EARLIER_CHOICE = "Your team's earlier choice"
# A proposal this sure (0 to 1) recognises a column.
SURE = 0.5


@contextmanager
def local_original(version: DatasetVersion) -> Iterator[Path]:
    """The version's original file as a local path (copied when the storage is not local)."""
    try:
        yield Path(version.original.path)
        return
    except NotImplementedError:
        pass
    with tempfile.TemporaryDirectory(prefix="lcpa-original-") as work:
        copy = Path(work) / "original"
        with version.original.open("rb") as source, copy.open("wb") as target:
            shutil.copyfileobj(source, target)
        yield copy


@contextmanager
def local_parquet(version: DatasetVersion) -> Iterator[Path]:
    """The version's normalised file as a local path (copied when the storage is not local)."""
    try:
        yield Path(default_storage.path(version.parquet_path))
        return
    except NotImplementedError:
        pass
    with tempfile.TemporaryDirectory(prefix="lcpa-parquet-") as work:
        copy = Path(work) / "normalised.parquet"
        with default_storage.open(version.parquet_path, "rb") as source, copy.open("wb") as out:
            shutil.copyfileobj(source, out)
        yield copy


def derived_sources(kind: str) -> dict[str, str]:
    """{derived standard column: the standard column whose file column it is read from}."""
    return dataset_rules().derived.get(kind, {})


def value_choices(column: Column) -> tuple[str, ...]:
    return YES_NO if column.type == "boolean" else column.values


def _yes_or_no(value: str) -> str:
    try:
        read = parse_bool(value)
    except ValueError:
        return ""
    return "" if read is None else YES_NO[0] if read else YES_NO[1]


def value_targets(schema: Schema, level: str) -> list[Column]:
    """The standard columns whose file values are mapped to standard ones: the coded
    (category) columns, and the derived ones (read through a value mapping). Yes-or-no
    columns of the file are read as they are."""
    derived = derived_sources(schema.kind)
    return [
        column
        for column in schema.columns_at(level)
        if column.name in derived or (column.type == "category" and not column.derived)
    ]


# The report key of the mapping a version's normalised file was made with (`mapping_used`).
MAPPING_USED = "mapping_used"
REPROCESSED = "The column mapping changed: it is being checked again with the new one."


def mapping_used(mapping: ColumnMapping) -> dict:
    return {
        "mapping": mapping.mapping,
        "level": mapping.level,
        "keep": sorted(mapping.keep),
        "value_mappings": mapping.value_mappings,
    }


# The value mappings that are the team's reading of its call types: kept from file to file
# (a call type missing from this month's file keeps its earlier choice).
CALL_TYPE_TARGETS = ("call_category", "alt_eligible")
# The report key of the call types a file processed with the saved mapping brought in.
NEW_CALL_TYPES = "new_call_types"


def call_type_corrections(mapping: ColumnMapping | None) -> dict[str, str]:
    """The team's call-type corrections: {call type: category} where its coordinators chose
    another category than the rules give (`value_mappings["call_category"]`)."""
    if mapping is None:
        return {}
    rules, categories = default_classifier(), set(call_type_categories())
    return {
        raw: category
        for raw, category in mapping.value_mappings.get("call_category", {}).items()
        if category in categories and rules.classify(raw).category != category
    }


def team_classifier(mapping: ColumnMapping | None) -> CallTypeClassifier:
    """The rules with the team's corrections, which win over them (the rule "correction")."""
    corrections = call_type_corrections(mapping)
    return CallTypeClassifier(corrections=corrections) if corrections else default_classifier()


def _proposed_values(
    target: str, source_column: str, values: list[str], kind: str, call_types: CallTypeClassifier
) -> dict:
    if target == "alt_eligible":
        return {raw: ("yes" if call_types.classify(raw).eligible else "no") for raw in values}
    try:
        proposed = propose_value_mapping(source_column, values, kind=kind, call_types=call_types)
    except ValueError:
        return {}
    return {raw: value for raw, value in proposed.items() if isinstance(value, str)}


@dataclass
class ColumnRow:
    """One standard column on the mapping page."""

    column: Column
    source: str = ""  # the file column chosen (confirmed before) or proposed
    confidence: float | None = None
    reason: str = ""
    samples: list[str] = field(default_factory=list)


@dataclass
class ValueRow:
    """The file's values of one coded standard column, each with its standard value."""

    column: Column
    source: str  # the file column the values come from
    values: list[tuple[str, str]]  # (file value, chosen or proposed standard value)


@dataclass
class Screen:
    schema: Schema
    level: str
    preview: Preview
    layout: str | None
    columns: list[ColumnRow]
    values: list[ValueRow]
    personal: list[Column]
    keep: list[str]
    previous: ColumnMapping | None

    @property
    def required(self) -> list[ColumnRow]:
        return [row for row in self.columns if row.column.required]

    @property
    def looks_like_another_kind(self) -> bool:
        """None of the columns every row needs was recognised surely (the team's earlier
        choice, or a proposal at least half sure): most likely a file of another kind."""
        return not any(
            row.source and (row.confidence is None or row.confidence >= SURE)
            for row in self.required
        )

    @property
    def uses_earlier_choices(self) -> bool:
        return any(row.reason == EARLIER_CHOICE for row in self.columns)


def confirmed_mapping(team, kind: str) -> ColumnMapping | None:
    return ColumnMapping.objects.filter(team=team, kind=kind, confirmed_at__isnull=False).first()


def file_preview(
    version: DatasetVersion, distinct: tuple[str, ...] = (), *, every_value: bool = False
) -> Preview:
    """The file's header and first rows, and the most frequent values of the `distinct` file
    columns (as many as the mapping page lists; all of them with `every_value`).
    Raises warehouse.IngestError for a file that cannot be read."""
    real = [word for c in load_schema(version.dataset.kind).columns for word in c.real_values]
    with local_original(version) as path:
        return preview(
            path,
            rows=SAMPLE_ROWS,
            distinct=distinct,
            distinct_limit=None if every_value else VALUES_LISTED,
            delimiter=version.delimiter or None,
            real_values=real,
        )


def new_call_types_classified(
    version: DatasetVersion, mapping: ColumnMapping
) -> dict[str, dict[str, str]]:
    """For a file processed with the saved mapping: the call types of the file that the
    mapping's value mappings do not know yet, with the category and eligibility the team's
    classifier (its rules and corrections) gives them, by standard column. Empty when the file
    has no new call type; this includes, on a first file, the rare call types that the mapping
    page had no room to list. Raises warehouse.IngestError for a file that cannot be read."""
    sources = {
        target: mapping.mapping[target]
        for target in CALL_TYPE_TARGETS
        if target in mapping.mapping and target in mapping.value_mappings
    }
    if not sources:
        return {}
    columns = tuple(sorted(set(sources.values())))
    distinct = file_preview(version, distinct=columns, every_value=True).distinct
    kind = version.dataset.kind
    classifier, derived = team_classifier(mapping), derived_sources(kind)
    found = {}
    for target, column in sources.items():
        known = mapping.value_mappings[target]
        unknown = [raw for raw in distinct.get(column, []) if raw not in known]
        standard = derived.get(target, target)  # the standard column the values are read as
        proposed = _proposed_values(target, standard, unknown, kind, classifier)
        if proposed:
            found[target] = proposed
    return found


def column_mapping_add_values(
    *, mapping: ColumnMapping, values: dict[str, dict[str, str]]
) -> ColumnMapping:
    """Add value mappings the platform proposed for a file's new values (history kept); the
    coordinator's earlier choices are never changed."""
    with transaction.atomic():
        saved = ColumnMapping.objects.select_for_update().get(pk=mapping.pk)
        merged = dict(saved.value_mappings)
        for target, new in values.items():
            merged[target] = {**new, **merged.get(target, {})}
        saved.value_mappings = merged
        saved._change_reason = "New values of a file classified by the rules"
        saved.save()
    return saved


def screen(
    version: DatasetVersion, *, level: str = "", chosen: dict[str, str] | None = None
) -> Screen:
    """What the mapping page shows: the previous confirmed choices where the file has those
    columns, else the proposal; `chosen` (a posted mapping) wins over both, so the values
    shown are those of the columns chosen."""
    kind = version.dataset.kind
    schema = load_schema(kind)
    previous = confirmed_mapping(version.dataset.team, kind)
    earlier = previous.level if previous else ""
    head = file_preview(version)
    known = layout_level(kind, head.columns)
    level = schema.level(level or known or earlier or schema.levels[0].code).code
    samples = {
        name: [str(row[name]) for row in head.rows if row.get(name) not in (None, "")]
        for name in head.columns
    }
    proposal = propose_mapping(kind, head.columns, samples, level=level)
    present = set(head.columns)
    derived = derived_sources(kind)
    earlier_choices = {
        name: source
        for name, source in (previous.mapping if previous else {}).items()
        if source in present
    }
    # A file laid out as the one the mapping was confirmed with: a column the team left out
    # stays out (proposing it again would make the team undo it on every file).
    same_layout = previous is not None and set(previous.columns) == present
    rows = []
    for column in schema.columns_at(level):
        if column.derived:
            continue
        row = ColumnRow(column)
        found = proposal.columns.get(column.name)
        if (
            found is not None
            and not same_layout
            and found.source not in earlier_choices.values()  # the team uses it for another
        ):
            row.source, row.confidence, row.reason = found.source, found.confidence, found.reason
        if column.name in earlier_choices:
            row.source, row.reason = earlier_choices[column.name], EARLIER_CHOICE
            row.confidence = None
        if chosen is not None:
            row.source = chosen.get(column.name, "") if chosen.get(column.name) in present else ""
        row.samples = list(dict.fromkeys(samples.get(row.source, [])))[:SAMPLES_SHOWN]
        rows.append(row)
    source_of = {row.column.name: row.source for row in rows if row.source}
    targets = [
        (column, source_of.get(derived.get(column.name, column.name), ""))
        for column in value_targets(schema, level)
    ]
    targets = [(column, source) for column, source in targets if source]
    head = file_preview(version, distinct=tuple({source for _c, source in targets}))
    call_types = team_classifier(previous)
    value_rows = []
    for column, source in targets:
        raw_values = head.distinct.get(source, [])
        proposed = _proposed_values(
            column.name, derived.get(column.name, column.name), raw_values, kind, call_types
        )
        earlier = previous.value_mappings.get(column.name, {}) if previous else {}
        if column.type == "boolean":  # a mapping saved as true or false (a script, the API)
            earlier = {raw: _yes_or_no(value) for raw, value in earlier.items()}
        choices = value_choices(column)
        shown = []
        for raw in raw_values:
            value = earlier.get(raw) or proposed.get(raw) or column.unmapped
            shown.append((raw, value if value in choices else ""))
        value_rows.append(ValueRow(column, source, shown))
    personal = [c for c in schema.columns_at(level) if c.personal and c.name in source_of]
    return Screen(
        schema=schema,
        level=level,
        preview=head,
        layout=proposal.layout,
        columns=rows,
        values=value_rows,
        personal=personal,
        keep=list(previous.keep) if previous else [],
        previous=previous,
    )


@dataclass(frozen=True)
class Confirmed:
    """A confirmed mapping, and the team's other ready versions of the kind that were made with
    another one: they are processed again with it, after the version it was confirmed for."""

    mapping: ColumnMapping
    others: list[DatasetVersion]


def column_mapping_confirm(
    *,
    version: DatasetVersion,
    level: str,
    mapping: dict[str, str],
    value_mappings: dict[str, dict[str, str]],
    keep: list[str],
    columns: list[str],
    by: User,
) -> Confirmed:
    """Save the team's mapping for the version's kind (history kept; the salt is made once)
    and hand the version to the background task, which ingests it, then the team's other
    ready versions of the kind made with another mapping, so that every month's values come
    from the same one."""
    team, kind = version.dataset.team, version.dataset.kind
    full = dict(mapping)
    for derived, origin in derived_sources(kind).items():
        if origin in mapping and derived in value_mappings:
            full[derived] = mapping[origin]
    with transaction.atomic():
        current = DatasetVersion.objects.select_for_update().get(pk=version.pk)
        saved = ColumnMapping.objects.select_for_update().filter(team=team, kind=kind).first()
        saved = saved or ColumnMapping(team=team, kind=kind)
        # The page lists this file's values: those only earlier files have keep their
        # mapping (their files are processed again with it), while the values come from the
        # same column (a call type's reading whatever its column).
        value_mappings = dict(value_mappings)
        for target, chosen in value_mappings.items():
            if target in CALL_TYPE_TARGETS or saved.mapping.get(target) == full.get(target):
                value_mappings[target] = {**saved.value_mappings.get(target, {}), **chosen}
        saved.salt = saved.salt or secrets.token_hex(32)
        saved.level, saved.mapping, saved.value_mappings = level, full, value_mappings
        saved.keep, saved.columns = sorted(keep), list(columns)
        saved.confirmed_by, saved.confirmed_at = by, timezone.now()
        saved.save()
        if current.status == DatasetVersion.Status.READY:
            _hold_previous(current)
        elif current.status != DatasetVersion.Status.PROCESSING:
            current.previous_status, current.previous_message = "", ""
        current.status = DatasetVersion.Status.PROCESSING
        current.status_message = "Its columns are mapped; the records are being checked."
        current.save()
        used = mapping_used(saved)
        others = [
            other
            for other in DatasetVersion.objects.select_for_update(of=("self",))
            .filter(dataset__team=team, dataset__kind=kind, status=DatasetVersion.Status.READY)
            .exclude(pk=current.pk)
            .select_related("dataset")
            .order_by("uploaded_at", "pk")
            if (other.report or {}).get(MAPPING_USED) != used
        ]
        for other in others:
            _hold_previous(other)
            other.status, other.status_message = DatasetVersion.Status.PROCESSING, REPROCESSED
            other._change_reason = "Processed again: the column mapping changed"
            other.save()
        ids = [current.pk, *(other.pk for other in others)]
        transaction.on_commit(lambda: _enqueue(ids))
    return Confirmed(mapping=saved, others=others)


def _hold_previous(version: DatasetVersion) -> None:
    """A ready version processed again keeps the status and message it goes back to, its
    values untouched, if that processing fails or is cancelled."""
    version.previous_status = version.status
    version.previous_message = version.status_message


def _enqueue(version_ids: list[int]) -> None:
    from lcpa.outcomes.dataset_tasks import process_dataset_versions

    process_dataset_versions.enqueue(version_ids)
