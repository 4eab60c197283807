"""Bulk actions on the pipeline: tick registrations (or all on the page), pick an action, then
confirm it with its details on the next page: assign them, move their status or send them a
saved email template. Plain form POSTs: no JavaScript needed."""

from datetime import date

import pytest
from django.urls import reverse

from lcpa.intake.models import EmailTemplate, FollowUp, InterestRegistration
from lcpa.intake.services import registration_merge
from lcpa.intake.tests.test_queries import make_registration
from lcpa.notifications.models import OutboundEmail
from lcpa.testing import make_staff

BULK = reverse("intake:staff_pipeline_bulk")
PIPELINE = reverse("intake:staff_pipeline")
Status = InterestRegistration.Status


@pytest.fixture
def colleague(db):
    colleague = make_staff("sam@program.example")
    colleague.full_name = "Sam Colleague"
    colleague.save()
    return colleague


@pytest.fixture
def three(communities):
    return [
        make_registration(jurisdiction_name=name, contact_name=f"{name} Contact")
        for name in ("Amherst", "Bedford", "Concord")
    ]


@pytest.fixture
def template(db):
    return EmailTemplate.objects.create(
        name="Next cohort",
        subject="The next cohort, $jurisdiction",
        body="Dear $contact_name,\n\nThe next cohort opens in March.\n\n$staff_name\n",
    )


def post(client, data, selected=(), confirm=True):
    """The second step (confirm=True) applies the action; the first shows what it will do."""
    data = {**data, "selected": [r.pk for r in selected]}
    if confirm:
        data["confirm"] = "1"
    return client.post(BULK, data, follow=True)


def test_staff_assign_the_selected_registrations(client, staff, colleague, three):
    client.force_login(staff)
    amherst, bedford, concord = three
    response = post(
        client,
        {"action": "assign", "assignee": colleague.pk, "return_query": "state=MA&sort=state"},
        selected=[amherst, concord],
    )
    assert response.redirect_chain[-1][0] == f"{PIPELINE}?state=MA&sort=state"
    assert "Assigned 2 registrations to Sam Colleague." in response.content.decode()
    stored = {r.jurisdiction_name: r.assigned_to for r in InterestRegistration.objects.all()}
    assert stored == {"Amherst": colleague, "Bedford": None, "Concord": colleague}
    # the change history names who did it, as a single assignment does
    latest = InterestRegistration.objects.get(pk=amherst.pk).history.first()
    assert (latest.assigned_to_id, latest.history_user) == (colleague.pk, staff)


def test_select_all_on_this_page_works_without_javascript(client, staff, colleague, three):
    client.force_login(staff)
    response = post(
        client,
        {
            "action": "assign",
            "assignee": colleague.pk,
            "all_on_page": "on",
            "page_ids": [r.pk for r in three],
        },
    )
    assert "Assigned 3 registrations to Sam Colleague." in response.content.decode()
    assert InterestRegistration.objects.filter(assigned_to=colleague).count() == 3


def test_those_already_assigned_are_skipped_and_counted(client, staff, colleague, three):
    client.force_login(staff)
    InterestRegistration.objects.filter(pk=three[0].pk).update(assigned_to=colleague)
    response = post(client, {"action": "assign", "assignee": colleague.pk}, selected=three)
    page = response.content.decode()
    assert "Assigned 2 registrations to Sam Colleague; 1 skipped: already assigned to them." in page


def test_staff_change_the_status_with_a_note_on_each_timeline(client, staff, three):
    client.force_login(staff)
    amherst, bedford, concord = three
    response = post(
        client,
        {
            "action": "status",
            "status_to": Status.WAITLISTED,
            "summary": "The spring cohort is full.",
        },
        selected=[amherst, bedford],
    )
    assert "Moved 2 registrations to “Waitlisted”." in response.content.decode()
    for registration in (amherst, bedford):
        registration.refresh_from_db()
        assert registration.status == Status.WAITLISTED
        note = registration.follow_ups.get()
        assert (note.kind, note.status_from, note.status_to, note.recorded_by) == (
            FollowUp.Kind.NOTE,
            Status.NEW,
            Status.WAITLISTED,
            staff,
        )
        assert note.summary == "The spring cohort is full."
        assert registration.history.first().history_user == staff
    concord.refresh_from_db()
    assert concord.status == Status.NEW
    assert not concord.follow_ups.exists()


