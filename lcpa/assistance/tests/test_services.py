import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from lcpa.accounts.models import User
from lcpa.assistance.models import TARequest
from lcpa.assistance.services import (
    ta_message_post,
    ta_request_assign,
    ta_request_reopen,
    ta_request_status_change,
)
from lcpa.assistance.tests.helpers import open_request
from lcpa.notifications.kinds import Kind
from lcpa.notifications.models import Notification, OutboundEmail
from lcpa.testing import NOW, make_user, module_of

pytestmark = pytest.mark.django_db

Status = TARequest.Status


def test_opening_twice_with_the_same_key_stores_one_request(cast):
    key = uuid.uuid4()
    first = open_request(cast, submission_key=key)
    second = open_request(cast, submission_key=key, title="Changed")

    assert first.pk == second.pk
    assert TARequest.objects.get().title == "Matching call codes"
    assert first.status == Status.NEW
    assert first.history.get().history_user == cast.member_a1


def test_a_module_of_another_cohort_is_refused(cast):
    with pytest.raises(ValidationError):
        open_request(cast, module=module_of(cast.other_cohort, 1))

    assert not TARequest.objects.exists()


def test_assigning_a_ta_provider_of_the_cohort_triages_it_and_tells_them(cast):
    request = open_request(cast)

    request = ta_request_assign(request=request, by=cast.staff, assignee=cast.ta_provider)

    assert (request.assigned_to, request.status) == (cast.ta_provider, Status.TRIAGED)
    told = Notification.objects.get()
    assert (told.user, told.kind) == (cast.ta_provider, Kind.TA_UPDATE)
    assert "Matching call codes" in told.title
    assert told.url == f"/ta-requests/{request.pk}/"
    assert f"/ta-requests/{request.pk}/" in told.email_body
    assert request.history.latest().history_user == cast.staff


def test_nobody_is_told_when_a_provider_takes_a_request_themselves(cast):
    request = open_request(cast)

    ta_request_assign(request=request, by=cast.ta_provider, assignee=cast.ta_provider)

    assert not Notification.objects.exists()


@pytest.mark.parametrize("who", ["other_provider", "expert", "member_a1"])
def test_only_the_cohorts_ta_providers_and_staff_can_be_assigned(cast, who):
    request = open_request(cast)
    people = {
        "other_provider": make_user("ta2@test.example", User.Role.TA_PROVIDER),
        "expert": cast.expert,
        "member_a1": cast.member_a1,
    }

    with pytest.raises(ValidationError):
        ta_request_assign(request=request, by=cast.staff, assignee=people[who])

    request.refresh_from_db()
    assert request.assigned_to is None and request.status == Status.NEW


def test_resolving_records_when_and_tells_the_team(cast):
    request = open_request(cast)

    request = ta_request_status_change(request=request, by=cast.ta_provider, status=Status.RESOLVED)

    assert timedelta(0) <= request.resolved_at - NOW < timedelta(minutes=1)
    assert request.resolved_by == cast.ta_provider
    told = Notification.objects.filter(title__startswith="Your TA request is resolved")
    assert sorted(n.user.email for n in told) == [cast.member_a1.email, cast.member_a2.email]
    assert all("reopen it within 14 days" in n.email_body for n in told)
    # the survey's single-use link goes straight to the requester, never into a notification
    [survey] = OutboundEmail.objects.all()
    assert survey.to == [cast.member_a1.email]
    assert not Notification.objects.filter(email_body__contains="/ta-survey/").exists()


def test_a_reply_from_the_provider_goes_to_the_team_and_one_from_the_team_to_the_assignee(cast):
    request = ta_request_assign(
        request=open_request(cast), by=cast.ta_provider, assignee=cast.ta_provider
    )

    ta_message_post(
        submission_key=uuid.uuid4(),
        request=request,
        by=cast.ta_provider,
        body="Try this.",
        from_team=False,
    )
    ta_message_post(
        submission_key=uuid.uuid4(),
        request=request,
        by=cast.member_a1,
        body="Thanks!",
        from_team=True,
    )

    told = {n.user.email: n for n in Notification.objects.all()}
    assert set(told) == {cast.member_a1.email, cast.member_a2.email, cast.ta_provider.email}
    assert "Try this." in told[cast.member_a2.email].email_body
    assert told[cast.ta_provider.email].title == "The team replied: Matching call codes"
    assert "Thanks!" in told[cast.ta_provider.email].email_body
    assert request.messages.count() == 2


def test_the_team_reopens_within_fourteen_days_of_resolution(cast, time_machine):
    request = ta_request_assign(request=open_request(cast), by=cast.staff, assignee=cast.staff)
    ta_request_status_change(request=request, by=cast.staff, status=Status.RESOLVED)
    time_machine.move_to(NOW + timedelta(days=13, hours=23))

    request = ta_request_reopen(request=request, by=cast.member_a2)

    assert (request.status, request.resolved_at) == (Status.IN_PROGRESS, None)
    assert request.history.latest().history_user == cast.member_a2


def test_a_request_resolved_more_than_fourteen_days_ago_cannot_be_reopened(cast, time_machine):
    request = ta_request_status_change(
        request=open_request(cast), by=cast.staff, status=Status.RESOLVED
    )
    time_machine.move_to(NOW + timedelta(days=14, hours=1))

    with pytest.raises(ValidationError, match="within 14 days"):
        ta_request_reopen(request=request, by=cast.member_a1)

    request.refresh_from_db()
    assert request.status == Status.RESOLVED


def test_an_open_request_cannot_be_reopened(cast):
    with pytest.raises(ValidationError, match="still open"):
        ta_request_reopen(request=open_request(cast), by=cast.member_a1)
