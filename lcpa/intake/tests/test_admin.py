"""The Django admin for registrations, follow-ups and email templates goes through the intake
services: a status change there is a follow-up, as on the staff page."""

import uuid
from datetime import date

import pytest
from django.urls import reverse

from lcpa.intake.models import EmailTemplate, FollowUp, InterestRegistration
from lcpa.intake.services import followup_record, registration_merge, registration_submit
from lcpa.intake.tests.registration_data import CRISIS_TEAM
from lcpa.testing import enrol_totp, make_staff, make_user

pytestmark = pytest.mark.django_db

Status = InterestRegistration.Status


@pytest.fixture
def admin_user():
    user = make_user("admin@test.example", is_staff=True, is_superuser=True)
    enrol_totp(user)
    return user


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def submit(communities, name: str = "Lowell") -> InterestRegistration:
    return registration_submit(
        submission_key=uuid.uuid4(),
        jurisdiction_name=name,
        state="MA",
        jurisdiction_kind="city",
        population=115_000,
        learning_communities=[communities["crisis-systems"]],
        goals="Goals",
        stage="exploring",
        preferred_start="next",
        contact_name="Casey",
        contact_email=f"casey@{name.lower()}.example",
        members=CRISIS_TEAM,
        send_emails=False,
    ).registration


@pytest.fixture
def registration(communities):
    return submit(communities)


def change_url(registration: InterestRegistration) -> str:
    return reverse("admin:intake_interestregistration_change", args=[registration.pk])


def change_data(registration: InterestRegistration, **changes) -> dict:
    """What the change page posts back when nothing is changed, with `changes` on top."""
    members = list(registration.members.order_by("position", "pk"))
    data = {
        "status": registration.status,
        "follow_up_kind": "",
        "follow_up_summary": "",
        "next_follow_up_on": "",
        "assigned_to": registration.assigned_to_id or "",
        "jurisdiction_name": registration.jurisdiction_name,
        "state": registration.state,
        "jurisdiction_kind": registration.jurisdiction_kind,
        "population": registration.population,
        "learning_communities": [c.pk for c in registration.learning_communities.all()],
        "goals": registration.goals,
        "stage": registration.stage,
        "preferred_start": registration.preferred_start,
        "heard_from": registration.heard_from,
        "contact_name": registration.contact_name,
        "contact_email": registration.contact_email,
        "contact_phone": registration.contact_phone,
        "members-TOTAL_FORMS": str(len(members)),
        "members-INITIAL_FORMS": str(len(members)),
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
    }
    for index, member in enumerate(members):
        for field in ["position", "name", "email", "organisation", "sector", "job_title", "role"]:
            data[f"members-{index}-{field}"] = getattr(member, field)
        data[f"members-{index}-id"] = member.pk
        data[f"members-{index}-registration"] = registration.pk
    return {**data, **changes}


def test_the_admin_pages_show_registrations_follow_ups_templates_and_their_history(
    admin_client, registration
):
    staff = make_staff()
    follow_up = followup_record(
        registration=registration,
        by=staff,
        kind=FollowUp.Kind.CALL,
        summary="Called the fire chief",
        status_to=Status.CONTACTED,
    )
    template = EmailTemplate.objects.create(name="Welcome", subject="Hello", body="Hi $name")
    staff_link = reverse("admin:accounts_user_change", args=[staff.pk])
    pages = {}
    for name, obj in [
        ("interestregistration", registration),
        ("followup", follow_up),
        ("emailtemplate", template),
    ]:
        pages[name] = [
            admin_client.get(reverse(f"admin:intake_{name}_changelist")).content.decode(),
            admin_client.get(reverse(f"admin:intake_{name}_change", args=[obj.pk])),
            admin_client.get(reverse(f"admin:intake_{name}_history", args=[obj.pk])),
        ]

    listing, change, history = pages["interestregistration"]
    assert "Lowell" in listing
    assert 'value="Casey"' in change.content.decode()
    assert "Changed" in history.content.decode() and staff_link in history.content.decode()
    listing, change, history = pages["followup"]
    assert "Phone call" in listing
    assert "Called the fire chief" in change.content.decode()
    assert 'name="summary"' not in change.content.decode()  # a record: shown, not editable
    assert "Created" in history.content.decode() and staff_link in history.content.decode()
    listing, change, history = pages["emailtemplate"]
    assert "Welcome" in listing
    assert 'value="Hello"' in change.content.decode()
    assert "Created" in history.content.decode()


