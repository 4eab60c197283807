"""The private status link's token is stored only as a digest: the registrant gets the link on
the confirmation page and in the acknowledgement email, and nowhere else keeps it."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from lcpa.core.tokens import link_token_digest
from lcpa.intake.models import FollowUp, InterestRegistration
from lcpa.intake.tests.registration_data import REGISTER_URL, registration_post
from lcpa.intake.tests.test_queries import make_registration
from lcpa.notifications.models import OutboundEmail
from lcpa.testing import link_in_email, make_staff, run_due_tasks, tables_containing

pytestmark = pytest.mark.django_db

THANKS = re.compile(r"^/register-interest/thanks/(?P<token>[A-Za-z0-9_-]{40,})/$")


def register_through_the_form(client, communities, django_capture_on_commit_callbacks, **data):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            REGISTER_URL, registration_post([communities["crisis-systems"]], **data)
        )
    assert response.status_code == 302
    match = THANKS.match(response["Location"])
    assert match, response["Location"]
    return match["token"]


def test_the_database_never_contains_the_raw_status_token(
    client, communities, django_capture_on_commit_callbacks
):
    token = register_through_the_form(client, communities, django_capture_on_commit_callbacks)
    client.get(f"/register-interest/thanks/{token}/")
    client.get(f"/registration/{token}/")
    run_due_tasks()  # the acknowledgement is sent, and the outbox forgets the link

    assert tables_containing(token) == []
    registration = InterestRegistration.objects.get()
    assert registration.status_token_digest == link_token_digest(token)
    acknowledgement = next(m for m in mail.outbox if m.to == ["casey@amherst.example"])
    assert f"/registration/{token}/" in acknowledgement.body
    stored = OutboundEmail.objects.get(to=["casey@amherst.example"])
    assert "/registration/[redacted]/" in stored.body


def test_the_links_on_the_confirmation_page_and_in_the_email_open_the_status_page(
    client, communities, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://lcpa.example.org"
    token = register_through_the_form(client, communities, django_capture_on_commit_callbacks)

    thanks = client.get(f"/register-interest/thanks/{token}/").content.decode()
    assert f"https://lcpa.example.org/registration/{token}/" in thanks
    assert "http://testserver" not in thanks
    emailed = link_in_email("/registration/", to="casey@amherst.example")
    assert emailed == f"/registration/{token}/"
    queued = OutboundEmail.objects.get(to=["casey@amherst.example"])
    assert f"https://lcpa.example.org/registration/{token}/" in queued.body

    status = client.get(emailed)
    assert status.status_code == 200
    assert "Received. Program staff have not contacted you yet." in status.content.decode()


@pytest.mark.parametrize(
    "wrong",
    [
        "digest",  # the stored digest is not a key
        "x" * 43,
        "%00",
    ],
)
def test_a_wrong_token_or_the_stored_digest_is_not_found(
    client, communities, django_capture_on_commit_callbacks, wrong
):
    token = register_through_the_form(client, communities, django_capture_on_commit_callbacks)
    if wrong == "digest":
        wrong = InterestRegistration.objects.get().status_token_digest
        assert wrong == link_token_digest(token)

    assert client.get(f"/registration/{wrong}/").status_code == 404
    assert client.get(f"/register-interest/thanks/{wrong}/").status_code == 404


def test_a_double_submit_stores_one_and_points_to_the_email_instead_of_showing_the_link(
    client, communities, django_capture_on_commit_callbacks
):
    data = registration_post([communities["crisis-systems"]])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(REGISTER_URL, data)
        second = client.post(REGISTER_URL, data)

    assert InterestRegistration.objects.count() == 1
    token = THANKS.match(first["Location"])["token"]
    assert second.status_code == 200
    page = second.content.decode()
    assert "We had already received this registration" in page
    assert "acknowledgement email we sent to casey@amherst.example" in page
    assert "/registration/" not in page
    assert token not in page
    assert "no-store" in second["Cache-Control"]


def test_staff_see_no_status_link_and_are_told_how_to_send_a_new_one(client, communities):
    registration = make_registration(communities=[communities["crisis-systems"]])
    client.force_login(make_staff())

    page = client.get(reverse("intake:staff_registration", args=[registration.pk]))

    html = page.content.decode()
    assert "Only the registrant has the private link" in html
    assert "/registration/" not in html
    assert registration.status_token_digest not in html


def test_a_staff_email_with_status_link_carries_a_new_working_link_and_the_old_one_stops(
    client, communities, django_capture_on_commit_callbacks
):
    old = register_through_the_form(client, communities, django_capture_on_commit_callbacks)
    registration = InterestRegistration.objects.get()
    client.force_login(make_staff("robin@program.example"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("intake:staff_email", args=[registration.pk]),
            {"subject": "Your status", "body": "Dear $contact_name, see $status_link"},
        )
    assert response.status_code == 302
    client.logout()

    run_due_tasks()
    (sent,) = [m for m in mail.outbox if m.subject == "Your status"]
    new = re.search(r"/registration/([A-Za-z0-9_-]{40,})/", sent.body)[1]
    assert new != old
    assert client.get(f"/registration/{new}/").status_code == 200
    assert client.get(f"/registration/{old}/").status_code == 404

    follow_up = FollowUp.objects.get(registration=registration, kind=FollowUp.Kind.EMAIL)
    assert "see [a new private status link]" in follow_up.summary
    assert tables_containing(new) == []


def test_a_staff_email_without_status_link_keeps_the_registrants_link(
    client, communities, django_capture_on_commit_callbacks
):
    token = register_through_the_form(client, communities, django_capture_on_commit_callbacks)
    registration = InterestRegistration.objects.get()
    client.force_login(make_staff("robin@program.example"))
    client.post(
        reverse("intake:staff_email", args=[registration.pk]),
        {"subject": "Hello", "body": "Could we talk on Tuesday?"},
    )
    client.logout()

    assert client.get(f"/registration/{token}/").status_code == 200
