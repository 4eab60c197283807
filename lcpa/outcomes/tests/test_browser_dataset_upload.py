"""In headless Chromium: the resumable upload of dataset-upload.js sends a small CSV in several
chunks with a progress bar, follows the background task joining them, and lands on the
column-mapping page; without JavaScript the plain form uploads the same file."""

import pytest
from django.test import Client
from django.urls import reverse

from lcpa.browser import TIMEOUT_MS, assert_accessible, assert_clean, sign_in_context, watch
from lcpa.outcomes.models import DatasetVersion
from lcpa.outcomes.tests.test_dataset_mapping import HEADER, JANUARY
from lcpa.testing import make_cast, run_due_tasks

pytestmark = pytest.mark.browser

CSV = "\n".join([HEADER, *JANUARY[:4]]).encode() + b"\n"
CHUNK = 256  # bytes: the file arrives in several chunks


@pytest.fixture
def coordinator_page(browser, live_server, db, settings, tmp_path):
    """(page, problems, cast, javascript?) for the team's data coordinator, signed in."""
    settings.MEDIA_ROOT = tmp_path
    settings.DATASET_CHUNK_BYTES = CHUNK
    cast = make_cast()
    contexts = []

    def open_page(*, javascript: bool = True):
        context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript)
        context.set_default_timeout(TIMEOUT_MS)
        sign_in_context(context, Client(), cast.member_a1, live_server.url)
        contexts.append(context)
        page = context.new_page()
        return page, watch(page)

    yield open_page, cast
    for context in contexts:
        context.close()


def choose_file(page, team) -> None:
    page.goto(reverse("outcomes:dataset_upload", args=[team.pk]))
    page.get_by_label("Kind of records").select_option("calls")
    page.get_by_label("Dataset name").fill("CAD calls")
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "calls.csv", "mimeType": "text/csv", "buffer": CSV}]
    )


def test_a_coordinator_uploads_in_chunks_sees_the_progress_and_lands_on_the_mapping_page(
    coordinator_page,
):
    open_page, cast = coordinator_page
    page, problems = open_page()
    chunks = []
    page.on("request", lambda r: chunks.append(r.url) if r.method == "PUT" else None)
    choose_file(page, cast.team_a)
    assert_accessible(page, "the upload page")
    page.get_by_role("button", name="Upload the file").click()
    # Every chunk sent, the server joins them in the background: the page follows it.
    status = page.get_by_role("status")
    status.filter(has_text="Joining the file's parts").wait_for()
    assert page.get_by_text("Joined so far").is_visible()
    assert page.locator("#dataset-upload-bar").get_attribute("max") == str(len(CSV))
    expected = -(-len(CSV) // CHUNK)
    assert expected >= 4 and len(chunks) == expected
    assert sorted(int(url.rstrip("/").rsplit("/", 1)[1]) for url in chunks) == list(range(expected))
    version = DatasetVersion.objects.get()
    assert version.status == DatasetVersion.Status.JOINING

    run_due_tasks()  # the worker joins the file and reads its columns

    page.wait_for_url(f"**/datasets/versions/{version.pk}/mapping/")
    assert page.get_by_role("heading", name="Standard columns").count() == 1
    assert "calls.csv arrived as version 1 of CAD calls" in page.content()
    version.refresh_from_db()
    assert version.status == DatasetVersion.Status.WAITING_FOR_MAPPING
    with version.original.open("rb") as original:
        assert original.read() == CSV
    assert_clean(problems, "the upload and mapping pages")


def test_the_same_file_again_is_refused_with_a_link_to_the_first(coordinator_page):
    open_page, cast = coordinator_page
    page, problems = open_page()
    choose_file(page, cast.team_a)
    page.get_by_role("button", name="Upload the file").click()
    page.get_by_role("status").filter(has_text="Joining the file's parts").wait_for()
    run_due_tasks()
    page.wait_for_url("**/mapping/")
    choose_file(page, cast.team_a)
    page.get_by_role("button", name="Upload the file").click()
    alert = page.get_by_role("alert").filter(has_text="The file was not uploaded")
    alert.wait_for()
    assert "Your team uploaded this same file already" in alert.inner_text()
    link = alert.get_by_role("link", name="See the file already uploaded")
    first = DatasetVersion.objects.get()
    assert link.get_attribute("href") == reverse(
        "outcomes:dataset", args=[cast.team_a.pk, first.dataset_id]
    )
    # The browser logs the refusal (409) of the begin request; nothing else went wrong.
    assert problems.server_errors == [] and problems.page_errors == []
    assert all("409 (Conflict)" in error for error in problems.console_errors)


def test_without_javascript_the_plain_form_uploads_the_file(coordinator_page):
    open_page, cast = coordinator_page
    page, problems = open_page(javascript=False)
    choose_file(page, cast.team_a)
    page.get_by_role("button", name="Upload the file").click()
    page.wait_for_url("**/datasets/*/")
    assert "calls.csv is uploaded as version 1 of CAD calls" in page.content()
    version = DatasetVersion.objects.get()
    assert version.status == DatasetVersion.Status.UPLOADED  # joined at once
    run_due_tasks()
    page.reload()
    assert page.get_by_text("Waiting for column mapping").count() == 1
    page.get_by_role("link", name="Map the columns").click()
    assert page.get_by_role("heading", name="Standard columns").count() == 1
    assert_clean(problems, "the plain upload")
