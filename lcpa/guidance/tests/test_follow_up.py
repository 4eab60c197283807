"""A follow-up question: the asker asks again on an answered question; it goes back to the
experts' inbox and the expert who answered is told."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from lcpa.guidance import services
from lcpa.guidance.models import Answer, Question
from lcpa.guidance.tests.helpers import ask
from lcpa.notifications.models import Notification
from lcpa.testing import make_expert

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script>'


def _answered(cast) -> Question:
    with time_machine.travel(timedelta(days=-2)):
        question = ask(cast)
        services.answer_post(
            submission_key="6f1c1e0e-4a4e-4a37-9d0e-1c1f0c7a5555",
            question=question,
            by=cast.expert,
            body="Two clinicians from 10 pm.",
        )
    question.refresh_from_db()
    return question


def _follow_up(client, question, body="And on weekends?"):
    return client.post(
        reverse("guidance:follow_up", args=[question.pk]),
        {
            "follow_up-submission_key": "6f1c1e0e-4a4e-4a37-9d0e-1c1f0c7a6666",
            "follow_up-body": body,
        },
    )


def test_the_asker_follows_up_and_the_question_waits_for_the_expert_who_answered(client, cast):
    other_expert = make_expert("other-expert@test.example")
    cast.cohort.experts.add(other_expert)
    question = _answered(cast)
    Notification.objects.all().delete()
    client.force_login(cast.member_a1)
    page = client.get(reverse("guidance:question", args=[question.pk])).content.decode()
    assert "Ask a follow-up question" in page

    response = _follow_up(client, question)

    assert response["Location"] == reverse("guidance:question", args=[question.pk])
    question.refresh_from_db()
    follow_up = Answer.objects.get(follow_up=True)
    assert question.answered_at is None
    assert (follow_up.author, follow_up.by_expert, follow_up.body) == (
        cast.member_a1,
        False,
        "And on weekends?",
    )
    told = Notification.objects.get()
    assert (told.user, told.kind) == (cast.expert, "expert_question")
    assert told.title == f"A follow-up from {cast.team_a.name}: {question.title}"
    page = client.get(response["Location"]).content.decode()
    assert "Your follow-up question is sent to the experts." in page
    assert "Follow-up question" in page and "Waiting for an expert" in page
    assert "Ask a follow-up question" not in page  # not again until answered

    client.force_login(cast.expert)
    home = client.get(reverse("guidance:home"))
    waiting = list(home.context["waiting_questions"])
    assert waiting == [question]
    assert waiting[0].waiting_since == follow_up.created_at
    assert "Follow-up</span>" in home.content.decode()


def test_the_inbox_sorts_a_follow_up_by_when_it_was_asked(client, cast):
    question = _answered(cast)
    with time_machine.travel(timedelta(days=-1)):
        newer = ask(cast, "Asked yesterday")
    services.question_follow_up(
        submission_key="6f1c1e0e-4a4e-4a37-9d0e-1c1f0c7a7777",
        question=question,
        by=cast.member_a1,
        body="One more thing.",
    )
    client.force_login(cast.expert)
    assert list(client.get(reverse("guidance:home")).context["waiting_questions"]) == [
        newer,
        question,
    ]


def test_a_double_click_stores_one_follow_up(client, cast):
    question = _answered(cast)
    client.force_login(cast.member_a1)
    _follow_up(client, question)
    _follow_up(client, question)
    assert Answer.objects.filter(follow_up=True).count() == 1


def test_no_follow_up_before_an_answer_nor_from_anyone_but_the_asker(client, cast):
    waiting = ask(cast, "Not answered yet")
    client.force_login(cast.member_a1)
    page = client.get(reverse("guidance:question", args=[waiting.pk])).content.decode()
    assert "Ask a follow-up question" not in page
    refused = _follow_up(client, waiting)
    assert refused.status_code == 400
    assert "The experts have not answered yet" in refused.content.decode()

    question = _answered(cast)
    for person in (cast.member_a2, cast.member_b, cast.expert, cast.ta_provider, cast.outsider):
        client.force_login(person)
        assert _follow_up(client, question).status_code == 404
    client.logout()
    assert _follow_up(client, question).status_code == 302
    assert not Answer.objects.filter(follow_up=True).exists()
    question.refresh_from_db()
    assert question.answered_at is not None


def test_an_empty_follow_up_is_refused_and_text_is_escaped(client, cast):
    question = _answered(cast)
    client.force_login(cast.member_a1)
    empty = _follow_up(client, question, body="")
    assert empty.status_code == 400
    assert "Write your follow-up question." in empty.content.decode()
    assert _follow_up(client, question, body=XSS).status_code == 302
    assert Answer.objects.get(follow_up=True).body == XSS
    page = client.get(reverse("guidance:question", args=[question.pk])).content.decode()
    assert "<script>alert" not in page
