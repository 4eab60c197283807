"""Staff take attendance per member, in bulk by team, correct it with a reason, and export it."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lcpa.cohorts.models import Attendance, Membership, Session
from lcpa.cohorts.services import attendance_record, member_remove
from lcpa.testing import module_of


@pytest.fixture
def session(cast) -> Session:
    starts = timezone.now() - timedelta(days=2)
    return Session.objects.create(
        cohort=cast.cohort,
        module=module_of(cast.cohort, 1),
        title="Charter workshop",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
    )


def ids(cast) -> dict[str, int]:
    return {
        m.user.email.split("@")[0]: m.pk
        for m in Membership.objects.filter(team__cohort=cast.cohort).select_related("user")
    }


def url(session) -> str:
    return reverse("cohorts:staff_attendance", args=[session.pk])


def marks(session) -> dict[str, str]:
    return {
        row.membership.user.email.split("@")[0]: row.status
        for row in session.attendance.select_related("membership__user")
    }


def test_the_page_lists_each_team_with_its_current_members(client, cast, session):
    member_remove(membership=Membership.objects.get(user=cast.member_a2), by=cast.staff)
    client.force_login(cast.staff)
    page = client.get(url(session)).content.decode()
    assert page.count("<h1") == 1
    assert "Amherst team" in page and "Sacramento team" in page
    assert "A1" in page and "B" in page
    assert f'name="status_{ids(cast)["a2"]}"' not in page  # removed members are not listed
    assert "Redmond team" not in page  # another cohort
    assert "Mark the whole Amherst team present" in page


def test_staff_mark_members_one_by_one(client, cast, session):
    client.force_login(cast.staff)
    pk = ids(cast)
    response = client.post(
        url(session), {f"status_{pk['a1']}": "present", f"status_{pk['b']}": "excused"}
    )
    assert response.status_code == 302
    assert marks(session) == {"a1": "present", "b": "excused"}
    assert session.attendance.get(membership_id=pk["a1"]).recorded_by == cast.staff


def test_the_bulk_button_marks_the_whole_team_present(client, cast, session):
    client.force_login(cast.staff)
    pk = ids(cast)
    response = client.post(
        url(session),
        {
            f"status_{pk['a1']}": "absent",
            f"status_{pk['b']}": "absent",
            "team_present": cast.team_a.pk,
        },
    )
    assert response.status_code == 302
    assert marks(session) == {"a1": "present", "a2": "present", "b": "absent"}


def test_a_correction_without_a_reason_is_refused_and_the_input_is_kept(client, cast, session):
    pk = ids(cast)
    attendance_record(session=session, marks={pk["a1"]: "absent"}, by=cast.staff)
    client.force_login(cast.staff)
    response = client.post(
        url(session), {f"status_{pk['a1']}": "present", f"status_{pk['b']}": "present"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "You are changing attendance already recorded: give a reason." in page
    assert 'href="#id_reason"' in page
    assert f'value="present" class="usa-radio__input" id="id_status_{pk["a1"]}_0" checked' in page
    assert marks(session) == {"a1": "absent"}  # nothing saved, not even the new mark for B


def test_a_correction_with_a_reason_is_saved_and_shown_in_the_history(client, cast, session):
    pk = ids(cast)
    attendance_record(session=session, marks={pk["a1"]: "absent"}, by=cast.staff)
    client.force_login(cast.staff)
    response = client.post(
        url(session),
        {f"status_{pk['a1']}": "present", "reason": "Joined by phone <b>late</b>"},
    )
    assert response.status_code == 302
    row = session.attendance.get(membership_id=pk["a1"])
    assert row.status == "present"
    assert row.correction_reason == "Joined by phone <b>late</b>"
    page = client.get(url(session)).content.decode()
    assert "Absent → Present" in page
    assert "Joined by phone &lt;b&gt;late&lt;/b&gt;" in page
    assert "recorded: present" in page


def test_attendance_needs_at_least_one_mark_and_a_session_that_has_started(client, cast, session):
    client.force_login(cast.staff)
    response = client.post(url(session), {})
    assert response.status_code == 400
    assert "Choose present, absent or excused for at least one member." in response.content.decode()
    later = Session.objects.create(
        cohort=cast.cohort,
        module=module_of(cast.cohort, 1),
        title="Later",
        starts_at=timezone.now() + timedelta(days=2),
        ends_at=timezone.now() + timedelta(days=2, hours=1),
    )
    response = client.post(url(later), {f"status_{ids(cast)['a1']}": "present"})
    assert response.status_code == 400
    assert "Attendance can be taken once the session has started." in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_member_of_another_cohort_cannot_be_marked(client, cast, session):
    client.force_login(cast.staff)
    outsider = Membership.objects.get(user=cast.outsider).pk
    client.post(
        url(session), {f"status_{outsider}": "present", f"status_{ids(cast)['b']}": "present"}
    )
    assert marks(session) == {"b": "present"}


def test_the_csv_lists_every_mark_of_the_cohort(client, cast, session):
    pk = ids(cast)
    attendance_record(
        session=session, marks={pk["a1"]: "absent", pk["a2"]: "present"}, by=cast.staff
    )
    attendance_record(
        session=session, marks={pk["a1"]: "excused"}, by=cast.staff, reason="=Doctor's note"
    )
    other = Session.objects.create(
        cohort=cast.other_cohort,
        module=module_of(cast.other_cohort, 1),
        title="Other cohort",
        starts_at=session.starts_at,
        ends_at=session.ends_at,
    )
    attendance_record(
        session=other,
        marks={Membership.objects.get(user=cast.outsider).pk: "present"},
        by=cast.staff,
    )
    client.force_login(cast.staff)
    response = client.get(reverse("cohorts:staff_attendance_csv", args=[cast.cohort.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["session", "date", "team", "member", "email", "status", "correction_reason"]
    body = sorted(rows[1:], key=lambda row: row[3])
    assert [row[3] for row in body] == ["A1", "A2"]
    assert body[0][0] == "Charter workshop"
    assert body[0][1] == timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M %Z")
    assert body[0][2] == "Amherst team"
    assert body[0][4] == "a1@test.example"
    assert body[0][5] == "Excused"
    assert body[0][6] == "'=Doctor's note"  # not run as a formula in a spreadsheet
    assert body[1][5] == "Present" and body[1][6] == ""
