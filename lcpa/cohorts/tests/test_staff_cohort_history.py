"""A cohort's change history for staff: each kind of change (the cohort's dates and people, due
dates, sessions moved, cancelled and deleted, invitations withdrawn, teams unenrolled, members
removed) with who made it, newest first, in pages; other cohorts' changes stay out, only staff
may read it, and its queries do not grow with the history."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from lcpa.cohorts.history import cohort_history
from lcpa.cohorts.services import (
    cohort_update,
    invitation_revoke,
    invitation_send,
    member_remove,
    session_cancel,
    session_delete,
    session_reschedule,
    session_schedule,
    team_unenrol,
)
from lcpa.testing import a_staff_member, make_staff, module_of

STARTS = datetime(2027, 1, 12, 15, 0, tzinfo=UTC)


def history_url(cohort) -> str:
    return reverse("cohorts:staff_cohort_history", args=[cohort.pk])


@pytest.fixture
def staff_client(client, cast):
    client.force_login(cast.staff)
    return client


def schedule(cohort, title: str, *, starts_at=STARTS):
    return session_schedule(
        by=a_staff_member(),
        module=module_of(cohort, 1),
        title=title,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
    )


def invite(team, by, email="ida@test.example"):
    return invitation_send(
        team=team,
        email=email,
        full_name="Ida Invitee",
        role="community_partner",
        sector="community_organisation",
        by=by,
    )


def rows(page: str) -> list[str]:
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [row.split("</tr>")[0] for row in body.split("<tr>")[1:]]


def test_each_kind_of_change_is_shown_with_who_made_it_newest_first(
    staff_client, cast, cohort, django_capture_on_commit_callbacks
):
    colleague = make_staff("colleague@test.example")
    colleague.full_name = "Casey Colleague"
    colleague.save()
    with time_machine.travel(datetime(2026, 12, 2, 12, tzinfo=UTC), tick=False):
        moved = schedule(cohort, "Vision and charter")
        cancelled = schedule(cohort, "Data walk", starts_at=STARTS + timedelta(days=7))
        deleted = schedule(cohort, "Booked twice", starts_at=STARTS + timedelta(days=14))
        invitation = invite(cast.team_a, cast.staff)
        team = cast.team_b
        team.deliverables.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        with time_machine.travel(datetime(2026, 12, 3, 9, tzinfo=UTC), tick=False):
            session_reschedule(
                session=moved,
                starts_at=STARTS + timedelta(days=1),
                ends_at=STARTS + timedelta(days=1, hours=1),
                by=colleague,
            )
        with time_machine.travel(datetime(2026, 12, 4, 9, tzinfo=UTC), tick=False):
            session_cancel(session=cancelled, reason="The expert is ill.", by=cast.staff)
        with time_machine.travel(datetime(2026, 12, 5, 9, tzinfo=UTC), tick=False):
            session_delete(session=deleted, by=colleague)
        with time_machine.travel(datetime(2026, 12, 6, 9, tzinfo=UTC), tick=False):
            invitation_revoke(invitation=invitation, by=colleague)
        with time_machine.travel(datetime(2026, 12, 7, 9, tzinfo=UTC), tick=False):
            member_remove(membership=cast.member_a2.memberships.get(), by=cast.staff)
        with time_machine.travel(datetime(2026, 12, 8, 9, tzinfo=UTC), tick=False):
            team_unenrol(team=team, by=colleague)
        with time_machine.travel(datetime(2026, 12, 9, 9, tzinfo=UTC), tick=False):
            cohort_update(
                cohort=cohort,
                by=cast.staff,
                name=cohort.name,
                starts_on=cohort.starts_on,
                ends_on=date(2027, 4, 1),
                capacity=cohort.capacity,
                facilitators=[colleague],
                experts=list(cohort.experts.all()),
                ta_providers=list(cohort.ta_providers.all()),
                due_dates={5: date(2027, 3, 25)},
            )

    page = staff_client.get(history_url(cohort)).content.decode()

    assert page.count("<h1") == 1
    shown = rows(page)
    # The cohort edit, newest: its dates and people on the cohort, the due date on the module.
    cohort_edit, people_edit, due_edit = shown[:3]
    assert "Cohort changed" in cohort_edit and str(cast.staff) in cohort_edit
    assert "Ends on:</strong>" in cohort_edit and "Apr 1, 2027" in cohort_edit
    assert "Facilitators:</strong>" in people_edit and "Casey Colleague" in people_edit
    assert "Module changed" in due_edit and "Mar 25, 2027" in due_edit
    by_what = {row.split('data-label="What">')[1].split("</th>")[0]: row for row in shown}

    def row_for(start: str) -> str:
        (row,) = [row for key, row in by_what.items() if key.startswith(start)]
        return row

    team_row = row_for(f'Team deleted: <span class="lc-user-text">{team.name}')
    assert "Casey Colleague" in team_row and "Dec 8, 2026" in team_row
    member_row = row_for("Team member changed")
    assert "Removed at" in member_row and str(cast.staff) in member_row
    withdrawn = row_for('Invitation deleted: <span class="lc-user-text">Ida Invitee')
    assert "Casey Colleague" in withdrawn
    assert "Casey Colleague" in row_for('Session deleted: <span class="lc-user-text">Booked twice')
    cancel_row = row_for('Session changed: <span class="lc-user-text">Data walk')
    assert "Scheduled" in cancel_row and "Cancelled" in cancel_row
    assert "The expert is ill." in cancel_row
    move_row = row_for('Session changed: <span class="lc-user-text">Vision and charter')
    assert "Casey Colleague" in move_row and "Starts" in move_row
    # Newest first: the cohort edit, then the deletion, then the cancellation.
    assert page.index("Apr 1, 2027") < page.index("Booked twice") < page.index("Data walk")


def test_another_cohorts_changes_are_not_in_it(staff_client, cast, cohort):
    schedule(cast.other_cohort, "Somebody else's session")
    invite(cast.other_team, cast.staff, email="other@test.example")
    schedule(cohort, "Ours")
    page = staff_client.get(history_url(cohort)).content.decode()
    assert "Ours" in page
    assert "Somebody else" not in page
    assert "other@test.example" not in page


def test_it_is_paginated_and_its_queries_do_not_grow_with_the_history(
    staff_client, cast, cohort, django_assert_max_num_queries
):
    schedule(cohort, "Session 0")
    with django_assert_max_num_queries(20) as few:
        staff_client.get(history_url(cohort))
    for index in range(1, 70):
        session = schedule(cohort, f"Session {index}", starts_at=STARTS + timedelta(days=index))
        session_cancel(session=session, reason="Not needed.", by=cast.staff)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = staff_client.get(history_url(cohort)).content.decode()
    assert len(rows(page)) == 50
    assert "usa-pagination" in page
    entries = len(cohort_history(cohort))
    second = staff_client.get(history_url(cohort), {"page": 2}).content.decode()
    assert len(rows(second)) == min(50, entries - 50)
    assert f"{entries} changes: showing 51 to {min(100, entries)}." in second


def test_only_staff_read_it(client, cast, cohort):
    for person in (cast.expert, cast.ta_provider, cast.member_a1, cast.outsider):
        client.force_login(person)
        assert client.get(history_url(cohort)).status_code == 404
    client.logout()
    assert client.get(history_url(cohort)).status_code == 302


def test_the_cohort_page_links_to_it(staff_client, cohort):
    page = staff_client.get(reverse("cohorts:staff_cohort", args=[cohort.pk])).content.decode()
    assert history_url(cohort) in page
