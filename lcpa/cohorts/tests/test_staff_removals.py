"""Program staff remove what was created by mistake: an invitation not yet accepted (its link
stops working) and a team enrolled by mistake. Each asks for confirmation on a page of its own,
is kept in the history with who did it, and is refused, with what to do instead, when it would
lose people's work."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lcpa.cohorts.models import Attendance, Deliverable, Invitation, Membership, Session, Team
from lcpa.cohorts.services import invitation_send, team_enroll
from lcpa.cohorts.tests.test_enrol import crisis_registration, upcoming
from lcpa.intake.models import InterestRegistration
from lcpa.testing import link_in_email, make_staff, module_of


@pytest.fixture
def staff_client(client, cast):
    client.force_login(cast.staff)
    return client


@pytest.fixture
def invitation(cast) -> Invitation:
    return invitation_send(
        team=cast.team_a,
        email="ida@test.example",
        full_name="Ida Invitee",
        role="community_partner",
        sector="community_organisation",
        by=cast.staff,
    )


def revoke_url(invitation: Invitation) -> str:
    return reverse("cohorts:staff_invitation_revoke", args=[invitation.pk])


def unenrol_url(team: Team) -> str:
    return reverse("cohorts:staff_team_unenrol", args=[team.pk])


# Invitations ------------------------------------------------------------------------------


def test_withdrawing_an_invitation_asks_first_then_its_link_stops_working(
    staff_client, client, cast, invitation
):
    link = link_in_email("/invitations/", to=invitation.email)
    team_page = staff_client.get(reverse("cohorts:staff_team", args=[cast.team_a.pk]))
    assert revoke_url(invitation) in team_page.content.decode()
    assert team_page.content.decode().count('id="contacts-heading"') == 1
    assert "<title>Amherst team: team management" in team_page.content.decode()
    page = staff_client.get(revoke_url(invitation)).content.decode()
    assert "Withdraw the invitation to Ida Invitee?" in page

    kept = staff_client.post(revoke_url(invitation))
    assert kept.status_code == 400
    assert "Nothing was removed" in kept.content.decode()
    assert Invitation.objects.filter(pk=invitation.pk).exists()

    response = staff_client.post(revoke_url(invitation), {"confirm": "yes"}, follow=True)
    assert "The invitation to ida@test.example is withdrawn" in response.content.decode()
    assert not Invitation.objects.filter(pk=invitation.pk).exists()
    withdrawn = Invitation.history.filter(id=invitation.pk).first()
    assert (withdrawn.history_type, withdrawn.history_user) == ("-", cast.staff)
    client.logout()
    assert client.get(link).status_code == 404


def test_an_accepted_invitation_is_not_withdrawn_and_staff_are_told_to_remove_the_member(
    staff_client, cast, invitation
):
    invitation.accepted_at = invitation.created_at
    invitation.save()

    response = staff_client.post(revoke_url(invitation), {"confirm": "yes"}, follow=True)

    assert "already accepted and is on the team" in response.content.decode()
    assert "remove them from the team instead" in response.content.decode()
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_members_and_experts_cannot_withdraw_an_invitation(client, cast, invitation):
    cast.cohort.experts.add(cast.expert)
    for user in (cast.member_a1, cast.expert, cast.outsider):
        client.force_login(user)
        assert client.get(revoke_url(invitation)).status_code == 404
        assert client.post(revoke_url(invitation), {"confirm": "yes"}).status_code == 404
    assert Invitation.objects.filter(pk=invitation.pk).exists()


# Teams ------------------------------------------------------------------------------------


@pytest.fixture
def mistaken(cast, communities):
    """A team enrolled from a registration into a cohort it was not meant for."""
    registration = crisis_registration(cast.communities)
    cohort = upcoming(cast.communities["crisis-systems"], "Wrong cohort")
    team = team_enroll(registration=registration, cohort=cohort, by=cast.staff)
    return team, registration


def test_unenrolling_a_team_enrolled_by_mistake_removes_it_and_reopens_its_registration(
    staff_client, cast, mistaken
):
    team, registration = mistaken
    colleague = make_staff("colleague@test.example")
    staff_client.force_login(colleague)
    invitations = list(team.invitations.values_list("pk", flat=True))
    assert len(invitations) == 3
    page = staff_client.get(unenrol_url(team)).content.decode()
    assert f"Unenrol {team.name} from Wrong cohort?" in page
    assert "dana@eugene.example" in page  # an invitation link that stops working

    response = staff_client.post(unenrol_url(team), {"confirm": "yes"})

    assert response.status_code == 302
    assert response["Location"] == reverse("cohorts:staff_cohort", args=[team.cohort_id])
    assert not Team.objects.filter(pk=team.pk).exists()
    assert not Invitation.objects.filter(pk__in=invitations).exists()
    removed = Team.history.filter(id=team.pk).first()
    assert (removed.history_type, removed.history_user) == ("-", colleague)
    assert {
        row.history_user for row in Invitation.history.filter(id__in=invitations, history_type="-")
    } == {colleague}
    registration.refresh_from_db()
    assert registration.status == InterestRegistration.Status.IN_CONVERSATION
    assert "was unenrolled from Wrong cohort" in registration.follow_ups.latest("pk").summary


def test_a_team_that_has_members_loses_access_when_unenrolled(staff_client, client, cast):
    team = cast.team_b  # one member, no deliverables, no attendance
    membership = Membership.objects.get(team=team)

    staff_client.post(unenrol_url(team), {"confirm": "yes"})

    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert Membership.history.filter(id=membership.pk).first().history_user == cast.staff
    client.force_login(cast.member_b)
    assert client.get(reverse("cohorts:workspace", args=[team.pk])).status_code == 404


def test_a_team_with_deliverables_or_attendance_is_not_unenrolled(staff_client, cast):
    Deliverable.objects.create(team=cast.team_a, module=module_of(cast.team_a, 1))
    session = Session.objects.create(
        cohort=cast.cohort,
        module=module_of(cast.cohort, 1),
        title="Kick-off",
        starts_at=timezone.now() - timedelta(days=8),
        ends_at=timezone.now() - timedelta(days=8, hours=-1),
    )
    Attendance.objects.create(
        session=session,
        membership=cast.member_a1.memberships.get(),
        status="present",
        recorded_by=cast.staff,
    )
    page = staff_client.get(unenrol_url(cast.team_a)).content.decode()
    assert "it has 1 deliverable and 1 attendance mark" in page
    assert "remove them from the team on the team page" in page
    assert 'name="confirm"' not in page

    response = staff_client.post(unenrol_url(cast.team_a), {"confirm": "yes"})

    assert response.status_code == 400
    assert Team.objects.filter(pk=cast.team_a.pk).exists()
    assert Membership.objects.filter(team=cast.team_a).count() == 2


def test_unenrolling_without_the_confirmation_button_removes_nothing(staff_client, cast):
    response = staff_client.post(unenrol_url(cast.team_b))
    assert response.status_code == 400
    assert "Nothing was removed" in response.content.decode()
    assert Team.objects.filter(pk=cast.team_b.pk).exists()


def test_members_experts_and_visitors_cannot_unenrol_a_team(client, cast):
    cast.cohort.experts.add(cast.expert)
    for user in (cast.member_b, cast.expert, cast.outsider):
        client.force_login(user)
        assert client.post(unenrol_url(cast.team_b), {"confirm": "yes"}).status_code == 404
    client.logout()
    response = client.post(unenrol_url(cast.team_b), {"confirm": "yes"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Team.objects.filter(pk=cast.team_b.pk).exists()
