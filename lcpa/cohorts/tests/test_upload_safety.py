"""Uploads that try to pass for something else are refused with a clear message and nothing is
stored: web pages renamed .pdf, a PDF with a web page behind its first bytes, Word files that
unpack to a gigabyte or carry macros, and bodies too large to read. Accepted files are stored
under the extension of their real type (never the uploader's) and downloaded as attachments."""

import io
import struct
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from lcpa.cohorts.forms_deliverable import form_data_for
from lcpa.cohorts.models import CohortModule, Deliverable, DeliverableFile

GIB = 1 << 30
MIB = 1 << 20


def module_url(team):
    return reverse("cohorts:module", args=[team.pk, 1])


def post_data(cohort, name: str, content: bytes) -> dict:
    data = form_data_for(
        CohortModule.objects.get(cohort=cohort, number=1).prompts, {"vision": "V"}, version=0
    )
    data["answer_charter"] = SimpleUploadedFile(name, content)
    return data


def upload(client, cohort, team, name: str, content: bytes):
    return client.post(module_url(team), post_data(cohort, name, content))


def assert_refused(response, message: str) -> None:
    assert response.status_code == 400
    page = response.content.decode()
    assert "Signed team charter:" in page  # the error summary names the question
    assert message in page
    assert not DeliverableFile.objects.exists()
    assert not Deliverable.objects.exists()  # nothing of the post was saved


def docx_bytes(*extra: tuple[str, bytes]) -> bytes:
    document = Document()
    document.add_paragraph("Our charter")
    buffer = io.BytesIO()
    document.save(buffer)
    if not extra:
        return buffer.getvalue()
    with zipfile.ZipFile(buffer, "a") as archive:
        for name, content in extra:
            archive.writestr(name, content)
    return buffer.getvalue()


