"""Contact-form messages on the staff pages: the list with its status filter and pages, one
message with its history, assigning it and marking it answered (contact_message_assign,
contact_message_mark_answered)."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lcpa.notifications.models import OutboundEmail
from lcpa.public.models import ContactMessage
from lcpa.public.services import (
    contact_message_assign,
    contact_message_mark_answered,
    contact_message_submit,
)
from lcpa.testing import make_staff, make_user

pytestmark = pytest.mark.django_db

LIST = reverse("public:staff_messages")


def send(name: str = "Jordan Rivera", **changes) -> ContactMessage:
    data = {
        "submission_key": uuid.uuid4(),
        "name": name,
        "email": "jordan@city.example",
        "organisation": "City of Springfield",
        "topic": ContactMessage.Topic.JOINING,
        "message": "Could our county join the next <b>crisis</b> cohort?",
    }
    data.update(changes)
    return contact_message_submit(**data)


def detail(message: ContactMessage) -> str:
    return reverse("public:staff_message", args=[message.pk])


@pytest.fixture
def staff(db):
    return make_staff()


@pytest.fixture
def colleague(db):
    return make_staff("robin@test.example")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_the_list_shows_every_message_newest_first_with_its_status(staff_client, staff):
    older = send("Older Sender")
    newer = send("Newer Sender")
    contact_message_mark_answered(message=older, by=staff, note="Replied by email.")

    page = staff_client.get(LIST).content.decode()

    assert page.index("Newer Sender") < page.index("Older Sender")
    assert detail(newer) in page and detail(older) in page
    assert '<span class="usa-tag bg-secondary-dark">New</span>' in page
    assert "Answered" in page
    assert "2 messages." in page


def test_the_status_filter_shows_only_new_or_only_answered_messages(staff_client, staff):
    send("Still Waiting")
    done = send("Already Done")
    contact_message_mark_answered(message=done, by=staff, note="Phoned them.")

    new_page = staff_client.get(LIST, {"status": "new"}).content.decode()
    answered_page = staff_client.get(LIST, {"status": "answered"}).content.decode()

    assert "Still Waiting" in new_page and "Already Done" not in new_page
    assert "Already Done" in answered_page and "Still Waiting" not in answered_page
    assert '<option value="new" selected>New</option>' in new_page


def test_an_unknown_status_filter_shows_every_message(staff_client):
    send("Anyone")
    response = staff_client.get(LIST, {"status": "deleted"})
    assert response.status_code == 200
    assert "Anyone" in response.content.decode()


def test_the_list_has_pages_of_25_and_a_steady_number_of_queries(
    staff_client, django_assert_max_num_queries
):
    for number in range(30):
        send(f"Sender {number:02d}")

    with django_assert_max_num_queries(8):
        first = staff_client.get(LIST).content.decode()
    second = staff_client.get(LIST, {"page": 2}).content.decode()

    assert "Sender 29" in first and "Sender 04" not in first
    assert "Sender 04" in second and "Sender 29" not in second
    assert "showing 26 to 30" in second
    assert 'aria-label="Message pages"' in first


def test_empty_states_say_what_will_appear(staff_client):
    assert "Nobody has written through the contact form yet." in (
        staff_client.get(LIST).content.decode()
    )
    assert "No answered message." in (
        staff_client.get(LIST, {"status": "answered"}).content.decode()
    )


def test_the_detail_page_shows_the_message_as_text_and_its_history(staff_client, staff):
    message = send()

    page = staff_client.get(detail(message)).content.decode()

    assert "Message from Jordan Rivera" in page
    assert "Could our county join the next &lt;b&gt;crisis&lt;/b&gt; cohort?" in page
    assert "<b>crisis</b>" not in page
    assert "mailto:jordan@city.example" in page
    assert ": Received</li>" in page
    assert 'action="' + reverse("public:staff_message_answered", args=[message.pk]) in page


def test_assigning_a_message_stores_it_records_who_and_emails_the_assignee(
    staff_client, staff, colleague
):
    message = send()

    response = staff_client.post(
        reverse("public:staff_message_assign", args=[message.pk]), {"assignee": colleague.pk}
    )

    assert response.status_code == 302 and response["Location"] == detail(message)
    message.refresh_from_db()
    assert message.assigned_to == colleague
    assert message.history.first().history_user == staff
    email = OutboundEmail.objects.get(to=[colleague.email])
    assert "asked you to answer a message" in email.body
    assert detail(message) in email.body
    page = staff_client.get(detail(message)).content.decode()
    assert f"{colleague} is now responsible for answering." in page
    assert f"Assigned to {colleague} by {staff}" in page


def test_taking_a_message_yourself_sends_no_email(staff_client, staff):
    message = send()
    emails_before = OutboundEmail.objects.count()

    staff_client.post(
        reverse("public:staff_message_assign", args=[message.pk]), {"assignee": staff.pk}
    )

    message.refresh_from_db()
    assert message.assigned_to == staff
    assert OutboundEmail.objects.count() == emails_before


def test_assigning_someone_who_is_not_staff_is_refused_and_changes_nothing(staff_client, colleague):
    message = send()
    contact_message_assign(message=message, by=colleague, assignee=colleague)
    participant = make_user("pat@test.example")

    response = staff_client.post(
        reverse("public:staff_message_assign", args=[message.pk]), {"assignee": participant.pk}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "What you sent was not saved" in page
    assert "Choose a staff member from the list." in page
    message.refresh_from_db()
    assert message.assigned_to == colleague
    with pytest.raises(ValidationError):
        contact_message_assign(message=message, by=colleague, assignee=participant)


def test_marking_a_message_answered_keeps_the_note_who_and_when(staff_client, staff):
    message = send()

    response = staff_client.post(
        reverse("public:staff_message_answered", args=[message.pk]),
        {"note": "Replied with the dates of the next cohort."},
    )

    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == ContactMessage.Status.ANSWERED
    assert message.answer_note == "Replied with the dates of the next cohort."
    assert message.answered_by == staff and message.answered_at is not None
    assert message.history.first().history_user == staff
    page = staff_client.get(detail(message)).content.decode()
    assert "The message is marked answered." in page
    assert f"Marked answered by {staff}" in page
    assert "Replied with the dates of the next cohort." in page
    assert "Mark answered</button>" not in page


def test_an_empty_note_is_refused_and_the_message_stays_new(staff_client):
    message = send()

    response = staff_client.post(
        reverse("public:staff_message_answered", args=[message.pk]), {"note": "   "}
    )

    assert response.status_code == 400
    assert "Write how the message was answered." in response.content.decode()
    message.refresh_from_db()
    assert message.status == ContactMessage.Status.NEW and message.answer_note == ""


def test_a_too_long_note_is_refused_and_kept_in_the_form(staff_client):
    message = send()
    note = "Long note. " * 400

    response = staff_client.post(
        reverse("public:staff_message_answered", args=[message.pk]), {"note": note}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Keep the note to 4,000 characters or fewer." in page
    assert "Long note. Long note." in page  # what was typed is still in the field
    message.refresh_from_db()
    assert message.status == ContactMessage.Status.NEW


def test_a_message_is_marked_answered_only_once(staff, colleague):
    message = send()
    contact_message_mark_answered(message=message, by=staff, note="Emailed back.")

    with pytest.raises(ValidationError):
        contact_message_mark_answered(message=message, by=colleague, note="Me too.")

    message.refresh_from_db()
    assert (message.answered_by, message.answer_note) == (staff, "Emailed back.")


def test_the_dashboard_counts_new_messages_and_links_to_them(staff_client, staff):
    dashboard = reverse("intake:staff_dashboard")
    assert "Every message from the contact form has been answered." in (
        staff_client.get(dashboard).content.decode()
    )
    send("One")
    send("Two")
    contact_message_mark_answered(message=send("Three"), by=staff, note="Done.")

    page = staff_client.get(dashboard).content.decode()

    assert "2 new messages from the contact form are waiting for an answer." in page
    assert f'href="{LIST}?status=new"' in page


def test_the_staff_email_about_a_new_message_links_to_its_staff_page(staff):
    message = send()
    email = OutboundEmail.objects.get(subject__startswith="Contact form:")
    assert detail(message) in email.body
    assert "/admin/" not in email.body


@pytest.mark.parametrize("role", ["participant", "national_expert", "ta_provider"])
def test_people_who_are_not_staff_get_404_and_visitors_sign_in(client, role):
    message = send()
    user = make_user(f"{role}@test.example", role=role)
    client.force_login(user, second_factor=False)
    for url in (LIST, detail(message)):
        assert client.get(url).status_code == 404
    assign = reverse("public:staff_message_assign", args=[message.pk])
    answered = reverse("public:staff_message_answered", args=[message.pk])
    assert client.post(assign, {"assignee": user.pk}).status_code == 404
    assert client.post(answered, {"note": "Hijacked"}).status_code == 404
    message.refresh_from_db()
    assert message.status == ContactMessage.Status.NEW and message.assigned_to is None

    client.logout()
    assert client.get(detail(message))["Location"].startswith(reverse("account_login"))


def test_a_message_that_does_not_exist_is_404(staff_client):
    assert staff_client.get(reverse("public:staff_message", args=[999999])).status_code == 404
