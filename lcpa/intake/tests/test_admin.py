"""The Django admin pages for registrations, follow-ups and email templates."""

import uuid

import pytest
from django.urls import reverse

from lcpa.intake.models import EmailTemplate, FollowUp
from lcpa.intake.services import registration_submit
from lcpa.intake.tests.registration_data import CRISIS_TEAM
from lcpa.testing import enrol_totp, make_staff, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = make_user("admin@test.example", is_staff=True, is_superuser=True)
    enrol_totp(user)
    client.force_login(user)
    return client


@pytest.fixture
def registration(communities):
    return registration_submit(
        submission_key=uuid.uuid4(),
        jurisdiction_name="Lowell",
        state="MA",
        jurisdiction_kind="city",
        population=115_000,
        learning_communities=[communities["crisis-systems"]],
        goals="Goals",
        stage="exploring",
        preferred_start="next",
        contact_name="Casey",
        contact_email="casey@lowell.example",
        members=CRISIS_TEAM,
        send_emails=False,
    ).registration


def test_every_intake_model_has_an_admin_page_with_history(admin_client, registration):
    follow_up = FollowUp.objects.create(
        registration=registration,
        kind=FollowUp.Kind.CALL,
        summary="Called",
        status_from="new",
        status_to="contacted",
        recorded_by=make_staff(),
    )
    template = EmailTemplate.objects.create(name="Welcome", subject="Hello", body="Hi $name")
    for name, obj in [
        ("interestregistration", registration),
        ("followup", follow_up),
        ("emailtemplate", template),
    ]:
        assert admin_client.get(reverse(f"admin:intake_{name}_changelist")).status_code == 200
        change = admin_client.get(reverse(f"admin:intake_{name}_change", args=[obj.pk]))
        assert change.status_code == 200, name
        history = admin_client.get(reverse(f"admin:intake_{name}_history", args=[obj.pk]))
        assert history.status_code == 200, name


def test_the_registration_admin_shows_its_members_inline(admin_client, registration):
    page = admin_client.get(
        reverse("admin:intake_interestregistration_change", args=[registration.pk])
    ).content.decode()

    assert 'name="members-0-name"' in page
    assert "Bea Health" in page
    # Only a digest of the status link is stored, and the admin does not show even that.
    assert registration.status_token_digest not in page
    assert "/registration/" not in page


def test_the_registration_admin_searches_by_member_name(admin_client, registration):
    url = reverse("admin:intake_interestregistration_changelist")

    assert "Lowell" in admin_client.get(url, {"q": "Frank"}).content.decode()


def test_the_admin_is_for_staff_only(client, registration):
    client.force_login(make_user("someone@test.example"))
    url = reverse("admin:intake_interestregistration_changelist")

    assert client.get(url).status_code == 302
