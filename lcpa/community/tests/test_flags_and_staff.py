"""Flags on posts and the staff's forum pages: the queue of open flags, moving a thread, and
managing categories, all audited."""

import uuid

import pytest
from django.urls import reverse

from lcpa.community.models import Category, Flag, Thread
from lcpa.community.services import category_add, flag_raise
from lcpa.community.tests.forum import reply, space_of, start_thread

pytestmark = pytest.mark.django_db


def test_a_member_flags_a_post_with_a_reason_and_staff_see_it_in_the_queue(cast, client):
    thread = start_thread(space_of(cast, "cohort"), cast.member_a1, title="Night shifts")
    post = reply(thread, cast.member_a2, "Rude words")
    client.force_login(cast.member_b)
    url = reverse("community:post_flag", args=[post.pk])
    assert "Rude words" in client.get(url).content.decode()
    response = client.post(url, {"reason": "<script>alert(1)</script> insulting"})
    assert response.status_code == 302
    client.post(url, {"reason": "again"})  # one open flag per person and post
    flag = Flag.objects.get()
    assert (flag.post, flag.flagged_by, flag.status) == (post, cast.member_b, "open")
    client.force_login(cast.staff)
    page = client.get(reverse("community:staff_flags")).content.decode()
    assert "Night shifts" in page and "&lt;script&gt;alert(1)&lt;/script&gt; insulting" in page
    assert "<script>alert(1)" not in page
    assert 'aria-current="page">Forum</a>' in page


def test_a_flag_needs_a_reason_and_the_post_must_be_readable(cast, client):
    post = start_thread(space_of(cast, "cohort"), cast.member_a1).posts.get()
    client.force_login(cast.member_b)
    response = client.post(reverse("community:post_flag", args=[post.pk]), {"reason": ""})
    assert response.status_code == 400
    assert "Say what is wrong with the post." in response.content.decode()
    client.force_login(cast.outsider)
    response = client.post(reverse("community:post_flag", args=[post.pk]), {"reason": "x"})
    assert response.status_code == 404
    assert not Flag.objects.exists()


def test_staff_hide_a_flagged_post_resolving_every_open_flag_on_it(cast, client):
    post = reply(start_thread(space_of(cast, "cohort"), cast.member_a1), cast.member_a2, "Bad")
    first = flag_raise(post=post, reason="Spam", by=cast.member_b)
    flag_raise(post=post, reason="Also spam", by=cast.member_a1)
    client.force_login(cast.staff)
    resolve = reverse("community:staff_flag_resolve", args=[first.pk])
    assert client.post(resolve, {"action": "hide"})["Location"] == reverse("community:staff_flags")
    post.refresh_from_db()
    assert post.hidden
    assert set(Flag.objects.values_list("status", "resolved_by")) == {("hidden", cast.staff.pk)}
    assert post.history.latest().history_change_reason == f"hide by {cast.staff.email}"
    assert "No open flags" in client.get(reverse("community:staff_flags")).content.decode()
    assert client.post(resolve, {"action": "dismiss"}).status_code == 404  # already resolved


def test_staff_dismiss_one_flag_and_the_post_stays(cast, client):
    post = reply(start_thread(space_of(cast, "cohort"), cast.member_a1), cast.member_a2, "Fine")
    flag = flag_raise(post=post, reason="Not sure", by=cast.member_b)
    client.force_login(cast.staff)
    resolve = reverse("community:staff_flag_resolve", args=[flag.pk])
    assert client.post(resolve, {"action": "nope"}).status_code == 400
    client.post(resolve, {"action": "dismiss"})
    flag.refresh_from_db()
    post.refresh_from_db()
    assert (flag.status, post.hidden) == ("dismissed", False)
    assert flag.history.latest().history_change_reason == f"dismissed by {cast.staff.email}"


def test_members_see_no_queue_and_resolve_nothing(cast, client):
    flag = flag_raise(
        post=start_thread(space_of(cast, "cohort"), cast.member_a1).posts.get(),
        reason="x",
        by=cast.member_b,
    )
    client.force_login(cast.member_b)
    assert client.get(reverse("community:staff_flags")).status_code == 404
    resolve = reverse("community:staff_flag_resolve", args=[flag.pk])
    assert client.post(resolve, {"action": "hide"}).status_code == 404
    flag.refresh_from_db()
    assert flag.status == "open"


