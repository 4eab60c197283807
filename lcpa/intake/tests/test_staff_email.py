"""Staff email registrants from the registration page with saved templates; it is logged."""

import pytest
from django.core import mail
from django.urls import reverse

from lcpa.intake.models import EmailTemplate, FollowUp, InterestRegistration
from lcpa.intake.services import email_fill_in, registration_email_send
from lcpa.intake.tests.test_queries import make_registration
from lcpa.notifications.models import OutboundEmail
from lcpa.testing import run_due_tasks


@pytest.fixture
def registration(communities):
    return make_registration(
        jurisdiction_name="Redmond",
        state="WA",
        contact_name="Pat Contact",
        contact_email="pat@redmond.example",
    )


@pytest.fixture
def template(db):
    return EmailTemplate.objects.create(
        name="First call",
        subject="Your interest in the learning communities, $jurisdiction",
        body="Dear $contact_name,\n\nSee where things stand: $status_link\n\n$staff_name\n"
        "Costs $5 and $unknown stays.",
    )


def test_placeholders_are_filled_in_and_unknown_ones_left_alone(staff, registration):
    text = email_fill_in(
        "Hi $contact_name of $jurisdiction: $status_link, $staff_name, $other, 5$",
        registration=registration,
        by=staff,
    )
    # $status_link waits for the email to be sent: a new link is made then (only its digest
    # is stored, so there is no link to fill in before).
    assert text == "Hi Pat Contact of Redmond, WA: $status_link, Robin Staff, $other, 5$"


def test_picking_a_template_fills_in_the_form(client, staff, registration, template):
    client.force_login(staff)
    url = reverse("intake:staff_registration", args=[registration.pk])
    page = client.get(url, {"template": template.pk}).content.decode()
    assert 'value="Your interest in the learning communities, Redmond, WA"' in page
    assert "Dear Pat Contact," in page
    assert "See where things stand: $status_link" in page  # made when the email is sent
    assert "Robin Staff" in page
    assert f'<option value="{template.pk}" selected>First call</option>' in page


def test_staff_send_an_edited_template_and_it_is_queued_sent_and_logged(
    client, staff, registration, template, django_capture_on_commit_callbacks, settings
):
    settings.PROGRAM_EMAIL = "team@program.example"
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("intake:staff_email", args=[registration.pk]),
            {
                "subject": "About Redmond's team",
                "body": "Dear $contact_name,\n\nCould we talk on Tuesday?\n\n$staff_name",
                "cc_members": "on",
            },
            follow=True,
        )
    page = response.content.decode()
    assert "Your email to pat@redmond.example is on its way" in page
    email = OutboundEmail.objects.get()
    assert email.to == ["pat@redmond.example"]
    assert email.reply_to == ["team@program.example"]  # replies go to the program's inbox
    assert len(email.cc) == registration.members.count()
    assert email.body == "Dear Pat Contact,\n\nCould we talk on Tuesday?\n\nRobin Staff\n"

    run_due_tasks()
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    (sent,) = mail.outbox
    assert sent.subject == "About Redmond's team"
    assert sent.to == ["pat@redmond.example"]
    assert sent.reply_to == ["team@program.example"]
    assert "dana" in " ".join(sent.cc)

    follow_up = registration.follow_ups.get()
    assert follow_up.kind == FollowUp.Kind.EMAIL
    assert follow_up.recorded_by == staff
    assert "Subject: About Redmond's team" in follow_up.summary
    assert "Could we talk on Tuesday?" in follow_up.summary
    registration.refresh_from_db()
    assert registration.status == InterestRegistration.Status.CONTACTED
    assert registration.first_followed_up_at is not None
    assert "Could we talk on Tuesday?" in page  # on the timeline


def test_without_copy_only_the_primary_contact_gets_it(staff, registration):
    registration_email_send(registration=registration, by=staff, subject="Hi", body="Hello")
    assert OutboundEmail.objects.get().cc == []


def test_a_double_click_queues_one_email(staff, registration):
    for _ in range(2):
        registration_email_send(registration=registration, by=staff, subject="Hi", body="Hello")
    assert OutboundEmail.objects.count() == 1
    assert registration.follow_ups.count() == 1


def test_the_email_keeps_a_closed_status(staff, registration):
    InterestRegistration.objects.filter(pk=registration.pk).update(status="declined")
    registration.refresh_from_db()
    registration_email_send(registration=registration, by=staff, subject="Hi", body="Thanks")
    registration.refresh_from_db()
    assert registration.status == "declined"
    assert registration.follow_up_due_on is None


def test_an_email_without_subject_or_message_is_not_sent(client, staff, registration):
    client.force_login(staff)
    response = client.post(
        reverse("intake:staff_email", args=[registration.pk]), {"subject": "", "body": ""}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_subject"' in page
    assert 'href="#id_body"' in page
    assert OutboundEmail.objects.count() == 0
    assert registration.follow_ups.count() == 0
