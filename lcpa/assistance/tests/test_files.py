"""Files on TA requests and their replies: checked by their bytes (lcpa.cohorts.uploads), at
most five a message, stored under a random name, and served only to those who can read the
request."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lcpa.assistance.models import TAFile, TAMessage, TARequest
from lcpa.assistance.tests.helpers import open_request
from lcpa.cohorts.uploads import MAX_FILE_SIZE

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
CSV = b"code,calls\n10-96,41\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _open(client, cast, files):
    return client.post(
        reverse("assistance:request_open", args=[cast.team_a.pk]),
        {
            "submission_key": str(uuid.uuid4()),
            "title": "Matching call codes",
            "category": TARequest.Category.DATA,
            "urgency": TARequest.Urgency.ROUTINE,
            "description": "Our two code lists are attached.",
            "files": files,
        },
    )


def _reply(client, request, files, body="See the file"):
    return client.post(
        reverse("assistance:message_post", args=[request.pk]),
        {"submission_key": str(uuid.uuid4()), "body": body, "files": files},
    )


def _download(client, stored: TAFile):
    return client.get(reverse("assistance:request_file", args=[stored.request_id, stored.pk]))


def test_a_request_carries_files_that_the_team_and_its_ta_provider_download(client, cast):
    client.force_login(cast.member_a1)
    response = _open(
        client,
        cast,
        [SimpleUploadedFile("north <codes>.pdf", PDF), SimpleUploadedFile("south.csv", CSV)],
    )
    assert response.status_code == 302
    request = TARequest.objects.get()
    pdf, csv = request.files.order_by("pk")
    assert (pdf.content_type, csv.content_type) == ("application/pdf", "text/csv")
    assert pdf.file.name.endswith(".pdf") and "north" not in pdf.file.name
    assert (pdf.message, pdf.uploaded_by, pdf.size) == (None, cast.member_a1, len(PDF))

    client.force_login(cast.member_a2)
    page = client.get(reverse("assistance:request", args=[request.pk])).content.decode()
    assert "north &lt;codes&gt;.pdf" in page and "south.csv" in page
    assert reverse("assistance:request_file", args=[request.pk, pdf.pk]) in page
    download = _download(client, pdf)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Content-Security-Policy"] == "default-src 'none'; sandbox"
    client.force_login(cast.ta_provider)
    assert _download(client, csv).status_code == 200


def test_a_reply_carries_files_shown_with_its_message(client, cast):
    request = open_request(cast)
    client.force_login(cast.ta_provider)
    response = _reply(client, request, [SimpleUploadedFile("crosswalk.csv", CSV)])
    assert response.status_code == 302
    stored = TAFile.objects.get()
    assert stored.message == TAMessage.objects.get() and stored.uploaded_by == cast.ta_provider
    client.force_login(cast.member_a1)
    page = client.get(reverse("assistance:request", args=[request.pk])).content.decode()
    article = page.split("Message from")[1]
    assert "crosswalk.csv" in article


def test_six_files_are_refused_and_nothing_is_stored(client, cast):
    request = open_request(cast)
    client.force_login(cast.member_a1)

    def files(count):
        return [SimpleUploadedFile(f"list-{n}.csv", CSV) for n in range(count)]

    response = _reply(client, request, files(6))
    assert response.status_code == 400
    assert "Attach at most 5 files; you chose 6." in response.content.decode()
    refused = _open(client, cast, files(6))
    assert refused.status_code == 400
    assert not TAMessage.objects.exists() and not TAFile.objects.exists()
    assert TARequest.objects.count() == 1
    assert _reply(client, request, files(5)).status_code == 302
    assert TAFile.objects.count() == 5


def test_a_web_page_named_pdf_an_unknown_type_and_an_oversized_file_are_refused(client, cast):
    request = open_request(cast)
    client.force_login(cast.member_a1)
    page = SimpleUploadedFile("codes.pdf", b"%PDF-1.4\n<html><script>alert(1)</script>")
    response = _reply(client, request, [page])
    assert response.status_code == 400
    assert "codes.pdf: This file contains web page code" in response.content.decode()
    lying = _reply(client, request, [SimpleUploadedFile("codes.pdf", b"\x00\x01binary")])
    assert "This type of file cannot be uploaded" in lying.content.decode()
    big = _reply(client, request, [SimpleUploadedFile("big.txt", b"a" * (MAX_FILE_SIZE + 1))])
    assert big.status_code == 400
    assert "files can be up to 10 MB" in big.content.decode()
    assert not TAMessage.objects.exists() and not TAFile.objects.exists()


def test_nobody_else_downloads_a_requests_file(client, cast):
    client.force_login(cast.member_a1)
    _open(client, cast, [SimpleUploadedFile("codes.pdf", PDF)])
    stored = TAFile.objects.get()
    for outsider in (cast.member_b, cast.outsider, cast.expert):
        client.force_login(outsider)
        assert _download(client, stored).status_code == 404
    client.force_login(cast.staff)
    assert _download(client, stored).status_code == 200
    client.logout()
    assert _download(client, stored).status_code == 302


def test_a_file_is_found_only_under_its_own_request(client, cast):
    client.force_login(cast.member_a1)
    _open(client, cast, [SimpleUploadedFile("codes.pdf", PDF)])
    stored = TAFile.objects.get()
    other = open_request(cast, title="Another")
    url = reverse("assistance:request_file", args=[other.pk, stored.pk])
    assert client.get(url).status_code == 404
    missing = reverse("assistance:request_file", args=[stored.request_id, stored.pk + 100])
    assert client.get(missing).status_code == 404
