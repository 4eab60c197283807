"""Quoting a post in a reply: a Markdown blockquote with who wrote it, without JavaScript."""

import html

import pytest
from django.urls import reverse

from lcpa.community.tests.forum import reply, space_of, start_thread

pytestmark = pytest.mark.django_db


def _reply_box(page: str) -> str:
    start = page.index('name="body"')
    return html.unescape(page[start : page.index("</textarea>", start)])


def test_quoting_a_post_starts_the_reply_with_a_blockquote_naming_its_author(cast, client):
    cast.member_b.full_name = "Bo Baker"
    cast.member_b.save()
    thread = start_thread(space_of(cast, "cohort"), cast.member_a1)
    post = reply(thread, cast.member_b, "We staff nights\nwith two clinicians.")
    client.force_login(cast.member_a1)
    page = client.get(reverse("community:thread", args=[thread.pk])).content.decode()
    assert f"?quote={post.pk}&amp;page=1#reply" in page
    page = client.get(reverse("community:thread", args=[thread.pk]), {"quote": post.pk})
    assert "> **Bo Baker** wrote:\n>\n> We staff nights\n> with two clinicians." in _reply_box(
        page.content.decode()
    )


def test_a_quoted_reply_is_shown_as_a_blockquote(cast, client):
    thread = start_thread(space_of(cast, "cohort"), cast.member_a1)
    reply(
        thread, cast.member_a2, "> **Someone** wrote:\n>\n> <script>alert(1)</script> hi\n\nAgreed"
    )
    client.force_login(cast.member_b)
    page = client.get(reverse("community:thread", args=[thread.pk])).content.decode()
    assert "<blockquote>" in page and "<strong>Someone</strong> wrote:" in page
    assert "<script>alert(1)" not in page


def test_a_deleted_authors_post_is_quoted_as_a_former_members(cast, client):
    thread = start_thread(space_of(cast, "cohort"), cast.member_a1)
    post = reply(thread, cast.member_a2, "Gone but useful")
    cast.member_a2.delete()
    client.force_login(cast.member_a1)
    page = client.get(reverse("community:thread", args=[thread.pk]), {"quote": post.pk})
    assert "> **Former member** wrote:" in _reply_box(page.content.decode())


def test_a_post_of_another_thread_or_one_the_reader_cannot_open_is_not_quoted(cast, client):
    thread = start_thread(space_of(cast, "program"), cast.member_a1)
    private = start_thread(space_of(cast, "cohort"), cast.member_a1, body="Cohort only").posts.get()
    client.force_login(cast.outsider)
    url = reverse("community:thread", args=[thread.pk])
    assert client.get(url, {"quote": private.pk}).status_code == 404
    other = start_thread(space_of(cast, "program"), cast.member_b, body="Elsewhere").posts.get()
    assert client.get(url, {"quote": other.pk}).status_code == 404
    assert client.get(url, {"quote": "nonsense"}).status_code == 200
