"""The cohort dashboard: per-team progress, attendance, activity and the early warning."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lcpa.cohorts.dashboard import cohort_dashboard
from lcpa.cohorts.models import Deliverable, Membership, Session, Team
from lcpa.cohorts.services import (
    attendance_record,
    cohort_create,
    deliverable_save,
    feedback_submit,
    jurisdiction_find_or_create,
    member_add,
    module_unlock,
    team_create,
)
from lcpa.testing import make_user, module_of


def make_cohort(cast, *, started_days_ago: int, weeks: int = 25):
    today = timezone.localdate()
    starts_on = today - timedelta(days=started_days_ago)
    return cohort_create(
        learning_community=cast.communities["crisis-systems"],
        name="Dashboard cohort",
        starts_on=starts_on,
        ends_on=starts_on + timedelta(weeks=weeks),
        capacity=10,
    )


def make_team(cohort, name: str, members: int = 2) -> Team:
    jurisdiction = jurisdiction_find_or_create(name=name, state="OR", kind="city", population=1)
    team = team_create(cohort=cohort, jurisdiction=jurisdiction, name=f"{name} team")
    for number in range(members):
        member_add(
            team=team,
            user=make_user(f"{name.lower()}{number}@test.example"),
            role="data_coordinator" if number == 0 else "first_response",
            sector="fire" if number else "public_health",
        )
    return team


def held_session(cohort, days_ago: int, title: str = "Session") -> Session:
    starts = timezone.now() - timedelta(days=days_ago)
    return Session.objects.create(
        cohort=cohort,
        module=module_of(cohort, 1),
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
    )


def members(team: Team) -> list[Membership]:
    return list(team.memberships.order_by("pk"))


def mark(session, team: Team, status: str, by) -> None:
    attendance_record(session=session, marks={m.pk: status for m in members(team)}, by=by)


def submitted(team: Team, number: int = 1) -> Deliverable:
    return Deliverable.objects.create(
        team=team, module=module_of(team, number), status="submitted", submitted_at=timezone.now()
    )


def rows(cohort) -> dict[str, object]:
    return {row.team.name: row for row in cohort_dashboard(cohort).teams}


def test_a_team_nobody_from_which_came_to_the_last_two_sessions_is_flagged(cast):
    cohort = make_cohort(cast, started_days_ago=10)  # no deliverable is due yet
    steady, absent = make_team(cohort, "Steady"), make_team(cohort, "Absent")
    for days_ago in (9, 5, 2):
        session = held_session(cohort, days_ago)
        mark(session, steady, "present", cast.staff)
        mark(session, absent, "present" if days_ago == 9 else "absent", cast.staff)
    held_session(cohort, 1, "Attendance not taken yet")
    result = rows(cohort)
    assert result["Absent team"].warnings == [
        "Missed the last two sessions: nobody from the team was marked present."
    ]
    assert result["Steady team"].warnings == []
    assert result["Steady team"].rate_percent == 100
    assert result["Absent team"].rate_percent == 33  # 2 present of 3 sessions × 2 members


def test_being_excused_twice_still_counts_as_missing(cast):
    cohort = make_cohort(cast, started_days_ago=10)
    team = make_team(cohort, "Excused")
    for days_ago in (5, 2):
        mark(held_session(cohort, days_ago), team, "excused", cast.staff)
    assert rows(cohort)["Excused team"].flagged


def test_a_deliverable_more_than_two_weeks_late_flags_the_team(cast):
    # 25 weeks from 50 days ago: module 1 was due 15 days ago, module 2 is not due yet.
    cohort = make_cohort(cast, started_days_ago=50)
    due = cohort.modules.get(number=1).due_on
    make_team(cohort, "Late")
    on_time, draft = (
        make_team(cohort, "Ontime"),
        make_team(cohort, "Draft"),
    )
    submitted(on_time)
    Deliverable.objects.create(team=draft, module=module_of(draft, 1), status="draft")
    result = rows(cohort)
    days = (timezone.localdate() - due).days
    assert days > 14
    assert result["Late team"].warnings == [
        f"Module 1 deliverable (Deliverable 1) is {days} days past its due date of "
        f"{due:%B} {due.day}, {due.year}, and not submitted."
    ]
    assert len(result["Draft team"].warnings) == 1
    assert result["Ontime team"].warnings == []


def test_a_deliverable_less_than_two_weeks_late_is_not_flagged_yet(cast):
    cohort = make_cohort(cast, started_days_ago=40)  # module 1 due 5 days ago
    make_team(cohort, "Slightly")
    assert rows(cohort)["Slightly team"].warnings == []


def test_a_team_with_no_activity_for_21_days_is_flagged(cast):
    cohort = make_cohort(cast, started_days_ago=70, weeks=60)  # nothing due yet
    make_team(cohort, "Quiet")
    busy = make_team(cohort, "Busy")
    long_ago = timezone.now() - timedelta(days=30)
    Membership.objects.filter(team__cohort=cohort).update(created_at=long_ago)
    Team.objects.filter(cohort=cohort).update(created_at=long_ago)
    deliverable_save(
        team=busy,
        module=module_of(busy, 1),
        answers={"vision": "x"},
        base_version=0,
        by=members(busy)[0].user,
    )
    result = rows(cohort)
    assert result["Quiet team"].warnings == ["No activity for 30 days."]
    assert result["Quiet team"].last_activity_what == "A member joined"
    assert result["Busy team"].warnings == []
    assert result["Busy team"].last_activity_what == "Worked on a deliverable"
    assert result["Busy team"].days_since_activity == 0


def test_staff_edits_are_not_team_activity(cast):
    cohort = make_cohort(cast, started_days_ago=70, weeks=60)
    team = make_team(cohort, "Quiet")
    long_ago = timezone.now() - timedelta(days=25)
    Membership.objects.filter(team=team).update(created_at=long_ago)
    deliverable_save(
        team=team, module=module_of(team, 1), answers={}, base_version=0, by=cast.staff
    )
    assert rows(cohort)["Quiet team"].warnings == ["No activity for 25 days."]


def test_no_quiet_warning_before_the_cohort_starts(cast):
    cohort = make_cohort(cast, started_days_ago=-10)
    team = make_team(cohort, "Early")
    Membership.objects.filter(team=team).update(created_at=timezone.now() - timedelta(days=40))
    Team.objects.filter(pk=team.pk).update(created_at=timezone.now() - timedelta(days=40))
    row = rows(cohort)["Early team"]
    assert row.days_since_activity == 40
    assert row.warnings == []


def test_module_reached_and_deliverable_counts(cast):
    cohort = make_cohort(cast, started_days_ago=10)
    team = make_team(cohort, "Counting")
    submitted(team, 1)
    Deliverable.objects.create(team=team, module=module_of(team, 2), status="accepted")
    Deliverable.objects.create(team=team, module=module_of(team, 3), status="draft")
    module_unlock(team=team, module=module_of(team, 5), reason="Agreed with staff", by=cast.staff)
    row = rows(cohort)["Counting team"]
    assert row.module_reached == 5
    assert row.submitted == 2
    assert row.accepted == 1


def test_the_page_shows_flags_with_reasons_definitions_and_links(client, cast):
    cohort = make_cohort(cast, started_days_ago=50)
    late, fine = make_team(cohort, "Late"), make_team(cohort, "Fine")
    submitted(fine)
    session = held_session(cohort, 3, "Charter workshop")
    mark(session, fine, "present", cast.staff)
    feedback_submit(session=session, user=members(fine)[0].user, usefulness=4, improve="")
    client.force_login(cast.staff)
    page = client.get(reverse("cohorts:staff_cohort", args=[cohort.pk])).content.decode()
    assert page.count("<h1") == 1
    assert "1 team is falling behind" in page
    assert "Falling behind" in page and "On track" in page
    assert "Module 1 deliverable (Deliverable 1) is" in page
    assert "How these figures are counted" in page
    assert reverse("cohorts:staff_team", args=[late.pk]) in page
    assert reverse("cohorts:staff_attendance", args=[session.pk]) in page
    assert reverse("cohorts:staff_feedback", args=[session.pk]) in page
    assert reverse("cohorts:staff_attendance_csv", args=[cohort.pk]) in page
    assert reverse("cohorts:staff_session_create", args=[cohort.pk]) in page
    assert "2 present of 2 marked" in page
    assert "1 response" in page


def _dashboard_queries(client, cohort) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("cohorts:staff_cohort", args=[cohort.pk])).status_code == 200
    return len(queries)


def _busy_team(cohort, name: str, sessions: list[Session], by) -> None:
    team = make_team(cohort, name, members=3)
    submitted(team)
    deliverable_save(
        team=team, module=module_of(team, 2), answers={}, base_version=0, by=members(team)[0].user
    )
    module_unlock(team=team, module=module_of(team, 4), reason="Test", by=by)
    for session in sessions:
        mark(session, team, "present", by)


def test_the_dashboard_query_count_does_not_grow_with_teams(
    client, cast, django_assert_max_num_queries
):
    cohort = make_cohort(cast, started_days_ago=50)
    sessions = [held_session(cohort, days) for days in (20, 10, 3)]
    _busy_team(cohort, "First", sessions, cast.staff)
    client.force_login(cast.staff)
    few = _dashboard_queries(client, cohort)
    for name in ("Second", "Third", "Fourth", "Fifth", "Sixth"):
        _busy_team(cohort, name, sessions, cast.staff)
    sessions.append(held_session(cohort, 1))
    with django_assert_max_num_queries(few):
        client.get(reverse("cohorts:staff_cohort", args=[cohort.pk]))
    assert _dashboard_queries(client, cohort) == few


def test_the_quiet_clock_stops_when_the_cohort_ends(cast):
    cohort = make_cohort(cast, started_days_ago=200, weeks=26)  # ended 18 days ago
    team = make_team(cohort, "Finished")
    for number in range(1, 6):
        submitted(team, number)
    Deliverable.objects.filter(team=team).update(submitted_at=timezone.now() - timedelta(days=30))
    Membership.objects.filter(team=team).update(created_at=timezone.now() - timedelta(days=190))
    row = rows(cohort)["Finished team"]
    assert row.days_since_activity == 30
    assert row.warnings == []  # quiet for only 12 days before the end
