"""The background work on an uploaded dataset version, queued when its upload finishes
(`process_dataset_version`) and again when its column mapping is confirmed, then with the
team's other ready versions of the kind that were made with another mapping
(`process_dataset_versions`).

An uploaded version is processed at once when its team confirmed a mapping for a file with the
same columns; otherwise it waits for the mapping page. Processing ingests the file with the
mapping (`warehouse.ingest`: typed, checked, personal identifiers dropped or hashed) into a
temporary Parquet file, computes the kind's measures over it (`warehouse.compute`) and stores
the file, the validation report and the computed values together (`datasets.
dataset_version_ready`), with, for traffic stops, the veil-of-darkness test
(`dataset_darkness`); a file the warehouse refuses fails the version, and nothing the team
had before changes. A ready version whose team corrected only how a call type, disposition or
stop reason is classed is written again from its normalised file (`dataset_remap`), without
reading the original again.
"""

import logging
import tempfile
from pathlib import Path

from django_tasks import task

from lcpa.outcomes import datasets
from lcpa.outcomes.analytics import rri
from lcpa.outcomes.analytics.schemas import load_schema
from lcpa.outcomes.analytics.warehouse import (
    IngestError,
    ValidationReport,
    compute,
    ingest,
    remap,
)
from lcpa.outcomes.computed import linked_values
from lcpa.outcomes.dataset_darkness import veil_of_darkness_summary
from lcpa.outcomes.dataset_mapping import (
    MAPPING_USED,
    NEW_CALL_TYPES,
    column_mapping_add_values,
    confirmed_mapping,
    file_preview,
    local_original,
    local_parquet,
    mapping_used,
    new_call_types_classified,
)
from lcpa.outcomes.dataset_remap import remap_targets
from lcpa.outcomes.models import ColumnMapping, DatasetKind, DatasetVersion

logger = logging.getLogger(__name__)


@task()
def process_dataset_version(version_id: int) -> str:
    """Take a version on (uploaded) or process it (its mapping confirmed). Returns the
    version's status afterwards ("gone" for a version deleted meanwhile)."""
    return _take_on_or_process(version_id)


@task()
def process_dataset_versions(version_ids: list[int]) -> list[str]:
    """Process the versions a confirmed mapping concerns, in order, one at a time (DuckDB
    takes the machine's memory and cores for each). Returns their statuses afterwards."""
    return [_take_on_or_process(version_id) for version_id in version_ids]


def _take_on_or_process(version_id: int) -> str:
    """`_take_on_or_process_version`, and when it breaks unexpectedly (a bug, the storage or
    the database failing), the version fails (a ready one stays ready with its values) instead
    of showing "processing" for ever, and the next versions of the task are still processed."""
    try:
        return _take_on_or_process_version(version_id)
    except Exception:
        logger.exception("Dataset version %s could not be processed", version_id)
        version = DatasetVersion.objects.filter(pk=version_id).first()
        if version is None:
            return "gone"
        return _failed(version, UNEXPECTED, {})


def _take_on_or_process_version(version_id: int) -> str:
    version = (
        DatasetVersion.objects.select_related("dataset__team__jurisdiction", "uploaded_by")
        .filter(pk=version_id)
        .first()
    )
    if version is None:
        return "gone"
    if version.status in (DatasetVersion.Status.JOINING, DatasetVersion.Status.CANCELLED):
        # (A version cancelled while it was joined: the join deletes what was sent.)
        version = datasets.dataset_version_join(version=version)
    if version.status == DatasetVersion.Status.UPLOADED:
        try:
            columns = file_preview(version).columns
        except IngestError as error:
            return _failed(version, str(error), {})
        if datasets.dataset_version_take_on(version=version, columns=columns) == "gone":
            return "gone"
        version.refresh_from_db(fields=["status"])
    if version.status == DatasetVersion.Status.PROCESSING:
        _process(version)
        version.refresh_from_db(fields=["status"])
    return version.status


def _failed(version: DatasetVersion, message: str, report: dict) -> str:
    datasets.dataset_version_failed(version=version, message=message, report=report)
    version.refresh_from_db(fields=["status"])
    return version.status


