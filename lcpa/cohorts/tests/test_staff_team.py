"""Staff team management: roster and composition, invitations, removal, opening modules early."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lcpa.cohorts.models import Invitation, Membership, ModuleUnlock
from lcpa.cohorts.services import invitation_send
from lcpa.core.tokens import link_token_digest
from lcpa.notifications.models import OutboundEmail
from lcpa.testing import link_in_email

XSS = "<script>alert(1)</script>"


@pytest.fixture
def staff_client(client, cohort, cast):
    client.force_login(cast.staff)
    return client


def team_url(cast) -> str:
    return reverse("cohorts:staff_team", args=[cast.team_a.pk])


def test_the_team_page_shows_the_roster_composition_and_links(staff_client, cast):
    page = staff_client.get(team_url(cast)).content.decode()
    assert page.count("<h1") == 1
    assert "Amherst team" in page
    assert "a1@test.example" in page and "a2@test.example" in page
    assert "Data coordinator" in page and "Fire" in page
    # Team A has a coordinator and a firefighter but nobody from behavioral health.
    assert "The team is not complete yet" in page
    assert "implementing sector" in page
    assert reverse("cohorts:workspace", args=[cast.team_a.pk]) in page
    assert reverse("cohorts:action_plan", args=[cast.team_a.pk]) in page
    assert "b@test.example" not in page


def test_staff_invite_someone_and_the_email_carries_a_working_link(staff_client, cast):
    response = staff_client.post(
        reverse("cohorts:staff_invite", args=[cast.team_a.pk]),
        {
            "full_name": "Casey Clinician",
            "email": "Casey@Clinic.example",
            "role": "implementing_sector",
            "sector": "behavioral_health",
            "organisation": "County Behavioral Health",
            "job_title": "Clinical lead",
        },
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="casey@clinic.example")
    assert invitation.team == cast.team_a
    assert invitation.invited_by == cast.staff
    assert invitation.sent_count == 1
    email = OutboundEmail.objects.get(to=["casey@clinic.example"])
    accept = link_in_email("/invitations/", to="casey@clinic.example")
    assert invitation.token_digest == link_token_digest(accept.split("/")[2])
    assert accept in email.body
    page = staff_client.get(team_url(cast)).content.decode()
    assert "Casey Clinician" in page and "casey@clinic.example" in page
    assert "Invitation sent to casey@clinic.example" in page
    staff_client.logout()
    assert staff_client.get(accept).status_code == 200


def test_an_invitation_to_a_current_member_or_with_missing_fields_is_refused(staff_client, cast):
    response = staff_client.post(
        reverse("cohorts:staff_invite", args=[cast.team_a.pk]),
        {"full_name": "", "email": "a1@test.example", "role": "", "sector": "fire"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "This person is already a member of the team." in page
    assert "Enter the person&#x27;s name." in page
    assert "Choose the person&#x27;s team role." in page
    assert not Invitation.objects.exists()


def test_a_removed_member_can_be_invited_back(staff_client, cast):
    invitation = invitation_send(
        team=cast.team_a,
        email="back@test.example",
        full_name="Back Again",
        role="other",
        sector="other",
        by=cast.staff,
    )
    Invitation.objects.filter(pk=invitation.pk).update(accepted_at=timezone.now())
    response = staff_client.post(
        reverse("cohorts:staff_invite", args=[cast.team_a.pk]),
        {
            "full_name": "Back Again",
            "email": "back@test.example",
            "role": "other",
            "sector": "other",
        },
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert invitation.sent_count == 2


def test_staff_resend_an_invitation_from_the_team_page(staff_client, cast):
    invitation = invitation_send(
        team=cast.team_a,
        email="late@test.example",
        full_name="Late Reader",
        role="other",
        sector="other",
        by=cast.staff,
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(days=1)
    )
    page = staff_client.get(team_url(cast)).content.decode()
    assert "Expired" in page
    old_digest = invitation.token_digest
    response = staff_client.post(
        reverse("cohorts:staff_invitation_resend", args=[invitation.pk]), follow=True
    )
    invitation.refresh_from_db()
    assert invitation.token_digest != old_digest
    assert invitation.sent_count == 2
    assert invitation.expires_at > timezone.now() + timedelta(days=13)
    assert "the earlier link no longer works" in response.content.decode()
    assert OutboundEmail.objects.filter(to=["late@test.example"]).count() == 2


def test_a_get_on_the_write_urls_changes_nothing(staff_client, cast):
    """Even with every field of a valid invitation and unlock in the query string."""
    invite = {
        "full_name": "Casey Clinician",
        "email": "casey@clinic.example",
        "role": "implementing_sector",
        "sector": "behavioral_health",
    }
    unlock = {"module_number": "3", "reason": "Asked on the phone"}
    for name, query in [("cohorts:staff_invite", invite), ("cohorts:staff_unlock", unlock)]:
        response = staff_client.get(reverse(name, args=[cast.team_a.pk]), query)
        assert response.status_code == 405, name
    assert not Invitation.objects.exists()
    assert not Invitation.history.exists()
    assert not ModuleUnlock.objects.exists()
    assert not OutboundEmail.objects.exists()
    assert set(Membership.objects.values_list("user__email", flat=True)) == {
        "a1@test.example",
        "a2@test.example",
        "b@test.example",
        "outsider@test.example",
    }
    page = staff_client.get(team_url(cast)).content.decode()
    assert "No module has been opened early for this team." in page
    assert "Asked on the phone" not in page


def test_staff_unlock_a_module_with_a_reason_and_the_record_says_who_and_why(staff_client, cast):
    response = staff_client.post(
        reverse("cohorts:staff_unlock", args=[cast.team_a.pk]),
        {"module": "3", "reason": f"Agreed on the call of May 2 {XSS}"},
    )
    assert response.status_code == 302
    unlock = ModuleUnlock.objects.get(team=cast.team_a)
    assert unlock.module.number == 3
    assert unlock.unlocked_by == cast.staff
    assert unlock.reason.startswith("Agreed on the call of May 2")
    page = staff_client.get(team_url(cast)).content.decode()
    assert "Modules opened early" in page
    assert "Agreed on the call of May 2 &lt;script&gt;" in page
    assert XSS not in page
    assert f'<td data-label="Opened by">{cast.staff}</td>' in page
    assert "opened by staff" in page
    # Module 3 is open now, so it is no longer offered.
    assert '<option value="3">' not in page
    assert '<option value="2">' in page


def test_an_unlock_without_a_reason_is_refused_and_nothing_is_recorded(staff_client, cast):
    response = staff_client.post(
        reverse("cohorts:staff_unlock", args=[cast.team_a.pk]),
        {"module": "2", "reason": "  "},
    )
    assert response.status_code == 400
    assert "Give a reason for opening the module early." in response.content.decode()
    response = staff_client.post(
        reverse("cohorts:staff_unlock", args=[cast.team_a.pk]),
        {"module": "1", "reason": "Module 1 is always open"},
    )
    assert response.status_code == 400
    assert not ModuleUnlock.objects.exists()


def test_removing_a_member_asks_first_then_ends_their_access_at_once(staff_client, cast):
    membership = Membership.objects.get(team=cast.team_a, user=cast.member_a2)
    url = reverse("cohorts:staff_member_remove", args=[membership.pk])
    page = staff_client.get(url).content.decode()
    assert "Remove A2 from Amherst team?" in page
    membership.refresh_from_db()
    assert membership.removed_at is None
    member = Client()
    member.force_login(cast.member_a2)
    workspace = reverse("cohorts:workspace", args=[cast.team_a.pk])
    assert member.get(workspace).status_code == 200

    response = staff_client.post(url)
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.removed_at is not None
    assert member.get(workspace).status_code == 404
    assert member.get(reverse("cohorts:module", args=[cast.team_a.pk, 1])).status_code == 404
    page = staff_client.get(team_url(cast)).content.decode()
    assert "Former members" in page
    record = membership.history.first()
    assert record.history_user == cast.staff


def test_staff_cannot_remove_a_membership_that_does_not_exist(staff_client, cast):
    assert (
        staff_client.post(reverse("cohorts:staff_member_remove", args=[99999])).status_code == 404
    )
    assert Membership.objects.filter(removed_at__isnull=True).count() == 4  # the cast's four
