"""File answers: up to 10 MB, the type sniffed from the first bytes (not the name), kept as
DeliverableFile rows and downloaded only by people who can see the team."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from lcpa.cohorts.forms_deliverable import form_data_for
from lcpa.cohorts.models import CohortModule, Deliverable, DeliverableFile
from lcpa.cohorts.services import member_remove
from lcpa.cohorts.uploads import MAX_FILE_SIZE


def module_url(team):
    return reverse("cohorts:module", args=[team.pk, 1])


def upload(client, cohort, team, name, content, version=0):
    data = form_data_for(
        CohortModule.objects.get(cohort=cohort, number=1).prompts, {"vision": "V"}, version=version
    )
    data["answer_charter"] = SimpleUploadedFile(name, content)
    return client.post(module_url(team), data)


def docx_bytes() -> bytes:
    document = Document()
    document.add_paragraph("Our charter")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


def plain_zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", "MZ")
    return buffer.getvalue()


ACCEPTED = [
    ("charter.pdf", b"%PDF-1.7\n...", "application/pdf"),
    ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "image/png"),
    ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "image/jpeg"),
    (
        "charter.docx",
        None,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        "budget.xlsx",
        None,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("calls.csv", "month,calls\nJan,120\nFéb,98\n".encode(), "text/csv"),
    ("notes.txt", b"Meeting notes\n", "text/plain"),
]


@pytest.mark.parametrize(("name", "content", "content_type"), ACCEPTED)
def test_it_keeps_files_of_the_allowed_types(client, cast, cohort, name, content, content_type):
    if content is None:
        content = docx_bytes() if name.endswith(".docx") else xlsx_bytes()
    client.force_login(cast.member_a1)
    response = upload(client, cohort, cast.team_a, name, content)
    assert response.status_code == 302
    stored = DeliverableFile.objects.get()
    assert stored.content_type == content_type
    assert stored.original_name == name
    assert stored.size == len(content)
    assert stored.prompt_key == "charter"
    assert stored.uploaded_by == cast.member_a1
    assert stored.deliverable == Deliverable.objects.get(team=cast.team_a)


REJECTED = [
    ("program.exe", b"MZ\x90\x00\x03\x00\x00\x00"),
    ("report.pdf", b"MZ\x90\x00 this is not a PDF"),  # the name does not decide
    ("archive.zip", None),
    ("image.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00"),
    ("empty.txt", b""),
]


@pytest.mark.parametrize(("name", "content"), REJECTED)
def test_it_rejects_other_types_whatever_their_name(client, cast, cohort, name, content):
    if content is None:
        content = plain_zip_bytes()
    client.force_login(cast.member_a1)
    response = upload(client, cohort, cast.team_a, name, content)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Signed team charter:" in page
    assert 'href="#id_answer_charter"' in page
    assert not DeliverableFile.objects.exists()
    assert not Deliverable.objects.exists()  # nothing of the post was saved


def test_it_rejects_a_file_over_10_mb(client, cast, cohort):
    client.force_login(cast.member_a1)
    content = b"%PDF-1.7\n" + b"0" * (MAX_FILE_SIZE - 8)
    response = upload(client, cohort, cast.team_a, "big.pdf", content)
    assert response.status_code == 400
    assert "files can be up to 10 MB" in response.content.decode()
    assert not DeliverableFile.objects.exists()


def test_a_file_of_exactly_10_mb_is_accepted(client, cast, cohort):
    client.force_login(cast.member_a1)
    content = b"%PDF-1.7\n" + b"0" * (MAX_FILE_SIZE - 9)
    assert upload(client, cohort, cast.team_a, "big.pdf", content).status_code == 302
    assert DeliverableFile.objects.get().size == MAX_FILE_SIZE


def test_an_uploaded_file_answers_a_required_file_prompt_and_is_listed(client, cast, cohort):
    client.force_login(cast.member_a1)
    upload(client, cohort, cast.team_a, "charter.pdf", b"%PDF-1.7\n")
    upload(client, cohort, cast.team_a, "charter-v2.pdf", b"%PDF-1.7\n", version=1)
    assert DeliverableFile.objects.count() == 2  # earlier files are kept
    page = client.get(module_url(cast.team_a)).content.decode()
    for stored in DeliverableFile.objects.all():
        assert reverse("cohorts:deliverable_file", args=[cast.team_a.pk, stored.pk]) in page
        assert stored.original_name in page


def test_only_people_who_can_see_the_team_download_its_files(client, cast, cohort):
    client.force_login(cast.member_a1)
    upload(client, cohort, cast.team_a, "charter.pdf", b"%PDF-1.7\nteam A only")
    stored = DeliverableFile.objects.get()
    url = reverse("cohorts:deliverable_file", args=[cast.team_a.pk, stored.pk])
    for reader in (cast.member_a1, cast.member_a2, cast.expert, cast.staff):
        client.force_login(reader)
        response = client.get(url)
        assert response.status_code == 200, reader
        assert b"".join(response.streaming_content) == b"%PDF-1.7\nteam A only"
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="charter.pdf"'
    for outsider in (cast.member_b, cast.outsider):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        # Nor through another team's address.
        team = outsider.memberships.get().team
        assert (
            client.get(reverse("cohorts:deliverable_file", args=[team.pk, stored.pk])).status_code
            == 404
        )
    member_remove(membership=cast.member_a2.memberships.get(), by=cast.staff)
    client.force_login(cast.member_a2)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
