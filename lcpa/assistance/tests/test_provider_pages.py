"""TA providers and staff work on requests: their list, the staff queue, assigning, statuses."""

from datetime import timedelta

import pytest
from django.urls import reverse

from lcpa.accounts.models import User
from lcpa.assistance.models import TARequest
from lcpa.assistance.services import ta_request_assign
from lcpa.assistance.tests.helpers import open_request
from lcpa.cohorts.models import Membership
from lcpa.notifications.models import Notification, OutboundEmail
from lcpa.testing import NOW, make_user

pytestmark = pytest.mark.django_db


def _other_cohort_request(cast) -> TARequest:
    return open_request(cast, team=cast.other_team, by=cast.outsider, title="Redmond question")


def test_a_provider_sees_their_requests_first_then_unassigned_ones_of_their_cohorts(client, cast):
    mine = ta_request_assign(
        request=open_request(cast, title="Assigned one"), by=cast.staff, assignee=cast.ta_provider
    )
    open_request(cast, title="Waiting one", by=cast.member_b, team=cast.team_b)
    _other_cohort_request(cast)
    client.force_login(cast.ta_provider)

    html = client.get(reverse("assistance:my_requests")).content.decode()

    assert html.index("Assigned one") < html.index("Not assigned yet") < html.index("Waiting one")
    assert "Redmond question" not in html
    assert reverse("assistance:request", args=[mine.pk]) in html


def test_a_provider_assigns_themselves_and_resolves_a_request(client, cast):
    request = open_request(cast)
    client.force_login(cast.ta_provider)

    client.post(
        reverse("assistance:request_assign", args=[request.pk]),
        {"assignee": cast.ta_provider.pk},
    )
    response = client.post(
        reverse("assistance:request_status", args=[request.pk]), {"status": "resolved"}, follow=True
    )

    assert "The status is now “Resolved”." in response.content.decode()
    request.refresh_from_db()
    assert (request.assigned_to, request.status) == (cast.ta_provider, "resolved")
    assert request.resolved_at is not None
    # the satisfaction survey, to the requester, at once; the team hears in the notifications
    [survey] = OutboundEmail.objects.all()
    assert survey.subject.startswith("One question about your TA request")
    titles = Notification.objects.values_list("title", flat=True)
    assert {title.split(":")[0] for title in titles} == {"Your TA request is resolved"}
    assert [row.status for row in request.history.order_by("history_id")] == [
        "new",
        "triaged",
        "resolved",
    ]


def test_a_bad_choice_of_assignee_changes_nothing_and_says_why(client, cast):
    request = open_request(cast)
    outside_provider = make_user("ta2@test.example", User.Role.TA_PROVIDER)
    client.force_login(cast.staff)

    response = client.post(
        reverse("assistance:request_assign", args=[request.pk]),
        {"assignee": outside_provider.pk},
    )

    assert response.status_code == 400
    assert "Choose a person from the list." in response.content.decode()
    request.refresh_from_db()
    assert request.assigned_to is None
    assert not OutboundEmail.objects.exists()


def test_a_provider_who_does_not_serve_the_cohort_gets_404(client, cast):
    request = open_request(cast)
    client.force_login(make_user("ta2@test.example", User.Role.TA_PROVIDER))

    assert client.get(reverse("assistance:request", args=[request.pk])).status_code == 404
    status = client.post(
        reverse("assistance:request_status", args=[request.pk]), {"status": "closed"}
    )
    assert status.status_code == 404
    request.refresh_from_db()
    assert request.status == "new"


def test_a_provider_replying_is_not_counted_as_the_team(client, cast):
    request = open_request(cast)
    client.force_login(cast.ta_provider)

    client.post(reverse("assistance:message_post", args=[request.pk]), {"body": "Here is a guide."})

    told = Notification.objects.all()
    assert sorted(n.user.email for n in told) == [cast.member_a1.email, cast.member_a2.email]
    assert all("Here is a guide." in n.email_body for n in told)


def test_team_members_and_experts_have_no_provider_list(client, cast):
    for person in (cast.member_a1, cast.expert):
        client.force_login(person)
        assert client.get(reverse("assistance:my_requests")).status_code == 404


def test_the_staff_queue_lists_every_request_oldest_first_and_filters(client, cast, time_machine):
    time_machine.move_to(NOW + timedelta(hours=1))
    _other_cohort_request(cast)
    time_machine.move_to(NOW)  # opened before it, although stored after it
    first = open_request(cast, title="First question")
    ta_request_assign(request=first, by=cast.staff, assignee=cast.ta_provider)
    client.force_login(cast.staff)
    url = reverse("assistance:staff_queue")

    html = client.get(url).content.decode()
    assert html.index("First question") < html.index("Redmond question")
    assert 'aria-current="page">TA requests</a>' in html

    triaged = client.get(url, {"status": "triaged"}).content.decode()
    assert "First question" in triaged and "Redmond question" not in triaged
    other = client.get(url, {"cohort": cast.other_cohort.pk}).content.decode()
    assert "Redmond question" in other and "First question" not in other


def test_the_queue_keeps_to_a_few_queries(client, cast, django_assert_max_num_queries):
    for number in range(6):
        open_request(cast, title=f"Question {number}")
    client.force_login(cast.staff)

    with django_assert_max_num_queries(14):
        response = client.get(reverse("assistance:staff_queue"))

    assert response.content.decode().count("Question ") == 6


def test_a_removed_member_no_longer_sees_the_teams_requests(client, cast):
    request = open_request(cast)
    Membership.objects.filter(user=cast.member_a2).update(removed_at=request.created_at)
    client.force_login(cast.member_a2)

    assert client.get(reverse("assistance:request", args=[request.pk])).status_code == 404


def test_a_provider_sees_the_teams_of_the_cohorts_they_serve_with_open_requests(
    client, cast, django_assert_max_num_queries
):
    open_request(cast, title="One")
    open_request(cast, title="Two")
    _other_cohort_request(cast)
    client.force_login(cast.ta_provider)
    with django_assert_max_num_queries(12):
        html = client.get(reverse("assistance:my_requests")).content.decode()
    teams = html[html.index("Teams you support") :]
    assert "Amherst team" in teams and cast.team_b.name in teams
    assert "Redmond team" not in teams
    assert '<td data-label="Open requests">2</td>' in teams
    assert reverse("assistance:team_requests", args=[cast.team_a.pk]) in teams
