"""email_queue: an email is stored in the outbox at once and its sending queued after commit."""

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from lcpa.notifications.models import OutboundEmail
from lcpa.notifications.services import email_queue

pytestmark = pytest.mark.django_db

TASK = "lcpa.notifications.tasks.deliver_email"
WELCOME = "notifications/test/welcome.txt"


@pytest.fixture(autouse=True)
def _welcome_template(settings):
    """A template of the notifications app's own, so these tests need no other app's emails."""
    template = (
        "{% autoescape off %}Hello {{ name }},\n\nWelcome to {{ cohort }}.\n\n{% endautoescape %}"
    )
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [("django.template.loaders.locmem.Loader", {WELCOME: template})]
            },
        }
    ]


def queued_tasks() -> list[int]:
    return [row.args_kwargs["args"][0] for row in DBTaskResult.objects.filter(task_path=TASK)]


def test_it_stores_an_email_from_a_template_and_queues_its_sending_after_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as callbacks:
        email = email_queue(
            to=["dana@amherst.example"],
            subject="Welcome",
            template=WELCOME,
            context={"name": "Dana & Co <team>", "cohort": "Crisis Systems cohort 3"},
            reply_to=["staff@example.org"],
        )
        assert queued_tasks() == []  # not before the caller's transaction commits

    stored = OutboundEmail.objects.get()
    assert stored == email
    assert stored.to == ["dana@amherst.example"]
    assert stored.reply_to == ["staff@example.org"]
    assert stored.subject == "Welcome"
    # Rendered as plain text (no HTML escaping), trimmed, one final line break.
    assert stored.body == "Hello Dana & Co <team>,\n\nWelcome to Crisis Systems cohort 3.\n"
    assert stored.status == OutboundEmail.Status.QUEUED
    assert stored.attempts == 0
    assert len(callbacks) == 1
    for callback in callbacks:
        callback()
    assert queued_tasks() == [email.pk]


def test_it_stores_an_email_staff_wrote_as_it_was_written(django_capture_on_commit_callbacks):
    body = "Dear team,\n\nSee you on Monday.\n\n  Casey  "
    with django_capture_on_commit_callbacks(execute=True):
        email_queue(to=["dana@amherst.example"], subject="Monday", body=body)

    assert OutboundEmail.objects.get().body == body
    assert len(queued_tasks()) == 1


def test_copies_leave_out_the_recipients_and_repeated_addresses():
    email = email_queue(
        to=["dana@amherst.example"],
        cc=["frank@amherst.example", "dana@amherst.example", "frank@amherst.example"],
        subject="Hello",
        body="Hi.",
    )

    assert OutboundEmail.objects.get(pk=email.pk).cc == ["frank@amherst.example"]


@pytest.mark.parametrize(
    "content",
    [{}, {"template": WELCOME, "context": {}, "body": "Hi."}],
    ids=["neither", "both"],
)
def test_it_needs_a_template_or_a_body_but_not_both(content):
    with pytest.raises(TypeError):
        email_queue(to=["dana@amherst.example"], subject="Hello", **content)

    assert not OutboundEmail.objects.exists()


def test_nothing_is_stored_or_sent_when_the_callers_transaction_rolls_back(
    django_capture_on_commit_callbacks,
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ValueError),
        transaction.atomic(),
    ):
        email_queue(to=["dana@amherst.example"], subject="Hello", body="Hi.")
        raise ValueError("the caller failed after queueing its email")

    assert not OutboundEmail.objects.exists()
    assert callbacks == []
    assert queued_tasks() == []
