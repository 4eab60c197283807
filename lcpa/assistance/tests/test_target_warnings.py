"""Staff and the assignee are warned, once per target, before a target is missed."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from lcpa.assistance.models import TARequest, TATargetWarning
from lcpa.assistance.services import ta_request_assign, ta_request_status_change
from lcpa.assistance.tests.helpers import open_request
from lcpa.notifications.models import Notification

pytestmark = pytest.mark.django_db

NY = ZoneInfo("America/New_York")


def at(day, hour, minute=0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=NY)


def run(moment: datetime) -> str:
    out = StringIO()
    with time_machine.travel(moment, tick=False):
        call_command("send_ta_target_warnings", stdout=out)
    return out.getvalue().strip()


def test_a_warning_goes_out_once_when_three_quarters_of_the_hours_are_used(cast):
    with time_machine.travel(at(1, 9), tick=False):  # Tuesday
        request = open_request(cast, urgency=TARequest.Urgency.URGENT)  # 4 hours to respond
        ta_request_assign(request=request, by=cast.staff, assignee=cast.ta_provider)

    assert run(at(1, 11)) == "Sent 0 target warnings."  # 2 of 4 hours
    assert run(at(1, 12, 5)) == "Sent 1 target warning."  # past 3 hours
    assert run(at(1, 12, 30)) == "Sent 0 target warnings."
    assert run(at(1, 16)) == "Sent 0 target warnings."  # missed now, but already warned

    warned = Notification.objects.filter(kind="overdue")
    assert sorted(n.user.email for n in warned) == sorted(
        [cast.staff.email, cast.ta_provider.email]
    )
    assert {n.title for n in warned} == {"First response due soon: Matching call codes"}
    assert {n.kind for n in warned} == {"overdue"}
    assert TATargetWarning.objects.get().target == "first_response"


def test_no_warning_while_the_request_waits_on_the_team_or_once_it_is_resolved(cast):
    with time_machine.travel(at(1, 9), tick=False):
        waiting = open_request(cast, urgency=TARequest.Urgency.URGENT, title="Waiting")
        ta_request_status_change(request=waiting, by=cast.staff, status="waiting_on_team")
        done = open_request(cast, urgency=TARequest.Urgency.URGENT, title="Done")
        ta_request_status_change(request=done, by=cast.staff, status="resolved")
    assert run(at(3, 16)) == "Sent 0 target warnings."
    assert not Notification.objects.filter(kind="overdue").exists()


def test_the_resolution_target_is_warned_about_separately(cast):
    with time_machine.travel(at(1, 9), tick=False):
        open_request(cast, urgency=TARequest.Urgency.URGENT)  # resolution: 16 hours
    run(at(1, 12, 5))
    assert run(at(2, 14)) == "Sent 1 target warning."  # 13 of 16 hours
    assert sorted(TATargetWarning.objects.values_list("target", flat=True)) == [
        "first_response",
        "resolution",
    ]
    titles = set(Notification.objects.values_list("title", flat=True))
    assert "Resolution due soon: Matching call codes" in titles
