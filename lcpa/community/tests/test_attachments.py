"""Files on forum posts: checked by their bytes as deliverable uploads are, stored under the
type found, and served only to people who can read the post."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lcpa.cohorts.uploads import MAX_FILE_SIZE
from lcpa.community.models import Attachment, Post
from lcpa.community.services import post_moderate
from lcpa.community.tests.forum import space_of, start_thread

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _reply_with(client, thread, upload):
    return client.post(
        reverse("community:thread_reply", args=[thread.pk]),
        {"submission_key": uuid.uuid4(), "body": "See the file", "attachments": upload},
    )


def test_a_reply_carries_a_pdf_that_readers_of_the_thread_download(cast, client):
    thread = start_thread(space_of(cast, "cohort"), cast.member_a1)
    client.force_login(cast.member_a2)
    response = _reply_with(client, thread, SimpleUploadedFile("night <rota>.pdf", PDF))
    assert response.status_code == 302
    stored = Attachment.objects.get()
    assert stored.content_type == "application/pdf" and stored.file.name.endswith(".pdf")
    assert "night" not in stored.file.name  # stored under a random name
    client.force_login(cast.member_b)
    page = client.get(reverse("community:thread", args=[thread.pk])).content.decode()
    assert "night &lt;rota&gt;.pdf" in page
    download = client.get(reverse("community:attachment", args=[stored.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_a_new_thread_can_carry_a_file(cast, client):
    space = space_of(cast, "cohort")
    client.force_login(cast.member_a1)
    response = client.post(
        reverse("community:thread_create", args=[space.pk]),
        {
            "submission_key": uuid.uuid4(),
            "title": "Our rota",
            "body": "Attached",
            "attachments": SimpleUploadedFile("rota.txt", b"Mon: two clinicians\n"),
        },
    )
    assert response.status_code == 302
    assert Attachment.objects.get().content_type == "text/plain"


def test_a_web_page_named_pdf_is_refused_and_nothing_is_posted(cast, client):
    thread = start_thread(space_of(cast, "cohort"), cast.member_a1)
    client.force_login(cast.member_a2)
    page = b"<html><script>alert(1)</script></html>"
    response = _reply_with(client, thread, SimpleUploadedFile("rota.pdf", page))
    assert response.status_code == 400
    assert "web page code" in response.content.decode()
    lying = _reply_with(client, thread, SimpleUploadedFile("rota.pdf", b"\x00\x01binary"))
    assert lying.status_code == 400
    assert "This type of file cannot be uploaded" in lying.content.decode()
    assert Post.objects.count() == 1 and not Attachment.objects.exists()


def test_a_file_over_the_limit_is_refused(cast, client):
    thread = start_thread(space_of(cast, "cohort"), cast.member_a1)
    client.force_login(cast.member_a2)
    big = SimpleUploadedFile("big.txt", b"a" * (MAX_FILE_SIZE + 1))
    response = _reply_with(client, thread, big)
    assert response.status_code == 400
    assert "files can be up to 10 MB" in response.content.decode()
    assert not Attachment.objects.exists()


def test_people_who_cannot_read_the_post_cannot_download_its_file(cast, client):
    thread = start_thread(space_of(cast, "cohort"), cast.member_a1)
    client.force_login(cast.member_a2)
    _reply_with(client, thread, SimpleUploadedFile("rota.pdf", PDF))
    stored = Attachment.objects.get()
    url = reverse("community:attachment", args=[stored.pk])
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 404
    post_moderate(post=stored.post, hidden=True, by=cast.staff)
    client.force_login(cast.member_b)
    assert client.get(url).status_code == 404
    client.force_login(cast.staff)
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302


def test_a_reply_carries_up_to_five_files_and_not_six(cast, client):
    thread = start_thread(space_of(cast, "cohort"), cast.member_a1)
    client.force_login(cast.member_a2)

    def files(count):
        return [SimpleUploadedFile(f"rota-{n}.txt", b"Mon: two clinicians\n") for n in range(count)]

    response = _reply_with(client, thread, files(6))
    assert response.status_code == 400
    assert "Attach at most 5 files; you chose 6." in response.content.decode()
    assert Post.objects.count() == 1
    response = _reply_with(client, thread, files(5))
    assert response.status_code == 302
    assert Attachment.objects.filter(post__thread=thread).count() == 5
