"""The next follow-up date staff promise is the due date, and an email leaves it alone unless
staff ask for a new one on the email form. (The clock stands at Tuesday 1 December 2026.)"""

from datetime import date

import pytest
from django.urls import reverse

from lcpa.intake.models import FollowUp, InterestRegistration
from lcpa.intake.tests.test_queries import make_registration
from lcpa.notifications.models import OutboundEmail
from lcpa.testing import make_staff

DECEMBER_8 = date(2026, 12, 8)
DECEMBER_10 = date(2026, 12, 10)


@pytest.fixture
def staff(db):
    return make_staff()


@pytest.fixture
def registration(communities):
    return make_registration(
        jurisdiction_name="Amherst",
        contact_email="pat@amherst.example",
        submitted_on=date(2026, 11, 20),
    )


def _promise(client, registration, day: date):
    return client.post(
        reverse("intake:staff_followup", args=[registration.pk]),
        {
            "kind": "call",
            "summary": "They will send the member list.",
            "status_to": "in_conversation",
            "next_follow_up_on": day.isoformat(),
        },
        follow=True,
    )


def _email(client, registration, **extra):
    return client.post(
        reverse("intake:staff_email", args=[registration.pk]),
        {"subject": "Your team list", "body": "Thanks for the call.", **extra},
        follow=True,
    )


def test_the_promised_date_is_the_follow_up_date(client, staff, registration):
    client.force_login(staff)
    page = _promise(client, registration, DECEMBER_8).content.decode()
    registration.refresh_from_db()
    assert registration.follow_up_due_on == DECEMBER_8
    assert "<dt>Follow up by</dt><dd>Tuesday, December 8, 2026</dd>" in page


def test_an_email_keeps_the_promised_date(client, staff, registration):
    client.force_login(staff)
    _promise(client, registration, DECEMBER_8)
    page = _email(client, registration).content.decode()
    registration.refresh_from_db()
    assert registration.follow_up_due_on == DECEMBER_8
    assert "<dt>Follow up by</dt><dd>Tuesday, December 8, 2026</dd>" in page
    assert registration.follow_ups.filter(kind=FollowUp.Kind.EMAIL).get().next_follow_up_on is None


def test_an_email_to_a_new_registration_keeps_its_first_due_date(client, staff, registration):
    client.force_login(staff)
    first_due = registration.follow_up_due_on
    # Ten business days after Friday 20 November, Thanksgiving (the 26th) not counted.
    assert first_due == date(2026, 12, 7)
    _email(client, registration)
    registration.refresh_from_db()
    assert registration.status == InterestRegistration.Status.CONTACTED
    assert registration.follow_up_due_on == first_due


def test_staff_may_set_a_new_date_when_they_send_an_email(client, staff, registration):
    client.force_login(staff)
    _promise(client, registration, DECEMBER_8)
    page = _email(client, registration, next_follow_up_on=DECEMBER_10.isoformat())
    page = page.content.decode()
    registration.refresh_from_db()
    assert registration.follow_up_due_on == DECEMBER_10
    assert "<dt>Follow up by</dt><dd>Thursday, December 10, 2026</dd>" in page
    assert "Next step promised for Dec 10, 2026" in page
    email_entry = registration.follow_ups.get(kind=FollowUp.Kind.EMAIL)
    assert email_entry.next_follow_up_on == DECEMBER_10


def test_a_next_date_in_the_past_is_refused_and_nothing_is_sent(client, staff, registration):
    client.force_login(staff)
    _promise(client, registration, DECEMBER_8)
    response = _email(client, registration, next_follow_up_on="2026-11-30")
    assert response.status_code == 400
    page = response.content.decode()
    assert "The next follow-up date cannot be in the past." in page
    assert "Thanks for the call." in page  # what was typed is kept
    assert not OutboundEmail.objects.exists()
    registration.refresh_from_db()
    assert registration.follow_up_due_on == DECEMBER_8


def test_a_follow_up_date_in_the_past_is_refused(client, staff, registration):
    client.force_login(staff)
    due = registration.follow_up_due_on
    response = _promise(client, registration, date(2026, 11, 2))
    assert response.status_code == 400
    assert "The next follow-up date cannot be in the past." in response.content.decode()
    registration.refresh_from_db()
    assert registration.follow_up_due_on == due
    assert not registration.follow_ups.exists()
