"""Recording follow-ups: status, timeline, due date, first follow-up time and the audit trail."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lcpa.intake import deadlines
from lcpa.intake.models import FollowUp, InterestRegistration
from lcpa.intake.queries import office_today
from lcpa.intake.services import followup_record, registration_assign
from lcpa.intake.tests.test_queries import make_registration
from lcpa.testing import make_staff, make_user

Status = InterestRegistration.Status


@pytest.fixture
def staff(db):
    return make_staff()


@pytest.fixture
def registration(communities):
    return make_registration(jurisdiction_name="Amherst")


def test_it_records_a_follow_up_and_moves_the_status(staff, registration):
    before = timezone.now()
    follow_up = followup_record(
        registration=registration,
        by=staff,
        kind=FollowUp.Kind.CALL,
        summary="Spoke with the fire chief about timing.",
        status_to=Status.CONTACTED,
    )
    registration.refresh_from_db()
    assert follow_up.status_from == Status.NEW
    assert follow_up.status_to == Status.CONTACTED
    assert follow_up.recorded_by == staff
    assert registration.status == Status.CONTACTED
    assert registration.first_followed_up_at >= before
    assert registration.last_followed_up_at == registration.first_followed_up_at
    assert registration.follow_up_due_on == deadlines.follow_up_due_on(office_today())


def test_it_keeps_the_first_follow_up_time_and_moves_the_last(staff, registration):
    followup_record(
        registration=registration, by=staff, kind="call", summary="One", status_to="contacted"
    )
    first = InterestRegistration.objects.get(pk=registration.pk).first_followed_up_at
    followup_record(
        registration=registration,
        by=staff,
        kind="meeting",
        summary="Two",
        status_to="in_conversation",
    )
    registration.refresh_from_db()
    assert registration.first_followed_up_at == first
    assert registration.last_followed_up_at > first
    assert registration.follow_ups.count() == 2


def test_a_promised_next_step_is_the_due_date(staff, registration):
    friday = date(2027, 1, 8)
    followup_record(
        registration=registration,
        by=staff,
        kind="email",
        summary="They will send the team list.",
        status_to="in_conversation",
        next_follow_up_on=friday,
    )
    registration.refresh_from_db()
    assert registration.follow_up_due_on == friday


def test_a_closed_registration_has_no_due_date(staff, registration):
    followup_record(
        registration=registration,
        by=staff,
        kind="call",
        summary="They joined cohort 3.",
        status_to=Status.ENROLLED,
        next_follow_up_on=date(2027, 1, 8),
    )
    registration.refresh_from_db()
    assert registration.follow_up_due_on is None
    assert not registration.is_open


def test_the_audit_trail_names_the_staff_member(staff, registration):
    followup_record(
        registration=registration, by=staff, kind="call", summary="Hello", status_to="contacted"
    )
    latest = registration.history.order_by("-history_date").first()
    assert latest.history_user == staff
    assert latest.status == Status.CONTACTED
    assert registration.follow_ups.get().history.first().history_user == staff


def test_a_double_click_stores_one_follow_up(staff, registration):
    for _ in range(2):
        followup_record(
            registration=registration, by=staff, kind="call", summary="Same", status_to="contacted"
        )
    assert registration.follow_ups.count() == 1


def test_it_refuses_an_unknown_status_or_an_empty_summary(staff, registration):
    with pytest.raises(ValidationError):
        followup_record(
            registration=registration, by=staff, kind="call", summary="x", status_to="lost"
        )
    with pytest.raises(ValidationError):
        followup_record(
            registration=registration, by=staff, kind="call", summary="  ", status_to="new"
        )
    with pytest.raises(ValidationError):
        followup_record(
            registration=registration, by=staff, kind="fax", summary="x", status_to="new"
        )
    assert registration.follow_ups.count() == 0


def test_it_refuses_a_follow_up_on_a_merged_registration(staff, registration):
    other = make_registration()
    InterestRegistration.objects.filter(pk=registration.pk).update(merged_into=other)
    registration.refresh_from_db()
    with pytest.raises(ValidationError, match="merged into"):
        followup_record(
            registration=registration, by=staff, kind="call", summary="x", status_to="new"
        )


def test_staff_record_a_follow_up_from_the_registration_page(client, staff, registration):
    client.force_login(staff)
    url = reverse("intake:staff_followup", args=[registration.pk])
    next_date = office_today() + timedelta(days=7)
    response = client.post(
        url,
        {
            "kind": "meeting",
            "summary": "Met the team <b>online</b>.",
            "status_to": "in_conversation",
            "next_follow_up_on": next_date.isoformat(),
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0].endswith(
        reverse("intake:staff_registration", args=[registration.pk]) + "#timeline"
    )
    page = response.content.decode()
    assert "Follow-up recorded. The status is now “In conversation”." in page
    assert "Met the team &lt;b&gt;online&lt;/b&gt;." in page
    assert "Meeting by" in page
    assert "New → In conversation" in page
    registration.refresh_from_db()
    assert registration.status == Status.IN_CONVERSATION
    assert registration.follow_up_due_on == next_date
    # the change history shows what changed, and who changed it
    audit = page[page.index('id="audit-heading"') :]
    assert "<li>Status: New → In conversation</li>" in audit
    assert str(staff) in audit


def test_the_follow_up_form_shows_errors_beside_fields_and_in_a_summary(
    client, staff, registration
):
    client.force_login(staff)
    response = client.post(
        reverse("intake:staff_followup", args=[registration.pk]),
        {"kind": "call", "summary": "", "status_to": "nonsense", "next_follow_up_on": "soon"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="error-summary"' in page
    assert 'href="#id_summary"' in page
    assert 'aria-describedby="id_summary_helptext id_summary_error"' in page
    assert 'aria-invalid="true"' in page
    assert 'id="id_next_follow_up_on_error"' in page
    assert registration.follow_ups.count() == 0


def test_staff_assign_a_registration_to_a_colleague(client, staff, registration):
    colleague = make_staff("colleague@test.example")
    client.force_login(staff)
    url = reverse("intake:staff_assign", args=[registration.pk])
    response = client.post(url, {"assignee": colleague.pk}, follow=True)
    assert "is now responsible for following up" in response.content.decode()
    registration.refresh_from_db()
    assert registration.assigned_to == colleague
    assert registration.history.order_by("-history_date").first().history_user == staff
    client.post(url, {"assignee": ""})
    registration.refresh_from_db()
    assert registration.assigned_to is None


def test_only_staff_can_be_assigned(client, staff, registration):
    participant = make_user("participant@test.example")
    client.force_login(staff)
    response = client.post(
        reverse("intake:staff_assign", args=[registration.pk]), {"assignee": participant.pk}
    )
    assert response.status_code == 400
    with pytest.raises(ValidationError):
        registration_assign(registration=registration, by=staff, assignee=participant)
    registration.refresh_from_db()
    assert registration.assigned_to is None


def test_an_empty_follow_up_form_says_what_to_fill_in_and_stores_nothing(
    client, staff, registration
):
    client.force_login(staff)
    response = client.post(reverse("intake:staff_followup", args=[registration.pk]), {})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This field is required." not in page
    assert "Choose how you followed up: a phone call, an email, a meeting or a note." in page
    assert "Write what happened in this follow-up" in page
    assert "Choose the status the registration has after this follow-up." in page
    # The summary links each problem to its field, and takes focus when the page loads.
    start = page.index('id="error-summary"')
    summary = page[page.rindex("<div", 0, start) : page.index("</ul>", start)]
    assert "autofocus" in summary and 'tabindex="-1"' in summary
    assert 'href="#id_summary">What happened: Write what happened' in summary
    assert registration.follow_ups.count() == 0
    registration.refresh_from_db()
    assert registration.status == Status.NEW
