"""Staff enrol a registered team in a cohort: the team, its invitations, the registration closed."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lcpa.cohorts.models import Invitation, Team
from lcpa.cohorts.services import cohort_create, team_create, team_enroll
from lcpa.core.tokens import link_token_digest
from lcpa.curriculum.models import Jurisdiction
from lcpa.intake.models import FollowUp, InterestRegistration
from lcpa.intake.services import registration_merge
from lcpa.intake.tests.test_queries import make_registration
from lcpa.testing import make_staff, make_user, run_due_tasks


@pytest.fixture
def staff(db):
    return make_staff()


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def upcoming(community, name: str = "Next cohort", *, capacity: int = 8, days: int = 30):
    starts_on = timezone.localdate() + timedelta(days=days)
    return cohort_create(
        learning_community=community,
        name=name,
        starts_on=starts_on,
        ends_on=starts_on + timedelta(weeks=26),
        capacity=capacity,
    )


def crisis_registration(communities, **changes) -> InterestRegistration:
    crisis = communities["crisis-systems"]
    return make_registration(
        jurisdiction_name="Eugene",
        state="OR",
        communities=[crisis],
        members=[
            ("Dana Data", "dana@eugene.example", "data_coordinator", "public_health"),
            ("Finn Fire", "finn@eugene.example", "first_response", "fire"),
            ("Bea Health", "bea@eugene.example", "implementing_sector", "behavioral_health"),
            ("Dana Again", "DANA@eugene.example", "other", "other"),
        ],
        **changes,
    )


def enrol_url(registration) -> str:
    return reverse("cohorts:staff_enrol", args=[registration.pk])


def test_the_enrol_page_offers_upcoming_cohorts_of_the_chosen_communities(
    staff_client, communities
):
    registration = crisis_registration(communities)
    offered = upcoming(communities["crisis-systems"], "Crisis spring cohort")
    upcoming(communities["traffic-safety"], "Traffic cohort")
    upcoming(communities["crisis-systems"], "Crisis cohort already running", days=-10)
    page = staff_client.get(enrol_url(registration)).content.decode()
    assert page.count("<h1") == 1
    assert "Crisis spring cohort" in page
    assert f'value="{offered.pk}"' in page
    assert "Traffic cohort" not in page
    assert "already running" not in page
    assert "The proposed team is complete for this learning community." in page
    assert "Dana Data" in page and "bea@eugene.example" in page
    assert "(3 in all)" in page  # one invitation per address


def test_the_registration_page_links_to_enrolment(staff_client, communities):
    registration = crisis_registration(communities)
    page = staff_client.get(
        reverse("intake:staff_registration", args=[registration.pk])
    ).content.decode()
    assert enrol_url(registration) in page
    assert "Enrol in a cohort" in page


def test_enrolling_creates_the_team_invites_each_member_and_closes_the_registration(
    staff_client, staff, communities, client, django_capture_on_commit_callbacks
):
    registration = crisis_registration(communities)
    cohort = upcoming(communities["crisis-systems"])
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(enrol_url(registration), {"cohort": cohort.pk})
    run_due_tasks()
    team = Team.objects.get(cohort=cohort)
    assert response.status_code == 302
    assert response["Location"] == reverse("cohorts:staff_team", args=[team.pk])
    assert team.name == "Eugene team"
    assert (team.jurisdiction.name, team.jurisdiction.state, team.jurisdiction.kind) == (
        "Eugene",
        "OR",
        "city",
    )
    invitations = {i.email: i for i in Invitation.objects.filter(team=team)}
    assert sorted(invitations) == [
        "bea@eugene.example",
        "dana@eugene.example",
        "finn@eugene.example",
    ]
    assert invitations["finn@eugene.example"].role == "first_response"
    assert invitations["bea@eugene.example"].sector == "behavioral_health"
    assert invitations["dana@eugene.example"].invited_by == staff

    registration.refresh_from_db()
    assert registration.status == InterestRegistration.Status.ENROLLED
    assert registration.jurisdiction == team.jurisdiction
    assert registration.follow_up_due_on is None
    note = registration.follow_ups.get(status_to=InterestRegistration.Status.ENROLLED)
    assert note.kind == FollowUp.Kind.NOTE
    assert note.recorded_by == staff
    assert "Enrolled in Next cohort as Eugene team" in note.summary

    # Each member gets an email with a link that opens the invitation page.
    sent = {message.to[0]: message.body for message in mail.outbox}
    assert sorted(sent) == sorted(invitations)
    for address in invitations:
        body = sent[address]
        path = re.search(r"https?://[^/\s]+(/invitations/[^\s]+/)", body).group(1)
        assert invitations[address].token_digest == link_token_digest(path.split("/")[2])
        page = client.get(path).content.decode()
        assert "Join Eugene team" in page


def test_a_second_enrolment_of_the_same_registration_is_refused(staff_client, communities):
    registration = crisis_registration(communities)
    cohort = upcoming(communities["crisis-systems"])
    staff_client.post(enrol_url(registration), {"cohort": cohort.pk})
    response = staff_client.post(enrol_url(registration), {"cohort": cohort.pk})
    assert response.status_code == 400
    assert "cannot be enrolled" in response.content.decode()
    assert Team.objects.count() == 1
    assert Invitation.objects.count() == 3


def test_a_merged_or_closed_registration_is_refused(staff, communities):
    cohort = upcoming(communities["crisis-systems"])
    closed = crisis_registration(communities, status=InterestRegistration.Status.DECLINED)
    with pytest.raises(ValidationError, match="closed"):
        team_enroll(registration=closed, cohort=cohort, by=staff)
    source = crisis_registration(communities)
    target = crisis_registration(communities)
    registration_merge(source=source, target=target, by=staff)
    with pytest.raises(ValidationError, match="merged into registration"):
        team_enroll(registration=source, cohort=cohort, by=staff)
    assert not Team.objects.exists()


def test_a_cohort_of_another_learning_community_is_refused(staff, communities):
    registration = crisis_registration(communities)
    traffic = upcoming(communities["traffic-safety"], "Traffic cohort")
    with pytest.raises(ValidationError, match="did not choose"):
        team_enroll(registration=registration, cohort=traffic, by=staff)
    registration.refresh_from_db()
    assert registration.status == InterestRegistration.Status.NEW
    assert not Invitation.objects.exists()


def test_a_jurisdiction_with_a_team_in_the_cohort_is_refused(staff, communities):
    registration = crisis_registration(communities)
    cohort = upcoming(communities["crisis-systems"])
    eugene = Jurisdiction.objects.create(name="Eugene", state="OR", kind="city")
    team_create(cohort=cohort, jurisdiction=eugene)
    with pytest.raises(ValidationError, match="already has a team"):
        team_enroll(registration=registration, cohort=cohort, by=staff)
    assert Team.objects.count() == 1
    assert not Invitation.objects.exists()


def test_a_full_cohort_is_refused(staff_client, staff, communities):
    registration = crisis_registration(communities)
    cohort = upcoming(communities["crisis-systems"], capacity=1)
    team_create(
        cohort=cohort,
        jurisdiction=Jurisdiction.objects.create(name="Bend", state="OR", kind="city"),
    )
    page = staff_client.get(enrol_url(registration)).content.decode()
    assert "1 of 1 teams. Full." in page
    response = staff_client.post(enrol_url(registration), {"cohort": cohort.pk})
    assert response.status_code == 400
    assert "is full: it has room for 1 teams" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == InterestRegistration.Status.NEW
    assert not Invitation.objects.exists()


def test_a_cohort_not_offered_cannot_be_posted(staff_client, communities):
    registration = crisis_registration(communities)
    running = upcoming(communities["crisis-systems"], days=-10)
    response = staff_client.post(enrol_url(registration), {"cohort": running.pk})
    assert response.status_code == 400
    assert "Choose one of the upcoming cohorts listed." in response.content.decode()
    assert not Team.objects.exists()


def test_only_program_staff_reach_the_enrol_page(client, communities):
    registration = crisis_registration(communities)
    cohort = upcoming(communities["crisis-systems"])
    response = client.get(enrol_url(registration))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(make_user("member@test.example"))
    assert client.get(enrol_url(registration)).status_code == 404
    assert client.post(enrol_url(registration), {"cohort": cohort.pk}).status_code == 404
    assert not Team.objects.exists()