def test_the_first_step_lists_the_selection_and_asks_for_the_details(client, staff, three):
    client.force_login(staff)
    amherst, bedford, _concord = three
    response = post(
        client, {"action": "status", "return_query": "state=MA"}, [amherst, bedford], False
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1" in page and "Change the status: 2 registrations</h1>" in page
    assert f'<input type="hidden" name="selected" value="{amherst.pk}">Amherst, MA (New)' in page
    assert f'value="{three[2].pk}"' not in page
    assert 'name="return_query" value="state=MA"' in page
    assert 'name="summary"' in page and 'name="template"' not in page
    assert "Nothing was changed" not in page
    assert not FollowUp.objects.exists()


def test_a_status_change_needs_a_status_and_a_reason(client, staff, three):
    client.force_login(staff)
    response = post(client, {"action": "status", "return_query": "state=MA"}, three[:2])
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was changed: please fix the problems below" in page
    assert "Choose the new status." in page
    assert "Write why the status changes." in page
    # the same selection is still there to confirm
    assert f'name="selected" value="{three[0].pk}"' in page
    assert f'name="selected" value="{three[2].pk}"' not in page
    assert not FollowUp.objects.exists()
    assert set(InterestRegistration.objects.values_list("status", flat=True)) == {Status.NEW}


def test_nothing_selected_is_refused_and_the_pipeline_shows_why(client, staff, colleague, three):
    client.force_login(staff)
    response = post(client, {"action": "assign", "return_query": "state=MA"}, confirm=False)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Select at least one registration." in page
    assert ">Amherst<" in page  # the pipeline again, with its filters
    response = post(client, {"action": "assign", "assignee": colleague.pk})
    assert response.status_code == 400
    assert not InterestRegistration.objects.filter(assigned_to__isnull=False).exists()


def test_staff_send_a_template_to_each_selected_registration(
    client, staff, three, template, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    amherst, bedford, concord = three
    registration_merge(source=concord, target=amherst, by=staff)
    with django_capture_on_commit_callbacks(execute=False):
        response = post(
            client,
            {"action": "email", "template": template.pk, "next_follow_up_on": "2026-12-09"},
            selected=three,
        )
    page = response.content.decode()
    assert "Sent to 2; 1 skipped because it was merged into another registration." in page, page[
        :3000
    ]
    emails = {e.to[0]: e for e in OutboundEmail.objects.all()}
    assert set(emails) == {amherst.contact_email, bedford.contact_email}
    assert emails[bedford.contact_email].subject == "The next cohort, Bedford, MA"
    assert emails[bedford.contact_email].body.startswith("Dear Bedford Contact,")
    for registration in (amherst, bedford):
        registration.refresh_from_db()
        assert registration.status == Status.CONTACTED
        assert registration.follow_up_due_on == date(2026, 12, 9)
        logged = registration.follow_ups.get(kind=FollowUp.Kind.EMAIL)
        assert logged.recorded_by == staff
        assert "The next cohort opens in March." in logged.summary


def test_an_email_needs_a_template(client, staff, three):
    client.force_login(staff)
    response = post(client, {"action": "email"}, selected=three)
    assert response.status_code == 400
    assert "Choose the email template to send." in response.content.decode()
    assert not OutboundEmail.objects.exists()


def test_an_unknown_registration_number_is_skipped(client, staff, colleague, three):
    client.force_login(staff)
    response = client.post(
        BULK,
        {
            "action": "assign",
            "assignee": colleague.pk,
            "selected": [three[0].pk, 999_999],
            "confirm": "1",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Assigned 1 registration to Sam Colleague; 1 skipped: no longer exist." in page


def test_people_who_are_not_staff_change_nothing(client, colleague, three, cast):
    for person in (cast.member_a1, cast.outsider, cast.expert):
        client.force_login(person)
        response = client.post(
            BULK, {"action": "assign", "assignee": colleague.pk, "selected": [three[0].pk]}
        )
        assert response.status_code == 404
    client.logout()
    response = client.post(BULK, {"action": "assign", "selected": [three[0].pk]})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not InterestRegistration.objects.filter(assigned_to__isnull=False).exists()


def test_the_pipeline_offers_a_box_per_row_and_the_actions(client, staff, three, template):
    client.force_login(staff)
    page = client.get(PIPELINE, {"state": "MA"}).content.decode()
    assert f'<form id="bulk-form" method="post" action="{BULK}"' in page
    assert 'name="return_query" value="state=MA"' in page
    for registration in three:
        assert f'name="selected" value="{registration.pk}"' in page
        assert f'name="page_ids" value="{registration.pk}"' in page
        assert f"Select {registration.jurisdiction_name}, MA" in page
    assert "Select all on this page" in page
    assert 'name="action" value="email">Email them a template</button>' in page
    step = post(client, {"action": "email"}, three, confirm=False).content.decode()
    assert f'<option value="{template.pk}">Next cohort</option>' in step
    assert "Send 3 emails" in step
