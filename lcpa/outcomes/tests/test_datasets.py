"""Uploading a team's dataset: the chunked upload (begin, chunks, finish; the background task
joins the chunks), resuming after a missing chunk, the plain form, refused and disguised files,
zip bombs, size limits, the same file twice, cancelling, the background task, and who sees
what."""

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lcpa.outcomes import datasets
from lcpa.outcomes.dataset_files import chunk_folder, received_chunks
from lcpa.outcomes.models import Dataset, DatasetVersion
from lcpa.testing import run_due_tasks

CALLS = (
    b"Item_Number,TypeText,TimeCreate,Disposition\n"
    b"A0001-26,COMPLAINT OTHER,2026-01-03 10:00:00,RTF\n"
    b"A0002-26,MENTAL PATIENT,2026-01-03 11:15:00,GOA\n"
)
CHUNK = 16  # bytes: CALLS (141 bytes) arrives in 9 chunks


@pytest.fixture(autouse=True)
def _small_chunks_and_temporary_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DATASET_CHUNK_BYTES = CHUNK


def begin(client, team, content=CALLS, *, name="CAD calls", file_name="calls.csv", **extra):
    return client.post(
        reverse("outcomes:dataset_upload_begin", args=[team.pk]),
        {"kind": "calls", "name": name, "file_name": file_name, "size": len(content), **extra},
    )


def put_chunk(client, state, content, number):
    piece = content[number * state["chunk_size"] : (number + 1) * state["chunk_size"]]
    return client.put(
        f"{state['chunks_url']}{number}/", piece, content_type="application/octet-stream"
    )


def finish(client, state):
    return client.post(state["finish_url"])


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    """send(team, content, join=True, **begin_args): begin, send every chunk and finish
    (queueing the background task on commit), then run the task (it joins the chunks and
    reads the file's columns) unless `join` is false; returns (the finish response, the
    upload's state as the status view gives it afterwards)."""

    def send(team, content=CALLS, *, join=True, **begin_args):
        started = begin(client, team, content, **begin_args)
        assert started.status_code == 201, started.json()
        state = started.json()
        for number in range(state["chunk_count"]):
            assert put_chunk(client, state, content, number).status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            finished = finish(client, state)
        if join:
            run_due_tasks()
        return finished, client.get(state["status_url"]).json()

    return send


