import uuid

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from lcpa.notifications.models import OutboundEmail
from lcpa.public.models import ContactMessage
from lcpa.testing import load_settings, run_due_tasks

pytestmark = pytest.mark.django_db

URL = reverse("public:contact")


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def valid_data(**changes) -> dict:
    data = {
        "name": "Jordan Rivera",
        "email": "jordan@city.example",
        "organisation": "City of Springfield",
        "topic": ContactMessage.Topic.JOINING,
        "message": "Could our county join the next crisis systems cohort?",
        "website": "",
        "submission_key": str(uuid.uuid4()),
    }
    data.update(changes)
    return data


def test_it_shows_a_labelled_form_to_an_anonymous_visitor(client):
    response = client.get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1" in page and "Contact the program team" in page
    for field, label in [
        ("id_name", "Your name"),
        ("id_email", "Your email address"),
        ("id_organisation", 'Organization <span class="usa-hint">(optional)</span>'),
        ("id_topic", "What is your message about?"),
        ("id_message", "Your message"),
    ]:
        assert f'<label class="usa-label" for="{field}">{label}</label>' in page
    assert 'name="submission_key"' in page
    assert 'class="lc-hidden-field" aria-hidden="true"' in page


def test_it_stores_the_message_and_thanks_the_sender(client):
    response = client.post(URL, valid_data())

    assert response.status_code == 302
    assert response["Location"] == reverse("public:contact_thanks")
    stored = ContactMessage.objects.get()
    assert stored.name == "Jordan Rivera"
    assert stored.email == "jordan@city.example"
    assert stored.organisation == "City of Springfield"
    assert stored.topic == ContactMessage.Topic.JOINING
    assert stored.history.count() == 1
    thanks = client.get(response["Location"]).content.decode()
    assert "your message has been sent" in thanks


def test_it_emails_staff_through_the_task_queue_with_a_reply_to_the_sender(
    client, settings, django_capture_on_commit_callbacks
):
    settings.STAFF_NOTIFICATION_EMAILS = ["team@program.example", "lead@program.example"]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, valid_data())
    assert mail.outbox == []
    run_due_tasks()

    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["team@program.example", "lead@program.example"]
    assert sent.reply_to == ["jordan@city.example"]
    assert sent.subject == "Contact form: Joining a learning community"
    assert "Jordan Rivera <jordan@city.example>" in sent.body
    assert "City of Springfield" in sent.body
    assert "Could our county join the next crisis systems cohort?" in sent.body
    assert OutboundEmail.objects.get().status == OutboundEmail.Status.SENT


def test_it_stores_and_emails_once_on_a_double_submit(client, django_capture_on_commit_callbacks):
    data = valid_data()

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(URL, data)
        second = client.post(URL, data)
    run_due_tasks()

    assert first.status_code == second.status_code == 302
    assert ContactMessage.objects.count() == 1
    assert OutboundEmail.objects.count() == 1
    assert len(mail.outbox) == 1


def test_two_different_submissions_are_two_messages(client):
    client.post(URL, valid_data())
    client.post(URL, valid_data(message="A second question."))

    assert ContactMessage.objects.count() == 2


def test_it_still_stores_a_message_sent_without_a_submission_key(client):
    client.post(URL, valid_data(submission_key="not-a-key"))

    assert ContactMessage.objects.count() == 1


def test_the_honeypot_drops_the_message_silently(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, valid_data(website="http://spam.example"))
    run_due_tasks()

    assert response.status_code == 302
    assert response["Location"] == reverse("public:contact_thanks")
    assert ContactMessage.objects.count() == 0
    assert OutboundEmail.objects.count() == 0
    assert mail.outbox == []


def test_it_lists_missing_answers_at_the_top_and_beside_each_field(client):
    response = client.post(URL, valid_data(name="", email="", topic="", message=""))

    assert response.status_code == 200
    page = response.content.decode()
    assert "There are 4 problems with what you sent" in page
    assert '<a href="#id_name">Your name: Enter your name.</a>' in page
    assert '<a href="#id_email">' in page
    assert "Choose what your message is about." in page
    error = '<span class="usa-error-message" id="id_message_error">Enter your message.</span>'
    assert error in page
    assert 'aria-describedby="id_message_helptext id_message_error"' in page
    assert 'aria-invalid="true"' in page
    assert "<title>Error: Contact the program team" in page
    assert ContactMessage.objects.count() == 0


def test_it_rejects_a_malformed_email_address_clearly(client):
    page = client.post(URL, valid_data(email="jordan-at-city")).content.decode()

    assert "Enter an email address in the right format, like name@example.org." in page
    assert 'value="jordan-at-city"' in page
    assert ContactMessage.objects.count() == 0


def test_it_rejects_an_unknown_topic(client):
    response = client.post(URL, valid_data(topic="lottery"))

    assert response.status_code == 200
    assert "Choose one of the topics in the list." in response.content.decode()
    assert not ContactMessage.objects.exists()


