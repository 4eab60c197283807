"""registration_submit: stored once, emails queued and sent by the task worker with retries."""

import smtplib
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, connections, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lcpa.core.tokens import link_token_digest
from lcpa.curriculum.models import Jurisdiction, Sector, TeamRole
from lcpa.intake import services
from lcpa.intake.models import InterestRegistration, ProposedMember
from lcpa.intake.services import registration_submit
from lcpa.intake.tests.registration_data import (
    CRISIS_TEAM,
    FIREFIGHTER,
    REGISTER_URL,
    member,
    registration_post,
)
from lcpa.notifications.models import OutboundEmail
from lcpa.testing import link_in_email, run_due_tasks

pytestmark = pytest.mark.django_db

SITE = "https://learning.example"
STAFF_INBOX = ["program-a@example.org", "program-b@example.org"]


class FailingEmailBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPException("451 the mail server is down")


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.STAFF_NOTIFICATION_EMAILS = STAFF_INBOX


def submit(communities, **overrides):
    arguments = {
        "submission_key": uuid.uuid4(),
        "jurisdiction_name": "Huntsville",
        "state": "AL",
        "jurisdiction_kind": "city",
        "population": 225_000,
        "learning_communities": [communities["crisis-systems"]],
        "goals": "A mobile crisis team.",
        "stage": "exploring",
        "preferred_start": "six_months",
        "contact_name": "Casey Contact",
        "contact_email": "casey@huntsville.example",
        "members": CRISIS_TEAM,
    }
    return registration_submit(**(arguments | overrides))


# Stored once ----------------------------------------------------------------------------------


def test_it_stores_the_registration_with_members_in_order(communities):
    result = submit(communities)

    assert result.created
    registration = result.registration
    assert InterestRegistration.objects.get() == registration
    assert [m.name for m in registration.members.all()] == ["Dana Data", "Frank Fire", "Bea Health"]
    assert list(registration.learning_communities.all()) == [communities["crisis-systems"]]
    assert len(result.status_token) >= 40
    assert registration.status_token_digest == link_token_digest(result.status_token)
    assert registration.follow_up_due_on is not None


def test_the_same_submission_key_stores_one_registration(communities):
    key = uuid.uuid4()

    first = submit(communities, submission_key=key)
    second = submit(communities, submission_key=key, jurisdiction_name="Changed")

    assert second.created is False
    assert second.registration == first.registration
    assert InterestRegistration.objects.get().jurisdiction_name == "Huntsville"
    assert ProposedMember.objects.count() == 3
    assert OutboundEmail.objects.count() == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two connections writing at once need PostgreSQL: the SQLite test database is in "
    "memory with a shared cache, where the second writer fails at once ('database table is "
    "locked') instead of waiting on the busy timeout as it does on the WAL file in production",
)
def test_two_concurrent_submissions_with_the_same_key_store_one_and_both_get_it(communities):
    """Two requests with the same key, on two database connections, both find no registration
    and both insert: the unique key makes one insert wait for the other, fail inside a
    savepoint, and return the registration the other stored."""
    key = uuid.uuid4()
    table = InterestRegistration._meta.db_table
    results, errors = [], []

    def submit_on_its_own_connection():
        try:
            results.append(submit(communities, submission_key=key))
        except Exception as error:  # reported below, with the thread's traceback lost
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit_on_its_own_connection) for _ in range(2)]
    with transaction.atomic(), connection.cursor() as cursor:
        # Reads go on, inserts wait: both requests get past their "already stored?" check.
        cursor.execute(f"LOCK TABLE {table} IN SHARE MODE")
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 20
        waiting = 0
        while waiting < 2 and time.monotonic() < deadline and not errors:
            cursor.execute(
                "SELECT count(*) FROM pg_locks WHERE relation = %s::regclass AND NOT granted",
                [table],
            )
            waiting = cursor.fetchone()[0]
            time.sleep(0.01)
        assert waiting == 2, f"both inserts should be waiting on the table lock: {errors}"
    for thread in threads:
        thread.join(timeout=20)

    assert errors == []
    registration = InterestRegistration.objects.get()
    assert [result.registration for result in results] == [registration, registration]
    assert sorted(result.created for result in results) == [False, True]
    assert ProposedMember.objects.filter(registration=registration).count() == 3
    assert OutboundEmail.objects.count() == 2  # one acknowledgement, one staff notification


def test_double_submission_through_the_form_stores_one_and_both_go_to_its_confirmation(
    client, communities
):
    data = registration_post([communities["crisis-systems"]])

    first, second = (client.post(REGISTER_URL, data) for _ in range(2))

    registration = InterestRegistration.objects.get()
    token = first["Location"].removeprefix("/register-interest/thanks/").removesuffix("/")
    assert registration.status_token_digest == link_token_digest(token)
    # The second one shows the same registration's confirmation, without the link.
    assert second.status_code == 200
    assert "Thank you: we received your registration" in second.content.decode()


