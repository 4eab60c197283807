"""What the data coordinator is told about a file: the plain form refuses a text file named
.csv, a file of column names only and a quote that is never closed, saying what to do; the
dataset's page says that a version being checked updates itself (an htmx poll, with a status
message once it is done); the validation report's duplicates and missing values in words."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lcpa.outcomes.models import DatasetVersion
from lcpa.outcomes.tests.test_dataset_crashes_shootings import confirm_as_proposed, upload
from lcpa.testing import run_due_tasks

CALLS = (
    b"Item_Number,TypeText,TimeCreate,Disposition\n"
    b"A0001-26,COMPLAINT OTHER,2026-01-03 10:00:00,RTF\n"
    b"A0002-26,MENTAL PATIENT,2026-01-03 11:15:00,GOA\n"
)


@pytest.fixture(autouse=True)
def _temporary_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def post_file(client, team, content, name="calls.csv"):
    return client.post(
        reverse("outcomes:dataset_upload", args=[team.pk]),
        {"kind": "calls", "name": "Dispatch", "file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"Notes from the March meeting\nCall Sam, then Ana.\n",
            "This file has one column only: nothing in its first line",
        ),
        (b"Item_Number,TypeText,TimeCreate\n", "The file has column names but no rows."),
        (
            b'Item_Number,TypeText,TimeCreate\nA1,"THEFT,2026-01-03\nA2,ASSAULT,2026-01-04\n',
            "Line 2 of the file opens a quote (&quot;) that is never closed",
        ),
    ],
)
def test_the_plain_form_refuses_a_file_that_is_no_table_of_records_and_says_what_to_do(
    client, cast, content, message
):
    client.force_login(cast.member_a1)
    response = post_file(client, cast.team_a, content)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "There is a problem with the upload" in page
    version = DatasetVersion.objects.get()
    assert version.status == DatasetVersion.Status.FAILED and not version.original


def test_a_quote_closed_on_a_later_line_is_left_to_the_row_checks(client, cast):
    client.force_login(cast.member_a1)
    content = CALLS + b'A0003-26,"THEFT,2026-01-04 09:00:00,RTF\nA0004-26,"BURGLARY",x,GOA\n'
    assert post_file(client, cast.team_a, content).status_code == 302


def test_the_dataset_page_updates_itself_while_a_version_is_checked(
    client, cast, django_capture_on_commit_callbacks
):
    client.force_login(cast.member_a1)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_file(client, cast.team_a, CALLS)
    url = response["Location"]
    page = client.get(url).content.decode()
    assert "Version 1 is being read and checked. This list updates itself every few" in page
    assert f'hx-get="{url}" hx-trigger="every 5s" hx-select="#dataset-versions"' in page
    assert '<p id="dataset-versions-news" class="usa-sr-only" role="status"></p>' in page

    run_due_tasks()
    polled = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "Version 1: Waiting for column mapping." in polled
    assert "hx-trigger" not in polled.split('id="dataset-versions"')[1].split(">")[0]
    assert "being read and checked" not in polled
    again = client.get(url).content.decode()
    assert '<p id="dataset-versions-news" class="usa-sr-only" role="status"></p>' in again


def test_the_report_gives_duplicates_as_examples_and_a_tiny_missing_share_as_under_1_percent(
    client, cast, django_capture_on_commit_callbacks
):
    header = "Case Number,Program,Intake Date,Race"
    rows = [f"C{n},Street Outreach,2024-01-{n % 28 + 1:02},Black" for n in range(1, 251)]
    rows[7] = "C8,Street Outreach,2024-01-09,"  # 1 of 250 kept rows: 0.4 %
    rows.append("C3,Street Outreach,2024-01-04,Black")  # a duplicate, row 251
    content = "\n".join([header, *rows]).encode()
    client.force_login(cast.member_a1)
    version = upload(
        client,
        cast.team_a,
        "participants",
        "cases.csv",
        content,
        django_capture_on_commit_callbacks,
    )
    confirm_as_proposed(client, version, django_capture_on_commit_callbacks)
    report = client.get(
        reverse("outcomes:dataset_report", args=[cast.team_a.pk, version.pk])
    ).content.decode()
    assert "left out): 1 (for example, rows 251)</li>" in report
    missing = (
        '<th scope="row" data-label="Standard column">{}</th>'
        '<td data-label="Your column" class="lc-user-text">{}</td>'
        '<td data-label="Share missing">{}</td>'
    )
    assert missing.format("race", "Race", "under 1 %") in report
    assert missing.format("program", "Program", "0 %") in report


def test_a_file_none_of_whose_columns_matches_the_kind_is_questioned_on_the_mapping_page(
    client, cast, django_capture_on_commit_callbacks
):
    client.force_login(cast.member_a1)
    prose = b"Notes from the March meeting, with Sam\nCall Ana first, then the clinic\n"
    with django_capture_on_commit_callbacks(execute=True):
        assert post_file(client, cast.team_a, prose, "notes.csv").status_code == 302
    run_due_tasks()
    version = DatasetVersion.objects.get()
    assert version.status == DatasetVersion.Status.WAITING_FOR_MAPPING
    page = client.get(
        reverse("outcomes:dataset_mapping", args=[cast.team_a.pk, version.pk])
    ).content.decode()
    assert "This file does not look like calls for service" in page
    assert "None of the columns every row needs (event_id, call_type_final, t_received)" in page
    assert "Notes from the March meeting" in page
    assert reverse("outcomes:dataset_upload", args=[cast.team_a.pk]) in page

    # A calls export is not questioned.
    with django_capture_on_commit_callbacks(execute=True):
        post_file(client, cast.team_a, CALLS)
    run_due_tasks()
    calls = DatasetVersion.objects.order_by("-pk").first()
    page = client.get(reverse("outcomes:dataset_mapping", args=[cast.team_a.pk, calls.pk]))
    assert "does not look like" not in page.content.decode()


def test_a_file_of_another_kind_is_questioned_although_some_names_look_alike(
    client, cast, django_capture_on_commit_callbacks
):
    client.force_login(cast.member_a1)
    with django_capture_on_commit_callbacks(execute=True):
        post_file(client, cast.team_a, CALLS)
    run_due_tasks()
    confirm_as_proposed(client, DatasetVersion.objects.get(), django_capture_on_commit_callbacks)
    stops = (
        b"raw_row_number,date,time,district,subject_race,type,outcome,search_conducted\n"
        b"1,2024-01-02,10:00,1,black,vehicular,citation,FALSE\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert post_file(client, cast.team_a, stops, "stops.csv").status_code == 302
    run_due_tasks()
    version = DatasetVersion.objects.order_by("-pk").first()
    page = client.get(
        reverse("outcomes:dataset_mapping", args=[cast.team_a.pk, version.pk])
    ).content.decode()
    assert "This file does not look like calls for service" in page
    assert "This file has none of the columns of your team’s earlier file of this kind" in page
    assert "earlier choices are filled in" not in page
