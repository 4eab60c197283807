"""The peer forum through the test client: who sees which space, threads, replies, edits,
moderation, escaping, pagination and query counts."""

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lcpa.cohorts.models import Membership
from lcpa.community.models import Post, Space, Thread
from lcpa.community.services import (
    category_add,
    flag_raise,
    post_helpful_toggle,
    post_moderate,
    spaces_ensure,
    thread_moderate,
)
from lcpa.community.tests.forum import reply, space_of, start_thread
from lcpa.testing import NOW, make_user

pytestmark = pytest.mark.django_db


# Spaces ------------------------------------------------------------------------------------


def test_spaces_are_made_once_however_often_the_forum_is_opened(cast):
    spaces_ensure()
    spaces_ensure()
    assert Space.objects.filter(kind=Space.Kind.PROGRAM).count() == 1
    assert Space.objects.filter(kind=Space.Kind.COHORT).count() == 2
    assert Space.objects.filter(kind=Space.Kind.COMMUNITY).count() == 1


def test_each_person_sees_exactly_the_spaces_they_belong_to(cast, client):
    cohort_3, cohort_4 = cast.cohort.name, cast.other_cohort.name
    community = cast.cohort.learning_community.name
    expected = {
        cast.member_a1: {cohort_3, community, "Whole program"},
        cast.expert: {cohort_3, community, "Whole program"},
        cast.ta_provider: {cohort_3, community, "Whole program"},
        cast.outsider: {cohort_4, community, "Whole program"},
        cast.staff: {cohort_3, cohort_4, community, "Whole program"},
    }
    for person, names in expected.items():
        client.force_login(person)
        page = client.get(reverse("community:spaces")).content.decode()
        for name in {cohort_3, cohort_4, community, "Whole program"}:
            assert (f">{name}</a>" in page) == (name in names), (person, name)


def test_a_member_of_another_cohort_cannot_open_the_cohort_space_or_its_threads(cast, client):
    thread = start_thread(space_of(cast, "cohort"), cast.member_a1, title="Our private plan")
    client.force_login(cast.outsider)
    assert client.get(reverse("community:space", args=[thread.space_id])).status_code == 404
    assert client.get(reverse("community:thread", args=[thread.pk])).status_code == 404
    response = client.post(
        reverse("community:thread_reply", args=[thread.pk]),
        {"submission_key": uuid.uuid4(), "body": "Let me in"},
    )
    assert response.status_code == 404
    assert thread.posts.count() == 1


def test_a_removed_member_loses_the_cohort_space(cast, client):
    space = space_of(cast, "cohort")
    Membership.objects.filter(user=cast.member_a2).update(removed_at=NOW)
    client.force_login(cast.member_a2)
    assert client.get(reverse("community:space", args=[space.pk])).status_code == 404
    assert "Forum</a>" not in client.get(reverse("accounts:profile")).content.decode()


def test_the_header_shows_the_forum_link_only_to_people_who_take_part(cast, client):
    client.force_login(cast.member_b)
    assert "Forum</a>" in client.get(reverse("accounts:profile")).content.decode()
    client.force_login(make_user("nobody@test.example"))
    assert "Forum</a>" not in client.get(reverse("accounts:profile")).content.decode()