def test_it_refuses_a_team_that_breaks_the_composition_rule(communities):
    with pytest.raises(ValidationError) as refused:
        submit(communities, members=[FIREFIGHTER])

    assert "Add a data coordinator" in str(refused.value)
    assert not InterestRegistration.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_it_refuses_a_registration_without_communities_or_members(communities):
    with pytest.raises(ValidationError):
        submit(communities, learning_communities=[])
    with pytest.raises(ValidationError):
        submit(communities, members=[])
    assert not InterestRegistration.objects.exists()


def test_a_failure_half_way_stores_nothing(communities):
    with (
        mock.patch.object(services, "email_queue", side_effect=RuntimeError("boom")),
        pytest.raises(RuntimeError),
    ):
        submit(communities)

    assert not InterestRegistration.objects.exists()
    assert not ProposedMember.objects.exists()


def test_the_follow_up_is_due_ten_business_days_after_the_office_date(communities, settings):
    settings.FOLLOW_UP_BUSINESS_DAYS = 10
    # Saturday 03:00 UTC is still Friday evening in New York.
    friday_evening = datetime(2026, 6, 6, 3, 0, tzinfo=UTC)

    registration = submit(communities, submitted_at=friday_evening).registration

    # Juneteenth (Friday 19 June) is a federal holiday: the tenth business day is Monday the 22nd.
    assert registration.follow_up_due_on == datetime(2026, 6, 22).date()
    registration.refresh_from_db()
    assert registration.created_at == friday_evening


def test_it_links_a_known_jurisdiction(communities):
    huntsville = Jurisdiction.objects.create(name="Huntsville", state="AL", kind="city")

    registration = submit(communities, jurisdiction_name="huntsville").registration

    assert registration.jurisdiction == huntsville


def test_demo_data_can_be_stored_without_emails(communities):
    submit(communities, send_emails=False)

    assert InterestRegistration.objects.count() == 1
    assert not OutboundEmail.objects.exists()


# Emails ---------------------------------------------------------------------------------------


def test_the_worker_sends_the_acknowledgement_and_the_staff_notification(
    client, communities, django_capture_on_commit_callbacks
):
    contact_also_member = member(
        "Casey Contact", Sector.LOCAL_GOVERNMENT, TeamRole.OTHER, email="casey@amherst.example"
    )
    team = [*CRISIS_TEAM, contact_also_member]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(REGISTER_URL, registration_post([communities["crisis-systems"]], team))
    registration = InterestRegistration.objects.get()
    token = link_in_email("/registration/", to="casey@amherst.example").split("/")[2]
    assert registration.status_token_digest == link_token_digest(token)
    assert len(mail.outbox) == 0  # nothing is sent in the request

    run_due_tasks()

    assert len(mail.outbox) == 2
    acknowledgement = next(m for m in mail.outbox if m.to == ["casey@amherst.example"])
    notification = next(m for m in mail.outbox if m.to == STAFF_INBOX)

    assert sorted(acknowledgement.cc) == [
        "bea@amherst.example",
        "dana@amherst.example",
        "frank@amherst.example",
    ]
    assert acknowledgement.reply_to == STAFF_INBOX
    assert f"{SITE}/registration/{token}/" in acknowledgement.body
    assert "not confirmation of a place in a cohort" in acknowledgement.body
    assert "Amherst, Massachusetts" in acknowledgement.body
    assert "Frank Fire, City of Amherst (Fire), First-response representative" in (
        acknowledgement.body
    )

    assert notification.subject == "New interest registration: Amherst, MA"
    assert f"{SITE}/staff/registrations/{registration.pk}/" in notification.body
    assert notification.reply_to == ["casey@amherst.example"]
    assert token not in notification.body
    assert "/registration/" not in notification.body
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"sent"}


def test_emails_show_text_as_typed_without_html_escaping(
    client, communities, django_capture_on_commit_callbacks
):
    data = registration_post(
        [communities["crisis-systems"]], jurisdiction_name="O'Fallon & Sons <Township>"
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(REGISTER_URL, data)
    run_due_tasks()

    for message in mail.outbox:
        assert "O'Fallon & Sons <Township>" in message.body
        assert "&amp;" not in message.body


def test_a_failing_mail_server_keeps_the_registration_and_retries_the_email(
    client, communities, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.FailingEmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REGISTER_URL, registration_post([communities["crisis-systems"]]))
    assert response.status_code == 302

    run_due_tasks()

    registration = InterestRegistration.objects.get()
    assert registration.members.count() == 3
    emails = list(OutboundEmail.objects.all())
    assert len(emails) == 2
    for email in emails:
        assert email.status == OutboundEmail.Status.QUEUED
        assert email.attempts == 1
        assert "SMTPException" in email.last_error
        assert "mail server is down" in email.last_error
    retries = DBTaskResult.objects.filter(status="READY")
    assert retries.count() == 2
    assert all(retry.run_after > timezone.now() for retry in retries)
    assert len(mail.outbox) == 0

    # The mail server is back; the retries come due.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    retries.update(run_after=timezone.now() - timedelta(seconds=1))
    run_due_tasks()

    assert len(mail.outbox) == 2
    for email in OutboundEmail.objects.all():
        assert email.status == OutboundEmail.Status.SENT
        assert email.attempts == 2
        assert email.last_error == ""
    assert InterestRegistration.objects.get() == registration
