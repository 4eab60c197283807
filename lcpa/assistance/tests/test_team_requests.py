"""A team asks for help from its workspace and follows its requests."""

import pytest
from django.urls import reverse

from lcpa.assistance.models import TARequest
from lcpa.assistance.tests.helpers import open_request
from lcpa.testing import choose_measure, module_of

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script>'


def _form(cast, **changes):
    return {
        "submission_key": "6f1c1e0e-4a4e-4a37-9d0e-1c1f0c7a1111",
        "title": "Matching call codes",
        "category": TARequest.Category.DATA,
        "urgency": TARequest.Urgency.URGENT,
        "module": module_of(cast.cohort, 2).pk,
        "description": "Which codes **count**?",
        **changes,
    }


def test_the_workspace_links_to_the_teams_help_requests(client, cast):
    client.force_login(cast.member_a1)

    html = client.get(reverse("cohorts:workspace", args=[cast.team_a.pk])).content.decode()

    assert reverse("assistance:team_requests", args=[cast.team_a.pk]) in html


def test_a_member_opens_a_request_and_sees_it_on_the_teams_list(client, cast):
    client.force_login(cast.member_a1)
    url = reverse("assistance:request_open", args=[cast.team_a.pk])

    response = client.post(url, _form(cast))

    stored = TARequest.objects.get()
    assert response["Location"] == reverse("assistance:request", args=[stored.pk])
    assert (stored.team, stored.opened_by, stored.urgency, stored.module.number) == (
        cast.team_a,
        cast.member_a1,
        "urgent",
        2,
    )
    page = client.get(response["Location"]).content.decode()
    assert "Your request is sent" in page
    assert "<strong>count</strong>" in page
    listing = client.get(reverse("assistance:team_requests", args=[cast.team_a.pk]))
    html = listing.content.decode()
    assert "Matching call codes" in html and "Urgent" in html and "New" in html


def test_a_request_names_the_measure_it_concerns_from_the_teams_plan(client, cast):
    coverage = choose_measure(cast.team_a, by=cast.member_a1)
    theirs = choose_measure(cast.team_b, "police_backup_rate", by=cast.member_b)
    client.force_login(cast.member_a1)
    url = reverse("assistance:request_open", args=[cast.team_a.pk])
    form = client.get(url).content.decode()
    assert "Measure it concerns" in form
    assert "Eligible calls answered by an alternative responder" in form
    assert "Alternative responses that asked for police backup" not in form  # team B's plan

    refused = client.post(url, _form(cast, measure=theirs.pk))
    assert refused.status_code == 400
    assert "Choose a measure from the list." in refused.content.decode()
    response = client.post(url, _form(cast, measure=coverage.pk))

    stored = TARequest.objects.get()
    assert stored.measure == coverage
    page = client.get(response["Location"]).content.decode()
    assert "<dt>Measure</dt>" in page
    assert "Eligible calls answered by an alternative responder" in page


def test_a_double_click_stores_one_request(client, cast):
    client.force_login(cast.member_a1)
    url = reverse("assistance:request_open", args=[cast.team_a.pk])

    client.post(url, _form(cast))
    client.post(url, _form(cast))

    assert TARequest.objects.count() == 1


def test_a_request_without_details_comes_back_with_what_was_typed(client, cast):
    client.force_login(cast.member_a1)

    response = client.post(
        reverse("assistance:request_open", args=[cast.team_a.pk]),
        _form(cast, description="", category="nonsense"),
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Describe what you need." in html
    assert "Choose one of the topics in the list." in html
    assert 'value="Matching call codes"' in html
    assert not TARequest.objects.exists()


def test_a_module_of_another_cohort_is_refused_on_the_form(client, cast):
    client.force_login(cast.member_a1)

    response = client.post(
        reverse("assistance:request_open", args=[cast.team_a.pk]),
        _form(cast, module=module_of(cast.other_cohort, 1).pk),
    )

    assert response.status_code == 400
    assert "Choose a module from the list." in response.content.decode()
    assert not TARequest.objects.exists()


def test_user_text_is_escaped(client, cast):
    request = open_request(cast, title=XSS, description=XSS)
    client.force_login(cast.member_a1)

    for url in (
        reverse("assistance:request", args=[request.pk]),
        reverse("assistance:team_requests", args=[cast.team_a.pk]),
    ):
        html = client.get(url).content.decode()
        assert XSS not in html
        assert "&lt;script&gt;" in html


def test_team_b_never_sees_team_as_requests(client, cast):
    request = open_request(cast)
    client.force_login(cast.member_b)

    assert client.get(reverse("assistance:request", args=[request.pk])).status_code == 404
    listing = client.get(reverse("assistance:team_requests", args=[cast.team_b.pk]))
    assert listing.status_code == 200
    assert "Matching call codes" not in listing.content.decode()
    assert "has not asked for help yet" in listing.content.decode()
    reply = client.post(reverse("assistance:message_post", args=[request.pk]), {"body": "Hi"})
    assert reply.status_code == 404
    assert not request.messages.exists()


@pytest.mark.parametrize("who", ["expert", "outsider"])
def test_the_cohorts_expert_and_other_cohorts_do_not_see_requests(client, cast, who):
    request = open_request(cast)
    client.force_login(getattr(cast, who))

    assert client.get(reverse("assistance:request", args=[request.pk])).status_code == 404
    url = reverse("assistance:team_requests", args=[cast.team_a.pk])
    assert client.get(url).status_code == 404


def test_a_member_replies_and_cannot_assign_or_change_the_status(client, cast):
    request = open_request(cast)
    client.force_login(cast.member_a2)
    page = client.get(reverse("assistance:request", args=[request.pk])).content.decode()
    assert "Post reply" in page and "Change status" not in page

    client.post(reverse("assistance:message_post", args=[request.pk]), {"body": "More *detail*"})
    status = client.post(
        reverse("assistance:request_status", args=[request.pk]), {"status": "closed"}
    )

    assert status.status_code == 404
    request.refresh_from_db()
    assert request.status == TARequest.Status.NEW
    assert request.messages.get().author == cast.member_a2
    html = client.get(reverse("assistance:request", args=[request.pk])).content.decode()
    assert "More <em>detail</em>" in html


def test_an_empty_reply_is_refused(client, cast):
    request = open_request(cast)
    client.force_login(cast.member_a1)

    response = client.post(reverse("assistance:message_post", args=[request.pk]), {"body": " "})

    assert response.status_code == 400
    assert "Write your reply." in response.content.decode()
    assert not request.messages.exists()


def test_the_team_sees_the_reopen_button_on_a_resolved_request_and_reopens_it(client, cast):
    request = open_request(cast)
    TARequest.objects.filter(pk=request.pk).update(
        status="resolved", resolved_at=request.created_at
    )
    client.force_login(cast.member_a1)
    page = client.get(reverse("assistance:request", args=[request.pk])).content.decode()
    assert "Reopen request" in page

    response = client.post(reverse("assistance:request_reopen", args=[request.pk]), follow=True)

    assert "The request is open again." in response.content.decode()
    request.refresh_from_db()
    assert request.status == TARequest.Status.NEW


def test_the_teams_list_keeps_to_a_few_queries(client, cast, django_assert_max_num_queries):
    for number in range(5):
        open_request(cast, title=f"Question {number}")
    client.force_login(cast.member_a1)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("assistance:team_requests", args=[cast.team_a.pk]))

    assert response.content.decode().count("Question ") == 5
