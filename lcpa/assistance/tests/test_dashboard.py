"""The staff TA dashboard and its CSV, on a small set of requests whose times are known."""

import csv
import io
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from lcpa.assistance.dashboard import timing
from lcpa.assistance.models import TARequest, TASurvey
from lcpa.assistance.services import (
    ta_message_post,
    ta_request_assign,
    ta_request_status_change,
    ta_survey_answer,
)
from lcpa.assistance.tests.helpers import open_request

pytestmark = pytest.mark.django_db

NY = ZoneInfo("America/New_York")
DASHBOARD = reverse("assistance:staff_ta_dashboard")
EXPORT = reverse("assistance:staff_ta_export")
NOW = datetime(2027, 2, 1, 16, tzinfo=NY)  # a Monday afternoon


def at(month, day, hour) -> datetime:
    return datetime(2027, month, day, hour, tzinfo=NY)


def handled(cast, *, title, urgency, opened, answered, resolved, by) -> TARequest:
    with time_machine.travel(opened, tick=False):
        request = open_request(cast, title=title, urgency=urgency)
        ta_request_assign(request=request, by=cast.staff, assignee=by)
    with time_machine.travel(answered, tick=False):
        ta_message_post(
            submission_key=uuid.uuid4(), request=request, by=by, body="Here.", from_team=False
        )
    with time_machine.travel(resolved, tick=False):
        return ta_request_status_change(request=request, by=by, status="resolved")


@pytest.fixture
def known(cast):
    """January: three requests answered in 2, 12 and 6 business hours and resolved in 4, 24 and
    16; one urgent request opened on the dashboard's day, past its 4-hour first response."""
    routine, urgent = TARequest.Urgency.ROUTINE, TARequest.Urgency.URGENT
    one = handled(
        cast, title="One", urgency=routine, opened=at(1, 4, 9), answered=at(1, 4, 11),
        resolved=at(1, 4, 13), by=cast.ta_provider,
    )  # fmt: skip
    two = handled(
        cast, title="Two", urgency=routine, opened=at(1, 4, 9), answered=at(1, 5, 13),
        resolved=at(1, 6, 17), by=cast.staff,
    )  # fmt: skip
    handled(
        cast, title="Three", urgency=urgent, opened=at(1, 11, 9), answered=at(1, 11, 15),
        resolved=at(1, 12, 17), by=cast.ta_provider,
    )  # fmt: skip
    with time_machine.travel(at(2, 1, 9), tick=False):
        open_request(cast, title="Late one", urgency=urgent)
    surveys = {survey.request.title: survey for survey in TASurvey.objects.all()}
    with time_machine.travel(at(1, 20, 9), tick=False):
        ta_survey_answer(survey=surveys["One"], rating=5)
        ta_survey_answer(survey=surveys["Two"], rating=2)
    return one, two


def test_the_90th_percentile_is_the_linear_one():
    assert timing([(2, 16), (12, 16), (6, 4)]) == timing([(6, 4), (2, 16), (12, 16)])
    figures = timing([(2, 16), (12, 16), (6, 4)])
    assert (figures.count, figures.median, figures.within_target) == (3, 6, 2)
    assert figures.p90 == pytest.approx(10.8)
    assert timing([(5, 4)]).p90 == 5
    assert timing([]).median is None


def test_the_dashboard_shows_times_against_targets_by_month_and_satisfaction(client, cast, known):
    with time_machine.travel(NOW, tick=False):
        client.force_login(cast.staff)
        page = client.get(DASHBOARD).content.decode()
    january = page[page.index("January 2027") : page.index("February 2027")]
    # First responses 2, 12 and 6 hours (2 within target); resolutions 4, 24, 16 (all within).
    for figure in ["6.0 h", "10.8 h", "2 (67 %)", "16.0 h", "22.4 h", "3 (100 %)", "(few)"]:
        assert figure in january
    assert "<h2>Open requests: 1</h2>" in page
    assert "<h2>Past a target: 1</h2>" in page and "Late one" in page
    # Satisfaction is credited to who resolved each request.
    rows = page[page.index("<h2>Satisfaction</h2>") :]
    assert f'data-label="Resolved by">{cast.ta_provider}</th>' in rows
    assert '<td data-label="Mean rating (1 to 5)">5.0</td>' in rows
    assert '<td data-label="Mean rating (1 to 5)">2.0</td>' in rows
    assert '<td data-label="Mean rating (1 to 5)">3.5</td>' in rows  # everyone


def test_the_csv_has_one_row_per_request_with_its_targets(client, cast, known):
    with time_machine.travel(NOW, tick=False):
        client.force_login(cast.staff)
        response = client.get(EXPORT)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_title = {row["id"]: row for row in rows}
    one, two = known
    assert len(rows) == 4
    assert by_title[str(one.pk)]["first_response_business_hours"] == "2.0"
    assert by_title[str(one.pk)]["resolution_state"] == "Met"
    assert by_title[str(one.pk)]["satisfaction_rating"] == "5"
    assert by_title[str(two.pk)]["resolved_by"] == str(cast.staff)
    assert by_title[str(two.pk)]["opened_at"] == "2027-01-04 09:00"
    states = sorted(row["first_response_state"] for row in rows)
    assert states == ["Met", "Met", "Missed", "Overdue"]


def test_the_dashboard_is_for_staff_only(client, cast, known):
    for person in (cast.member_a1, cast.ta_provider):
        client.force_login(person)
        assert client.get(DASHBOARD).status_code == 404
        assert client.get(EXPORT).status_code == 404


def test_the_dashboard_costs_the_same_queries_however_many_requests(
    client, cast, known, django_assert_max_num_queries
):
    for index in range(15):
        open_request(cast, title=f"More {index}")
    client.force_login(cast.staff)
    with django_assert_max_num_queries(10):
        assert client.get(DASHBOARD).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(EXPORT).status_code == 200
