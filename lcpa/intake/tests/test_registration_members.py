"""The registrant changes the team's members from the private status page
(registration_members_change), until staff invite the team. The token alone opens the page."""

from html import unescape

import pytest
from django.core.exceptions import ValidationError

from lcpa.intake.models import InterestRegistration, MemberChange
from lcpa.intake.services import (
    followup_record,
    registration_assign,
    registration_members_change,
)
from lcpa.intake.tests.registration_data import CLINICIAN, CRISIS_TEAM, FIREFIGHTER, member
from lcpa.intake.tests.test_registration_status import register, status_url
from lcpa.notifications.models import OutboundEmail
from lcpa.testing import make_staff

pytestmark = pytest.mark.django_db

Status = InterestRegistration.Status
NEW_COORDINATOR = member("Nia New", "public_health", "data_coordinator", email="nia@city.example")


def text(response) -> str:
    """The page's text with entities decoded (Django escapes apostrophes)."""
    return unescape(response.content.decode())


def members_url(token: str) -> str:
    return f"/registration/{token}/members/"


def members_post(rows, **extra) -> dict[str, str]:
    data = {
        "members-TOTAL_FORMS": str(len(rows)),
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "20",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"members-{index}-{key}"] = value
    data.update(extra)
    return data


def stored_members(registration) -> list[tuple[str, str, str]]:
    return [(m.name, m.email, m.role) for m in registration.members.order_by("position")]


@pytest.fixture
def registered(communities):
    """Redmond's registration (three-person crisis team and one more) and its status token."""
    return register(communities, "Redmond")


def test_the_form_is_filled_in_with_the_current_members(client, registered):
    registration, token = registered

    response = client.get(members_url(token))

    assert response.status_code == 200
    html = text(response)
    assert "<h1" in html and "Change your team's members" in html
    assert 'value="Dana Data"' in html and 'value="frank@amherst.example"' in html
    assert 'value="Redmond Person"' in html
    assert 'name="members-TOTAL_FORMS" value="4"' in html
    assert "Who your team needs" in html


def test_a_registrant_replaces_a_member_and_staff_see_it_on_the_timeline(client, registered):
    registration, token = registered
    staff = make_staff()
    registration_assign(registration=registration, by=staff, assignee=staff)
    renamed = {**FIREFIGHTER, "job_title": "Battalion chief"}
    rows = [NEW_COORDINATOR, renamed, CLINICIAN]

    response = client.post(members_url(token), members_post(rows))

    assert response.status_code == 302 and response["Location"] == status_url(token)
    assert stored_members(registration) == [
        ("Nia New", "nia@city.example", "data_coordinator"),
        ("Frank Fire", "frank@amherst.example", "first_response"),
        ("Bea Health", "bea@amherst.example", "implementing_sector"),
    ]
    change = MemberChange.objects.get(registration=registration)
    assert change.summary.splitlines() == [
        "Added Nia New (Data coordinator, City of Amherst).",
        "Changed Frank Fire: job title.",
        "Removed Dana Data (Data coordinator, City of Amherst).",
        "Removed Redmond Person (Other, City of Amherst).",
    ]
    status_page = text(client.get(status_url(token)))
    assert "Your changes to the team's members are saved." in status_page
    assert "You changed the team's members." in status_page and "Added Nia New" in status_page

    email = OutboundEmail.objects.get(subject="Team members changed: Redmond, WA")
    assert email.to == [staff.email]
    assert "Added Nia New" in email.body and registration.get_absolute_url() in email.body
    assert token not in email.body

    client.force_login(staff)
    staff_page = text(client.get(registration.get_absolute_url()))
    assert "Member changes by the registrant" in staff_page
    assert "Changed Frank Fire: job title." in staff_page
    assert "Nia New" in staff_page


def test_without_an_assignee_the_staff_inbox_is_told(client, registered, settings):
    registration, token = registered
    rows = [*CRISIS_TEAM, NEW_COORDINATOR]

    client.post(members_url(token), members_post(rows))

    email = OutboundEmail.objects.get(subject="Team members changed: Redmond, WA")
    assert email.to == list(settings.STAFF_NOTIFICATION_EMAILS)


def test_a_team_that_breaks_the_rule_is_refused_and_nothing_is_lost(client, registered):
    registration, token = registered
    before = stored_members(registration)
    emails_before = OutboundEmail.objects.count()
    rows = [FIREFIGHTER, CLINICIAN, {**NEW_COORDINATOR, "role": "other"}]

    response = client.post(members_url(token), members_post(rows))

    assert response.status_code == 400
    html = text(response)
    assert "There is a problem with the members" in html
    assert "Add a data coordinator" in html
    assert 'value="Nia New"' in html  # what was typed is still there
    assert 'value="nia@city.example"' in html
    assert stored_members(registration) == before
    assert not MemberChange.objects.exists()
    assert OutboundEmail.objects.count() == emails_before


