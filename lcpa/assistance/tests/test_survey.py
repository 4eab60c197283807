"""When a request is resolved its requester gets a one-question survey: a private link that
works once, for 28 days, without signing in, credited to whoever resolved the request."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from lcpa.assistance.models import TARequest, TASurvey
from lcpa.assistance.services import ta_request_assign, ta_request_status_change
from lcpa.assistance.tests.helpers import open_request
from lcpa.testing import NOW, link_in_email, tables_containing

pytestmark = pytest.mark.django_db

PREFIX = reverse("assistance:survey", args=["0" * 43]).split("0" * 43)[0]


def resolved(cast) -> tuple[TARequest, str]:
    request = ta_request_assign(
        request=open_request(cast), by=cast.staff, assignee=cast.ta_provider
    )
    request = ta_request_status_change(
        request=request, by=cast.ta_provider, status=TARequest.Status.RESOLVED
    )
    return request, link_in_email(PREFIX, to=cast.member_a1.email)


def test_the_requester_answers_once_without_signing_in(client, cast):
    request, link = resolved(cast)
    page = client.get(link).content.decode()
    assert "How satisfied are you with the help you got on this request?" in page
    assert "Matching call codes" in page

    response = client.post(link, {"rating": "4"})
    assert response.status_code == 200
    assert "Thank you: your answer is recorded (satisfied)" in response.content.decode()
    survey = TASurvey.objects.get()
    assert (survey.rating, survey.resolved_by, survey.request) == (4, cast.ta_provider, request)

    again = client.post(link, {"rating": "1"})
    assert again.status_code == 410
    survey.refresh_from_db()
    assert survey.rating == 4


def test_the_raw_link_is_never_stored(client, cast):
    _request, link = resolved(cast)
    token = link.removeprefix(PREFIX).strip("/")
    assert tables_containing(token) == ["notifications_outboundemail"]  # until it is sent


def test_the_survey_stays_credited_to_who_resolved_it_after_reassignment(client, cast):
    request, link = resolved(cast)
    ta_request_assign(request=request, by=cast.staff, assignee=cast.staff)
    client.post(link, {"rating": "5"})
    assert TASurvey.objects.get().resolved_by == cast.ta_provider


def test_the_survey_closes_after_28_days(client, cast):
    _request, link = resolved(cast)
    with time_machine.travel(NOW + timedelta(days=28, hours=1), tick=False):
        page = client.get(link).content.decode()
        assert "This survey has closed" in page
        assert client.post(link, {"rating": "5"}).status_code == 410
    assert TASurvey.objects.get().answered_at is None
    with time_machine.travel(NOW + timedelta(days=27), tick=False):
        assert client.post(link, {"rating": "5"}).status_code == 200


def test_an_empty_answer_or_a_wrong_link_is_refused(client, cast):
    _request, link = resolved(cast)
    empty = client.post(link, {})
    assert empty.status_code == 400
    assert "Choose how satisfied you are." in empty.content.decode()
    assert client.get(PREFIX + "x" * 43 + "/").status_code == 404
    assert client.get(PREFIX + "short/").status_code == 404


def test_each_resolution_sends_a_new_survey(cast):
    request, _link = resolved(cast)
    ta_request_status_change(request=request, by=cast.ta_provider, status="in_progress")
    ta_request_status_change(request=request, by=cast.staff, status="resolved")
    assert [survey.resolved_by for survey in TASurvey.objects.order_by("pk")] == [
        cast.ta_provider,
        cast.staff,
    ]