def test_it_rejects_a_name_split_over_lines(client):
    page = client.post(URL, valid_data(name="Jordan\nBcc: victim@example.org")).content.decode()

    assert "Write your name on one line." in page
    assert ContactMessage.objects.count() == 0


def test_oversized_input_gets_a_clear_error_and_keeps_what_was_typed(client):
    long_message = "Our team has a lot to say. " * 200
    response = client.post(
        URL, valid_data(message=long_message, organisation="O" * 201, name="Jordan Rivera")
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert f"Your message is {len(long_message.strip()):,} characters long." in page
    assert "Shorten it to 5,000 characters or fewer" in page
    assert "The organization must be 200 characters or fewer." in page
    assert long_message.strip() in page
    assert 'value="Jordan Rivera"' in page
    assert ContactMessage.objects.count() == 0


def test_line_breaks_count_once_towards_the_limit(client):
    message = ("x" * 99 + "\r\n") * 50  # 5,000 characters as the browser counts them

    client.post(URL, valid_data(message=message))

    assert len(ContactMessage.objects.get().message) == 4999


def test_script_in_a_message_is_shown_as_text(client, django_capture_on_commit_callbacks):
    attack = "<script>alert('x')</script>"
    page = client.post(URL, valid_data(message=attack, email="")).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, valid_data(message=attack, name=f"Eve {attack}"))
    run_due_tasks()

    assert ContactMessage.objects.get().message == attack
    body = mail.outbox[0].body  # plain text: the words exactly as sent, not HTML
    assert attack in body
    assert mail.outbox[0].content_subtype == "plain"


def test_it_answers_429_after_the_rate_limit(client, settings):
    settings.CONTACT_RATE_LIMIT = "2/h"

    statuses = [client.post(URL, valid_data()).status_code for _ in range(3)]

    assert statuses == [302, 302, 429]
    assert ContactMessage.objects.count() == 2
    assert client.get(URL).status_code == 200  # reading the form is never limited


def test_the_rate_limit_counts_per_network_address(client, settings):
    settings.CONTACT_RATE_LIMIT = "1/h"

    assert client.post(URL, valid_data(), REMOTE_ADDR="10.0.0.1").status_code == 302
    assert client.post(URL, valid_data(), REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.post(URL, valid_data(), REMOTE_ADDR="10.0.0.2").status_code == 302
    assert ContactMessage.objects.count() == 2


def test_at_the_limit_the_form_keeps_what_was_typed_and_gives_an_address(client, settings):
    settings.CONTACT_RATE_LIMIT = "1/h"
    settings.PROGRAM_EMAIL = "lcpa-team@program.example"
    client.post(URL, valid_data())

    response = client.post(URL, valid_data(name="Sam Okafor", message="When does cohort 5 start?"))

    assert response.status_code == 429
    page = response.content.decode()
    assert "Your message was not sent" in page
    assert 'href="mailto:lcpa-team@program.example"' in page
    assert 'value="Sam Okafor"' in page
    assert "When does cohort 5 start?" in page
    assert ContactMessage.objects.count() == 1
    assert not ContactMessage.objects.filter(name="Sam Okafor").exists()


def test_messages_sent_back_with_mistakes_do_not_count_towards_the_limit(client, settings):
    settings.CONTACT_RATE_LIMIT = "2/h"
    for _ in range(10):
        response = client.post(URL, valid_data(email="not-an-address"))
        assert response.status_code == 200
        assert 'id="error-summary"' in response.content.decode()
    assert not ContactMessage.objects.exists()

    assert [client.post(URL, valid_data()).status_code for _ in range(3)] == [302, 302, 429]
    assert ContactMessage.objects.count() == 2


def test_the_contact_page_gives_the_program_address(client, settings):
    settings.PROGRAM_EMAIL = "lcpa-team@program.example"
    page = client.get(URL).content.decode()
    assert page.count('href="mailto:lcpa-team@program.example"') == 2  # the page and the footer


def test_the_program_address_comes_from_the_environment_or_the_sender_address():
    assert load_settings({})["PROGRAM_EMAIL"] == "learning-communities@example.org"
    sender = load_settings({"DEFAULT_FROM_EMAIL": "LCPA <hello@lcpa.example>"})
    assert sender["PROGRAM_EMAIL"] == "hello@lcpa.example"
    chosen = load_settings({"PROGRAM_EMAIL": "team@lcpa.example"})
    assert chosen["PROGRAM_EMAIL"] == "team@lcpa.example"


def test_a_signed_in_member_uses_the_same_form(client, cast):
    client.force_login(cast.member_a1)

    assert client.get(URL).status_code == 200
    assert client.post(URL, valid_data()).status_code == 302
    assert ContactMessage.objects.count() == 1
