"""deliver_email, run by the task worker: an email is sent once; a failure is recorded and
tried again later, waiting longer each time; after six tries the email is marked failed; and
a failing mail server never loses the record the email was about."""

import logging
import smtplib
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lcpa.notifications.models import OutboundEmail
from lcpa.notifications.services import Attachment, email_queue
from lcpa.notifications.tasks import MAX_ATTEMPTS, deliver_email
from lcpa.public.models import ContactMessage
from lcpa.testing import run_due_tasks

pytestmark = pytest.mark.django_db

TASK = "lcpa.notifications.tasks.deliver_email"
FAILING = f"{__name__}.MailServerDown"


class MailServerDown(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("421 try again later")


def waiting_tasks():
    return DBTaskResult.objects.filter(task_path=TASK, status="READY")


@pytest.fixture
def queued(django_capture_on_commit_callbacks) -> OutboundEmail:
    with django_capture_on_commit_callbacks(execute=True):
        return email_queue(
            to=["dana@amherst.example"],
            cc=["frank@amherst.example"],
            reply_to=["staff@example.org"],
            subject="Your session on Monday",
            body="See you at 10:00.\n",
        )


def test_a_queued_email_is_sent_by_the_worker_and_marked_sent(queued, settings):
    run_due_tasks()

    [message] = mail.outbox
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert message.to == ["dana@amherst.example"]
    assert message.cc == ["frank@amherst.example"]
    assert message.reply_to == ["staff@example.org"]
    assert message.subject == "Your session on Monday"
    assert message.body == "See you at 10:00.\n"
    queued.refresh_from_db()
    assert queued.status == OutboundEmail.Status.SENT
    assert queued.attempts == 1
    assert queued.last_error == ""
    assert abs(queued.sent_at - timezone.now()) < timedelta(seconds=30)
    assert not waiting_tasks().exists()


def test_a_stored_attachment_is_sent_with_the_email(django_capture_on_commit_callbacks):
    event = "BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\nEND:VCALENDAR\r\n"
    with django_capture_on_commit_callbacks(execute=True):
        email = email_queue(
            to=["dana@amherst.example"],
            subject="Cancelled: Charter workshop",
            body="The session is cancelled.\n",
            attachments=[Attachment("session-7.ics", "text/calendar; method=CANCEL", event)],
        )
    email.refresh_from_db()
    assert email.attachments == [
        {
            "filename": "session-7.ics",
            "content_type": "text/calendar; method=CANCEL",
            "content": event,
        }
    ]

    run_due_tasks()

    [message] = mail.outbox
    [(filename, content, content_type)] = message.attachments
    assert (filename, content_type) == ("session-7.ics", "text/calendar; method=CANCEL")
    assert content == event


def test_an_email_already_sent_is_not_sent_again(queued):
    run_due_tasks()
    assert deliver_email.call(queued.pk) == OutboundEmail.Status.SENT

    assert len(mail.outbox) == 1
    queued.refresh_from_db()
    assert queued.attempts == 1


def test_a_failure_is_recorded_and_the_email_tried_again_later_each_wait_longer(
    queued, settings, time_machine
):
    settings.EMAIL_BACKEND = FAILING
    waits = []
    for attempt in range(1, MAX_ATTEMPTS):
        run_due_tasks()

        queued.refresh_from_db()
        assert queued.status == OutboundEmail.Status.QUEUED
        assert queued.attempts == attempt
        assert queued.last_error == "SMTPServerDisconnected: 421 try again later"
        [retry] = waiting_tasks()
        assert retry.args_kwargs["args"] == [queued.pk]
        waits.append(retry.run_after - queued.updated_at)
        run_due_tasks()  # not due yet: nothing happens
        queued.refresh_from_db()
        assert queued.attempts == attempt
        time_machine.move_to(retry.run_after + timedelta(seconds=1))

    assert [round(wait.total_seconds() / 60) for wait in waits] == [1, 2, 4, 8, 16]
    assert mail.outbox == []


def test_after_six_failures_the_email_is_marked_failed_and_kept(
    queued, settings, time_machine, caplog
):
    settings.EMAIL_BACKEND = FAILING
    for _ in range(MAX_ATTEMPTS):
        run_due_tasks()
        for retry in waiting_tasks():
            time_machine.move_to(retry.run_after + timedelta(seconds=1))

    queued.refresh_from_db()
    assert queued.status == OutboundEmail.Status.FAILED
    assert queued.get_status_display() == "Failed after retries"
    assert queued.attempts == MAX_ATTEMPTS
    assert "421 try again later" in queued.last_error
    assert queued.sent_at is None
    # Kept whole, so staff can see what did not go out and to whom.
    assert queued.to == ["dana@amherst.example"]
    assert queued.body == "See you at 10:00.\n"
    assert not waiting_tasks().exists()
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR] == [
        f"Email {queued.pk} failed for good: SMTPServerDisconnected: 421 try again later"
    ]
    # A stray run of its task later sends nothing and counts nothing.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert deliver_email.call(queued.pk) == OutboundEmail.Status.FAILED
    assert mail.outbox == []


def test_a_failing_mail_server_never_loses_the_message_the_email_was_about(
    client, settings, time_machine, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    cache.clear()  # the contact form's rate limit
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("public:contact"),
            {
                "name": "Jordan Rivera",
                "email": "jordan@city.example",
                "organisation": "City of Springfield",
                "topic": ContactMessage.Topic.JOINING,
                "message": "Could our county join the next cohort?",
                "website": "",
                "submission_key": str(uuid.uuid4()),
            },
        )
    assert response.status_code == 302

    for _ in range(MAX_ATTEMPTS):
        run_due_tasks()
        for retry in waiting_tasks():
            time_machine.move_to(retry.run_after + timedelta(seconds=1))

    contact = ContactMessage.objects.get()
    assert contact.message == "Could our county join the next cohort?"
    assert contact.email == "jordan@city.example"
    email = OutboundEmail.objects.get()
    assert email.status == OutboundEmail.Status.FAILED
    assert email.last_error == "RuntimeError: the transport crashed"
    assert "Could our county join the next cohort?" in email.body
    assert email.reply_to == ["jordan@city.example"]


class BrokenBackend(BaseEmailBackend):
    """Not a polite SMTP error: any exception from the transport."""

    def send_messages(self, email_messages):
        raise RuntimeError("the transport crashed")
