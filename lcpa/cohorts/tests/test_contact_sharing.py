"""Sharing one's contact details with the other teams of the cohort: chosen per membership on
the team's "Other teams" page, off by default, recorded in history; only the person themselves
can change it, and not once they have left the team."""

import pytest
from django.urls import reverse

from lcpa.cohorts.models import Membership
from lcpa.cohorts.services import CohortError, member_remove, membership_contact_share

pytestmark = pytest.mark.django_db


def peers_page(client, team) -> str:
    return client.get(reverse("cohorts:peers", args=[team.pk])).content.decode()


def share_url(membership: Membership) -> str:
    return reverse("cohorts:membership_contact_share", args=[membership.pk])


def choose(client, membership: Membership, share: bool):
    return client.post(share_url(membership), {"share": "yes" if share else "no"})


def test_contact_details_are_private_to_the_team_by_default(client, cast, cohort):
    mine = Membership.objects.get(user=cast.member_a1, team=cast.team_a)
    assert mine.share_contact_with_cohort is False

    client.force_login(cast.member_b)
    assert cast.member_a1.email not in peers_page(client, cast.team_b)


def test_the_peers_page_explains_the_choice_where_it_is_made(client, cast, cohort):
    client.force_login(cast.member_a1)

    page = peers_page(client, cast.team_a)

    assert "your account page" not in page
    assert "Your contact details" in page
    assert "Right now only people who work with your team see them" in page
    assert "name, team role, organization and email address" in page
    assert "other teams in" in page
    mine = Membership.objects.get(user=cast.member_a1, team=cast.team_a)
    assert f'action="{share_url(mine)}"' in page
    assert 'name="share"' in page


def test_a_member_turns_sharing_on_and_a_peer_sees_their_email(client, cast, cohort):
    mine = Membership.objects.get(user=cast.member_a1, team=cast.team_a)
    client.force_login(cast.member_a1)

    response = choose(client, mine, True)

    assert response.status_code == 302
    assert response["Location"] == reverse("cohorts:peers", args=[cast.team_a.pk]) + "#contact"
    mine.refresh_from_db()
    assert mine.share_contact_with_cohort is True
    latest = mine.history.order_by("-history_date", "-history_id").first()
    assert latest.share_contact_with_cohort is True
    assert latest.history_user == cast.member_a1
    confirmation = client.get(response["Location"]).content.decode()
    assert "The other teams in" in confirmation and "now see your contact details" in confirmation
    assert "Right now the other teams in" in confirmation

    client.force_login(cast.member_b)
    page = peers_page(client, cast.team_b)
    assert f'href="mailto:{cast.member_a1.email}"' in page


def test_a_member_turns_sharing_off_and_the_peer_no_longer_sees_it(client, cast, cohort):
    mine = Membership.objects.get(user=cast.member_a1, team=cast.team_a)
    client.force_login(cast.member_a1)
    choose(client, mine, True)

    response = choose(client, mine, False)

    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.share_contact_with_cohort is False
    assert [h.share_contact_with_cohort for h in mine.history.order_by("history_id")][-2:] == [
        True,
        False,
    ]
    client.force_login(cast.member_b)
    assert cast.member_a1.email not in peers_page(client, cast.team_b)


@pytest.mark.parametrize("who", ["member_a2", "member_b", "staff", "expert", "outsider"])
def test_someone_elses_membership_cannot_be_changed(client, cast, cohort, who):
    theirs = Membership.objects.get(user=cast.member_a1, team=cast.team_a)
    client.force_login(getattr(cast, who))

    assert choose(client, theirs, True).status_code == 404

    theirs.refresh_from_db()
    assert theirs.share_contact_with_cohort is False
    assert theirs.history.count() == 1


def test_a_removed_membership_cannot_be_changed(client, cast, cohort):
    mine = Membership.objects.get(user=cast.member_a1, team=cast.team_a)
    member_remove(membership=mine, by=cast.staff)
    client.force_login(cast.member_a1)

    assert choose(client, mine, True).status_code == 404

    mine.refresh_from_db()
    assert mine.share_contact_with_cohort is False
    with pytest.raises(CohortError):
        membership_contact_share(membership=mine, share=True, by=cast.member_a1)


def test_the_service_refuses_a_change_by_anyone_else(cast, cohort):
    theirs = Membership.objects.get(user=cast.member_a1, team=cast.team_a)
    with pytest.raises(CohortError):
        membership_contact_share(membership=theirs, share=True, by=cast.staff)
    theirs.refresh_from_db()
    assert theirs.share_contact_with_cohort is False


def test_the_choice_needs_a_signed_in_post_with_an_answer(client, cast, cohort):
    mine = Membership.objects.get(user=cast.member_a1, team=cast.team_a)
    response = choose(client, mine, True)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]

    client.force_login(cast.member_a1)
    assert client.get(share_url(mine)).status_code == 405
    assert client.post(share_url(mine), {"share": "maybe"}).status_code == 400
    mine.refresh_from_db()
    assert mine.share_contact_with_cohort is False


def test_the_account_page_says_where_the_choice_is_made(client, cast, cohort):
    client.force_login(cast.member_a1)

    page = client.get(reverse("accounts:profile")).content.decode()

    assert "on each team's “Other teams” page" in page
    assert reverse("cohorts:my_teams") in page
