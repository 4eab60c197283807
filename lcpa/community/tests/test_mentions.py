"""@mentions of a person or a team, and replies telling the thread's followers: only people who
may open the thread are ever told, and muting wins."""

import uuid

import pytest
from django.urls import reverse

from lcpa.cohorts.models import Membership
from lcpa.community.mentions import mention_phrases
from lcpa.community.models import Subscription
from lcpa.community.services import category_add, post_edit, subscription_set
from lcpa.community.tests.forum import reply, space_of, start_thread
from lcpa.notifications.kinds import Kind
from lcpa.notifications.models import Notification
from lcpa.notifications.services import notification_email_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(cast):
    for person, name in [
        (cast.member_a1, "Ana Alvarez"),
        (cast.member_a2, "Abe Adams"),
        (cast.member_b, "Bo Baker"),
        (cast.outsider, "Oz Ortiz"),
        (cast.expert, "Eve Expert"),
    ]:
        person.full_name = name
        person.save()
    return cast


def _told(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("user__email", flat=True))


def test_the_phrases_after_an_at_sign_are_read_outside_quotes():
    body = "Thanks @Bo Baker, and @amherst-team!\n> @Quoted Person said\nmail a@b.org"
    assert mention_phrases(body) == {"bo", "bo baker", "bo baker, and", "amherst-team"}
    assert mention_phrases("write to a@b.org") == set()


def test_a_member_mentions_a_person_who_is_told_with_a_link_to_the_post(named, client):
    thread = start_thread(space_of(named, "cohort"), named.member_a1)
    client.force_login(named.member_a2)
    client.post(
        reverse("community:thread_reply", args=[thread.pk]),
        {"submission_key": uuid.uuid4(), "body": "What do you think, @Bo Baker?"},
    )
    post = thread.posts.latest("pk")
    mention = Notification.objects.get(kind=Kind.MENTION)
    assert mention.user == named.member_b
    assert mention.title == "Abe Adams mentioned you in “Night coverage”"
    assert mention.group == named.cohort.name
    assert notification_email_send(notification=mention).to == [named.member_b.email]
    client.force_login(named.member_b)
    response = client.get(mention.url)
    assert response.status_code == 302
    assert response["Location"].endswith(f"?page=1#post-{post.pk}")


def test_a_person_who_cannot_open_the_thread_is_never_told(named, client):
    thread = start_thread(space_of(named, "cohort"), named.member_a1)
    reply(thread, named.member_a2, "Asking @Oz Ortiz and @Redmond too")
    assert Notification.objects.count() == 1  # the thread's author, who follows it
    assert _told(Kind.MENTION) == set()


def test_mentioning_a_team_by_slug_or_jurisdiction_tells_its_active_members(named, client):
    Membership.objects.filter(user=named.member_a2).update(removed_at="2026-01-01T00:00Z")
    thread = start_thread(space_of(named, "community"), named.member_b)
    reply(thread, named.member_b, "Over to @amherst-team.")
    assert _told(Kind.MENTION) == {named.member_a1.email}
    Notification.objects.all().delete()
    reply(thread, named.member_b, "And @Redmond: how do you do it?")
    assert _told(Kind.MENTION) == {named.outsider.email}


def test_the_author_is_not_told_of_their_own_mention(named):
    thread = start_thread(space_of(named, "cohort"), named.member_a1)
    reply(thread, named.member_a1, "Note to self, @Ana Alvarez")
    assert Notification.objects.count() == 0


def test_replies_tell_followers_who_are_the_author_and_earlier_repliers(named):
    thread = start_thread(space_of(named, "cohort"), named.member_a1)
    reply(thread, named.member_b, "We do it with two clinicians.")
    assert _told(Kind.REPLY) == {named.member_a1.email}
    Notification.objects.all().delete()
    reply(thread, named.expert, "Mention of @Bo Baker: good idea.")
    assert _told(Kind.REPLY) == {named.member_a1.email}
    assert _told(Kind.MENTION) == {named.member_b.email}  # told once, of the mention


def test_a_follower_who_lost_access_is_not_told(named):
    thread = start_thread(space_of(named, "cohort"), named.member_a2)
    Membership.objects.filter(user=named.member_a2).update(removed_at="2026-01-01T00:00Z")
    reply(thread, named.member_b, "Anyone?")
    assert Notification.objects.count() == 0


def test_muting_a_thread_or_its_category_wins_over_following_and_mentions(named):
    space = space_of(named, "cohort")
    funding = category_add(space=space, name="Funding")
    thread = start_thread(space, named.member_a1, category=funding)
    subscription_set(user=named.member_a1, thread=thread, level=Subscription.Level.MUTE)
    reply(thread, named.member_b, "Hello @Ana Alvarez")
    assert Notification.objects.count() == 0
    subscription_set(user=named.member_a1, thread=thread, level=Subscription.Level.FOLLOW)
    subscription_set(user=named.member_a1, category=funding, level=Subscription.Level.MUTE)
    reply(thread, named.member_b, "Hello again")
    assert Notification.objects.count() == 0
    subscription_set(user=named.member_a1, category=funding, level=None)
    reply(thread, named.member_b, "Third time")
    assert _told(Kind.REPLY) == {named.member_a1.email}


def test_following_a_category_tells_of_new_threads_in_it(named):
    space = space_of(named, "cohort")
    funding = category_add(space=space, name="Funding")
    subscription_set(user=named.expert, category=funding, level=Subscription.Level.FOLLOW)
    start_thread(space, named.member_a1, title="Grant deadlines", category=funding)
    notification = Notification.objects.get()
    assert (notification.user, notification.title) == (
        named.expert,
        "New thread in Funding: “Grant deadlines”",
    )


def test_a_mention_added_by_an_edit_is_told_once(named):
    thread = start_thread(space_of(named, "cohort"), named.member_a1, body="Hi @Bo Baker")
    post = thread.posts.get()
    post_edit(post=post, body="Hi @Bo Baker and @Eve Expert", by=named.member_a1)
    assert sorted(
        Notification.objects.filter(kind=Kind.MENTION).values_list("user__email", flat=True)
    ) == sorted([named.member_b.email, named.expert.email])
