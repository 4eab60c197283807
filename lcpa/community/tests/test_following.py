"""Following and muting threads and categories, unread markers and the jump to the first
unread post, through the pages."""

import pytest
from django.urls import reverse

from lcpa.community.models import ReadMark, Subscription
from lcpa.community.services import category_add
from lcpa.community.tests.forum import reply, space_of, start_thread

pytestmark = pytest.mark.django_db


def test_the_author_follows_their_thread_and_can_mute_it_then_reset(cast, client):
    thread = start_thread(space_of(cast, "cohort"), cast.member_a1)
    client.force_login(cast.member_a1)
    url = reverse("community:thread", args=[thread.pk])
    assert "You follow this thread" in client.get(url).content.decode()
    follow = reverse("community:thread_follow", args=[thread.pk])
    assert client.post(follow, {"level": "mute"})["Location"] == url
    assert Subscription.objects.get(user=cast.member_a1, thread=thread).level == "mute"
    assert "You muted this thread" in client.get(url).content.decode()
    client.post(follow, {"level": "default"})
    assert not Subscription.objects.filter(user=cast.member_a1).exists()
    assert "when someone mentions you" in client.get(url).content.decode()


def test_a_choice_that_is_neither_follow_nor_mute_is_refused(cast, client):
    thread = start_thread(space_of(cast, "cohort"), cast.member_a1)
    client.force_login(cast.member_b)
    response = client.post(reverse("community:thread_follow", args=[thread.pk]), {"level": "x"})
    assert response.status_code == 400
    assert "Choose to follow, mute, or neither." in response.content.decode()
    assert not Subscription.objects.filter(user=cast.member_b).exists()


def test_a_member_follows_and_mutes_a_category_from_the_space_page(cast, client):
    space = space_of(cast, "cohort")
    funding = category_add(space=space, name="Funding <b>")
    client.force_login(cast.member_b)
    response = client.post(
        reverse("community:category_follow", args=[funding.pk]), {"level": "follow"}
    )
    assert response["Location"] == reverse("community:space", args=[space.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Funding &lt;b&gt;</span> · you follow it" in page
    client.post(reverse("community:category_follow", args=[funding.pk]), {"level": "mute"})
    assert Subscription.objects.get(user=cast.member_b, category=funding).level == "mute"
    bad = client.post(reverse("community:category_follow", args=[funding.pk]), {})
    assert bad.status_code == 400 and "There is a problem" in bad.content.decode()


def test_another_cohorts_member_cannot_follow_its_threads_or_categories(cast, client):
    space = space_of(cast, "cohort")
    category = category_add(space=space, name="Funding")
    thread = start_thread(space, cast.member_a1)
    client.force_login(cast.outsider)
    for url in (
        reverse("community:thread_follow", args=[thread.pk]),
        reverse("community:category_follow", args=[category.pk]),
    ):
        assert client.post(url, {"level": "follow"}).status_code == 404
    assert client.get(reverse("community:thread_unread", args=[thread.pk])).status_code == 404
    assert not Subscription.objects.filter(user=cast.outsider).exists()


def test_new_posts_are_marked_until_read_and_the_link_jumps_to_the_first_unread(cast, client):
    space = space_of(cast, "cohort")
    thread = start_thread(space, cast.member_a1, title="Night shifts")
    space_url = reverse("community:space", args=[space.pk])
    unread_url = reverse("community:thread_unread", args=[thread.pk])
    client.force_login(cast.member_b)
    assert "New</span>" in client.get(space_url).content.decode()
    client.get(reverse("community:thread", args=[thread.pk]))
    assert "New</span>" not in client.get(space_url).content.decode()
    first_new = reply(thread, cast.member_a2, "One")
    reply(thread, cast.member_a2, "Two")
    assert "New</span>" in client.get(space_url).content.decode()
    assert client.get(unread_url)["Location"].endswith(f"?page=1#post-{first_new.pk}")


def test_the_first_unread_post_can_be_on_a_later_page_and_reading_a_page_marks_only_it(
    cast, client
):
    thread = start_thread(space_of(cast, "cohort"), cast.member_a1)
    posts = [reply(thread, cast.member_a2, f"Reply {number}") for number in range(24)]
    client.force_login(cast.member_b)
    client.get(reverse("community:thread", args=[thread.pk]))  # page 1: 20 posts
    assert ReadMark.objects.get(user=cast.member_b).last_read_post_id == posts[18].pk
    response = client.get(reverse("community:thread_unread", args=[thread.pk]))
    assert response["Location"].endswith(f"?page=2#post-{posts[19].pk}")
    client.get(reverse("community:thread", args=[thread.pk]) + "?page=2")
    client.get(reverse("community:thread", args=[thread.pk]))  # reading page 1 again
    assert ReadMark.objects.get(user=cast.member_b).last_read_post_id == posts[-1].pk
    response = client.get(reverse("community:thread_unread", args=[thread.pk]))
    assert response["Location"].endswith(f"#post-{posts[-1].pk}")


def test_the_space_page_makes_the_same_number_of_queries_for_3_or_25_threads(
    cast, client, django_assert_max_num_queries
):
    space = space_of(cast, "cohort")
    category = category_add(space=space, name="Funding")
    client.force_login(cast.member_b)
    url = reverse("community:space", args=[space.pk])
    for number in range(3):
        reply(start_thread(space, cast.member_a1, category=category), cast.member_a2, f"R {number}")
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for number in range(22):
        reply(start_thread(space, cast.member_a1, category=category), cast.member_a2, f"R {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count("New</span>") == 25
