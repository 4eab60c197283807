"""The "helpful" reaction and accepted answers on questions, through the pages."""

import pytest
from django.test import Client as PlainClient
from django.urls import reverse

from lcpa.community.models import Reaction
from lcpa.community.services import post_moderate, thread_accept
from lcpa.community.tests.forum import reply, space_of, start_thread

pytestmark = pytest.mark.django_db


def test_a_peer_marks_a_post_helpful_once_and_can_take_it_back(cast, client):
    thread = start_thread(space_of(cast, "cohort"), cast.member_a1)
    post = reply(thread, cast.member_a2, "Two clinicians per night shift.")
    url = reverse("community:post_helpful", args=[post.pk])
    for person in (cast.member_b, cast.expert):
        client.force_login(person)
        response = client.post(url)
        assert response["Location"].endswith(f"#post-{post.pk}")
    page = client.get(reverse("community:thread", args=[thread.pk])).content.decode()
    assert "2 people find this helpful" in page
    assert 'aria-pressed="true"' in page and "You marked this helpful" in page
    client.post(url)
    assert list(Reaction.objects.values_list("user", flat=True)) == [cast.member_b.pk]
    page = client.get(reverse("community:thread", args=[thread.pk])).content.decode()
    assert "1 person finds this helpful" in page


def test_helpful_takes_a_post_and_csrf_and_never_ones_own_post(cast, client):
    thread = start_thread(space_of(cast, "cohort"), cast.member_a1)
    own = thread.posts.get()
    client.force_login(cast.member_a1)
    url = reverse("community:post_helpful", args=[own.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 400
    assert "You cannot mark your own post as helpful." in response.content.decode()
    strict = PlainClient(enforce_csrf_checks=True)
    strict.force_login(cast.member_b)
    assert strict.post(url).status_code == 403
    assert not Reaction.objects.exists()


def test_another_cohorts_member_cannot_react_or_accept(cast, client):
    thread = start_thread(space_of(cast, "cohort"), cast.member_a1, is_question=True)
    post = reply(thread, cast.member_b, "Answer")
    client.force_login(cast.outsider)
    assert client.post(reverse("community:post_helpful", args=[post.pk])).status_code == 404
    accept = reverse("community:thread_accept", args=[thread.pk])
    assert client.post(accept, {"action": "accept", "post": post.pk}).status_code == 404
    assert not Reaction.objects.exists()


def test_the_asker_accepts_an_answer_shown_at_the_top_and_can_withdraw_it(cast, client):
    thread = start_thread(
        space_of(cast, "cohort"), cast.member_a1, title="How to count?", is_question=True
    )
    reply(thread, cast.member_b, "First thought")
    answer = reply(thread, cast.expert, "Count every **diverted** call.")
    client.force_login(cast.member_a1)
    accept = reverse("community:thread_accept", args=[thread.pk])
    response = client.post(accept, {"action": "accept", "post": answer.pk})
    assert response["Location"] == reverse("community:thread", args=[thread.pk])
    thread.refresh_from_db()
    assert thread.accepted_post == answer
    assert thread.history.latest().history_change_reason == f"accept by {cast.member_a1.email}"
    client.force_login(cast.member_b)
    page = client.get(response["Location"]).content.decode()
    top = page.index("Accepted answer, by")
    assert top < page.index("First thought")
    assert "<strong>diverted</strong>" in page[top : page.index("First thought")]
    assert "Accept as the answer" not in page  # only the asker and staff
    client.force_login(cast.staff)
    client.post(accept, {"action": "withdraw"})
    thread.refresh_from_db()
    assert thread.accepted_post is None


def test_only_the_asker_or_staff_accept_and_only_a_reply_of_a_question(cast, client):
    space = space_of(cast, "cohort")
    question = start_thread(space, cast.member_a1, is_question=True)
    answer = reply(question, cast.member_b, "Answer")
    accept = reverse("community:thread_accept", args=[question.pk])
    client.force_login(cast.member_b)
    assert client.post(accept, {"action": "accept", "post": answer.pk}).status_code == 404
    client.force_login(cast.member_a1)
    opening = question.posts.order_by("pk").first()
    response = client.post(accept, {"action": "accept", "post": opening.pk})
    assert response.status_code == 400
    assert "The question itself cannot be its answer" in response.content.decode()
    elsewhere = reply(start_thread(space, cast.member_a1), cast.member_b, "Other")
    response = client.post(accept, {"action": "accept", "post": elsewhere.pk})
    assert (
        response.status_code == 400 and "Choose a post of this thread." in response.content.decode()
    )
    response = client.post(accept, {"action": "accept"})
    assert "Choose the post that answers the question." in response.content.decode()
    discussion = start_thread(space, cast.member_a1)
    other = reply(discussion, cast.member_b, "Reply")
    url = reverse("community:thread_accept", args=[discussion.pk])
    assert client.post(url, {"action": "accept", "post": other.pk}).status_code == 404
    question.refresh_from_db()
    assert question.accepted_post is None


def test_a_hidden_accepted_answer_is_not_shown_to_members(cast, client):
    question = start_thread(space_of(cast, "cohort"), cast.member_a1, is_question=True)
    answer = reply(question, cast.member_b, "Secret answer")
    thread_accept(thread=question, post=answer, by=cast.member_a1)
    post_moderate(post=answer, hidden=True, by=cast.staff)
    client.force_login(cast.member_a2)
    page = client.get(reverse("community:thread", args=[question.pk])).content.decode()
    assert "Secret answer" not in page and "no accepted answer yet" in page
