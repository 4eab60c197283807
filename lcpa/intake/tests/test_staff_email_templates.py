"""Staff keep saved email templates on a small staff page."""

import pytest
from django.urls import reverse

from lcpa.intake.models import EmailTemplate
from lcpa.testing import make_staff


@pytest.fixture
def staff_client(client, db):
    staff = make_staff()
    client.force_login(staff)
    client.staff = staff
    return client


def test_staff_add_a_template_and_see_it_listed(staff_client):
    response = staff_client.post(
        reverse("intake:staff_email_template_create"),
        {"name": "Waitlist", "subject": "About $jurisdiction", "body": "Dear $contact_name"},
        follow=True,
    )
    page = response.content.decode()
    assert "Template “Waitlist” saved." in page
    template = EmailTemplate.objects.get()
    assert template.subject == "About $jurisdiction"
    assert template.history.first().history_user == staff_client.staff
    assert "About $jurisdiction" in page


def test_staff_change_a_template(staff_client):
    template = EmailTemplate.objects.create(name="Hello", subject="Hi", body="Old")
    url = reverse("intake:staff_email_template_edit", args=[template.pk])
    assert 'value="Hello"' in staff_client.get(url).content.decode()
    staff_client.post(url, {"name": "Hello", "subject": "Hi again", "body": "New"})
    template.refresh_from_db()
    assert (template.subject, template.body) == ("Hi again", "New\n")


def test_template_names_are_unique_and_fields_required(staff_client):
    EmailTemplate.objects.create(name="Hello", subject="Hi", body="Old")
    response = staff_client.post(
        reverse("intake:staff_email_template_create"),
        {"name": "hello", "subject": "", "body": "x"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Another template has this name." in page
    assert 'href="#id_subject"' in page
    assert EmailTemplate.objects.count() == 1


def test_an_unknown_template_is_not_found(staff_client):
    url = reverse("intake:staff_email_template_edit", args=[12345])
    assert staff_client.get(url).status_code == 404
