"""Policy changes in the Django admin: program staff add and change them through the outcomes
services (the history says who did it, the team and who recorded it stay), with the same
refusals as the team's page; deleting is left to superusers and goes through the service too.
The dictionary, teams' measures and their values stay read-only."""

import uuid
from datetime import date

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.urls import reverse

from lcpa.demo.accounts import staff_admin_permissions
from lcpa.outcomes.models import PolicyChange
from lcpa.outcomes.services import policy_change_create
from lcpa.testing import choose_measure, enrol_totp, make_staff, make_user

ORDINANCE = "Council ordinance: crisis calls go to the crisis team"


@pytest.fixture
def staff(cast):
    """Program staff with the admin permissions of the "Program staff" group."""
    person = make_staff("admin.staff@test.example")
    person.user_permissions.set(staff_admin_permissions())
    return person


@pytest.fixture
def coverage(cast):
    return choose_measure(cast.team_a, by=cast.member_a1)


def add_url() -> str:
    return reverse("admin:outcomes_policychange_add")


def change_url(change: PolicyChange) -> str:
    return reverse("admin:outcomes_policychange_change", args=[change.pk])


def recorded(cast, **extra) -> PolicyChange:
    return policy_change_create(
        submission_key=uuid.uuid4(),
        team=cast.team_a,
        by=cast.member_a1,
        changed_on=date(2026, 10, 1),
        title=ORDINANCE,
        **extra,
    )


def test_staff_add_a_policy_change_and_a_second_click_stores_no_second(
    client, cast, staff, coverage
):
    client.force_login(staff)
    form = client.get(add_url()).content.decode()
    assert 'name="submission"' in form
    data = {
        "submission": str(uuid.uuid4()),
        "team": cast.team_a.pk,
        "changed_on": "2026-10-01",
        "title": ORDINANCE,
        "team_measure": coverage.pk,
        "description": "Voted on September 15.",
    }

    response = client.post(add_url(), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    change = PolicyChange.objects.get()
    assert (change.team, change.team_measure, change.created_by, change.changed_on) == (
        cast.team_a,
        coverage,
        staff,
        date(2026, 10, 1),
    )
    assert change.description == "Voted on September 15."
    assert (change.history.get().history_type, change.history.get().history_user) == ("+", staff)
    assert LogEntry.objects.get(object_id=str(change.pk)).action_flag == ADDITION
    assert client.post(add_url(), data).status_code == 302
    assert PolicyChange.objects.count() == 1
    listing = client.get(reverse("admin:outcomes_policychange_changelist")).content.decode()
    assert ORDINANCE in listing and cast.team_a.name in listing


def test_staff_change_a_policy_change_and_history_keeps_the_earlier_version(
    client, cast, staff, coverage
):
    change = recorded(cast)
    client.force_login(staff)
    page = client.get(change_url(change)).content.decode()
    assert ORDINANCE in page and 'name="submission"' not in page
    assert 'name="team"' not in page  # its team does not change

    response = client.post(
        change_url(change),
        {
            "team": cast.team_b.pk,
            "changed_on": "2026-11-01",
            "title": "Ordinance in force",
            "team_measure": coverage.pk,
            "description": "",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    change.refresh_from_db()
    assert (change.team, change.title, change.changed_on, change.team_measure) == (
        cast.team_a,
        "Ordinance in force",
        date(2026, 11, 1),
        coverage,
    )
    assert change.created_by == cast.member_a1
    earlier, latest = change.history.order_by("history_date")
    assert (earlier.title, earlier.history_user) == (ORDINANCE, cast.member_a1)
    assert (latest.title, latest.history_user) == ("Ordinance in force", staff)
    assert LogEntry.objects.get(object_id=str(change.pk)).action_flag == CHANGE
    history = client.get(reverse("admin:outcomes_policychange_history", args=[change.pk]))
    assert "Ordinance in force" in history.content.decode()


def test_another_teams_measure_and_a_date_more_than_a_year_ahead_are_refused(
    client, cast, staff, coverage
):
    other_teams = choose_measure(cast.team_b, by=cast.member_b)
    change = recorded(cast)
    client.force_login(staff)

    added = client.post(
        add_url(),
        {
            "submission": str(uuid.uuid4()),
            "team": cast.team_a.pk,
            "changed_on": "2999-01-01",
            "title": "Far off",
            "team_measure": other_teams.pk,
        },
    )
    changed = client.post(change_url(change), {"changed_on": "2027-12-02", "title": ORDINANCE})

    assert added.status_code == changed.status_code == 200
    html = added.content.decode()
    assert "Choose one of your team&#x27;s measures, or none." in html
    assert "enter a date on or before December 1, 2027." in html
    assert "enter a date on or before December 1, 2027." in changed.content.decode()
    assert list(PolicyChange.objects.values_list("title", "changed_on")) == [
        (ORDINANCE, date(2026, 10, 1))
    ]
    assert change.history.count() == 1


def test_only_superusers_delete_and_history_keeps_who_deleted_it(client, cast, staff):
    change, other = recorded(cast), recorded(cast, description="Another")
    delete_url = reverse("admin:outcomes_policychange_delete", args=[change.pk])
    client.force_login(staff)
    assert client.get(delete_url).status_code == 404
    assert client.post(delete_url, {"post": "yes"}).status_code == 404
    superuser = make_user("admin@test.example", is_staff=True, is_superuser=True)
    enrol_totp(superuser)
    client.force_login(superuser)

    response = client.post(delete_url, {"post": "yes"})

    selected = client.post(
        reverse("admin:outcomes_policychange_changelist"),
        {"action": "delete_selected", "_selected_action": [other.pk], "post": "yes"},
    )

    assert response.status_code == selected.status_code == 302
    assert not PolicyChange.objects.exists()
    for pk in (change.pk, other.pk):
        deleted = PolicyChange.history.filter(id=pk).latest("history_date")
        assert (deleted.history_type, deleted.history_user) == ("-", superuser)


def test_people_without_admin_permissions_get_not_found(client, cast):
    change = recorded(cast)
    for person in (cast.member_a1, cast.expert):
        client.force_login(person)
        assert client.get(change_url(change)).status_code == 404
        assert client.post(add_url(), {"title": "X"}).status_code == 404
    assert PolicyChange.objects.count() == 1