UNEXPECTED = (
    "Something went wrong on our side while the file was processed. Try again (save its "
    "column mapping again, or upload the file again); if it happens again, tell the program "
    "staff."
)
# The report key of the measures the file could not give, and why.
NOT_COMPUTED = "not_computed"
MISSING_ORIGINAL = "The uploaded file is no longer in the file storage: upload it again."


def not_computed(kind: str, skipped: dict[str, list[str]]) -> dict[str, list[str]]:
    """The measures `compute` skipped, each with what the file lacked ("measures"), and the
    schema's plain reasons for those that say more ("reasons", each once); {} when none."""
    if not skipped:
        return {}
    measures = {measure.code: measure for measure in load_schema(kind).measures}
    return {
        "measures": [
            f"{measures[code].title} (no {', no '.join(lacking)})"
            for code, lacking in skipped.items()
        ],
        "reasons": list(
            dict.fromkeys(
                measures[code].not_computed for code in skipped if measures[code].not_computed
            )
        ),
    }


def _remapped(
    version: DatasetVersion, mapping: ColumnMapping, out: Path
) -> ValidationReport | None:
    """The version's report, its normalised file written again to `out` with the corrected
    value mappings (dataset_remap); None when the original must be ingested again."""
    targets = remap_targets(version, mapping)
    if not targets:
        return None
    with local_parquet(version) as stored:
        written = remap(
            source=stored,
            out=out,
            schema=load_schema(version.dataset.kind),
            level=mapping.level,
            derived=targets,
            values=mapping.value_mappings,
        )
    return ValidationReport.from_dict(version.report) if written else None


def _process(version: DatasetVersion) -> None:
    kind, team = version.dataset.kind, version.dataset.team
    mapping = confirmed_mapping(team, kind)
    if mapping is None:
        _failed(version, "No column mapping is confirmed for this kind of records.", {})
        return
    with tempfile.TemporaryDirectory(prefix="lcpa-process-") as work:
        out = Path(work) / datasets.NORMALISED_NAME
        # A corrected value mapping of a ready file: its call types are all in the mapping.
        report, new_call_types = _remapped(version, mapping, out), {}
        if report is None:
            try:
                new_call_types = new_call_types_classified(version, mapping)
                if new_call_types:
                    mapping = column_mapping_add_values(mapping=mapping, values=new_call_types)
                with local_original(version) as source:
                    report = ingest(
                        source=source,
                        schema=load_schema(kind),
                        columns=mapping.mapping,
                        out=out,
                        values=mapping.value_mappings,
                        level=mapping.level,
                        keep=mapping.keep,
                        salt=mapping.salt,
                        delimiter=version.delimiter or None,
                    )
            except FileNotFoundError:
                _failed(version, MISSING_ORIGINAL, {})
                return
            except IngestError as error:  # the file cannot be read
                _failed(version, str(error), {})
                return
            except ValueError as error:
                _failed(version, f"The file could not be processed ({error}).", {})
                return
        if not report.ok:
            _failed(version, " ".join(report.problems), report.to_dict())
            return
        computation = compute(
            kind,
            out,
            level=mapping.level,
            variables={"population": team.jurisdiction.population},
        )
        message = f"{report.rows_written:,} rows kept, {report.rows_rejected:,} rejected."
        skipped = not_computed(kind, computation.skipped)
        if skipped:
            message += " Not computed, for want of values: " + "; ".join(skipped["measures"])
            message += "." + "".join(f" {reason}" for reason in skipped["reasons"])
        darkness = None
        if kind == DatasetKind.STOPS:
            darkness = veil_of_darkness_summary(jurisdiction=team.jurisdiction, parquet=out)
        # The relative rate index is computed in Python from the stage counts (rri.py); its
        # table is kept with the report, for the version's page.
        index_rows = rri.index_rows(computation.rows)
        tables = rri.table_to_dict(rri.rri_table(computation.rows))
        datasets.dataset_version_ready(
            version=version,
            veil_of_darkness=darkness,
            report=report.to_dict()
            | {MAPPING_USED: mapping_used(mapping)}
            | ({NOT_COMPUTED: skipped} if skipped else {})
            | ({rri.REPORT_KEY: tables} if tables else {})
            | ({NEW_CALL_TYPES: new_call_types} if new_call_types else {}),
            parquet=out,
            values=linked_values(kind, computation.rows + index_rows),
            message=message,
            by=mapping.confirmed_by or version.uploaded_by,
        )