def test_the_flag_queue_makes_the_same_number_of_queries_for_2_or_20_flags(
    cast, client, django_assert_max_num_queries
):
    thread = start_thread(space_of(cast, "cohort"), cast.member_a1)
    client.force_login(cast.staff)

    def flag_more(count: int) -> None:
        for number in range(count):
            flag_raise(
                post=reply(thread, cast.member_a2, f"R{number}"), reason="x", by=cast.member_b
            )

    flag_more(2)
    with django_assert_max_num_queries(15) as few:
        client.get(reverse("community:staff_flags"))
    flag_more(18)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("community:staff_flags")).content.decode()
    assert page.count("Dismiss the flag") == 20


def test_staff_move_a_thread_to_another_space_and_category_audited(cast, client):
    thread = start_thread(space_of(cast, "cohort"), cast.member_a1, title="Share widely")
    program = space_of(cast, "program")
    wins = category_add(space=program, name="Wins")
    client.force_login(cast.staff)
    url = reverse("community:staff_thread_move", args=[thread.pk])
    assert "Whole program: Wins" in client.get(url).content.decode()
    response = client.post(url, {"destination": f"category-{wins.pk}"})
    assert response["Location"] == reverse("community:thread", args=[thread.pk])
    thread.refresh_from_db()
    assert (thread.space, thread.category) == (program, wins)
    assert thread.history.latest().history_change_reason == f"move by {cast.staff.email}"
    client.force_login(cast.outsider)  # the program's space: the other cohort reads it now
    assert client.get(reverse("community:thread", args=[thread.pk])).status_code == 200


def test_a_move_to_an_unknown_place_is_refused_and_members_cannot_move(cast, client):
    thread = start_thread(space_of(cast, "cohort"), cast.member_a1)
    url = reverse("community:staff_thread_move", args=[thread.pk])
    client.force_login(cast.staff)
    response = client.post(url, {"destination": "category-999999"})
    assert response.status_code == 400
    assert "Choose one of the spaces or categories listed." in response.content.decode()
    client.force_login(cast.member_a1)
    assert (
        client.post(url, {"destination": f"space-{space_of(cast, 'program').pk}"}).status_code
        == 404
    )
    assert Thread.objects.get().space == space_of(cast, "cohort")


def test_staff_create_rename_reorder_and_archive_categories(cast, client):
    space = space_of(cast, "cohort")
    client.force_login(cast.staff)
    url = reverse("community:staff_categories")
    response = client.post(url, {"space": space.pk, "name": "Funding <i>", "position": 5})
    assert response["Location"] == url
    category = Category.objects.get(space=space)
    assert "Funding &lt;i&gt;" in client.get(url).content.decode()
    duplicate = client.post(url, {"space": space.pk, "name": "funding <I>", "position": 1})
    assert duplicate.status_code == 400
    assert "already has a category of that name" in duplicate.content.decode()
    edit = reverse("community:staff_category_edit", args=[category.pk])
    client.post(edit, {"name": "Funding and grants", "position": 1, "archived": "on"})
    category.refresh_from_db()
    assert (category.name, category.position, category.archived) == ("Funding and grants", 1, True)
    assert [h.history_change_reason for h in category.history.order_by("history_id")] == [
        f"create by {cast.staff.email}",
        f"update by {cast.staff.email}",
    ]
    assert client.post(edit, {"name": "", "position": 1}).status_code == 400
    client.force_login(cast.member_a1)  # an archived category is not offered for new threads
    form = client.get(reverse("community:thread_create", args=[space.pk])).content.decode()
    assert "Funding and grants" not in form
    response = client.post(
        reverse("community:thread_create", args=[space.pk]),
        {"submission_key": uuid.uuid4(), "title": "T", "category": category.pk, "body": "B"},
    )
    assert not Thread.objects.filter(category=category).exists()


def test_members_cannot_manage_categories(cast, client):
    category = category_add(space=space_of(cast, "cohort"), name="Funding")
    client.force_login(cast.member_a1)
    assert client.get(reverse("community:staff_categories")).status_code == 404
    edit = reverse("community:staff_category_edit", args=[category.pk])
    assert client.post(edit, {"name": "Mine", "position": 0}).status_code == 404
    category.refresh_from_db()
    assert category.name == "Funding"