def zip_with_a_member_of(size: int, *, others: dict[str, bytes]) -> bytes:
    """A real zip whose member word/media/filler.bin inflates to `size` zero bytes, written by
    hand so that making it does not take the seconds deflating a gigabyte would: deflate blocks
    of 1 MiB of zeros are flushed to byte boundaries, so one compressed block repeats."""
    chunk = b"\0" * MIB
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(size // MIB):
        crc = zlib.crc32(chunk, crc)
    members = []
    for name, content in others.items():
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        packed = packer.compress(content) + packer.flush()
        members.append((name, [packed], zlib.crc32(content), len(content)))
    members.append(("word/media/filler.bin", [block] * (size // MIB) + [tail], crc, size))

    out = io.BytesIO()
    directory = []
    for name, parts, member_crc, plain_size in members:
        offset = out.tell()
        packed_size = sum(len(part) for part in parts)
        encoded = name.encode()
        out.write(
            struct.pack(
                "<IHHHHHIIIHH",
                0x04034B50,
                20,
                0,
                8,
                0,
                0,
                member_crc,
                packed_size,
                plain_size,
                len(encoded),
                0,
            )
            + encoded
        )
        for part in parts:
            out.write(part)
        directory.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                8,
                0,
                0,
                member_crc,
                packed_size,
                plain_size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    start = out.tell()
    for entry in directory:
        out.write(entry)
    out.write(
        struct.pack(
            "<IHHHHIIH",
            0x06054B50,
            0,
            0,
            len(directory),
            len(directory),
            out.tell() - start,
            start,
            0,
        )
    )
    return out.getvalue()


def gigabyte_docx() -> bytes:
    return zip_with_a_member_of(
        GIB,
        others={
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w:document/>",
        },
    )


def test_the_handmade_bomb_really_unpacks_to_a_gigabyte():
    content = gigabyte_docx()
    assert len(content) < 2 * MIB
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.getinfo("word/media/filler.bin").file_size == GIB
        with archive.open("word/media/filler.bin") as member:
            assert member.read(3 * MIB) == b"\0" * (3 * MIB)


# Refused ------------------------------------------------------------------------------------


WEB_PAGE = "contains web page code"


def test_a_web_page_renamed_pdf_is_refused(client, cast, cohort):
    client.force_login(cast.member_a1)
    page = b"<!DOCTYPE html>\n<html><body><script>alert(document.cookie)</script></body></html>"
    assert_refused(upload(client, cohort, cast.team_a, "charter.pdf", page), WEB_PAGE)


def test_a_web_page_without_a_doctype_is_refused_too(client, cast, cohort):
    client.force_login(cast.member_a1)
    page = b"Team notes\n\n<script src=https://evil.example/x.js></script>\n"
    assert_refused(upload(client, cohort, cast.team_a, "notes.txt", page), WEB_PAGE)


def test_a_pdf_with_a_web_page_behind_its_magic_number_is_refused(client, cast, cohort):
    client.force_login(cast.member_a1)
    polyglot = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n<html><script>fetch('/account/')</script></html>\n"
    assert_refused(upload(client, cohort, cast.team_a, "charter.pdf", polyglot), WEB_PAGE)


def test_an_image_with_a_script_inside_is_refused(client, cast, cohort):
    client.force_login(cast.member_a1)
    image = b"\xff\xd8\xff\xfe\x00\x30<svg onload=alert(1)>" + b"\x00" * 64
    assert_refused(upload(client, cohort, cast.team_a, "photo.jpg", image), WEB_PAGE)


def test_a_word_file_that_unpacks_to_a_gigabyte_is_refused(client, cast, cohort):
    client.force_login(cast.member_a1)
    response = upload(client, cohort, cast.team_a, "charter.docx", gigabyte_docx())
    assert_refused(response, "This Word file unpacks to more than 100 MB")


def test_a_small_but_tightly_packed_word_file_is_refused(client, cast, cohort):
    client.force_login(cast.member_a1)
    content = zip_with_a_member_of(
        60 * MIB,
        others={"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"},
    )
    assert len(content) < MIB
    response = upload(client, cohort, cast.team_a, "charter.docx", content)
    assert_refused(response, "expands to far more than its size")


def test_a_word_file_with_macros_is_refused(client, cast, cohort):
    client.force_login(cast.member_a1)
    content = docx_bytes(("word/vbaProject.bin", b"\xd0\xcf\x11\xe0macro"))
    response = upload(client, cohort, cast.team_a, "charter.docx", content)
    assert_refused(response, "contains macros")


def test_a_zip_that_only_pretends_to_be_a_word_file_is_refused(client, cast, cohort):
    client.force_login(cast.member_a1)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("payload.js", "alert(1)")
    response = upload(client, cohort, cast.team_a, "charter.docx", buffer.getvalue())
    assert_refused(response, "This type of file cannot be uploaded")


def test_a_body_larger_than_the_limit_is_refused_before_it_is_read(client, cast, cohort, settings):
    """The request says it carries 2 GB; only a few bytes come. Reading past them would fail
    the test client's payload, so a 413 here shows the body was never read."""
    client.force_login(cast.member_a1)
    response = client.post(
        module_url(cast.team_a),
        post_data(cohort, "charter.pdf", b"%PDF-1.7\n"),
        CONTENT_LENGTH=str(2_000_000_000),
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "What you sent is too large" in page
    assert "Files can be up to 10 MB" in page
    assert "Nothing was saved" in page
    assert not DeliverableFile.objects.exists()
    assert not Deliverable.objects.exists()


def test_a_real_upload_over_the_body_limit_gets_the_same_clear_page(client, cast, cohort, settings):
    settings.MAX_REQUEST_BODY_SIZE = 3 * MIB
    client.force_login(cast.member_a1)
    big = b"%PDF-1.7\n" + b"0" * (4 * MIB)
    response = upload(client, cohort, cast.team_a, "charter.pdf", big)
    assert response.status_code == 413
    assert "What you sent is too large" in response.content.decode()
    assert not DeliverableFile.objects.exists()


# Accepted, and stored as what they are --------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "extension", "download_name", "content_type"),
    [
        ("notes.pdf", b"Meeting notes, plain text\n", ".txt", "notes.txt", "text/plain"),
        ("charter.txt", b"%PDF-1.7\n%%EOF\n", ".pdf", "charter.pdf", "application/pdf"),
        ("charter.html", b"%PDF-1.7\n%%EOF\n", ".pdf", "charter.pdf", "application/pdf"),
        ("photo.exe", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, ".png", "photo.png", "image/png"),
        ("calls.csv", b"month,calls\nJan,120\n", ".csv", "calls.csv", "text/csv"),
        ("scan", b"\xff\xd8\xff\xe0" + b"\x00" * 20, ".jpg", "scan.jpg", "image/jpeg"),
    ],
)
def test_a_file_is_stored_and_downloaded_under_the_extension_of_its_real_type(
    client, cast, cohort, name, content, extension, download_name, content_type
):
    client.force_login(cast.member_a1)
    assert upload(client, cohort, cast.team_a, name, content).status_code == 302

    stored = DeliverableFile.objects.get()
    assert stored.original_name == name  # shown to the team as they named it
    assert stored.content_type == content_type
    assert stored.file.name.endswith(extension)
    assert name.rsplit(".", 1)[0] not in stored.file.name  # the uploader's name is not used
    response = client.get(reverse("cohorts:deliverable_file", args=[cast.team_a.pk, stored.pk]))
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{download_name}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_an_ordinary_word_file_is_still_accepted(client, cast, cohort):
    client.force_login(cast.member_a1)
    assert upload(client, cohort, cast.team_a, "charter.docx", docx_bytes()).status_code == 302
    assert DeliverableFile.objects.get().file.name.endswith(".docx")
