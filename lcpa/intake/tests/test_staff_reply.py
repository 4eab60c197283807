"""Replies from registrants: staff paste or forward a reply into the registration's timeline."""

from datetime import date

import pytest
from django.urls import reverse

from lcpa.intake.models import FollowUp, InterestRegistration
from lcpa.intake.services import registration_merge
from lcpa.intake.tests.test_queries import make_registration


@pytest.fixture
def registration(communities):
    return make_registration(
        jurisdiction_name="Amherst",
        contact_email="pat@amherst.example",
        status=InterestRegistration.Status.CONTACTED,
        follow_up_due_on=date(2026, 12, 8),
    )


def reply_url(registration) -> str:
    return reverse("intake:staff_reply", args=[registration.pk])


def test_the_registration_page_offers_the_reply_form(client, staff, registration, settings):
    settings.PROGRAM_EMAIL = "team@program.example"
    client.force_login(staff)
    page = client.get(reverse("intake:staff_registration", args=[registration.pk]))
    page = page.content.decode()
    assert "Add a reply from the registrant" in page
    assert "Replies go to the program's inbox, team@program.example" in page
    assert 'name="sender" value="pat@amherst.example"' in page
    assert 'name="received_on" value="2026-12-01"' in page


def test_staff_add_a_reply_and_it_shows_as_received(client, staff, registration):
    client.force_login(staff)
    response = client.post(
        reply_url(registration),
        {
            "sender": "Pat <pat@amherst.example>",
            "received_on": "2026-11-30",
            "text": "Thanks! Our <b>fire chief</b> will join.",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0].endswith("#timeline")
    page = response.content.decode()
    assert "The reply is on the timeline." in page
    timeline = page[page.index('id="timeline-heading"') :]
    assert "Received</span> Reply from" in timeline
    assert "Pat &lt;pat@amherst.example&gt;" in timeline
    assert 'Received <time datetime="2026-11-30">Nov 30, 2026</time>' in timeline
    assert "Thanks! Our &lt;b&gt;fire chief&lt;/b&gt; will join." in timeline
    reply = registration.follow_ups.get()
    assert (reply.kind, reply.received_from, reply.received_on, reply.recorded_by) == (
        FollowUp.Kind.REPLY,
        "Pat <pat@amherst.example>",
        date(2026, 11, 30),
        staff,
    )
    assert reply.history.first().history_user == staff
    # a reply is not staff contact: status, follow-up times and due date stay
    registration.refresh_from_db()
    assert registration.status == InterestRegistration.Status.CONTACTED
    assert registration.follow_up_due_on == date(2026, 12, 8)
    assert registration.last_followed_up_at is None


def test_a_reply_needs_a_sender_a_text_and_a_date_not_in_the_future(client, staff, registration):
    client.force_login(staff)
    response = client.post(
        reply_url(registration), {"sender": "", "received_on": "2026-12-02", "text": "Kept text"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "What you sent was not saved" in page
    assert "The date the reply arrived cannot be in the future." in page
    assert "Kept text" in page
    response = client.post(reply_url(registration), {"sender": "Pat", "received_on": "2026-12-01"})
    assert response.status_code == 400
    assert not registration.follow_ups.exists()


def test_a_reply_cannot_be_recorded_as_a_staff_follow_up(client, staff, registration):
    client.force_login(staff)
    response = client.post(
        reverse("intake:staff_followup", args=[registration.pk]),
        {"kind": "reply", "summary": "Pretend reply", "status_to": "contacted"},
    )
    assert response.status_code == 400
    assert not registration.follow_ups.exists()


def test_a_merged_registration_takes_no_reply(client, staff, registration):
    other = make_registration(jurisdiction_name="Amherst")
    registration_merge(source=registration, target=other, by=staff)
    client.force_login(staff)
    response = client.post(
        reply_url(registration), {"sender": "Pat", "received_on": "2026-12-01", "text": "Hi"}
    )
    assert response.status_code == 400
    assert "add the reply there" in response.content.decode()
    assert not registration.follow_ups.filter(kind=FollowUp.Kind.REPLY).exists()


def test_people_who_are_not_staff_cannot_add_a_reply(client, cast, registration):
    for person in (cast.member_a1, cast.outsider, cast.expert):
        client.force_login(person)
        response = client.post(
            reply_url(registration), {"sender": "Pat", "received_on": "2026-12-01", "text": "Hi"}
        )
        assert response.status_code == 404
    assert not registration.follow_ups.exists()
