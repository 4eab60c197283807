"""Staff triaging a request see peer teams of the same learning community elsewhere whose
accepted deliverables or resolved requests match it, with the reasons, and connect them."""

import pytest
from django.urls import reverse

from lcpa.assistance.models import TAPeerConnection, TARequest
from lcpa.assistance.peers import peer_suggestions
from lcpa.assistance.services import ta_request_status_change
from lcpa.assistance.tests.helpers import open_request
from lcpa.cohorts.models import Deliverable
from lcpa.community.services import post_helpful_toggle, post_moderate, thread_accept
from lcpa.community.tests.forum import reply, space_of, start_thread
from lcpa.notifications.models import Notification
from lcpa.testing import give_curriculum, module_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(cast):
    """Team A asks about dispatch codes for module 2; Redmond (another cohort) had a similar
    request resolved and Module 2 accepted; team B only resolved an unrelated request."""
    give_curriculum(cast.cohort)
    give_curriculum(cast.other_cohort)
    Deliverable.objects.create(
        team=cast.other_team,
        module=module_of(cast.other_team, 2),
        status=Deliverable.Status.ACCEPTED,
        answers={"plan": "We mapped every dispatch code to a behavioral health category."},
    )
    earlier = open_request(
        cast,
        team=cast.other_team,
        by=cast.outsider,
        title="Which dispatch codes are behavioral health?",
        description="We need a crosswalk of dispatch codes.",
    )
    ta_request_status_change(request=earlier, by=cast.staff, status="resolved")
    unrelated = open_request(
        cast,
        team=cast.team_b,
        by=cast.member_b,
        category=TARequest.Category.FUNDING,
        title="Grant renewal",
        description="Renewing the state grant.",
    )
    ta_request_status_change(request=unrelated, by=cast.staff, status="resolved")
    return open_request(
        cast,
        title="Matching dispatch codes",
        description="Which dispatch codes count as behavioral health calls?",
        module=module_of(cast.team_a, 2),
    )


def test_peers_are_ranked_with_their_reasons(cast, asked):
    suggestions = peer_suggestions(asked)
    assert [s.team for s in suggestions] == [cast.other_team]
    redmond = suggestions[0]
    module_title = module_of(cast.other_team, 2).title
    assert redmond.reasons == [
        f"Accepted deliverable for Module 2: {module_title}",
        "Its Module 2 deliverable mentions behavioral, dispatch, health",
        "Resolved a request on data and measures: “Which dispatch codes are behavioral health?”",
        "Its request “Which dispatch codes are behavioral health?” mentions behavioral, codes, "
        "dispatch, health",
    ]
    assert redmond.score == 3 + 3 + 2 + 4  # module, shared words, topic, shared words


def test_staff_see_the_suggestions_and_connect_the_teams(client, cast, asked):
    client.force_login(cast.staff)
    page = client.get(reverse("assistance:request", args=[asked.pk])).content.decode()
    assert "Peer teams who may help" in page and "Connect with Redmond team" in page
    response = client.post(
        reverse("assistance:request_connect", args=[asked.pk]),
        {"peer_team": cast.other_team.pk, "reason": "Module 2 accepted"},
        follow=True,
    )
    assert "Both teams got an introduction" in response.content.decode()
    connection = TAPeerConnection.objects.get()
    assert (connection.peer_team, connection.connected_by) == (cast.other_team, cast.staff)
    told = {n.user for n in Notification.objects.filter(title__startswith="Meet a peer team")}
    assert told == {cast.member_a1, cast.member_a2, cast.outsider}
    outsider_note = Notification.objects.get(user=cast.outsider, title__startswith="Meet")
    assert outsider_note.title == "Meet a peer team: Amherst team"
    assert cast.member_a1.email in outsider_note.email_body
    again = client.post(
        reverse("assistance:request_connect", args=[asked.pk]),
        {"peer_team": cast.other_team.pk},
        follow=True,
    )
    assert "already connected with Redmond team" in again.content.decode()
    assert TAPeerConnection.objects.count() == 1


def test_the_requesting_team_sees_the_connection_but_no_suggestions(client, cast, asked):
    client.force_login(cast.staff)
    client.post(
        reverse("assistance:request_connect", args=[asked.pk]), {"peer_team": cast.other_team.pk}
    )
    client.force_login(cast.member_a1)
    page = client.get(reverse("assistance:request", args=[asked.pk])).content.decode()
    assert "Peer teams you were put in touch with" in page and "Redmond team" in page
    assert "Peer teams who may help" not in page
    assert "Which dispatch codes are behavioral health?" not in page  # Redmond's own request


def test_a_team_of_the_same_place_or_another_community_cannot_be_connected(client, cast, asked):
    client.force_login(cast.staff)
    client.post(
        reverse("assistance:request_connect", args=[asked.pk]), {"peer_team": cast.team_a.pk}
    )
    assert not TAPeerConnection.objects.exists()


def test_a_provider_cannot_connect(client, cast, asked):
    client.force_login(cast.ta_provider)
    page = client.get(reverse("assistance:request", args=[asked.pk])).content.decode()
    assert "Peer teams who may help" not in page
    response = client.post(
        reverse("assistance:request_connect", args=[asked.pk]), {"peer_team": cast.other_team.pk}
    )
    assert response.status_code == 404
    assert not TAPeerConnection.objects.exists()


@pytest.fixture
def answered_on_the_forum(cast):
    """On the learning community's forum, Redmond's member gave the accepted answer to a
    question about dispatch codes; team B's member a reply someone found helpful; posts nobody
    found helpful, or that staff hid, do not count."""
    space = space_of(cast, "community")
    question = start_thread(
        space, cast.member_a1, "How do you sort dispatch codes?", is_question=True
    )
    accepted = reply(
        question,
        cast.outsider,
        "We built a crosswalk of dispatch codes to behavioral health categories.",
    )
    thread_accept(thread=question, post=accepted, by=cast.member_a1)
    helpful = reply(question, cast.member_b, "Ask your 911 center first.")
    post_helpful_toggle(post=helpful, by=cast.member_a2)
    reply(question, cast.member_b, "Our dispatch codes changed last year.")
    hidden = reply(question, cast.outsider, "Dispatch codes: call me.")
    post_helpful_toggle(post=hidden, by=cast.member_a2)
    post_moderate(post=hidden, hidden=True, by=cast.staff)
    return open_request(
        cast,
        title="Matching dispatch codes",
        description="Which dispatch codes count as behavioral health calls?",
    )


def test_forum_answers_of_peer_teams_count_with_their_reasons(
    cast, answered_on_the_forum, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        suggestions = peer_suggestions(answered_on_the_forum)
    assert [(s.team, s.score) for s in suggestions] == [(cast.other_team, 6), (cast.team_b, 3)]
    redmond, team_b = suggestions
    assert redmond.reasons == [
        "A member's forum answer was accepted on “How do you sort dispatch codes?”",
        "Its forum answer on “How do you sort dispatch codes?” mentions behavioral, codes, "
        "dispatch, health",
    ]
    assert team_b.reasons == [
        "A member's forum post on “How do you sort dispatch codes?” helped 1 person",
        "Its forum answer on “How do you sort dispatch codes?” mentions codes, dispatch",
    ]


def test_staff_see_why_a_forum_answer_makes_a_team_a_suggestion(
    client, cast, answered_on_the_forum
):
    client.force_login(cast.staff)
    page = client.get(reverse("assistance:request", args=[answered_on_the_forum.pk]))
    html = page.content.decode()
    assert "A member&#x27;s forum answer was accepted on “How do you sort dispatch codes?”" in html
    assert "Connect with Redmond team" in html
