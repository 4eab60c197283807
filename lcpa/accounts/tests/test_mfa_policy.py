"""Staff must enrol an authenticator app (TOTP) before they reach staff pages or the admin."""

import pytest
from django.urls import reverse

from lcpa.accounts.models import User
from lcpa.testing import Cast, enrol_totp, make_user

STAFF_PAGES = ["/staff/", "/admin/"]
ACTIVATE = reverse("mfa_activate_totp")


@pytest.fixture
def staff_without_totp(db) -> User:
    return make_user("new-staff@test.example", User.Role.PROGRAM_STAFF, is_staff=True)


@pytest.fixture
def demo_staff(db) -> User:
    return make_user(
        "demo-staff@test.example", User.Role.PROGRAM_STAFF, is_staff=True, is_demo=True
    )


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_staff_without_an_authenticator_app_are_sent_to_set_one_up(client, staff_without_totp, url):
    client.force_login(staff_without_totp)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == ACTIVATE


def test_the_activation_page_is_not_itself_blocked(client, staff_without_totp):
    client.force_login(staff_without_totp)

    response = client.get(ACTIVATE)

    # allauth first asks for the password again; the policy does not send it round in a loop.
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_staff_with_an_authenticator_app_get_through(client, staff_without_totp, url):
    enrol_totp(staff_without_totp)
    client.force_login(staff_without_totp)

    response = client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_staff_made_by_make_staff_have_totp_and_get_through(client, cast: Cast, url):
    client.force_login(cast.staff)

    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_demo_staff_are_waived_when_debug_is_on(client, demo_staff, settings, url):
    settings.DEBUG = True
    client.force_login(demo_staff)

    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_demo_staff_are_not_waived_when_debug_is_off(client, demo_staff, settings, url):
    settings.DEBUG = False
    client.force_login(demo_staff)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == ACTIVATE


def test_a_demo_account_that_is_not_staff_is_not_let_in_by_the_waiver(client, db, settings):
    settings.DEBUG = True
    member = make_user("demo-member@test.example", is_demo=True)
    client.force_login(member)

    assert client.get("/staff/").status_code == 404
    assert client.get("/admin/").status_code == 302  # the admin's own sign-in page
    assert "/admin/login/" in client.get("/admin/")["Location"]


def test_pages_outside_staff_areas_do_not_ask_for_mfa(client, staff_without_totp):
    client.force_login(staff_without_totp)

    assert client.get(reverse("accounts:profile")).status_code == 200
