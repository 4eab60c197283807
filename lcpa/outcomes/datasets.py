"""Every write about datasets: a data coordinator (or program staff) begins an upload, sends
its numbered chunks (again after a network drop: the server says which it has), finishes it
(all chunks there: the request only records that) or cancels it; then a background task
(`dataset_tasks.py`) joins the chunks into the original while hashing it, checks it, and takes
the version on. The plain form (no JavaScript, files up to DATASET_FORM_MAX_BYTES) joins at
once, so that it can say on the form what is wrong with the file.

Files live on the configured storage under `datasets/<random key>/`, a key nobody can guess
and nobody sees; people get them only through the access-checked download view. The original
is kept once joined, whatever happens to the version later (cancelled, failed). A file the
team already uploaded (same SHA-256) is recognised, when the browser sends its hash at the
start, before anything is sent, and otherwise once it is joined; it is not stored twice. In
one dataset the database refuses it too (constraint `dataset_file_once`), so two uploads of
the same file finishing at once keep one.

A ready version whose mapping changes is processed again; until that is done its values,
report and status stay, and a failed or cancelled re-processing leaves them in place
(`previous_status`).
"""

from __future__ import annotations

import hashlib
import io
import secrets
import tempfile
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import date_format

from lcpa.accounts.models import User
from lcpa.cohorts.models import Team
from lcpa.outcomes import queries
from lcpa.outcomes.computed import ComputedValue, computed_observations_store
from lcpa.outcomes.dataset_files import (
    ChunkedFile,
    FileRefused,
    chunk_count,
    chunk_name,
    delete_chunks,
    expected_chunk_size,
    original_name,
    received_chunks,
    sniff,
)
from lcpa.outcomes.models import KEPT_STATUSES, ColumnMapping, Dataset, DatasetVersion

READ_BYTES = 1024 * 1024
CANCELLABLE = (
    DatasetVersion.Status.UPLOADING,
    DatasetVersion.Status.JOINING,
    DatasetVersion.Status.UPLOADED,
    DatasetVersion.Status.WAITING_FOR_MAPPING,
    DatasetVersion.Status.PROCESSING,
)
NORMALISED_NAME = "normalised.parquet"


class UploadProblem(Exception):
    """An upload step that cannot be done; the message says what to do, `status` is the HTTP
    status the upload's endpoints answer with, `missing` the chunks still to send."""

    def __init__(
        self,
        message: str,
        *,
        status: int = 400,
        missing: list[int] | None = None,
        existing: DatasetVersion | None = None,
    ):
        super().__init__(message)
        self.message, self.status, self.missing = message, status, missing or []
        self.existing = existing  # the version of the same file, for a file uploaded again


def _duplicate_message(earlier: DatasetVersion) -> str:
    when = date_format(timezone.localtime(earlier.uploaded_at), "j F Y")
    return (
        f"Your team uploaded this same file already, on {when}: {earlier.dataset.name}, "
        f"version {earlier.number}. It was not stored twice."
    )


def dataset_find_or_create(*, team: Team, kind: str, name: str, by: User) -> Dataset:
    """The team's dataset of this kind with this name (in any case), created if new."""
    name = " ".join(name.split())
    existing = Dataset.objects.filter(team=team, kind=kind, name__iexact=name).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Dataset.objects.create(team=team, kind=kind, name=name, created_by=by)
    except IntegrityError:  # created by someone else meanwhile
        return Dataset.objects.get(team=team, kind=kind, name__iexact=name)


