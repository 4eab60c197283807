"""Ask an expert: a team's question reaches its cohort's experts, who answer from their inbox."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lcpa.guidance.models import Answer, Question, Topic
from lcpa.guidance.tests.helpers import ask
from lcpa.notifications.models import Notification
from lcpa.testing import make_expert, module_of

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script>'


def _form(cast, **changes):
    return {
        "submission_key": "6f1c1e0e-4a4e-4a37-9d0e-1c1f0c7a2222",
        "title": "Overnight staffing",
        "module": module_of(cast.team_a, 2).pk,
        "topic": Topic.WORKFORCE,
        "body": "How do **others** staff nights?",
        **changes,
    }


def _reply(client, question, body="Start with *two* clinicians."):
    return client.post(
        reverse("guidance:answer_post", args=[question.pk]),
        {"submission_key": "6f1c1e0e-4a4e-4a37-9d0e-1c1f0c7a3333", "body": body},
    )


def test_the_workspace_links_to_guidance_for_members_and_experts_not_ta_providers(client, cast):
    link = reverse("guidance:team", args=[cast.team_a.pk])
    workspace = reverse("cohorts:workspace", args=[cast.team_a.pk])
    seen = {}
    for user in (cast.member_a1, cast.expert, cast.ta_provider):
        client.force_login(user)
        seen[user.email] = link in client.get(workspace).content.decode()

    assert seen == {cast.member_a1.email: True, cast.expert.email: True, "ta@test.example": False}


def test_a_member_asks_and_the_cohorts_experts_are_told(client, cast):
    client.force_login(cast.member_a1)

    response = client.post(reverse("guidance:question_ask", args=[cast.team_a.pk]), _form(cast))
    again = client.post(reverse("guidance:question_ask", args=[cast.team_a.pk]), _form(cast))

    question = Question.objects.get()
    assert (
        response["Location"]
        == again["Location"]
        == reverse("guidance:question", args=[question.pk])
    )
    assert (question.team, question.asked_by, question.module.number, question.topic) == (
        cast.team_a,
        cast.member_a1,
        2,
        "workforce",
    )
    told = Notification.objects.get()
    assert (told.user, told.kind, told.group) == (
        cast.expert,
        "expert_question",
        "Crisis Systems cohort 3",
    )
    # Questions wait for the expert's daily digest unless they chose to be emailed at once.
    assert told.email is None and told.title in told.email_body
    page = client.get(response["Location"]).content.decode()
    assert "<strong>others</strong>" in page and "Waiting for an expert" in page


def test_an_empty_question_is_refused_and_a_module_of_another_cohort_is_not_offered(client, cast):
    client.force_login(cast.member_a1)
    url = reverse("guidance:question_ask", args=[cast.team_a.pk])

    empty = client.post(url, {})
    foreign = client.post(url, _form(cast, module=module_of(cast.other_team, 1).pk))

    assert empty.status_code == foreign.status_code == 400
    assert "Write your question in one line." in empty.content.decode()
    assert "Choose a module from the list." in foreign.content.decode()
    assert not Question.objects.exists()


def test_the_experts_inbox_lists_unanswered_questions_of_their_cohorts_oldest_first(client, cast):
    with time_machine.travel(timedelta(days=-3)):
        oldest = ask(cast, "Oldest question")
    with time_machine.travel(timedelta(days=-1)):
        answered = ask(cast, "Answered question")
        Answer.objects.create(
            question=answered,
            author=cast.expert,
            body="Yes.",
            by_expert=True,
            submission_key="6f1c1e0e-4a4e-4a37-9d0e-1c1f0c7a4444",
        )
        Question.objects.filter(pk=answered.pk).update(answered_at=answered.created_at)
    newest = ask(
        cast,
        "Newest question",
        team=cast.team_b,
        by=cast.member_b,
        module=module_of(cast.team_b, 1),
    )
    ask(
        cast,
        "Another cohort's question",
        team=cast.other_team,
        by=cast.outsider,
        module=module_of(cast.other_team, 1),
    )
    client.force_login(cast.expert)

    waiting = list(client.get(reverse("guidance:home")).context["waiting_questions"])

    assert waiting == [oldest, newest]


def test_an_expert_answer_is_marked_and_the_asker_and_the_team_are_told(client, cast):
    question = ask(cast)
    Notification.objects.all().delete()
    client.force_login(cast.expert)

    response = _reply(client, question)

    question.refresh_from_db()
    answer = Answer.objects.get()
    assert answer.by_expert and question.answered_at is not None
    assert sorted(Notification.objects.values_list("user__email", "kind")) == [
        ("a1@test.example", "expert_answer"),
        ("a2@test.example", "expert_answer"),
    ]
    page = client.get(response["Location"]).content.decode()
    assert "Expert answer" in page and "<em>two</em>" in page
    assert list(client.get(reverse("guidance:home")).context["waiting_questions"]) == []


def test_a_teammates_reply_is_not_an_expert_answer_and_the_question_stays_waiting(client, cast):
    question = ask(cast)
    client.force_login(cast.member_a2)

    _reply(client, question, "We also wonder.")

    question.refresh_from_db()
    assert Answer.objects.get().by_expert is False and question.answered_at is None
    assert (
        "Expert answer"
        not in client.get(reverse("guidance:question", args=[question.pk])).content.decode()
    )


def test_another_team_another_cohorts_expert_and_the_ta_provider_get_404(client, cast):
    question = ask(cast)
    other_expert = make_expert("other-expert@test.example")
    cast.other_cohort.experts.add(other_expert)
    urls = [
        reverse("guidance:question", args=[question.pk]),
        reverse("guidance:team", args=[cast.team_a.pk]),
    ]
    for user in (cast.member_b, cast.outsider, other_expert, cast.ta_provider):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        assert _reply(client, question).status_code == 404
    assert not Answer.objects.exists()


def test_an_expert_of_no_cohort_sees_an_empty_home_and_a_participant_gets_404(client, cast):
    ask(cast)
    client.force_login(make_expert("new@test.example"))
    assert "No question is waiting." in client.get(reverse("guidance:home")).content.decode()
    client.force_login(cast.member_a1)
    assert client.get(reverse("guidance:home")).status_code == 404


def test_text_from_members_and_experts_is_escaped(client, cast):
    question = ask(cast, title=XSS, body=XSS)
    client.force_login(cast.expert)
    _reply(client, question, XSS)

    pages = [
        client.get(reverse("guidance:question", args=[question.pk])),
        client.get(reverse("guidance:home")),
        client.get(reverse("guidance:team", args=[cast.team_a.pk])),
    ]

    for page in pages:
        assert XSS not in page.content.decode()
        assert "<script>alert" not in page.content.decode()


def test_the_home_and_team_pages_cost_the_same_queries_whatever_the_number_of_questions(
    client, cast, django_assert_max_num_queries
):
    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    ask(cast)
    client.force_login(cast.expert)
    home, team = reverse("guidance:home"), reverse("guidance:team", args=[cast.team_a.pk])
    one = {url: count(url) for url in (home, team)}
    for number in range(6):
        ask(cast, f"Question {number}")

    for url, queries in one.items():
        with django_assert_max_num_queries(queries):
            client.get(url)
