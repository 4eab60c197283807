"""An invitation's accept link is stored only as a digest: the invitation email hands out the
raw token once, a resend makes a new one, and the database never holds a working link."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from lcpa.cohorts.models import Invitation
from lcpa.core.tokens import link_token_digest
from lcpa.testing import run_due_tasks, tables_containing

pytestmark = pytest.mark.django_db

ACCEPT = re.compile(r"https?://[^/\s]+/invitations/([A-Za-z0-9_-]{40,})/")


def invite_through_the_staff_page(client, cast, django_capture_on_commit_callbacks) -> str:
    client.force_login(cast.staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cohorts:staff_invite", args=[cast.team_a.pk]),
            {
                "email": "casey@clinic.example",
                "full_name": "Casey Clinician",
                "role": "implementing_sector",
                "sector": "behavioral_health",
            },
        )
    assert response.status_code == 302
    client.logout()
    run_due_tasks()  # the email is sent (and the outbox forgets the link)
    (message,) = [m for m in mail.outbox if m.to == ["casey@clinic.example"]]
    mail.outbox.clear()
    return ACCEPT.search(message.body)[1]


def test_the_database_never_contains_the_raw_invitation_token(
    client, cast, django_capture_on_commit_callbacks
):
    token = invite_through_the_staff_page(client, cast, django_capture_on_commit_callbacks)
    client.get(f"/invitations/{token}/")

    assert tables_containing(token) == []
    invitation = Invitation.objects.get(email="casey@clinic.example")
    assert invitation.token_digest == link_token_digest(token)


def test_the_emailed_link_opens_the_invitation(client, cast, django_capture_on_commit_callbacks):
    token = invite_through_the_staff_page(client, cast, django_capture_on_commit_callbacks)

    page = client.get(f"/invitations/{token}/")

    assert page.status_code == 200
    assert "Join Amherst team" in page.content.decode()


def test_a_wrong_token_or_the_stored_digest_is_not_found(
    client, cast, django_capture_on_commit_callbacks
):
    token = invite_through_the_staff_page(client, cast, django_capture_on_commit_callbacks)
    digest = Invitation.objects.get(email="casey@clinic.example").token_digest

    assert client.get(f"/invitations/{digest}/").status_code == 404
    assert client.get(f"/invitations/{token[:-1]}x/").status_code == 404
    assert client.get("/invitations/short/").status_code == 404


def test_a_resend_emails_a_new_link_and_the_old_one_stops_working(
    client, cast, django_capture_on_commit_callbacks
):
    old = invite_through_the_staff_page(client, cast, django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get(email="casey@clinic.example")
    client.force_login(cast.staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("cohorts:staff_invitation_resend", args=[invitation.pk]))
    client.logout()
    run_due_tasks()
    (message,) = mail.outbox
    new = ACCEPT.search(message.body)[1]

    assert new != old
    assert client.get(f"/invitations/{old}/").status_code == 404
    assert client.get(f"/invitations/{new}/").status_code == 200
    assert tables_containing(new) == []
