import uuid

import pytest
from django.urls import reverse

from lcpa.public.models import ContactMessage
from lcpa.testing import enrol_totp, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    user = make_user("admin@test.example", is_staff=True, is_superuser=True)
    enrol_totp(user)
    return user


@pytest.fixture
def message():
    return ContactMessage.objects.create(
        submission_key=uuid.uuid4(),
        name="Eve",
        email="eve@example.org",
        topic=ContactMessage.Topic.OTHER,
        message="<script>alert('x')</script>",
    )


def test_staff_read_contact_messages_in_the_admin_as_text(client, superuser, message):
    client.force_login(superuser)

    listing = client.get(reverse("admin:public_contactmessage_changelist"))
    change = client.get(reverse("admin:public_contactmessage_change", args=[message.pk]))

    assert listing.status_code == 200
    assert "eve@example.org" in listing.content.decode()
    assert change.status_code == 200
    assert "<script>alert" not in change.content.decode()
    assert "&lt;script&gt;" in change.content.decode()


def test_messages_are_not_added_rewritten_or_answered_in_the_admin(client, superuser, message):
    """Assigning and answering go through the staff pages' services, which keep the note."""
    client.force_login(superuser)
    version = message.history.first()

    add = client.get(reverse("admin:public_contactmessage_add"))
    rewrite = client.post(
        reverse("admin:public_contactmessage_change", args=[message.pk]),
        {"status": "answered", "message": "Something else", "email": "mallory@example.org"},
    )
    revert = client.post(
        reverse("admin:public_contactmessage_simple_history", args=[message.pk, version.pk]),
        {"status": "new"},
    )

    assert add.status_code in {403, 404}
    assert rewrite.status_code == 302
    assert revert.status_code in {403, 404}
    message.refresh_from_db()
    assert (message.message, message.email) == ("<script>alert('x')</script>", "eve@example.org")
    assert message.status == ContactMessage.Status.NEW


def test_visitors_and_members_cannot_open_the_admin(client, message):
    assert client.get(reverse("admin:public_contactmessage_changelist")).status_code == 302
    client.force_login(make_user("member@test.example"))
    assert client.get(reverse("admin:public_contactmessage_changelist")).status_code == 404
