"""Working an early-warning flag: staff log a check-in with the team, which clears its warnings
until new evidence comes in after the check-in, or email the team (from a starting text or in
their own words). The dashboard says who checked in and when."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lcpa.cohorts.dashboard import LATE_GRACE, cohort_dashboard
from lcpa.cohorts.models import Membership, Team, TeamContact
from lcpa.cohorts.services import team_check_in
from lcpa.cohorts.tests.test_dashboard import (
    _busy_team,
    _dashboard_queries,
    held_session,
    make_cohort,
    make_team,
    mark,
    rows,
)
from lcpa.notifications.models import OutboundEmail
from lcpa.testing import make_staff

MISSED = "Missed the last two sessions: nobody from the team was marked present."


@pytest.fixture
def staff_client(client, cast):
    client.force_login(cast.staff)
    return client


def check_in_url(team: Team) -> str:
    return reverse("cohorts:staff_team_check_in", args=[team.pk])


def email_url(team: Team) -> str:
    return reverse("cohorts:staff_team_email", args=[team.pk])


def days_ago(days: int):
    return timezone.localdate() - timedelta(days=days)


def enrolled_long_ago(team: Team) -> Team:
    """The team, enrolled 100 days ago (a check-in cannot be dated before its enrolment)."""
    Team.objects.filter(pk=team.pk).update(created_at=timezone.now() - timedelta(days=100))
    team.refresh_from_db()
    return team


@pytest.fixture
def absent(cast) -> Team:
    """A team of a running cohort that missed the sessions 5 and 2 days ago."""
    cohort = make_cohort(cast, started_days_ago=10)
    team = make_team(cohort, "Absent")
    for ago in (5, 2):
        mark(held_session(cohort, ago), team, "absent", cast.staff)
    return enrolled_long_ago(team)


# Check-ins ----------------------------------------------------------------------------------


def test_a_check_in_clears_the_flag_and_the_dashboard_says_who_checked_in_and_when(
    staff_client, cast, absent
):
    dashboard = reverse("cohorts:staff_cohort", args=[absent.cohort_id])
    assert check_in_url(absent) in staff_client.get(dashboard).content.decode()
    form = staff_client.get(check_in_url(absent)).content.decode()
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in form

    response = staff_client.post(
        check_in_url(absent),
        {"contacted_on": days_ago(1).isoformat(), "note": "Called Dana: the sessions clash."},
    )

    assert response.status_code == 302
    contact = TeamContact.objects.get(team=absent)
    assert (contact.kind, contact.by, contact.contacted_on) == ("check_in", cast.staff, days_ago(1))
    assert contact.history.first().history_user == cast.staff
    row = rows(absent.cohort)["Absent team"]
    assert row.warnings == [] and row.cleared
    page = staff_client.get(dashboard).content.decode()
    day = days_ago(1)
    assert f"Checked in on {day:%B} {day.day}, {day.year} by Staff" in page
    assert "warnings cleared until new evidence" in page
    assert "No team is flagged by the early warning." in page


def test_a_session_missed_after_the_check_in_raises_the_flag_again(cast, absent):
    team_check_in(team=absent, contacted_on=days_ago(1), note="Talked.", by=cast.staff)
    assert rows(absent.cohort)["Absent team"].warnings == []

    this_morning = held_session(absent.cohort, 0, "This morning")
    this_morning.starts_at -= timedelta(hours=3)
    this_morning.ends_at -= timedelta(hours=3)
    this_morning.save()
    mark(this_morning, absent, "absent", cast.staff)

    row = rows(absent.cohort)["Absent team"]
    assert row.warnings == [MISSED] and not row.cleared
    assert row.checked_in.contacted_on == days_ago(1)


def test_a_check_in_before_the_last_missed_session_clears_nothing(cast, absent):
    team_check_in(team=absent, contacted_on=days_ago(3), note="Talked.", by=cast.staff)
    assert rows(absent.cohort)["Absent team"].warnings == [MISSED]


def test_a_deliverable_that_falls_late_after_the_check_in_is_new_evidence(cast):
    # 25 weeks from 90 days ago: module 1 was due 54 days ago, module 2 18 days ago.
    cohort = make_cohort(cast, started_days_ago=90)
    team = enrolled_long_ago(make_team(cohort, "Late"))
    due_2 = cohort.modules.get(number=2).due_on
    # Checked in after module 1 was late but before module 2 was.
    checked = due_2 + LATE_GRACE - timedelta(days=1)
    team_check_in(team=team, contacted_on=checked, note="Module 1 next week.", by=cast.staff)

    warnings = rows(cohort)["Late team"].warnings

    assert len(warnings) == 1 and warnings[0].startswith("Module 2 deliverable")


def test_quiet_days_are_counted_again_from_the_check_in(cast):
    cohort = make_cohort(cast, started_days_ago=70, weeks=60)
    team = make_team(cohort, "Quiet")
    long_ago = timezone.now() - timedelta(days=40)
    Membership.objects.filter(team=team).update(created_at=long_ago)
    team = enrolled_long_ago(team)
    team_check_in(team=team, contacted_on=days_ago(25), note="Busy season.", by=cast.staff)
    assert rows(cohort)["Quiet team"].warnings == ["No activity for 25 days."]
    TeamContact.objects.all().delete()
    team_check_in(team=team, contacted_on=days_ago(10), note="Still busy.", by=cast.staff)
    assert rows(cohort)["Quiet team"].warnings == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"contacted_on": "", "note": "x"}, "Enter the date you talked."),
        ({"contacted_on": "2026-12-05", "note": "x"}, "cannot be in the future"),
        ({"contacted_on": "2020-01-01", "note": "x"}, "before the team was enrolled"),
        ({"contacted_on": "2026-11-30", "note": "   "}, "Write what you talked about"),
    ],
)
def test_a_check_in_with_bad_input_is_not_saved_and_the_flag_stays(
    staff_client, absent, data, message
):
    response = staff_client.post(check_in_url(absent), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not TeamContact.objects.exists()
    assert rows(absent.cohort)["Absent team"].warnings == [MISSED]


def test_another_staff_members_check_in_is_shown_with_their_name(client, cast, absent):
    colleague = make_staff("robin@test.example")
    client.force_login(colleague)
    client.post(check_in_url(absent), {"contacted_on": days_ago(0).isoformat(), "note": "Met."})
    contact = TeamContact.objects.get()
    assert contact.by == colleague and contact.history.first().history_user == colleague
    page = client.get(reverse("cohorts:staff_cohort", args=[absent.cohort_id])).content.decode()
    assert "by Robin" in page


# Emails -------------------------------------------------------------------------------------


def test_staff_email_the_team_from_a_starting_text(staff_client, cast, absent):
    form = staff_client.get(email_url(absent), {"template": "missed_sessions"}).content.decode()
    assert "We missed you at the last sessions of Dashboard cohort" in form
    assert "Hello Absent team," in form

    response = staff_client.post(
        email_url(absent),
        {"subject": "We missed you", "body": "Hello Absent team,\n\nIs the time hard for you?"},
    )

    assert response.status_code == 302
    email = OutboundEmail.objects.get()
    assert email.to == sorted(absent.memberships.values_list("user__email", flat=True))
    assert email.reply_to == [cast.staff.email]
    assert email.subject == "We missed you"
    assert email.body == "Hello Absent team,\n\nIs the time hard for you?\n"
    contact = TeamContact.objects.get()
    assert (contact.kind, contact.subject, contact.by) == ("email", "We missed you", cast.staff)
    row = rows(absent.cohort)["Absent team"]
    assert row.warnings == [MISSED]  # an email alone does not clear the flag
    page = staff_client.get(reverse("cohorts:staff_cohort", args=[absent.cohort_id]))
    day = timezone.localdate()
    assert f"Emailed on {day:%B} {day.day}, {day.year} by Staff" in page.content.decode()


def test_an_email_without_a_message_is_not_sent(staff_client, absent):
    response = staff_client.post(email_url(absent), {"subject": "Hello", "body": ""})
    assert response.status_code == 400
    assert "Write the message." in response.content.decode()
    assert 'value="Hello"' in response.content.decode()  # what was typed is kept
    assert not OutboundEmail.objects.exists() and not TeamContact.objects.exists()


def test_a_team_nobody_joined_cannot_be_emailed(staff_client, cast):
    cohort = make_cohort(cast, started_days_ago=10)
    empty = make_team(cohort, "Empty", members=0)
    response = staff_client.post(email_url(empty), {"subject": "Hi", "body": "Hello"})
    assert response.status_code == 400
    assert "Nobody has joined Empty team yet" in response.content.decode()
    assert not OutboundEmail.objects.exists()


def test_an_unknown_starting_text_leaves_the_form_empty(staff_client, absent):
    page = staff_client.get(email_url(absent), {"template": "nope"}).content.decode()
    assert 'name="subject"' in page and "We missed you" not in page


@pytest.mark.parametrize("url", [check_in_url, email_url])
def test_members_experts_and_other_teams_cannot_check_in_or_email(client, cast, url):
    cast.cohort.experts.add(cast.expert)
    data = {"contacted_on": days_ago(0).isoformat(), "note": "x", "subject": "x", "body": "x"}
    for user in (cast.member_a1, cast.member_b, cast.expert, cast.outsider):
        client.force_login(user)
        assert client.get(url(cast.team_a)).status_code == 404
        assert client.post(url(cast.team_a), data).status_code == 404
    client.logout()
    assert "/accounts/login/" in client.post(url(cast.team_a), data)["Location"]
    assert not TeamContact.objects.exists() and not OutboundEmail.objects.exists()


# The dashboard's query count ----------------------------------------------------------------


def test_check_ins_and_emails_do_not_add_queries_per_team(
    client, cast, django_assert_max_num_queries
):
    cohort = make_cohort(cast, started_days_ago=50)
    sessions = [held_session(cohort, days) for days in (20, 10, 3)]
    _busy_team(cohort, "First", sessions, cast.staff)
    client.force_login(cast.staff)
    few = _dashboard_queries(client, cohort)
    for name in ("Second", "Third", "Fourth", "Fifth"):
        _busy_team(cohort, name, sessions, cast.staff)
    for team in cohort.teams.all():
        team = enrolled_long_ago(team)
        team_check_in(team=team, contacted_on=days_ago(1), note="Talked.", by=cast.staff)
        TeamContact.objects.create(
            team=team, kind="email", contacted_on=days_ago(0), note="Hi", by=cast.staff
        )
    with django_assert_max_num_queries(few):
        page = client.get(reverse("cohorts:staff_cohort", args=[cohort.pk]))
    assert page.content.decode().count("Checked in on") == 5
    assert len(cohort_dashboard(cohort).teams) == 5