def dataset_upload_begin(
    *, team: Team, kind: str, name: str, file_name: str, size: int, sha256: str = "", by: User
) -> DatasetVersion:
    """A new version of the team's dataset `name`, waiting for the file's chunks."""
    limit = settings.DATASET_MAX_BYTES
    if size > limit:
        raise UploadProblem(
            f"The file is {filesizeformat(size)}; files can be up to {filesizeformat(limit)}. "
            "Split it into smaller files (by year, say) and upload each.",
            status=413,
        )
    if size <= 0:
        raise UploadProblem("The file is empty. Export your records again and upload that file.")
    sha256 = sha256.lower()
    if sha256 and (earlier := queries.dataset_version_with_hash(team, sha256)):
        raise UploadProblem(_duplicate_message(earlier), status=409, existing=earlier)
    with transaction.atomic():
        dataset = dataset_find_or_create(team=team, kind=kind, name=name, by=by)
        Dataset.objects.select_for_update().filter(pk=dataset.pk).first()
        last = dataset.versions.aggregate(last=Max("number"))["last"] or 0
        return DatasetVersion.objects.create(
            dataset=dataset,
            number=last + 1,
            storage_key=secrets.token_hex(16),
            original_name=file_name.replace("\\", "/").rsplit("/", 1)[-1][:255] or "upload",
            size=size,
            chunk_size=settings.DATASET_CHUNK_BYTES,
            declared_sha256=sha256,
            uploaded_by=by,
        )


def _open_upload(version: DatasetVersion) -> None:
    if version.status != DatasetVersion.Status.UPLOADING:
        raise UploadProblem(
            f"This upload is no longer open (it is {version.get_status_display().lower()}). "
            "Start a new upload to send the file again.",
            status=409,
        )


def dataset_chunk_store(
    *, version: DatasetVersion, number: int, stream: IO[bytes], length: int
) -> list[int]:
    """Keep chunk `number` (from 0) of the upload, read from `stream`, which declared `length`
    bytes; returns the chunks the server now holds. A chunk is stored only once it arrived
    whole, so one cut off by a dropped connection is simply sent again."""
    _open_upload(version)
    count = chunk_count(version.size, version.chunk_size)
    if not 0 <= number < count:
        raise UploadProblem(f"This file has chunks 0 to {count - 1}; there is no chunk {number}.")
    expected = expected_chunk_size(version.size, version.chunk_size, number)
    if length != expected:
        raise UploadProblem(f"Chunk {number} holds {expected} bytes, not {length}.")
    with tempfile.SpooledTemporaryFile(max_size=expected + 1) as spool:
        remaining = expected
        while remaining:
            piece = stream.read(min(READ_BYTES, remaining))
            if not piece:
                raise UploadProblem(
                    f"Chunk {number} arrived incomplete (the connection may have dropped). "
                    "Send it again."
                )
            spool.write(piece)
            remaining -= len(piece)
        spool.seek(0)
        name = chunk_name(version.storage_key, number)
        default_storage.delete(name)
        saved = default_storage.save(name, File(spool, name=name))
    if saved != name:  # another copy of the same chunk landed meanwhile: keep one
        default_storage.delete(saved)
    return received_chunks(default_storage, version.storage_key)


class _Cancelled(Exception):
    """The version was cancelled while its chunks were being joined."""


