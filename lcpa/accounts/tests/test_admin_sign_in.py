"""Signing in to the Django admin goes through allauth: rate limits and the second factor apply.

Django's own /admin/login/ form took a password alone (no rate limit, no code) and gave a session
that reached every staff page. It now only sends people to allauth's sign-in and back.
"""

from urllib.parse import urlencode

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from lcpa.accounts.models import User
from lcpa.testing import PASSWORD, enrol_totp, make_user, totp_code

ADMIN_LOGIN = reverse("admin:login")
ADMIN_INDEX = reverse("admin:index")
LOGIN = reverse("account_login")


def allauth_login(next_url: str = ADMIN_INDEX) -> str:
    return f"{LOGIN}?{urlencode({'next': next_url})}"


@pytest.fixture
def superuser(db) -> User:
    user = User.objects.create_superuser(email="root@test.example", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_a_password_posted_to_the_admin_login_gives_no_session(client, superuser):
    enrol_totp(superuser)

    response = client.post(
        f"{ADMIN_LOGIN}?next={ADMIN_INDEX}",
        {"username": superuser.email, "password": PASSWORD, "next": ADMIN_INDEX},
    )

    assert response.status_code == 302
    assert response["Location"] == allauth_login()
    assert SESSION_KEY not in client.session
    assert client.get(ADMIN_INDEX)["Location"].startswith(ADMIN_LOGIN)
    assert client.get("/staff/")["Location"].startswith(LOGIN)
    superuser.refresh_from_db()
    assert superuser.last_login is None


def test_the_admin_sends_visitors_to_the_sign_in_page_and_back(client, db):
    first = client.get(reverse("admin:intake_interestregistration_changelist"))
    second = client.get(first["Location"])

    assert first["Location"].startswith(ADMIN_LOGIN)
    assert second.status_code == 302
    assert second["Location"] == allauth_login(
        reverse("admin:intake_interestregistration_changelist")
    )
    assert client.get(second["Location"]).status_code == 200


def test_the_admin_login_does_not_send_people_to_another_site(client, db):
    response = client.get(f"{ADMIN_LOGIN}?next=https://evil.example/")

    assert response["Location"] == allauth_login()


def test_repeated_wrong_passwords_at_the_admin_entrance_are_throttled(client, superuser):
    for _ in range(12):
        entrance = client.post(ADMIN_LOGIN, {"username": superuser.email, "password": "wrong"})
        assert entrance["Location"] == allauth_login()
        assert SESSION_KEY not in client.session
    sign_in_page = allauth_login()
    for _ in range(5):
        failed = client.post(sign_in_page, {"login": superuser.email, "password": "wrong"})
        assert "not correct" in failed.content.decode()

    refused = client.post(sign_in_page, {"login": superuser.email, "password": PASSWORD})

    assert "Too many failed login attempts" in refused.content.decode()
    assert SESSION_KEY not in client.session


def test_admin_sign_in_asks_for_the_authenticator_code(client, superuser):
    secret = enrol_totp(superuser)
    sign_in_page = client.get(ADMIN_LOGIN + f"?next={ADMIN_INDEX}")["Location"]

    password = client.post(sign_in_page, {"login": superuser.email, "password": PASSWORD})

    assert password["Location"] == reverse("mfa_authenticate")
    assert SESSION_KEY not in client.session
    done = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert done["Location"] == ADMIN_INDEX
    assert client.get(ADMIN_INDEX).status_code == 200


def test_signed_in_admin_staff_at_the_admin_login_go_on_to_the_admin(client, superuser):
    enrol_totp(superuser)
    client.force_login(superuser)

    response = client.get(f"{ADMIN_LOGIN}?next={reverse('admin:accounts_user_changelist')}")

    assert response["Location"] == reverse("admin:accounts_user_changelist")


def test_people_signed_in_who_are_not_admin_staff_get_not_found(client, cast):
    client.force_login(cast.member_a1)

    assert client.get(ADMIN_LOGIN).status_code == 404
    assert client.get(ADMIN_INDEX).status_code == 404
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 404


def test_program_staff_without_admin_access_get_not_found(client, db):
    staff = make_user("no-admin@test.example", User.Role.PROGRAM_STAFF)  # is_staff off
    enrol_totp(staff)
    client.force_login(staff)

    assert client.get("/staff/").status_code == 200
    assert client.get(ADMIN_INDEX).status_code == 404