def test_a_row_with_a_bad_email_is_shown_with_its_error(client, registered):
    registration, token = registered
    before = stored_members(registration)
    rows = [*CRISIS_TEAM, {**NEW_COORDINATOR, "email": "not-an-address"}]

    response = client.post(members_url(token), members_post(rows))

    assert response.status_code == 400
    html = text(response)
    assert "Member 4: Enter the member's email address in the right format" in html
    assert 'value="not-an-address"' in html
    assert stored_members(registration) == before


def test_removing_every_member_is_refused(client, registered):
    registration, token = registered
    rows = [{**row, "DELETE": "on"} for row in CRISIS_TEAM]

    response = client.post(members_url(token), members_post(rows))

    assert response.status_code == 400
    assert "fill in at least one member" in text(response)
    assert len(stored_members(registration)) == 4


def test_add_another_member_shows_one_more_row_and_saves_nothing(client, registered):
    registration, token = registered
    rows = [*CRISIS_TEAM, NEW_COORDINATOR]

    response = client.post(members_url(token), members_post(rows, add_member="1"))

    assert response.status_code == 200
    html = text(response)
    assert 'name="members-TOTAL_FORMS" value="5"' in html
    assert 'value="Nia New"' in html
    assert len(stored_members(registration)) == 4


def test_saving_the_same_list_records_nothing(client, registered):
    registration, token = registered
    rows = [
        {k: getattr(m, k) for k in ("name", "email", "organisation", "sector", "job_title", "role")}
        for m in registration.members.order_by("position")
    ]

    response = client.post(members_url(token), members_post(rows))

    assert response.status_code == 302
    assert "Nothing changed" in text(client.get(status_url(token)))
    assert not MemberChange.objects.exists()


def test_another_registrations_token_cannot_change_this_one(client, communities):
    mine, my_token = register(communities, "Redmond")
    theirs, their_token = register(communities, "Sacramento")
    before = stored_members(mine)

    response = client.post(members_url(their_token), members_post([NEW_COORDINATOR, *CRISIS_TEAM]))

    assert response.status_code == 302
    assert stored_members(mine) == before  # only Sacramento's list changed
    assert ("Nia New", "nia@city.example", "data_coordinator") in stored_members(theirs)
    page = text(client.get(members_url(their_token)))
    assert "Redmond" not in page


@pytest.mark.parametrize("token", ["unknown", "x" * 43, "%00"])
def test_an_unknown_token_changes_nothing(client, registered, token):
    registration, _token = registered
    response = client.post(members_url(token), members_post([NEW_COORDINATOR, *CRISIS_TEAM]))
    assert response.status_code == 404
    assert client.get(members_url(token)).status_code == 404
    assert len(stored_members(registration)) == 4


@pytest.mark.parametrize("status", [Status.INVITED, Status.ENROLLED])
def test_after_the_invitation_the_members_are_read_only(client, registered, status):
    registration, token = registered
    followup_record(
        registration=registration,
        by=make_staff(),
        kind="email",
        summary="Subject: Your invitation\n\nWelcome.",
        status_to=status,
    )
    before = stored_members(registration)

    page = text(client.get(members_url(token)))
    status_page = text(client.get(status_url(token)))
    response = client.post(members_url(token), members_post([NEW_COORDINATOR, *CRISIS_TEAM]))

    assert "Program staff have invited your team" in page
    assert 'name="members-TOTAL_FORMS"' not in page
    assert "Dana Data" in page
    assert "Program staff have invited your team" in status_page
    assert "Change the team's members" not in status_page
    assert response.status_code == 409
    assert stored_members(registration) == before
    assert not MemberChange.objects.exists()


def test_a_closed_registration_says_it_is_closed(client, registered):
    registration, token = registered
    InterestRegistration.objects.filter(pk=registration.pk).update(status=Status.WITHDRAWN)

    page = text(client.get(members_url(token)))

    assert "This registration is closed" in page


def test_the_service_refuses_changes_once_staff_invited_the_team(registered):
    registration, _token = registered
    InterestRegistration.objects.filter(pk=registration.pk).update(status=Status.INVITED)

    with pytest.raises(ValidationError, match="invited your team"):
        registration_members_change(registration=registration, members=CRISIS_TEAM)

    assert len(stored_members(registration)) == 4


def test_the_service_checks_the_registrations_own_learning_communities(communities):
    registration, _token = register(communities, "Oakland", slug="traffic-safety")

    with pytest.raises(ValidationError, match="transportation"):
        registration_members_change(
            registration=registration,
            members=[{**m, "sector": "public_health"} for m in CRISIS_TEAM],
        )
