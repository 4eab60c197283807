"""The outbox keeps what was sent, not working private links: once an email is sent, or given
up on, the token part of every private link in it is redacted."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from lcpa.notifications.models import OutboundEmail
from lcpa.notifications.services import email_queue
from lcpa.notifications.tasks import MAX_ATTEMPTS, deliver_email
from lcpa.testing import tables_containing

pytestmark = pytest.mark.django_db

TOKEN = "q3Z0mXw1u7HkLr9PzN4cT2bV8sYd6fJa5gEi0oUwKxQ"
BODY = f"Your link: https://lc.example.org/invitations/{TOKEN}/\nSee you soon."


class DownMailServer(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPException("451 try later")


def test_a_sent_email_goes_out_with_the_link_and_the_outbox_keeps_it_redacted():
    email = email_queue(to=["pat@example.org"], subject="Join us", body=BODY)
    assert TOKEN in OutboundEmail.objects.get(pk=email.pk).body  # needed until it is sent

    deliver_email.call(email.pk)

    (sent,) = mail.outbox
    assert f"/invitations/{TOKEN}/" in sent.body
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert email.body == "Your link: https://lc.example.org/invitations/[redacted]/\nSee you soon."
    assert tables_containing(TOKEN) == []


def test_an_email_that_failed_for_good_keeps_no_link_and_one_to_retry_keeps_it(settings):
    settings.EMAIL_BACKEND = f"{__name__}.DownMailServer"
    email = email_queue(to=["pat@example.org"], subject="Join us", body=BODY)

    OutboundEmail.objects.filter(pk=email.pk).update(attempts=MAX_ATTEMPTS - 2)
    deliver_email.call(email.pk)
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.QUEUED
    assert TOKEN in email.body  # the retry still has to send it

    deliver_email.call(email.pk)
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.FAILED
    assert TOKEN not in email.body
    assert "/invitations/[redacted]/" in email.body