class _Hashing:
    """A reader that hashes and counts what goes through it, and records how far it got on the
    version about every twentieth of the file (stopping when the version was cancelled)."""

    def __init__(self, source: IO[bytes], version: DatasetVersion) -> None:
        self.source, self.digest, self.count = source, hashlib.sha256(), 0
        self.version = version
        self.step = max(version.size // 20, 1)
        self.next_report = self.step

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(READ_BYTES if size is None or size < 0 else size)
        self.digest.update(data)
        self.count += len(data)
        if self.count >= self.next_report and data:
            self.next_report = self.count + self.step
            recorded = DatasetVersion.objects.filter(
                pk=self.version.pk, status=DatasetVersion.Status.JOINING
            ).update(joined_bytes=self.count, updated_at=timezone.now())
            if not recorded:
                raise _Cancelled
        return data


def _fail(version: DatasetVersion, message: str) -> None:
    """A version whose file cannot be kept (refused, damaged): it fails, its chunks go."""
    with transaction.atomic():
        current = DatasetVersion.objects.select_for_update().filter(pk=version.pk).first()
        if current is not None and current.status == DatasetVersion.Status.JOINING:
            current.status = DatasetVersion.Status.FAILED
            current.status_message = message
            current.save()
    delete_chunks(default_storage, version.storage_key)


def dataset_upload_finish(*, version: DatasetVersion, enqueue: bool = True) -> DatasetVersion:
    """Every chunk arrived: the version is handed to the background task (unless `enqueue` is
    false: the caller joins it), which joins them into the original (`dataset_version_join`).
    Raises UploadProblem (409) when chunks are missing (nothing changes) or the upload is no
    longer open."""
    _open_upload(version)
    count = chunk_count(version.size, version.chunk_size)
    missing = sorted(set(range(count)) - set(received_chunks(default_storage, version.storage_key)))
    if missing:
        raise UploadProblem(
            f"{len(missing)} of the file's {count} chunks have not arrived yet.",
            status=409,
            missing=missing,
        )
    with transaction.atomic():
        current = DatasetVersion.objects.select_for_update().get(pk=version.pk)
        _open_upload(current)
        current.status = DatasetVersion.Status.JOINING
        current.status_message = (
            f"All {count:,} parts of the file arrived; they are being joined into one file "
            "and checked."
        )
        current.joined_bytes = 0
        current.save()
        if enqueue:
            transaction.on_commit(lambda: _process_enqueue(current.pk))
    return current


def dataset_version_join(*, version: DatasetVersion) -> DatasetVersion:
    """(The background task.) Check the chunks as one file (its type from its bytes), join
    them into the original while hashing it, check its size and hash, and keep it: the version
    is then uploaded, or failed (a file refused or damaged), or cancelled (the same file as a
    version the team keeps, named in `duplicate_of`). A version not joining is left alone."""
    current = DatasetVersion.objects.filter(pk=version.pk).first()
    if current is None or current.status != DatasetVersion.Status.JOINING:
        if current is not None and current.status == DatasetVersion.Status.CANCELLED:
            delete_chunks(default_storage, current.storage_key)
        return current or version
    key = current.storage_key
    name = ""
    chunks = ChunkedFile(default_storage, key, current.size, current.chunk_size)
    try:
        with io.BufferedReader(chunks, buffer_size=READ_BYTES) as chunked:
            try:
                found = sniff(chunked, current.size)
            except FileRefused as refusal:
                _fail(current, str(refusal))
                return _fresh(current)
            chunked.seek(0)
            hashing = _Hashing(chunked, current)
            name = original_name(key, found.file_type)
            default_storage.delete(name)  # a join begun before and stopped
            stored = default_storage.save(name, File(hashing, name=name))
    except (_Cancelled, OSError):
        if name:
            default_storage.delete(name)
        if _fresh(current).status == DatasetVersion.Status.CANCELLED:
            delete_chunks(default_storage, key)
            return _fresh(current)
        raise
    sha256 = hashing.digest.hexdigest()
    damaged = hashing.count != current.size or (
        current.declared_sha256 and current.declared_sha256 != sha256
    )
    if damaged:
        default_storage.delete(stored)
        _fail(
            current,
            "The file arrived different from the one you chose (it may have changed while it "
            "was sent). Upload it again.",
        )
        return _fresh(current)
    return _keep_joined(current, stored=stored, found=found, sha256=sha256)


def _fresh(version: DatasetVersion) -> DatasetVersion:
    return DatasetVersion.objects.select_related("dataset__team").get(pk=version.pk)


def _keep_joined(version: DatasetVersion, *, stored: str, found, sha256: str) -> DatasetVersion:
    with transaction.atomic():
        current = (
            DatasetVersion.objects.select_for_update()
            .select_related("dataset__team")
            .get(pk=version.pk)
        )
        if current.status != DatasetVersion.Status.JOINING:  # cancelled meanwhile
            default_storage.delete(stored)
            delete_chunks(default_storage, current.storage_key)
            return current
        current.sha256, current.uploaded_at = sha256, timezone.now()
        current.joined_bytes = current.size
        current.original.name = stored
        current.file_type = found.file_type
        current.encoding, current.delimiter = found.encoding, found.delimiter
        current.status = DatasetVersion.Status.UPLOADED
        current.status_message = ""
        # Another dataset of the team with this file; in this dataset the database says so.
        earlier = queries.dataset_version_with_hash(
            current.dataset.team, sha256, excluding=current.pk, other_than=current.dataset
        )
        if earlier is None:
            try:
                with transaction.atomic():
                    current.save()
            except IntegrityError:  # a version of this dataset keeps the same file
                earlier = (
                    DatasetVersion.objects.filter(
                        dataset=current.dataset, sha256=sha256, status__in=KEPT_STATUSES
                    )
                    .exclude(pk=current.pk)
                    .select_related("dataset")
                    .first()
                )
                if earlier is None:
                    raise
        if earlier is not None:
            current.original.name = ""
            current.status = DatasetVersion.Status.CANCELLED
            current.status_message = _duplicate_message(earlier)
            current.duplicate_of = earlier
            current.save()
            transaction.on_commit(lambda: default_storage.delete(stored))
    delete_chunks(default_storage, current.storage_key)
    return current


def _process_enqueue(version_id: int) -> None:
    # Imported here: the task module calls this module's services.
    from lcpa.outcomes.dataset_tasks import process_dataset_version

    process_dataset_version.enqueue(version_id)


def dataset_upload_file(
    *, team: Team, kind: str, name: str, upload: File, by: User
) -> DatasetVersion:
    """The plain form's upload (no JavaScript): the whole file, sent as its chunks at once and
    joined at once (it is small), so that the form can say what is wrong with it."""
    version = dataset_upload_begin(
        team=team, kind=kind, name=name, file_name=upload.name or "", size=upload.size, by=by
    )
    upload.seek(0)
    for number in range(chunk_count(version.size, version.chunk_size)):
        length = expected_chunk_size(version.size, version.chunk_size, number)
        dataset_chunk_store(version=version, number=number, stream=upload, length=length)
    version = dataset_version_join(version=dataset_upload_finish(version=version, enqueue=False))
    if version.status == DatasetVersion.Status.UPLOADED:
        transaction.on_commit(lambda: _process_enqueue(version.pk))
    if version.status == DatasetVersion.Status.FAILED:
        raise UploadProblem(version.status_message, status=422)
    if version.duplicate_of is not None:
        raise UploadProblem(version.status_message, status=409, existing=version.duplicate_of)
    return version


def dataset_version_cancel(*, version: DatasetVersion) -> DatasetVersion:
    """Stop an upload, or a version not yet ingested: its chunks are deleted, its original
    (once joined) is kept. A ready version being processed again goes back to ready, its
    values as they were."""
    with transaction.atomic():
        current = DatasetVersion.objects.select_for_update().get(pk=version.pk)
        if current.status not in CANCELLABLE:
            raise UploadProblem(
                f"This version is {current.get_status_display().lower()}: it can no longer be "
                "cancelled.",
                status=409,
            )
        was = current.status
        if was == DatasetVersion.Status.PROCESSING and current.previous_status:
            _restore_previous(current, "The new processing was cancelled.")
        else:
            current.status = DatasetVersion.Status.CANCELLED
            current.status_message = "Cancelled before it was used."
        current.save()
    if was == DatasetVersion.Status.UPLOADING:
        delete_chunks(default_storage, current.storage_key)
    # A joining version's chunks are deleted by the task, which stops when it sees this.
    return current


def _restore_previous(version: DatasetVersion, why: str) -> None:
    """A ready version's re-processing that did not finish: back to its earlier status, with
    its earlier message after `why`; its values, report and Parquet file were never touched."""
    version.status = version.previous_status
    version.status_message = (
        f"{why} The values from before are kept. {version.previous_message}".strip()
    )
    version.previous_status, version.previous_message = "", ""


def dataset_version_take_on(*, version: DatasetVersion, columns: list[str]) -> str:
    """An uploaded version is processed at once with its team's confirmed mapping when the
    file has the same columns as the file it was confirmed with; otherwise it waits for its
    team to map its columns (the earlier choices filled in). Returns the status afterwards
    (a version cancelled or taken on meanwhile is left alone)."""
    with transaction.atomic():
        current = DatasetVersion.objects.select_for_update().filter(pk=version.pk).first()
        if current is None:
            return "gone"
        if current.status != DatasetVersion.Status.UPLOADED:
            return current.status
        mapping = ColumnMapping.objects.filter(
            team_id=current.dataset.team_id, kind=current.dataset.kind, confirmed_at__isnull=False
        ).first()
        if mapping is not None and mapping.columns == list(columns):
            current.status = DatasetVersion.Status.PROCESSING
            current.status_message = "Its columns are those mapped before; it is being checked."
        else:
            current.status = DatasetVersion.Status.WAITING_FOR_MAPPING
            current.status_message = (
                "Its columns differ from the file mapped before: check the mapping."
                if mapping is not None
                else ""
            )
        current.save(update_fields=["status", "status_message", "updated_at"])
    return current.status


def dataset_version_failed(*, version: DatasetVersion, message: str, report: dict) -> None:
    """A file that could not be read or processed: the version fails with what went wrong,
    and the team's values stay as they were (a version cancelled meanwhile is left alone). A
    ready version processed again (its mapping changed) stays ready instead, its values,
    report and Parquet file as they were, its message saying why the new mapping failed."""
    with transaction.atomic():
        current = DatasetVersion.objects.select_for_update().filter(pk=version.pk).first()
        if current is None or current.status not in (
            DatasetVersion.Status.UPLOADED,
            DatasetVersion.Status.PROCESSING,
        ):
            return
        if current.status == DatasetVersion.Status.PROCESSING and current.previous_status:
            _restore_previous(current, f"The new mapping could not be used: {message}")
        else:
            current.status = DatasetVersion.Status.FAILED
            current.status_message = message
            current.report = report
        current.save()


def dataset_version_ready(
    *,
    version: DatasetVersion,
    report: dict,
    parquet: Path,
    values: list[ComputedValue],
    message: str,
    by: User,
    veil_of_darkness: dict | None = None,
) -> bool:
    """A processed version: its normalised Parquet file is stored beside its original, and its
    computed values become the team's observations, in one transaction with its status, with
    the veil-of-darkness test of a stops file. False (nothing kept) when the version was
    cancelled meanwhile."""
    name = f"datasets/{version.storage_key}/{NORMALISED_NAME}"
    # Saved beside the file in use (the storage picks a new name), which is deleted only once
    # the new one is in use: a cancelled or failed processing leaves it as it was.
    with parquet.open("rb") as handle:
        stored = default_storage.save(name, File(handle, name=name))
    try:
        with transaction.atomic():
            current = (
                DatasetVersion.objects.select_for_update()
                .select_related("dataset__team__cohort", "dataset__team__jurisdiction")
                .filter(pk=version.pk)
                .first()
            )
            if current is None or current.status != DatasetVersion.Status.PROCESSING:
                default_storage.delete(stored)
                return False
            computed_observations_store(
                team=current.dataset.team, version=current, values=values, by=by
            )
            current.status = DatasetVersion.Status.READY
            current.status_message = message
            current.report = report
            replaced = current.parquet_path
            current.parquet_path = stored
            current.veil_of_darkness = veil_of_darkness or {}
            current.previous_status, current.previous_message = "", ""
            current.save()
            if replaced and replaced != stored:
                transaction.on_commit(lambda: default_storage.delete(replaced))
    except Exception:
        default_storage.delete(stored)
        raise
    return True
