"""Program staff change a scheduled session from the staff pages: its details, its time
(members are emailed the old and new time with an updated calendar file, and reminders follow),
cancelling it with a reason, and deleting one scheduled by mistake.

The session is on Tuesday 12 January 2027, 10:00 to 11:00 in New York; the suite's clock stands
at 1 December 2026 (lcpa.testing.NOW)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from icalendar import Calendar

from lcpa.cohorts.calendar import session_uid
from lcpa.cohorts.dashboard import cohorts_overview
from lcpa.cohorts.models import Attendance, Session
from lcpa.cohorts.queries import team_next_session
from lcpa.cohorts.services import (
    CohortError,
    attendance_record,
    calendar_token_reset,
    feedback_refusal,
    session_schedule,
)
from lcpa.cohorts.tasks import send_session_reminder
from lcpa.notifications.models import OutboundEmail
from lcpa.testing import make_staff, make_user, module_of

STARTS = datetime(2027, 1, 12, 15, 0, tzinfo=UTC)  # 10:00 in New York
REMINDER = "lcpa.cohorts.tasks.send_session_reminder"


@pytest.fixture
def session(cast, django_capture_on_commit_callbacks) -> Session:
    cast.cohort.facilitators.add(cast.staff)
    with django_capture_on_commit_callbacks(execute=True):
        session = session_schedule(
            by=cast.staff,
            module=module_of(cast.cohort, 1),
            title="Vision and charter",
            starts_at=STARTS,
            ends_at=STARTS + timedelta(hours=1),
            meeting_url="https://meet.example.org/charter",
            agenda="Bring your draft charter.",
            facilitators=[cast.staff],
        )
    return session


@pytest.fixture
def staff_client(client, cast):
    client.force_login(cast.staff)
    return client


def url(name: str, session: Session) -> str:
    return reverse(f"cohorts:staff_{name}", args=[session.pk])


def details(session: Session, **changes) -> dict:
    data = {
        "module": "1",
        "title": session.title,
        "meeting_url": session.meeting_url,
        "agenda": session.agenda,
        "facilitators": [user.pk for user in session.facilitators.all()],
    }
    return {**data, **changes}


def calendar_of(email: OutboundEmail) -> Calendar:
    (attachment,) = email.attachments
    assert attachment["filename"].endswith(".ics")
    assert attachment["content_type"].startswith("text/calendar")
    return Calendar.from_ical(attachment["content"])


def reminder_rows(session: Session) -> list[DBTaskResult]:
    return [
        row
        for row in DBTaskResult.objects.filter(task_path=REMINDER)
        if row.args_kwargs["args"][0] == session.pk
    ]


def member_emails(cast) -> set[str]:
    return {cast.member_a1.email, cast.member_a2.email, cast.member_b.email}


# Details ------------------------------------------------------------------------------------


def test_staff_change_a_sessions_details_and_the_history_says_who(staff_client, cast, session):
    page = staff_client.get(url("session_edit", session)).content.decode()
    assert page.count("<h1") == 1
    assert "Bring your draft charter." in page

    response = staff_client.post(
        url("session_edit", session),
        details(
            session, module="2", title="Data inventory", meeting_url="https://meet.example.org/new"
        ),
    )

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.title, session.module.number) == ("Data inventory", 2)
    assert session.meeting_url == "https://meet.example.org/new"
    assert session.starts_at == STARTS and session.sequence == 0
    assert session.history.first().history_user == cast.staff
    assert not OutboundEmail.objects.exists()  # feeds pick the change up; nobody is emailed
    dashboard = staff_client.get(reverse("cohorts:staff_cohort", args=[cast.cohort.pk]))
    assert "Data inventory" in dashboard.content.decode()
    detail = staff_client.get(reverse("cohorts:session", args=[session.pk])).content.decode()
    assert url("session_reschedule", session) in detail


def test_members_see_no_staff_links_on_the_session_page(client, cast, session):
    client.force_login(cast.member_a1)
    page = client.get(reverse("cohorts:session", args=[session.pk])).content.decode()
    assert "Vision and charter" in page
    assert url("session_edit", session) not in page


def test_a_session_without_a_title_or_with_a_bad_link_is_not_saved(staff_client, session):
    response = staff_client.post(
        url("session_edit", session), details(session, title="", meeting_url="not a link")
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was saved" in page
    assert "Give the session a title." in page
    assert "Enter a full web address" in page
    session.refresh_from_db()
    assert (session.title, session.meeting_url) == (
        "Vision and charter",
        "https://meet.example.org/charter",
    )


# Moving -------------------------------------------------------------------------------------


def move(client, session, day="2027-01-19", start="14:00", end="15:30"):
    return client.post(
        url("session_reschedule", session), {"day": day, "start_time": start, "end_time": end}
    )


def test_moving_a_session_tells_every_member_the_old_and_new_time_with_an_updated_calendar_file(
    staff_client, cast, session, django_capture_on_commit_callbacks
):
    cast.member_b.time_zone = "America/Los_Angeles"
    cast.member_b.save()
    page = staff_client.get(url("session_reschedule", session)).content.decode()
    assert 'value="2027-01-12"' in page and 'value="10:00"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = move(staff_client, session)

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.starts_at == datetime(2027, 1, 19, 19, 0, tzinfo=UTC)
    assert session.ends_at == datetime(2027, 1, 19, 20, 30, tzinfo=UTC)
    assert session.sequence == 1
    assert session.history.first().history_user == cast.staff
    emails = list(OutboundEmail.objects.order_by("pk"))
    # One email each (team members do not see other teams' addresses); the facilitator too.
    assert [e.to for e in emails] == [[a] for a in sorted(member_emails(cast) | {cast.staff.email})]
    to_b = next(e for e in emails if e.to == [cast.member_b.email])
    assert to_b.subject == "New time: Vision and charter"
    assert "New time: Tuesday, January 19, 2027, 11:00 AM to 12:30 PM PST" in to_b.body
    assert "It was:   Tuesday, January 12, 2027, 7:00 AM to 8:00 AM PST" in to_b.body
    to_a1 = next(e for e in emails if e.to == [cast.member_a1.email])
    assert "New time: Tuesday, January 19, 2027, 2:00 PM to 3:30 PM EST" in to_a1.body
    calendar = calendar_of(to_a1)
    assert calendar["METHOD"] == "PUBLISH"
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == session_uid(session)
    assert event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == session.starts_at
    assert str(event["STATUS"]) == "CONFIRMED"


def test_the_moved_session_keeps_its_uid_in_the_calendar_file(staff_client, cast, session):
    before = staff_client.get(reverse("cohorts:session_ics", args=[session.pk])).content
    move(staff_client, session)
    after = staff_client.get(reverse("cohorts:session_ics", args=[session.pk])).content
    (old,) = Calendar.from_ical(before).walk("VEVENT")
    (new,) = Calendar.from_ical(after).walk("VEVENT")
    assert old["UID"] == new["UID"]
    assert (old["SEQUENCE"], new["SEQUENCE"]) == (0, 1)


def test_reminders_follow_the_new_time_and_the_old_ones_stay_silent(
    staff_client, cast, session, django_capture_on_commit_callbacks
):
    old = reminder_rows(session)
    assert len(old) == 2

    with django_capture_on_commit_callbacks(execute=True):
        move(staff_client, session)

    session.refresh_from_db()
    new = [row for row in reminder_rows(session) if row not in old]
    assert sorted(row.run_after for row in new) == [
        datetime(2027, 1, 17, 19, 0, tzinfo=UTC),  # two days before, 14:00 EST
        datetime(2027, 1, 19, 18, 0, tzinfo=UTC),  # one hour before
    ]
    assert {row.args_kwargs["kwargs"]["sequence"] for row in new} == {1}
    for row in old:
        assert (
            send_session_reminder.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"]) == 0
        )
    (fresh, *_) = new
    assert (
        send_session_reminder.call(*fresh.args_kwargs["args"], **fresh.args_kwargs["kwargs"]) == 3
    )


def test_moving_back_to_the_first_time_does_not_wake_the_first_reminders(
    staff_client, cast, session
):
    first = reminder_rows(session)
    move(staff_client, session)
    move(staff_client, session, day="2027-01-12", start="10:00", end="11:00")
    session.refresh_from_db()
    assert session.starts_at == STARTS and session.sequence == 2
    for row in first:
        assert (
            send_session_reminder.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"]) == 0
        )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"day": "2027-01-19", "start_time": "15:00", "end_time": "14:00"}, "must end after"),
        ({"day": "2026-11-20", "start_time": "10:00", "end_time": "11:00"}, "still to come"),
        ({"day": "2027-01-12", "start_time": "10:00", "end_time": "11:00"}, "already has"),
        ({"day": "", "start_time": "10:00", "end_time": "11:00"}, "Enter the date."),
    ],
)
def test_a_bad_new_time_moves_nothing_and_emails_nobody(staff_client, session, data, message):
    response = staff_client.post(url("session_reschedule", session), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    session.refresh_from_db()
    assert (session.starts_at, session.sequence) == (STARTS, 0)
    assert not OutboundEmail.objects.exists()


def test_a_session_with_attendance_cannot_be_moved_or_cancelled(staff_client, cast, session):
    Attendance.objects.create(
        session=session,
        membership=cast.member_a1.memberships.get(),
        status="present",
        recorded_by=cast.staff,
    )
    moved = move(staff_client, session)
    cancelled = staff_client.post(url("session_cancel", session), {"reason": "Mistake"})

    assert "it was held: it cannot be moved" in moved.content.decode()
    assert "it cannot be cancelled" in cancelled.content.decode()
    session.refresh_from_db()
    assert (session.starts_at, session.status) == (STARTS, Session.Status.SCHEDULED)


def test_another_staff_member_moving_it_is_named_in_the_history(client, cast, session):
    colleague = make_staff("colleague@test.example")
    client.force_login(colleague)
    move(client, session)
    moved = session.history.first()
    assert moved.history_user == colleague
    assert session.history.last().history_user != colleague


# Cancelling ---------------------------------------------------------------------------------


def test_cancelling_needs_a_reason_and_changes_nothing_without_one(staff_client, session):
    page = staff_client.get(url("session_cancel", session)).content.decode()
    assert "Cancel the session “Vision and charter”?" in page

    response = staff_client.post(url("session_cancel", session), {"reason": "  "})

    assert response.status_code == 400
    assert "Give the reason for cancelling" in response.content.decode()
    session.refresh_from_db()
    assert session.status == Session.Status.SCHEDULED
    assert not OutboundEmail.objects.exists()


def test_a_cancelled_session_stays_listed_members_are_told_and_reminders_stop(
    staff_client, client, cast, session
):
    reminders = reminder_rows(session)
    response = staff_client.post(
        url("session_cancel", session), {"reason": "The presenter is ill."}
    )

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED
    assert session.cancellation_reason == "The presenter is ill."
    assert session.sequence == 1
    assert session.history.first().history_user == cast.staff
    emails = OutboundEmail.objects.filter(subject="Cancelled: Vision and charter")
    assert {e.to[0] for e in emails} == member_emails(cast) | {cast.staff.email}
    email = emails.get(to=[cast.member_a2.email])
    assert "Why: The presenter is ill." in email.body
    assert "Tuesday, January 12, 2027, 10:00 AM to 11:00 AM EST" in email.body
    calendar = calendar_of(email)
    assert calendar["METHOD"] == "CANCEL"
    assert email.attachments[0]["content_type"] == "text/calendar; method=CANCEL"
    (event,) = calendar.walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED" and event["SEQUENCE"] == 1
    assert "ORGANIZER" in event
    for row in reminders:
        assert (
            send_session_reminder.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"]) == 0
        )

    dashboard = staff_client.get(reverse("cohorts:staff_cohort", args=[cast.cohort.pk]))
    assert "Cancelled: The presenter is ill." in dashboard.content.decode()
    client.force_login(cast.member_a1)
    page = client.get(reverse("cohorts:session", args=[session.pk])).content.decode()
    assert "This session is cancelled" in page and "The presenter is ill." in page
    assert "Join the video meeting" not in page
    feed = client.get(
        reverse("cohorts:calendar_feed", args=[calendar_token_reset(user=cast.member_a1)])
    )
    (event,) = Calendar.from_ical(feed.content).walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"


def test_a_cancelled_session_cannot_be_moved_or_changed(staff_client, cast, session):
    staff_client.post(url("session_cancel", session), {"reason": "Holiday."})
    OutboundEmail.objects.all().delete()

    for name in ("session_reschedule", "session_edit", "session_cancel"):
        response = staff_client.get(url(name, session), follow=True)
        assert "was cancelled, so it can no longer change" in response.content.decode()
    move(staff_client, session)
    session.refresh_from_db()
    assert session.starts_at == STARTS and session.sequence == 1
    assert not OutboundEmail.objects.exists()


# Deleting -----------------------------------------------------------------------------------


def test_deleting_a_mistaken_session_asks_first_and_records_who_deleted_it(
    staff_client, cast, session
):
    page = staff_client.get(url("session_delete", session)).content.decode()
    assert "Delete the session “Vision and charter”?" in page
    assert 'name="confirm" value="yes"' in page

    kept = staff_client.post(url("session_delete", session))
    assert kept.status_code == 400
    assert "Nothing was deleted" in kept.content.decode()
    assert Session.objects.filter(pk=session.pk).exists()

    gone = staff_client.post(url("session_delete", session), {"confirm": "yes"})
    assert gone.status_code == 302
    assert not Session.objects.filter(pk=session.pk).exists()
    deleted = Session.history.filter(id=session.pk).first()
    assert deleted.history_type == "-"
    assert deleted.history_user == cast.staff
    assert not OutboundEmail.objects.exists()


def test_a_session_with_attendance_is_not_deleted_and_the_page_says_what_to_do(
    staff_client, cast, session
):
    Attendance.objects.create(
        session=session,
        membership=cast.member_b.memberships.get(),
        status="absent",
        recorded_by=cast.staff,
    )
    page = staff_client.get(url("session_delete", session)).content.decode()
    assert "Attendance or feedback is recorded for this session" in page
    assert 'name="confirm"' not in page

    response = staff_client.post(url("session_delete", session), {"confirm": "yes"})

    assert response.status_code == 400
    assert Session.objects.filter(pk=session.pk).exists()
    assert Attendance.objects.filter(session=session).count() == 1


# Who may --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["session_edit", "session_reschedule", "session_cancel", "session_delete"]
)
def test_members_and_experts_get_404_and_visitors_sign_in(client, cast, session, name):
    expert = cast.expert
    cast.cohort.experts.add(expert)
    data = {"reason": "x", "confirm": "yes", "day": "2027-01-19", "start_time": "14:00"}
    for user in (cast.member_a1, expert, make_user("someone@test.example")):
        client.force_login(user)
        assert client.get(url(name, session)).status_code == 404
        assert client.post(url(name, session), data).status_code == 404
    client.logout()
    response = client.post(url(name, session), data)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    session.refresh_from_db()
    assert (session.status, session.sequence, session.title) == (
        Session.Status.SCHEDULED,
        0,
        "Vision and charter",
    )


def test_a_cancelled_session_takes_no_attendance_no_feedback_and_is_not_next(
    staff_client, cast, session
):
    staff_client.post(url("session_cancel", session), {"reason": "Holiday."})
    session.refresh_from_db()

    with pytest.raises(CohortError, match="cancelled"):
        attendance_record(
            session=session, marks={cast.member_a1.memberships.get().pk: "present"}, by=cast.staff
        )
    assert "cancelled" in feedback_refusal(session=session, user=cast.member_a1)
    overview = {cohort.pk: cohort for cohort in cohorts_overview()}
    assert overview[cast.cohort.pk].next_session_at is None
    assert team_next_session(cast.team_a) is None
    assert not Attendance.objects.exists()