def xlsx_bytes(**extra_parts: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for name, data in extra_parts.items():
            archive.writestr(name.replace("__", "/"), data)
    return buffer.getvalue()


# The whole path -------------------------------------------------------------------------------


def test_a_coordinator_uploads_a_file_in_chunks_and_it_waits_for_its_column_mapping(
    client, cast, send
):
    client.force_login(cast.member_a1)
    finished, state = send(cast.team_a, join=False)
    assert finished.status_code == 200
    assert len(CALLS) == 141 and state["chunk_count"] == 9
    version = DatasetVersion.objects.get()
    # The finish only records that every chunk arrived: the task joins them.
    assert version.status == DatasetVersion.Status.JOINING and state["status"] == "joining"
    assert not version.original and not version.sha256
    assert received_chunks(default_storage, version.storage_key) == list(range(9))
    page = client.get(finished.json()["dataset_url"]).content.decode()
    assert "arrived as version" not in page  # said once the file is kept
    assert "Joining its parts" in page and "Joined so far: 0\xa0bytes of 141\xa0bytes" in page
    assert (version.dataset.team, version.dataset.kind, version.dataset.name) == (
        cast.team_a,
        "calls",
        "CAD calls",
    )

    run_due_tasks()
    version.refresh_from_db()
    assert version.status == DatasetVersion.Status.WAITING_FOR_MAPPING
    assert version.sha256 == hashlib.sha256(CALLS).hexdigest() and version.joined_bytes == 141
    assert (version.file_type, version.encoding, version.delimiter) == ("csv", "utf-8", ",")
    assert version.uploaded_by == cast.member_a1 and version.uploaded_at
    # Stored under a random key, not the uploader's name; the chunks are gone.
    assert version.original.name == f"datasets/{version.storage_key}/original.csv"
    assert len(version.storage_key) == 32 and "calls" not in version.original.name
    assert default_storage.open(version.original.name).read() == CALLS
    assert received_chunks(default_storage, version.storage_key) == []
    # begun, finished, joined, waiting
    assert list(version.history.values_list("status", flat=True))[:3] == [
        "waiting_for_mapping",
        "uploaded",
        "joining",
    ]
    state = client.get(state["status_url"], {"joined": "1"}).json()
    assert state["mapping_url"] == reverse(
        "outcomes:dataset_mapping", args=[cast.team_a.pk, version.pk]
    )

    page = client.get(finished.json()["dataset_url"]).content.decode()
    assert "calls.csv arrived as version 1 of CAD calls. It is joined and checked" in page
    assert "Waiting for column mapping" in page
    assert "CSV, utf-8, separated by commas" in page
    download = client.get(reverse("outcomes:dataset_original", args=[cast.team_a.pk, version.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == CALLS
    assert download["Content-Disposition"] == 'attachment; filename="calls.csv"'
    assert download["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_the_next_file_of_a_dataset_is_its_next_version(client, cast, send):
    client.force_login(cast.member_a1)
    send(cast.team_a)
    february = CALLS.replace(b"2026-01", b"2026-02")
    finished, _ = send(cast.team_a, february, name="cad CALLS ")
    assert finished.status_code == 200
    dataset = Dataset.objects.get()
    assert sorted(dataset.versions.values_list("number", flat=True)) == [1, 2]
    listing = client.get(reverse("outcomes:datasets", args=[cast.team_a.pk])).content.decode()
    assert "Version 2: calls.csv" in listing


def test_a_missing_chunk_is_reported_and_the_upload_resumes_with_it(
    client, cast, django_capture_on_commit_callbacks
):
    client.force_login(cast.member_a1)
    state = begin(client, cast.team_a).json()
    for number in (0, 1, 2, 4, 5, 6, 7, 8):  # chunk 3 was lost when the network dropped
        put_chunk(client, state, CALLS, number)
    early = finish(client, state)
    assert early.status_code == 409
    assert early.json()["missing"] == [3]
    asked = client.get(state["status_url"]).json()
    assert asked["status"] == "uploading" and asked["received"] == [0, 1, 2, 4, 5, 6, 7, 8]
    assert put_chunk(client, state, CALLS, 3).json()["received"] == list(range(9))
    with django_capture_on_commit_callbacks(execute=True):
        assert finish(client, state).status_code == 200
    run_due_tasks()
    version = DatasetVersion.objects.get()
    assert default_storage.open(version.original.name).read() == CALLS


def test_a_chunk_sent_twice_is_kept_once(client, cast):
    client.force_login(cast.member_a1)
    state = begin(client, cast.team_a).json()
    put_chunk(client, state, CALLS, 0)
    assert put_chunk(client, state, CALLS, 0).json()["received"] == [0]
    version = DatasetVersion.objects.get()
    _folders, files = default_storage.listdir(chunk_folder(version.storage_key))
    assert files == ["000000"]


def test_a_chunk_cut_short_or_of_the_wrong_size_is_not_kept(client, cast):
    client.force_login(cast.member_a1)
    state = begin(client, cast.team_a).json()
    version = DatasetVersion.objects.get()
    with pytest.raises(datasets.UploadProblem, match="arrived incomplete"):
        datasets.dataset_chunk_store(
            version=version, number=0, stream=io.BytesIO(CALLS[:5]), length=CHUNK
        )
    wrong = client.put(f"{state['chunks_url']}0/", CALLS[:5], content_type="application/x")
    assert wrong.status_code == 400
    assert wrong.json()["error"] == "Chunk 0 holds 16 bytes, not 5."
    beyond = client.put(f"{state['chunks_url']}9/", b"x", content_type="application/x")
    assert beyond.status_code == 400 and "no chunk 9" in beyond.json()["error"]
    assert received_chunks(default_storage, version.storage_key) == []


def test_without_javascript_the_plain_form_uploads_the_whole_file(
    client, cast, settings, django_capture_on_commit_callbacks
):
    settings.DATASET_FORM_MAX_BYTES = 1000
    client.force_login(cast.member_a1)
    content = "Incident;Type;Opened\n1;Crisis – welfare check;2026-01-02\n".encode("cp1252")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("outcomes:dataset_upload", args=[cast.team_a.pk]),
            {
                "kind": "calls",
                "name": "Dispatch",
                "file": SimpleUploadedFile("dispatch.txt", content),
            },
        )
    version = DatasetVersion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "outcomes:dataset", args=[cast.team_a.pk, version.dataset.pk]
    )
    assert (version.file_type, version.encoding, version.delimiter) == ("csv", "windows-1252", ";")
    assert default_storage.open(version.original.name).read() == content
    run_due_tasks()
    version.refresh_from_db()
    assert version.status == DatasetVersion.Status.WAITING_FOR_MAPPING


def test_the_plain_form_says_larger_files_need_javascript(client, cast, settings):
    settings.DATASET_FORM_MAX_BYTES = 20
    client.force_login(cast.member_a1)
    response = client.post(
        reverse("outcomes:dataset_upload", args=[cast.team_a.pk]),
        {"kind": "calls", "name": "Dispatch", "file": SimpleUploadedFile("calls.csv", CALLS)},
    )
    assert response.status_code == 200
    assert "Without JavaScript this page takes files up to 20" in response.content.decode()
    assert not DatasetVersion.objects.exists()


def test_the_upload_page_offers_the_dataset_to_add_a_version_to(client, cast):
    dataset = Dataset.objects.create(
        team=cast.team_a, kind="stops", name="Stops 2026", created_by=cast.member_a1
    )
    client.force_login(cast.member_a1)
    url = reverse("outcomes:dataset_upload", args=[cast.team_a.pk])
    page = client.get(url, {"dataset": dataset.pk})
    assert page.context["form"].initial == {"kind": "stops", "name": "Stops 2026"}
    assert 'src="/static/js/dataset-upload.js"' in page.content.decode()


# Sizes -----------------------------------------------------------------------------------------


def test_a_file_over_the_limit_is_refused_before_anything_is_sent(client, cast, settings):
    settings.DATASET_MAX_BYTES = 100
    client.force_login(cast.member_a1)
    response = begin(client, cast.team_a, b"x" * 101)
    assert response.status_code == 413
    assert "files can be up to 100" in response.json()["error"]
    assert not DatasetVersion.objects.exists()
    assert begin(client, cast.team_a, b"x" * 100).status_code == 201


def test_an_empty_file_is_refused(client, cast):
    client.force_login(cast.member_a1)
    response = begin(client, cast.team_a, b"")
    assert response.status_code == 400
    assert response.json()["errors"]["size"] == [
        "The file is empty. Export your records again and upload that file."
    ]


def test_without_javascript_an_empty_file_is_refused_with_what_to_do(client, cast):
    client.force_login(cast.member_a1)
    response = client.post(
        reverse("outcomes:dataset_upload", args=[cast.team_a.pk]),
        {"kind": "calls", "name": "Dispatch", "file": SimpleUploadedFile("calls.csv", b"")},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The file is empty. Export your records again and upload that file." in page
    assert "The submitted file is empty" not in page
    assert not DatasetVersion.objects.exists()


def test_a_begin_without_a_kind_says_what_is_missing(client, cast):
    client.force_login(cast.member_a1)
    response = client.post(reverse("outcomes:dataset_upload_begin", args=[cast.team_a.pk]))
    assert response.status_code == 400
    assert response.json()["errors"]["kind"] == ["Choose the kind of records in the file."]


# Types, from the bytes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "file_name", "message"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "calls.csv", "not a CSV file, an Excel"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40, "calls.xlsx", "old-style Excel"),
        (b"<!DOCTYPE html><html><body>Calls</body></html>", "calls.csv", "a web page"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 30, "calls.csv", "not a CSV file"),
        (b"id,type\x00\x01\x02\n", "calls.csv", "not a CSV file"),
        (b"PAR1" + b"\x00" * 20, "calls.parquet", "Parquet file is cut short"),
        (b"Notes from the March meeting\nCall Sam.\n", "calls.csv", "one column only"),
        (b'#!/bin/sh\nexec /usr/lib/app "$@"\n', "calls.csv", "one column only"),
        (b"Item_Number,TypeText\n", "calls.csv", "column names but no rows"),
        (b'Item_Number,TypeText\nA1,"THEFT\nA2,ASSAULT\n', "calls.csv", "Line 2 of the file"),
    ],
)
def test_a_file_that_is_not_a_table_is_refused_whatever_its_name(
    client, cast, django_capture_on_commit_callbacks, content, file_name, message
):
    client.force_login(cast.member_a1)
    state = begin(client, cast.team_a, content, file_name=file_name).json()
    for number in range(state["chunk_count"]):
        put_chunk(client, state, content, number)
    with django_capture_on_commit_callbacks(execute=True):
        assert finish(client, state).status_code == 200
    run_due_tasks()
    after = client.get(state["status_url"], {"joined": "1"}).json()
    assert after["status"] == "failed" and message in after["status_message"]
    version = DatasetVersion.objects.get()
    assert version.status == DatasetVersion.Status.FAILED
    assert message in version.status_message
    assert not version.original
    assert received_chunks(default_storage, version.storage_key) == []
    page = client.get(reverse("outcomes:dataset", args=[cast.team_a.pk, version.dataset.pk]))
    assert message in page.content.decode()
    assert "arrived as version" not in page.content.decode()


def test_a_zip_archive_that_is_not_a_workbook_is_refused(client, cast):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("calls.csv", CALLS)
    content = buffer.getvalue()
    client.force_login(cast.member_a1)
    response = client.post(
        reverse("outcomes:dataset_upload", args=[cast.team_a.pk]),
        {"kind": "calls", "name": "Calls", "file": SimpleUploadedFile("calls.xlsx", content)},
    )
    assert response.status_code == 200
    assert "This is a zip archive, not an Excel workbook" in response.content.decode()
    assert DatasetVersion.objects.get().status == DatasetVersion.Status.FAILED


def test_an_excel_zip_bomb_is_refused_without_unpacking_it(client, cast, settings):
    settings.DATASET_CHUNK_BYTES = 64 * 1024
    bomb = xlsx_bytes(xl__worksheets__sheet1=b"\x00" * (40 * 1024 * 1024))
    assert len(bomb) < 200_000
    client.force_login(cast.member_a1)
    response = client.post(
        reverse("outcomes:dataset_upload", args=[cast.team_a.pk]),
        {"kind": "calls", "name": "Calls", "file": SimpleUploadedFile("calls.xlsx", bomb)},
    )
    assert "expands to far more than its size" in response.content.decode()
    assert DatasetVersion.objects.get().status == DatasetVersion.Status.FAILED


@pytest.mark.parametrize(
    ("content", "file_name", "file_type", "download"),
    [
        (CALLS, "calls.xlsx", "csv", "calls.csv"),
        (xlsx_bytes(xl__worksheets__sheet1=b"<sheetData/>"), "calls.csv", "xlsx", "calls.xlsx"),
        (b"PAR1" + b"\x15\x04" * 20 + b"PAR1", "calls.csv", "parquet", "calls.parquet"),
    ],
)
def test_a_file_with_a_lying_extension_is_kept_as_what_it_is(
    client, cast, send, content, file_name, file_type, download
):
    client.force_login(cast.member_a1)
    finished, _ = send(cast.team_a, content, file_name=file_name)
    assert finished.status_code == 200
    version = DatasetVersion.objects.get()
    assert version.file_type == file_type
    assert Path(version.original.name).suffix == f".{file_type}"
    response = client.get(reverse("outcomes:dataset_original", args=[cast.team_a.pk, version.pk]))
    assert response["Content-Disposition"] == f'attachment; filename="{download}"'


# The same file twice -----------------------------------------------------------------------------


def test_the_same_file_uploaded_again_is_recognised_once_it_arrives(client, cast, send):
    client.force_login(cast.member_a1)
    send(cast.team_a)
    first = DatasetVersion.objects.get()
    again, state = send(cast.team_a, name="Another name")
    assert again.status_code == 200
    message = (
        "Your team uploaded this same file already, on 1 December 2026: CAD calls, version 1. "
        "It was not stored twice."
    )
    assert (state["status"], state["status_message"]) == ("cancelled", message)
    dataset_url = reverse("outcomes:dataset", args=[cast.team_a.pk, first.dataset_id])
    assert state["existing_url"] == dataset_url
    second = DatasetVersion.objects.get(dataset__name="Another name")
    assert second.status == DatasetVersion.Status.CANCELLED and not second.original
    assert second.duplicate_of == first
    assert DatasetVersion.objects.filter(status="waiting_for_mapping").count() == 1
    page = client.get(reverse("outcomes:dataset", args=[cast.team_a.pk, second.dataset_id]))
    assert message in page.content.decode()
    assert f'href="{dataset_url}">See the file already uploaded' in page.content.decode()


def test_the_same_file_twice_in_one_dataset_is_refused_by_the_database(client, cast, send):
    # Two uploads of the same file into one dataset, both sent before either was joined (as
    # when both finish at once): the constraint keeps one, the other is told and linked.
    client.force_login(cast.member_a1)
    _, first = send(cast.team_a, join=False)
    _, second = send(cast.team_a, join=False)
    assert (first["status"], second["status"]) == ("joining", "joining")
    run_due_tasks()
    versions = DatasetVersion.objects.order_by("number")
    assert [v.status for v in versions] == ["waiting_for_mapping", "cancelled"]
    kept, refused = versions
    assert refused.duplicate_of == kept and not refused.original
    state = client.get(second["status_url"]).json()
    assert "uploaded this same file already" in state["status_message"]
    assert state["existing_url"] == reverse(
        "outcomes:dataset", args=[cast.team_a.pk, kept.dataset_id]
    )
    assert received_chunks(default_storage, refused.storage_key) == []


def test_the_database_refuses_a_second_kept_version_of_a_file_in_a_dataset(client, cast, send):
    from django.db import IntegrityError, transaction

    client.force_login(cast.member_a1)
    send(cast.team_a)
    kept = DatasetVersion.objects.get()
    copy = DatasetVersion.objects.get(pk=kept.pk)
    copy.pk, copy.number, copy.storage_key = None, 2, "another-key"
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save(force_insert=True)
    copy.status = DatasetVersion.Status.CANCELLED  # a cancelled copy is no duplicate
    copy.save(force_insert=True)


def test_the_browsers_hash_recognises_the_same_file_before_it_is_sent(client, cast, send):
    client.force_login(cast.member_a1)
    send(cast.team_a)
    response = begin(client, cast.team_a, sha256=hashlib.sha256(CALLS).hexdigest().upper())
    assert response.status_code == 409
    assert "uploaded this same file already" in response.json()["error"]
    version = DatasetVersion.objects.get()
    assert response.json()["existing_url"] == reverse(
        "outcomes:dataset", args=[cast.team_a.pk, version.dataset_id]
    )


def test_another_team_uploading_the_same_file_is_not_told_about_it(client, cast, send):
    client.force_login(cast.member_a1)
    send(cast.team_a)
    client.force_login(cast.member_b)
    finished, state = send(cast.team_b, sha256=hashlib.sha256(CALLS).hexdigest())
    assert finished.status_code == 200 and state["status"] == "waiting_for_mapping"


def test_a_file_that_differs_from_the_browsers_hash_fails(
    client, cast, django_capture_on_commit_callbacks
):
    client.force_login(cast.member_a1)
    state = begin(client, cast.team_a, sha256="0" * 64).json()
    for number in range(state["chunk_count"]):
        put_chunk(client, state, CALLS, number)
    with django_capture_on_commit_callbacks(execute=True):
        assert finish(client, state).status_code == 200
    run_due_tasks()
    after = client.get(state["status_url"]).json()
    assert "arrived different from the one you chose" in after["status_message"]
    version = DatasetVersion.objects.get()
    assert version.status == DatasetVersion.Status.FAILED and not version.original
    assert default_storage.listdir(f"datasets/{version.storage_key}")[1] == []


# Cancelling --------------------------------------------------------------------------------------


def test_cancelling_an_upload_deletes_what_was_sent_and_closes_it(client, cast):
    client.force_login(cast.member_a1)
    state = begin(client, cast.team_a).json()
    put_chunk(client, state, CALLS, 0)
    version = DatasetVersion.objects.get()
    bare = client.post(state["cancel_url"])
    assert bare.status_code == 400
    assert "Nothing was cancelled" in bare.content.decode()
    response = client.post(state["cancel_url"], {"confirm": "yes"}, follow=True)
    assert "Version 1 of CAD calls is cancelled." in response.content.decode()
    version.refresh_from_db()
    assert version.status == DatasetVersion.Status.CANCELLED
    assert received_chunks(default_storage, version.storage_key) == []
    late = put_chunk(client, state, CALLS, 1)
    assert late.status_code == 409 and "no longer open" in late.json()["error"]
    assert finish(client, state).status_code == 409
    again = client.post(state["cancel_url"], {"confirm": "yes"}, follow=True)
    assert "it can no longer be cancelled" in again.content.decode()


def test_cancelling_a_version_waiting_for_mapping_keeps_its_file_and_the_task_leaves_it(
    client, cast, send
):
    client.force_login(cast.member_a1)
    _finished, state = send(cast.team_a)
    version = DatasetVersion.objects.get()
    stored = version.original.name
    client.post(state["cancel_url"], {"confirm": "yes"})
    run_due_tasks()
    version.refresh_from_db()
    assert version.status == DatasetVersion.Status.CANCELLED
    assert version.original.name == stored and default_storage.open(stored).read() == CALLS
    download = client.get(reverse("outcomes:dataset_original", args=[cast.team_a.pk, version.pk]))
    assert b"".join(download.streaming_content) == CALLS
    # Cancelled, it is no longer the team's file: the same file can be uploaded again.
    _, again = send(cast.team_a)
    assert again["status"] == "waiting_for_mapping"


def test_cancelling_while_the_parts_are_joined_stops_the_task_and_keeps_nothing_half_made(
    client, cast, send
):
    client.force_login(cast.member_a1)
    _finished, state = send(cast.team_a, join=False)
    assert client.post(state["cancel_url"], {"confirm": "yes"}).status_code == 302
    run_due_tasks()
    version = DatasetVersion.objects.get()
    assert version.status == DatasetVersion.Status.CANCELLED and not version.original
    assert received_chunks(default_storage, version.storage_key) == []
    assert default_storage.listdir(f"datasets/{version.storage_key}")[1] == []


# Who sees what -----------------------------------------------------------------------------------


@pytest.fixture
def uploaded(client, cast, send) -> DatasetVersion:
    client.force_login(cast.member_a1)
    send(cast.team_a)
    client.logout()
    return DatasetVersion.objects.get()


def record_urls(version: DatasetVersion) -> list[str]:
    team_id, pk = version.dataset.team_id, version.pk
    return [
        reverse("outcomes:dataset_original", args=[team_id, pk]),
        reverse("outcomes:dataset_upload_status", args=[team_id, pk]),
        reverse("outcomes:dataset_upload", args=[team_id]),
    ]


def test_members_who_are_not_data_coordinators_see_the_datasets_but_not_their_records(
    client, cast, uploaded
):
    client.force_login(cast.member_a2)
    listing = client.get(reverse("outcomes:datasets", args=[cast.team_a.pk])).content.decode()
    assert "CAD calls" in listing and "Upload a file" not in listing
    assert "Your team’s data coordinators upload files" in listing
    page = client.get(reverse("outcomes:dataset", args=[cast.team_a.pk, uploaded.dataset.pk]))
    assert page.status_code == 200
    assert "Download the original" not in page.content.decode()
    assert "Cancel this version" not in page.content.decode()
    for url in record_urls(uploaded):
        assert client.get(url).status_code == 404, url
    begun = client.post(
        reverse("outcomes:dataset_upload_begin", args=[cast.team_a.pk]),
        {"kind": "calls", "name": "Mine", "file_name": "a.csv", "size": 10},
    )
    assert begun.status_code == 404
    cancel = reverse("outcomes:dataset_version_cancel", args=[cast.team_a.pk, uploaded.pk])
    assert client.post(cancel, {"confirm": "yes"}).status_code == 404


@pytest.mark.parametrize("who", ["member_b", "outsider", "expert", "ta_provider"])
def test_anyone_outside_the_team_gets_a_404_for_its_datasets_and_files(client, cast, uploaded, who):
    client.force_login(getattr(cast, who))
    team_id = cast.team_a.pk
    for url in [
        reverse("outcomes:datasets", args=[team_id]),
        reverse("outcomes:dataset", args=[team_id, uploaded.dataset.pk]),
        *record_urls(uploaded),
    ]:
        assert client.get(url).status_code == 404, url


def test_a_version_is_not_reached_through_another_teams_address(client, cast, uploaded):
    """Team B's coordinator asks for team A's file under team B's own number: still a 404."""
    client.force_login(cast.member_b)
    url = reverse("outcomes:dataset_original", args=[cast.team_b.pk, uploaded.pk])
    assert client.get(url).status_code == 404
    chunk = reverse("outcomes:dataset_upload_chunk", args=[cast.team_b.pk, uploaded.pk, 0])
    assert client.put(chunk, b"x", content_type="application/x").status_code == 404


def test_staff_see_and_download_any_teams_data(client, cast, uploaded):
    client.force_login(cast.staff)
    page = client.get(reverse("outcomes:dataset", args=[cast.team_a.pk, uploaded.dataset.pk]))
    assert "Download the original" in page.content.decode()
    download = client.get(record_urls(uploaded)[0])
    assert b"".join(download.streaming_content) == CALLS


def test_a_team_without_datasets_is_told_how_to_start(client, cast, django_assert_max_num_queries):
    client.force_login(cast.member_a1)
    page = client.get(reverse("outcomes:datasets", args=[cast.team_a.pk])).content.decode()
    assert "Your team has no datasets yet. Upload your first file" in page


def test_the_list_reads_a_fixed_number_of_queries(
    client, cast, uploaded, django_assert_max_num_queries
):
    for number in range(2, 6):
        DatasetVersion.objects.create(
            dataset=uploaded.dataset,
            number=number,
            storage_key=f"key{number}",
            original_name="more.csv",
            size=10,
            chunk_size=CHUNK,
            uploaded_by=cast.member_a1,
        )
    client.force_login(cast.member_a1)
    with django_assert_max_num_queries(12):
        client.get(reverse("outcomes:datasets", args=[cast.team_a.pk]))


def test_the_standard_columns_page_documents_every_kind_from_the_schema_files(client, cast):
    client.force_login(cast.member_a2)
    page = client.get(reverse("outcomes:dataset_standard_columns")).content.decode()
    for kind in ("Calls for service", "event_id", "call_type_final", "Behavioral Health"):
        assert kind in page
    assert page.count('<h2 id="kind-') == 6
    assert "Personal identifier:</strong> dropped unless kept" in page
    anonymous = client.__class__().get(reverse("outcomes:dataset_standard_columns"))
    assert anonymous.status_code == 302
