"""Processing a ready version again when its team corrected only the value mappings of derived
columns (a call type's category or eligibility, a disposition's category, a stop reason's
class): its normalised file already holds the standard columns they are read from, so it is
written again from itself (`warehouse.remap`) instead of reading the original file again. The
mapping a version was processed with is kept in its report to tell."""

from __future__ import annotations

from lcpa.outcomes.analytics.schemas import load_schema
from lcpa.outcomes.dataset_mapping import MAPPING_USED, derived_sources, mapping_used
from lcpa.outcomes.models import ColumnMapping, DatasetVersion

_SAME = ("mapping", "level", "keep")


def remap_targets(version: DatasetVersion, mapping: ColumnMapping) -> dict[str, str]:
    """{derived column: its standard column} to read anew when the version's normalised file
    can be written again with `mapping` and give what ingesting its original would; empty when
    the original must be ingested again: the version was not ready, the file's columns, level
    or kept identifiers changed, or a value mapping changed whose values the normalised file
    does not hold as the original has them, or whose column rejected rows or is in a check."""
    report = version.report or {}
    used = report.get(MAPPING_USED)
    if version.previous_status != DatasetVersion.Status.READY or not version.parquet_path:
        return {}
    now = mapping_used(mapping)
    if not used or any(used[key] != now[key] for key in _SAME):
        return {}
    schema = load_schema(version.dataset.kind)
    derived = {
        target: origin
        for target, origin in derived_sources(schema.kind).items()
        if target in now["mapping"] and origin in now["mapping"]
    }
    before, after = used["value_mappings"], now["value_mappings"]
    changed = {t for t in before.keys() | after.keys() if before.get(t) != after.get(t)}
    if not derived or changed - derived.keys():
        return {}
    columns = {c.name: c for c in schema.columns_at(schema.level(now["level"]).code)}
    checked = {column for rule in schema.predications for column in (rule.column, rule.predicate)}
    checked |= set(schema.level(now["level"]).unique_key)
    rejected = {item["reason"].split(":")[0] for item in report.get("rejected", [])}
    for target, origin in derived.items():
        if (
            origin in after  # the normalised file holds the origin's mapped values
            or columns[origin].personal
            or columns[origin].missing_values  # read as missing for the origin only
            or set(columns[target].real_values) - set(columns[origin].real_values)
            or target in checked
            or target in rejected
            or target in report.get("unrecognised", {})
        ):
            return {}
    return derived