def test_the_registration_admin_shows_its_members_inline(admin_client, registration):
    page = admin_client.get(change_url(registration)).content.decode()

    assert 'name="members-0-name"' in page
    assert "Bea Health" in page
    # Only a digest of the status link is stored, and the admin does not show even that.
    assert registration.status_token_digest not in page
    assert "/registration/" not in page
    assert reverse("intake:staff_registration", args=[registration.pk]) in page


def test_the_registration_admin_searches_by_member_name(admin_client, registration, communities):
    submit(communities, name="Worcester")
    url = reverse("admin:intake_interestregistration_changelist")

    page = admin_client.get(url, {"q": "Frank"}).content.decode()
    nobody = admin_client.get(url, {"q": "Zelda"}).content.decode()

    assert "Lowell" in page and "Worcester" in page
    assert "Lowell" not in nobody


def test_the_admin_is_for_staff_only(client, registration):
    client.force_login(make_user("someone@test.example"))
    url = reverse("admin:intake_interestregistration_changelist")

    assert client.get(url).status_code == 404  # signed in but not admin staff: not found


def test_a_status_change_in_the_admin_records_a_follow_up(admin_client, admin_user, registration):
    response = admin_client.post(
        change_url(registration),
        change_data(
            registration,
            status=Status.IN_CONVERSATION,
            follow_up_kind=FollowUp.Kind.MEETING,
            follow_up_summary="Met the team; they will send the member list.",
            next_follow_up_on="2027-01-08",
        ),
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    registration.refresh_from_db()
    follow_up = registration.follow_ups.get()
    assert (follow_up.kind, follow_up.status_from, follow_up.status_to) == (
        FollowUp.Kind.MEETING,
        Status.NEW,
        Status.IN_CONVERSATION,
    )
    assert follow_up.summary == "Met the team; they will send the member list."
    assert follow_up.recorded_by == admin_user
    assert registration.status == Status.IN_CONVERSATION
    assert registration.first_followed_up_at is not None
    assert registration.follow_up_due_on == date(2027, 1, 8)
    latest = registration.history.first()
    assert (latest.status, latest.history_user) == (Status.IN_CONVERSATION, admin_user)


def test_a_status_change_without_a_follow_up_is_refused(admin_client, registration):
    response = admin_client.post(
        change_url(registration), change_data(registration, status=Status.DECLINED)
    )

    assert response.status_code == 200
    assert "a status change is a follow-up" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.NEW
    assert not registration.follow_ups.exists()


def test_editing_what_the_registrant_wrote_records_no_follow_up(admin_client, registration):
    response = admin_client.post(
        change_url(registration), change_data(registration, contact_phone="555-0100")
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    registration.refresh_from_db()
    assert registration.contact_phone == "555-0100"
    assert registration.status == Status.NEW
    assert not registration.follow_ups.exists()
    assert registration.first_followed_up_at is None


def test_the_dates_the_follow_up_services_keep_are_read_only(admin_client, registration):
    due_on = registration.follow_up_due_on
    page = admin_client.get(change_url(registration)).content.decode()

    admin_client.post(
        change_url(registration),
        change_data(
            registration,
            follow_up_due_on="2030-01-01",
            first_followed_up_at_0="2030-01-01",
            first_followed_up_at_1="10:00:00",
        ),
    )

    assert 'name="follow_up_due_on"' not in page and 'name="merged_into"' not in page
    registration.refresh_from_db()
    assert registration.follow_up_due_on == due_on
    assert registration.first_followed_up_at is None


def test_staff_assign_a_registration_in_the_admin_only_to_active_program_staff(
    admin_client, admin_user, registration
):
    colleague = make_staff("colleague@test.example")
    former = make_staff("former@test.example")
    former.is_active = False
    former.save()

    refused = admin_client.post(
        change_url(registration), change_data(registration, assigned_to=former.pk)
    )
    assigned = admin_client.post(
        change_url(registration), change_data(registration, assigned_to=colleague.pk)
    )

    assert "Only active program staff can be assigned." in refused.content.decode()
    assert assigned.status_code == 302, assigned.content.decode()[:3000]
    registration.refresh_from_db()
    assert registration.assigned_to == colleague
    assert registration.history.first().history_user == admin_user
    assert not registration.follow_ups.exists()


def test_a_merged_registrations_status_is_not_changed_in_the_admin(
    admin_client, registration, communities
):
    duplicate = submit(communities, name="Lowell City")
    registration_merge(source=duplicate, target=registration, by=make_staff())
    duplicate.refresh_from_db()

    page = admin_client.get(change_url(duplicate)).content.decode()
    admin_client.post(change_url(duplicate), change_data(duplicate, status=Status.NEW))

    assert 'name="status"' not in page
    duplicate.refresh_from_db()
    assert duplicate.status == Status.WITHDRAWN


def test_registrations_are_not_added_and_follow_ups_not_changed_in_the_admin(
    admin_client, registration
):
    follow_up = followup_record(
        registration=registration,
        by=make_staff(),
        kind=FollowUp.Kind.CALL,
        summary="Called",
        status_to=Status.CONTACTED,
    )

    add = admin_client.get(reverse("admin:intake_interestregistration_add"))
    add_follow_up = admin_client.get(reverse("admin:intake_followup_add"))
    change = admin_client.post(
        reverse("admin:intake_followup_change", args=[follow_up.pk]),
        {
            "registration": registration.pk,
            "kind": "note",
            "summary": "Rewritten",
            "status_from": "new",
            "status_to": "enrolled",
            "recorded_by": follow_up.recorded_by_id,
        },
    )
    delete = admin_client.post(
        reverse("admin:intake_followup_delete", args=[follow_up.pk]), {"post": "yes"}
    )

    assert {add.status_code, add_follow_up.status_code} <= {403, 404}
    assert {change.status_code, delete.status_code} <= {403, 404}
    follow_up.refresh_from_db()
    assert (follow_up.summary, follow_up.status_to) == ("Called", Status.CONTACTED)


def test_a_registration_is_not_reverted_to_an_earlier_status_from_its_history(
    admin_client, registration
):
    first = registration.history.earliest()
    followup_record(
        registration=registration,
        by=make_staff(),
        kind=FollowUp.Kind.CALL,
        summary="Called",
        status_to=Status.DECLINED,
    )

    response = admin_client.post(
        reverse(
            "admin:intake_interestregistration_simple_history",
            args=[registration.pk, first.history_id],
        ),
        change_data(registration, status=Status.NEW),
    )

    assert response.status_code in {403, 404}
    registration.refresh_from_db()
    assert registration.status == Status.DECLINED


def test_an_email_template_saved_in_the_admin_is_saved_as_on_the_staff_page(
    admin_client, admin_user
):
    response = admin_client.post(
        reverse("admin:intake_emailtemplate_add"),
        {"name": "Welcome", "subject": "Hello $contact_name", "body": "Thanks for registering."},
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    template = EmailTemplate.objects.get(name="Welcome")
    assert template.body == "Thanks for registering.\n"  # as email_template_save stores it
    assert template.history.first().history_user == admin_user
