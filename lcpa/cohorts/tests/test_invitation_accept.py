"""Accepting an invitation: a new account, an existing account, the wrong account, an expired or
used link, and a link replaced by a resend."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from lcpa.accounts.models import User
from lcpa.cohorts.models import Invitation, Membership
from lcpa.cohorts.services import invitation_resend, invitation_send
from lcpa.core.tokens import link_token_digest
from lcpa.notifications.models import OutboundEmail
from lcpa.testing import PASSWORD, make_user

NEW_PASSWORD = "river-lantern-quiet-47"


@pytest.fixture
def invitation(cast) -> Invitation:
    return invitation_send(
        team=cast.team_a,
        email="Riley@Clinic.example",
        full_name="Riley Rivera",
        role="implementing_sector",
        sector="behavioral_health",
        organisation="County Behavioral Health",
        by=cast.staff,
    )


def emailed_link(address: str) -> str:
    """The accept link in the latest invitation email to `address`, as a path."""
    body = OutboundEmail.objects.filter(to=[address]).order_by("-created_at", "-pk")[0].body
    return re.search(r"https?://[^/\s]+(/invitations/[^\s]+/)", body).group(1)


def link(invitation: Invitation) -> str:
    """The invitation's current accept link: only the email has it (the database keeps a
    digest)."""
    return emailed_link(invitation.email)


def test_an_unknown_token_is_a_404(client, db):
    assert client.get(reverse("cohorts:invitation_accept", args=["nope"])).status_code == 404


def test_a_new_person_sets_a_password_and_lands_in_the_team_workspace(client, cast, invitation):
    url = emailed_link("riley@clinic.example")
    token = url.removeprefix("/invitations/").removesuffix("/")
    assert invitation.token_digest == link_token_digest(token)
    page = client.get(url).content.decode()
    assert "Join Amherst team" in page
    assert 'value="Riley Rivera"' in page  # the name is filled in
    assert "riley@clinic.example" in page
    response = client.post(
        url,
        {"full_name": "Riley Rivera", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("cohorts:workspace", args=[cast.team_a.pk])
    user = User.objects.get(email="riley@clinic.example")
    assert user.role == User.Role.PARTICIPANT
    assert user.full_name == "Riley Rivera"
    assert user.check_password(NEW_PASSWORD)
    address = EmailAddress.objects.get(user=user)
    assert address.verified and address.primary
    membership = Membership.objects.get(user=user, team=cast.team_a)
    assert membership.role == "implementing_sector"
    assert membership.sector == "behavioral_health"
    assert membership.organisation == "County Behavioral Health"
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    # Signed in: the workspace opens, and the used link now leads there too.
    assert client.get(response["Location"]).status_code == 200
    assert client.get(url)["Location"] == reverse("cohorts:workspace", args=[cast.team_a.pk])


def test_the_sign_up_form_applies_the_password_rules_and_keeps_the_name(client, invitation):
    response = client.post(
        link(invitation), {"full_name": "Riley R", "password1": "12345678", "password2": "1234"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "The two passwords are not the same." in page
    response = client.post(
        link(invitation), {"full_name": "Riley R", "password1": "password", "password2": "password"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "This password is too common." in page
    assert 'value="Riley R"' in page
    assert 'href="#id_password1"' in page
    assert not User.objects.filter(email="riley@clinic.example").exists()


def test_someone_with_an_account_is_asked_to_sign_in_and_then_accepts(client, cast, invitation):
    person = make_user("riley@clinic.example")
    url = link(invitation)
    page = client.get(url).content.decode()
    assert "There is already an account for riley@clinic.example" in page
    login = reverse("account_login") + "?next=" + url
    assert login in page
    assert 'name="password1"' not in page
    # A sign-up attempt for that address changes nothing.
    client.post(url, {"full_name": "X", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert User.objects.filter(email="riley@clinic.example").count() == 1
    assert not Membership.objects.filter(user=person).exists()

    client.force_login(person)
    page = client.get(url).content.decode()
    assert "Join the team" in page
    assert not Membership.objects.filter(user=person).exists()  # GET alone does not accept
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("cohorts:workspace", args=[cast.team_a.pk])
    assert Membership.objects.filter(user=person, team=cast.team_a, removed_at=None).exists()
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_someone_signed_in_with_another_address_is_told_and_offered_sign_out(
    client, cast, invitation
):
    client.force_login(cast.member_b)
    url = link(invitation)
    page = client.get(url).content.decode()
    assert "You are signed in as b@test.example" in page
    assert "this invitation is for riley@clinic.example" in page
    assert reverse("account_logout") in page
    client.post(url)
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert not Membership.objects.filter(user=cast.member_b, team=cast.team_a).exists()


def test_an_expired_link_shows_the_expiry_page_and_creates_nothing(client, cast, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    url = link(invitation)
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 410
    assert "This invitation has expired" in page
    assert "Ask program staff to send you a new invitation" in page
    response = client.post(
        url, {"full_name": "Riley", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 410
    assert not User.objects.filter(email="riley@clinic.example").exists()
    assert Membership.objects.filter(team=cast.team_a).count() == 2


def test_a_resend_gives_a_new_link_and_the_old_one_stops_working(client, cast, invitation):
    old_url = link(invitation)
    again = invitation_resend(invitation=invitation, by=cast.staff)
    assert again.sent_count == 2
    assert again.token_digest != invitation.token_digest
    assert client.get(old_url).status_code == 404
    new_url = emailed_link("riley@clinic.example")
    assert new_url != old_url
    assert again.token_digest == link_token_digest(new_url.split("/")[2])
    assert client.get(new_url).status_code == 200


def test_a_used_invitation_does_not_let_another_account_join(client, cast, invitation):
    person = make_user("riley@clinic.example")
    client.force_login(person)
    client.post(link(invitation))
    assert Membership.objects.filter(user=person, team=invitation.team).exists()
    client.force_login(cast.member_b)
    response = client.get(link(invitation))
    assert response.status_code == 410
    assert "This invitation has been used" in response.content.decode()
    assert client.post(link(invitation)).status_code == 410
    assert not Membership.objects.filter(user=cast.member_b, team=invitation.team).exists()


def test_open_sign_up_stays_closed(client, db):
    response = client.post(
        reverse("account_signup"),
        {"email": "anyone@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert not User.objects.filter(email="anyone@example.org").exists()
    assert response.status_code in {200, 302, 403, 404}