def test_a_visitor_is_sent_to_sign_in(cast, client):
    response = client.get(reverse("community:spaces"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


# Threads -----------------------------------------------------------------------------------


def test_a_member_starts_a_thread_that_the_cohort_sees(cast, client):
    space = space_of(cast, "cohort")
    category = category_add(space=space, name="Data and measures")
    client.force_login(cast.member_a1)
    response = client.post(
        reverse("community:thread_create", args=[space.pk]),
        {
            "submission_key": uuid.uuid4(),
            "title": "Counting diverted calls",
            "category": category.pk,
            "is_question": "on",
            "body": "How do you count **diverted** calls?",
        },
    )
    thread = Thread.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("community:thread", args=[thread.pk])
    assert (thread.title, thread.category, thread.is_question, thread.author) == (
        "Counting diverted calls",
        category,
        True,
        cast.member_a1,
    )
    client.force_login(cast.member_b)
    page = client.get(reverse("community:thread", args=[thread.pk])).content.decode()
    assert "<strong>diverted</strong>" in page
    assert "Data and measures" in page


def test_sending_the_same_thread_twice_stores_it_once(cast, client):
    space = space_of(cast, "cohort")
    client.force_login(cast.member_a1)
    data = {"submission_key": uuid.uuid4(), "title": "Once", "body": "Only once."}
    client.post(reverse("community:thread_create", args=[space.pk]), data)
    client.post(reverse("community:thread_create", args=[space.pk]), data)
    assert Thread.objects.count() == 1
    assert Post.objects.count() == 1


def test_a_thread_without_a_title_is_refused_and_keeps_the_message(cast, client):
    space = space_of(cast, "cohort")
    client.force_login(cast.member_a1)
    response = client.post(
        reverse("community:thread_create", args=[space.pk]),
        {"submission_key": uuid.uuid4(), "title": "", "body": "My long message"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter a title for your thread." in page
    assert "My long message" in page
    assert not Thread.objects.exists()


def test_a_category_of_another_space_cannot_be_chosen(cast, client):
    space = space_of(cast, "cohort")
    category_add(space=space, name="Wins")
    elsewhere = category_add(space=space_of(cast, "program"), name="Funding")
    client.force_login(cast.member_a1)
    response = client.post(
        reverse("community:thread_create", args=[space.pk]),
        {"submission_key": uuid.uuid4(), "title": "T", "category": elsewhere.pk, "body": "B"},
    )
    assert response.status_code == 400
    assert "Choose one of the categories listed." in response.content.decode()
    assert not Thread.objects.exists()


def test_markup_in_titles_and_bodies_is_escaped_or_sanitised(cast, client):
    space = space_of(cast, "cohort")
    thread = start_thread(
        space,
        cast.member_a1,
        title="<script>alert('title')</script>",
        body="<script>alert('body')</script><img src=x onerror=alert(1)> [x](javascript:alert(2))",
    )
    client.force_login(cast.member_b)
    for url in (
        reverse("community:space", args=[space.pk]),
        reverse("community:thread", args=[thread.pk]),
    ):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page
        assert "onerror" not in page
        assert "javascript:alert" not in page
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in page


def test_threads_are_listed_pinned_first_then_by_last_activity_25_a_page(cast, client):
    space = space_of(cast, "cohort")
    with time_machine.travel(NOW - timedelta(days=30), tick=False):
        pinned = start_thread(space, cast.member_a1, title="House rules")
    for number in range(26):
        with time_machine.travel(NOW - timedelta(days=20 - number / 2), tick=False):
            start_thread(space, cast.member_a1, title=f"Topic {number:02d}")
    with time_machine.travel(NOW - timedelta(days=25), tick=False):
        old = start_thread(space, cast.member_a1, title="Old but answered")
    reply(old, cast.member_b, "A fresh answer")
    thread_moderate(thread=pinned, action="pin", by=cast.staff)
    client.force_login(cast.member_a2)
    page = client.get(reverse("community:space", args=[space.pk])).content.decode()
    titles = ["House rules", "Old but answered", "Topic 25", "Topic 24"]
    positions = [page.index(f">{title}</a>") for title in titles]
    assert positions == sorted(positions)
    assert "Topic 03" in page and "Topic 02" not in page
    second = client.get(reverse("community:space", args=[space.pk]), {"page": 2}).content.decode()
    assert all(f"Topic 0{number}" in second for number in range(3))
    assert "Topic 03" not in second


# Replies -----------------------------------------------------------------------------------


def test_a_reply_is_stored_and_moves_the_thread_up(cast, client):
    thread = start_thread(space_of(cast, "cohort"), cast.member_a1)
    client.force_login(cast.member_b)
    response = client.post(
        reverse("community:thread_reply", args=[thread.pk]),
        {"submission_key": uuid.uuid4(), "body": "We use a clinician on call."},
    )
    reply = thread.posts.last()
    assert response.status_code == 302
    assert response["Location"].endswith(f"?page=1#post-{reply.pk}")
    assert (reply.author, reply.body) == (cast.member_b, "We use a clinician on call.")
    thread.refresh_from_db()
    assert thread.last_activity_at == reply.created_at


def test_an_empty_reply_is_refused_with_a_clear_message(cast, client):
    thread = start_thread(space_of(cast, "cohort"), cast.member_a1)
    client.force_login(cast.member_b)
    response = client.post(
        reverse("community:thread_reply", args=[thread.pk]),
        {"submission_key": uuid.uuid4(), "body": ""},
    )
    assert response.status_code == 400
    assert "Write your reply." in response.content.decode()
    assert thread.posts.count() == 1


def test_a_locked_thread_refuses_replies_and_keeps_the_text(cast, client):
    thread = start_thread(space_of(cast, "cohort"), cast.member_a1)
    thread_moderate(thread=thread, action="lock", by=cast.staff)
    client.force_login(cast.member_b)
    page = client.get(reverse("community:thread", args=[thread.pk])).content.decode()
    assert "it takes no more replies" in page
    assert "Post the reply" not in page
    response = client.post(
        reverse("community:thread_reply", args=[thread.pk]),
        {"submission_key": uuid.uuid4(), "body": "Sneaking in a reply"},
    )
    assert response.status_code == 409
    assert "This thread is locked" in response.content.decode()
    assert thread.posts.count() == 1


def test_posts_are_paginated_and_a_reply_lands_on_its_page(cast, client):
    thread = start_thread(space_of(cast, "cohort"), cast.member_a1)
    for number in range(19):
        reply(thread, cast.member_b, f"Reply number {number:02d}")
    client.force_login(cast.member_a1)
    response = client.post(
        reverse("community:thread_reply", args=[thread.pk]),
        {"submission_key": uuid.uuid4(), "body": "The twenty-first post"},
    )
    assert "?page=2#post-" in response["Location"]
    first = client.get(reverse("community:thread", args=[thread.pk])).content.decode()
    assert "Reply number 18" in first and "The twenty-first post" not in first
    second = client.get(response["Location"]).content.decode()
    assert "The twenty-first post" in second


def test_the_thread_page_makes_the_same_number_of_queries_for_5_or_20_posts(
    cast, client, django_assert_max_num_queries
):
    thread = start_thread(space_of(cast, "cohort"), cast.member_a1)
    client.force_login(cast.member_b)
    url = reverse("community:thread", args=[thread.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for number in range(4):
        reply(thread, cast.member_a2, f"Reply {number}")
    queries()  # the first visit also stores how far the reader has read
    few = queries()
    for number in range(15):
        post = reply(thread, cast.member_b, f"More {number}")
        post_helpful_toggle(post=post, by=cast.member_a1)
        flag_raise(post=post, reason="Checking", by=cast.member_a2)
    assert queries() == few
    with django_assert_max_num_queries(15):
        client.get(url)


# Editing -----------------------------------------------------------------------------------


def test_editing_ones_own_post_marks_it_edited_and_keeps_the_history(cast, client):
    thread = start_thread(space_of(cast, "cohort"), cast.member_a1, body="First words")
    post = thread.posts.get()
    client.force_login(cast.member_a1)
    form = client.get(reverse("community:post_edit", args=[post.pk])).content.decode()
    assert "First words" in form
    response = client.post(reverse("community:post_edit", args=[post.pk]), {"body": "Better words"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.body == "Better words"
    assert post.edited_at >= NOW
    assert [h.body for h in post.history.order_by("history_date", "history_id")] == [
        "First words",
        "Better words",
    ]
    page = client.get(reverse("community:thread", args=[thread.pk])).content.decode()
    assert "edited" in page and "Better words" in page and "First words" not in page


def test_an_empty_edit_is_refused_and_the_post_is_unchanged(cast, client):
    post = start_thread(space_of(cast, "cohort"), cast.member_a1, body="Keep me").posts.get()
    client.force_login(cast.member_a1)
    response = client.post(reverse("community:post_edit", args=[post.pk]), {"body": ""})
    assert response.status_code == 400
    assert "Write your message" in response.content.decode()
    post.refresh_from_db()
    assert (post.body, post.edited_at) == ("Keep me", None)


def test_nobody_edits_someone_elses_post_not_even_staff(cast, client):
    post = start_thread(space_of(cast, "cohort"), cast.member_a1, body="Mine").posts.get()
    for person in (cast.member_a2, cast.member_b, cast.staff):
        client.force_login(person)
        url = reverse("community:post_edit", args=[post.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"body": "Theirs"}).status_code == 404
    post.refresh_from_db()
    assert post.body == "Mine"
    assert post.history.count() == 1


def test_a_deleted_author_is_shown_as_a_former_member(cast, client):
    thread = start_thread(space_of(cast, "program"), cast.member_a2, body="Hello all")
    cast.member_a2.delete()
    client.force_login(cast.member_b)
    page = client.get(reverse("community:thread", args=[thread.pk])).content.decode()
    assert "Former member" in page and "Hello all" in page


# Moderation --------------------------------------------------------------------------------


def test_staff_pin_lock_and_hide_astart_thread(cast, client):
    thread = start_thread(space_of(cast, "cohort"), cast.member_a1)
    client.force_login(cast.staff)
    url = reverse("community:thread_moderate", args=[thread.pk])
    for action in ("pin", "lock", "hide"):
        assert client.post(url, {"action": action}).status_code == 302
    thread.refresh_from_db()
    assert (thread.pinned, thread.locked, thread.hidden) == (True, True, True)
    assert thread.history.first().history_change_reason == f"hide by {cast.staff.email}"
    assert client.get(reverse("community:thread", args=[thread.pk])).status_code == 200
    client.force_login(cast.member_a1)
    assert client.get(reverse("community:thread", args=[thread.pk])).status_code == 404
    space_page = client.get(reverse("community:space", args=[thread.space_id]))
    assert "Night coverage" not in space_page.content.decode()


def test_members_cannot_moderate(cast, client):
    thread = start_thread(space_of(cast, "cohort"), cast.member_a1)
    client.force_login(cast.member_a1)
    url = reverse("community:thread_moderate", args=[thread.pk])
    assert client.post(url, {"action": "lock"}).status_code == 404
    thread.refresh_from_db()
    assert not thread.locked


def test_a_hidden_post_is_seen_only_by_staff_and_stays_in_the_history(cast, client):
    thread = start_thread(space_of(cast, "cohort"), cast.member_a1)
    rude = reply(thread, cast.member_b, "Something rude")
    client.force_login(cast.staff)
    response = client.post(reverse("community:post_moderate", args=[rude.pk]), {"action": "hide"})
    assert response.status_code == 302
    assert "Something rude" in client.get(response["Location"]).content.decode()
    client.force_login(cast.member_a2)
    page = client.get(reverse("community:thread", args=[thread.pk])).content.decode()
    assert "Something rude" not in page
    assert client.get(reverse("community:post_edit", args=[rude.pk])).status_code == 404
    rude.refresh_from_db()
    assert rude.hidden and rude.history.filter(body="Something rude").count() == 2
    post_moderate(post=rude, hidden=False, by=cast.staff)
    assert (
        "Something rude"
        in client.get(reverse("community:thread", args=[thread.pk])).content.decode()
    )


def test_a_post_in_a_locked_thread_can_no_longer_be_edited(cast, client):
    thread = start_thread(space_of(cast, "cohort"), cast.member_a1, body="As it was")
    thread_moderate(thread=thread, action="lock", by=cast.staff)
    post = thread.posts.get()
    client.force_login(cast.member_a1)
    page = client.get(reverse("community:thread", args=[thread.pk])).content.decode()
    assert reverse("community:post_edit", args=[post.pk]) not in page
    response = client.post(reverse("community:post_edit", args=[post.pk]), {"body": "Changed"})
    assert response.status_code == 409
    assert "can no longer be edited" in response.content.decode()
    post.refresh_from_db()
    assert (post.body, post.edited_at) == ("As it was", None)
