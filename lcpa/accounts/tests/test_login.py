"""Signing in with an email address through django-allauth, with MFA for staff and rate limits."""

import time

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse

from lcpa.accounts.models import User
from lcpa.testing import PASSWORD, Cast, enrol_totp, make_user

LOGIN = reverse("account_login")


def verified(user: User) -> User:
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in(client, email: str, password: str = PASSWORD):
    return client.post(LOGIN, {"login": email, "password": password})


def test_a_member_signs_in_with_email_and_password(client, cast: Cast):
    verified(cast.member_a1)

    response = sign_in(client, "A1@Test.Example")  # email case does not matter

    assert response.status_code == 302
    assert response["Location"] == reverse("cohorts:my_teams")  # see test_start_page.py
    assert int(client.session[SESSION_KEY]) == cast.member_a1.pk


def test_a_wrong_password_is_refused_with_a_message(client, cast: Cast):
    verified(cast.member_a1)

    response = sign_in(client, "a1@test.example", "not-the-password")

    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_an_unverified_address_gets_a_verification_email_instead(client, cast: Cast):
    response = sign_in(client, "a1@test.example")

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert SESSION_KEY not in client.session
    assert [m.to for m in mail.outbox] == [["a1@test.example"]]


def test_staff_with_an_authenticator_app_must_also_enter_a_code(client, db):
    staff = verified(make_user("boss@test.example", User.Role.PROGRAM_STAFF, is_staff=True))
    secret = enrol_totp(staff)

    first = sign_in(client, "boss@test.example")

    assert first["Location"] == reverse("mfa_authenticate")
    assert SESSION_KEY not in client.session
    second = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert second.status_code == 302
    assert int(client.session[SESSION_KEY]) == staff.pk
    assert client.get("/staff/").status_code == 200


def test_new_staff_set_up_an_authenticator_app_before_reaching_staff_pages(client, db):
    staff = verified(make_user("new@test.example", User.Role.PROGRAM_STAFF, is_staff=True))
    sign_in(client, "new@test.example")

    blocked = client.get("/staff/")
    assert blocked["Location"] == reverse("mfa_activate_totp")
    # allauth asks for the password again before adding an authenticator.
    confirm = client.get(blocked["Location"])
    assert confirm["Location"].startswith(reverse("account_reauthenticate"))
    activation = client.post(confirm["Location"], {"password": PASSWORD}, follow=True)
    assert activation.redirect_chain[-1][0] == reverse("mfa_activate_totp")
    secret = activation.context["form"].secret
    done = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

    assert done.status_code == 302
    assert staff.authenticator_set.filter(type="totp").exists()
    assert client.get("/staff/").status_code == 200


def test_sign_in_is_refused_after_repeated_failures(client, cast: Cast):
    verified(cast.member_a1)
    for _ in range(5):
        failed = sign_in(client, "a1@test.example", "wrong-password")
        assert "not correct" in failed.content.decode()

    refused = sign_in(client, "a1@test.example")  # even with the right password

    assert SESSION_KEY not in client.session
    assert refused.status_code == 200  # the form again, with the refusal as its error
    assert "Too many failed login attempts" in refused.content.decode()


def test_failures_for_one_address_do_not_lock_out_another(client, cast: Cast):
    verified(cast.member_a1)
    verified(cast.member_a2)
    for _ in range(5):
        sign_in(client, "a1@test.example", "wrong-password")

    response = sign_in(client, "a2@test.example")

    assert response.status_code == 302
    assert int(client.session[SESSION_KEY]) == cast.member_a2.pk


def test_open_sign_up_is_closed(client, db):
    shown = client.get(reverse("account_signup"))
    posted = client.post(
        reverse("account_signup"),
        {"email": "someone@test.example", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert "sign up is currently closed" in shown.content.decode()
    assert "sign up is currently closed" in posted.content.decode()
    assert not User.objects.filter(email="someone@test.example").exists()


def test_the_sign_in_page_uses_the_site_layout_and_uswds_fields(client, db):
    page = client.get(LOGIN).content.decode()

    assert 'class="usa-skipnav"' in page  # base.html
    assert (
        '<input type="email" name="login" autocomplete="email" maxlength="320" class="usa-input"'
        in page
    )
    assert 'autocomplete="current-password"' in page
    assert 'aria-describedby="id_password_helptext"' in page
    assert "sign up" not in page.lower()
