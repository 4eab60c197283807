"""Service targets count business hours (9:00 to 17:00 Eastern, business days only) from the
moment a request is opened, stand still while it waits on the team, and show on its page."""

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from lcpa.assistance.models import TARequest
from lcpa.assistance.services import (
    ta_message_post,
    ta_request_reopen,
    ta_request_status_change,
)
from lcpa.assistance.targets import State, target_statuses
from lcpa.assistance.tests.helpers import open_request
from lcpa.core.business_calendar import business_calendar
from lcpa.core.services import closure_day_add

pytestmark = pytest.mark.django_db

NY = ZoneInfo("America/New_York")
Status = TARequest.Status
Urgency = TARequest.Urgency


def at(year, month, day, hour, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=NY)


def opened(cast, moment: datetime, urgency: str) -> TARequest:
    with time_machine.travel(moment, tick=False):
        return open_request(cast, urgency=urgency)


def statuses(request: TARequest, moment: datetime) -> dict:
    request.refresh_from_db()
    return {s.target: s for s in target_statuses(request, business_calendar(), moment)}


def reply(cast, request, moment, *, by=None, from_team=False):
    with time_machine.travel(moment, tick=False):
        ta_message_post(
            submission_key=uuid.uuid4(),
            request=request,
            by=by or cast.ta_provider,
            body="An answer.",
            from_team=from_team,
        )


def move(cast, request, moment, status):
    with time_machine.travel(moment, tick=False):
        return ta_request_status_change(request=request, by=cast.ta_provider, status=status)


def test_an_urgent_request_opened_on_friday_afternoon_is_due_on_monday_morning(cast):
    request = opened(cast, at(2027, 1, 8, 15), Urgency.URGENT)  # 4 business hours
    first = statuses(request, at(2027, 1, 8, 16))["first_response"]
    assert first.due_at == at(2027, 1, 11, 11)
    assert first.state == State.ON_TRACK
    reply(cast, request, at(2027, 1, 11, 10, 30))
    first = statuses(request, at(2027, 1, 12, 9))["first_response"]
    assert (first.state, first.used_hours) == (State.MET, 3.5)


def test_a_federal_holiday_and_a_closure_day_push_the_due_time(cast):
    # Time-sensitive: 8 business hours. Friday 16:00, then MLK Day (Monday the 18th).
    request = opened(cast, at(2027, 1, 15, 16), Urgency.TIME_SENSITIVE)
    assert statuses(request, at(2027, 1, 15, 16))["first_response"].due_at == at(2027, 1, 19, 16)
    closure_day_add(day=at(2027, 1, 19, 0).date(), reason="Staff retreat", by=cast.staff)
    assert statuses(request, at(2027, 1, 15, 16))["first_response"].due_at == at(2027, 1, 20, 16)


def test_the_due_time_follows_the_local_clock_across_the_spring_daylight_saving_change(cast):
    request = opened(cast, at(2027, 3, 12, 15), Urgency.URGENT)
    assert statuses(request, at(2027, 3, 12, 15))["first_response"].due_at == at(2027, 3, 15, 11)


def test_the_clock_stands_still_while_the_request_waits_on_the_team(cast):
    request = opened(cast, at(2027, 1, 4, 9), Urgency.ROUTINE)  # Monday; resolution: 80 hours
    reply(cast, request, at(2027, 1, 4, 11))
    move(cast, request, at(2027, 1, 5, 9), Status.WAITING_ON_TEAM)  # 8 hours counted
    waiting = statuses(request, at(2027, 1, 6, 15))["resolution"]
    assert (waiting.state, waiting.used_hours, waiting.due_at) == (State.PAUSED, 8, None)
    # The team answers on Thursday morning: back in progress, 16 hours later.
    reply(cast, request, at(2027, 1, 7, 9), by=cast.member_a1, from_team=True)
    request.refresh_from_db()
    assert request.status == Status.IN_PROGRESS
    assert request.paused_hours == 16
    running = statuses(request, at(2027, 1, 7, 13))["resolution"]
    assert running.used_hours == 12
    assert running.due_at == business_calendar().add_business_hours(at(2027, 1, 4, 9), 96)
    move(cast, request, at(2027, 1, 7, 13), Status.RESOLVED)
    request.refresh_from_db()
    assert (request.first_response_hours, request.resolution_hours) == (2, 12)


def test_a_missed_target_shows_as_overdue_on_the_request_and_in_the_staff_queue(client, cast):
    request = opened(cast, at(2026, 11, 30, 9), Urgency.URGENT)  # 4 hours, on Monday
    client.force_login(cast.staff)  # the clock stands at Tuesday 10:00: 9 hours counted
    page = client.get(reverse("assistance:request", args=[request.pk])).content.decode()
    assert "Service targets" in page
    assert "lc-target-tag--breached" in page and "Overdue" in page
    assert "9.0 business hours counted so far" in page
    queue = client.get(reverse("assistance:staff_queue")).content.decode()
    assert "First response: overdue" in queue


def test_a_reopened_request_counts_on_from_where_it_stopped(cast):
    request = opened(cast, at(2027, 1, 4, 9), Urgency.ROUTINE)
    move(cast, request, at(2027, 1, 4, 13), Status.RESOLVED)
    request.refresh_from_db()
    assert (request.first_response_hours, request.resolution_hours) == (4, 4)
    with time_machine.travel(at(2027, 1, 6, 9), tick=False):
        ta_request_reopen(request=request, by=cast.member_a1)
    resolution = statuses(request, at(2027, 1, 6, 11))["resolution"]
    assert (resolution.state, resolution.used_hours) == (State.ON_TRACK, 6)


def test_the_queue_costs_the_same_queries_however_many_requests(
    client, cast, django_assert_max_num_queries
):
    for index in range(12):
        open_request(cast, title=f"Request {index}")
    client.force_login(cast.staff)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("assistance:staff_queue")).content.decode()
    assert page.count("First response:") == 12
