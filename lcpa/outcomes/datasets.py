"""Every write about datasets: a data coordinator (or program staff) begins an upload, sends
its numbered chunks (again after a network drop: the server says which it has), finishes it
(the chunks are checked as one file, joined into the original and hashed) or cancels it; then a
background task takes the version on (`dataset_tasks.py`).

Files live on the configured storage under `datasets/<random key>/`, a key nobody can guess
and nobody sees; people get them only through the access-checked download view. A file the
team already uploaded (same SHA-256) is recognised, when the browser sends its hash at the
start, before anything is sent, and otherwise once it has arrived; it is not stored twice.
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
from lcpa.outcomes.models import ColumnMapping, Dataset, DatasetVersion

READ_BYTES = 1024 * 1024
CANCELLABLE = (
    DatasetVersion.Status.UPLOADING,
    DatasetVersion.Status.UPLOADED,
    DatasetVersion.Status.WAITING_FOR_MAPPING,
    DatasetVersion.Status.PROCESSING,
)
NORMALISED_NAME = "normalised.parquet"


class UploadProblem(Exception):
    """An upload step that cannot be done; the message says what to do, `status` is the HTTP
    status the upload's endpoints answer with, `missing` the chunks still to send."""

    def __init__(self, message: str, *, status: int = 400, missing: list[int] | None = None):
        super().__init__(message)
        self.message, self.status, self.missing = message, status, missing or []


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
        raise UploadProblem(_duplicate_message(earlier), status=409)
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


class _Hashing:
    """A reader that hashes and counts what goes through it."""

    def __init__(self, source: IO[bytes]) -> None:
        self.source, self.digest, self.count = source, hashlib.sha256(), 0

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(READ_BYTES if size is None or size < 0 else size)
        self.digest.update(data)
        self.count += len(data)
        return data


def _fail(version: DatasetVersion, message: str) -> None:
    version.status = DatasetVersion.Status.FAILED
    version.status_message = message
    version.save(update_fields=["status", "status_message", "updated_at"])
    delete_chunks(default_storage, version.storage_key)


def dataset_upload_finish(*, version: DatasetVersion) -> DatasetVersion:
    """Check the chunks as one file (all there, its type from its bytes), join them into the
    original while hashing it, check its size and hash, and hand it to the background task.
    Raises UploadProblem: chunks missing (409, nothing changes), a file refused or damaged
    (422, the version fails), the same file uploaded before (409, the version is cancelled)."""
    _open_upload(version)
    key = version.storage_key
    count = chunk_count(version.size, version.chunk_size)
    missing = sorted(set(range(count)) - set(received_chunks(default_storage, key)))
    if missing:
        raise UploadProblem(
            f"{len(missing)} of the file's {count} chunks have not arrived yet.",
            status=409,
            missing=missing,
        )
    chunks = ChunkedFile(default_storage, key, version.size, version.chunk_size)
    with io.BufferedReader(chunks, buffer_size=READ_BYTES) as chunked:
        try:
            found = sniff(chunked, version.size)
        except FileRefused as refusal:
            _fail(version, str(refusal))
            raise UploadProblem(str(refusal), status=422) from None
        chunked.seek(0)
        hashing = _Hashing(chunked)
        name = original_name(key, found.file_type)
        stored = default_storage.save(name, File(hashing, name=name))
    sha256 = hashing.digest.hexdigest()
    damaged = hashing.count != version.size or (
        version.declared_sha256 and version.declared_sha256 != sha256
    )
    if damaged:
        default_storage.delete(stored)
        message = (
            "The file arrived different from the one you chose (it may have changed while it "
            "was sent). Upload it again."
        )
        _fail(version, message)
        raise UploadProblem(message, status=422)
    with transaction.atomic():
        current = DatasetVersion.objects.select_for_update().get(pk=version.pk)
        if current.status != DatasetVersion.Status.UPLOADING:
            default_storage.delete(stored)
            _open_upload(current)
        earlier = queries.dataset_version_with_hash(
            current.dataset.team, sha256, excluding=current.pk
        )
        current.sha256 = sha256
        current.uploaded_at = timezone.now()
        if earlier is not None:
            default_storage.delete(stored)
            current.status = DatasetVersion.Status.CANCELLED
            current.status_message = _duplicate_message(earlier)
        else:
            current.original.name = stored
            current.file_type = found.file_type
            current.encoding, current.delimiter = found.encoding, found.delimiter
            current.status = DatasetVersion.Status.UPLOADED
            transaction.on_commit(lambda: _process_enqueue(current.pk))
        current.save()
    delete_chunks(default_storage, key)
    if earlier is not None:
        raise UploadProblem(current.status_message, status=409)
    return current


def _process_enqueue(version_id: int) -> None:
    # Imported here: the task module calls this module's services.
    from lcpa.outcomes.dataset_tasks import process_dataset_version

    process_dataset_version.enqueue(version_id)


def dataset_upload_file(
    *, team: Team, kind: str, name: str, upload: File, by: User
) -> DatasetVersion:
    """The plain form's upload (no JavaScript): the whole file, sent as its chunks at once."""
    version = dataset_upload_begin(
        team=team, kind=kind, name=name, file_name=upload.name or "", size=upload.size, by=by
    )
    upload.seek(0)
    for number in range(chunk_count(version.size, version.chunk_size)):
        length = expected_chunk_size(version.size, version.chunk_size, number)
        dataset_chunk_store(version=version, number=number, stream=upload, length=length)
    return dataset_upload_finish(version=version)


def dataset_version_cancel(*, version: DatasetVersion) -> DatasetVersion:
    """Stop an upload, or a version not yet ingested: its chunks and file are deleted."""
    with transaction.atomic():
        current = DatasetVersion.objects.select_for_update().get(pk=version.pk)
        if current.status not in CANCELLABLE:
            raise UploadProblem(
                f"This version is {current.get_status_display().lower()}: it can no longer be "
                "cancelled.",
                status=409,
            )
        stored = current.original.name
        current.status = DatasetVersion.Status.CANCELLED
        current.status_message = "Cancelled before it was used."
        current.original.name = ""
        current.save()
    delete_chunks(default_storage, current.storage_key)
    if stored:
        default_storage.delete(stored)
    return current


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
    and the team's values stay as they were (a version cancelled meanwhile is left alone)."""
    with transaction.atomic():
        current = DatasetVersion.objects.select_for_update().filter(pk=version.pk).first()
        if current is None or current.status not in (
            DatasetVersion.Status.UPLOADED,
            DatasetVersion.Status.PROCESSING,
        ):
            return
        current.status = DatasetVersion.Status.FAILED
        current.status_message = message
        current.report = report
        current.save(update_fields=["status", "status_message", "report", "updated_at"])


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
    default_storage.delete(name)
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
            current.parquet_path = stored
            current.veil_of_darkness = veil_of_darkness or {}
            current.save()
    except Exception:
        default_storage.delete(stored)
        raise
    return True
