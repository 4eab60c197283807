"""Program staff, admin users and national experts use a second factor on every private page.

They must have an authenticator app (TOTP), and this session must have passed a code from it;
public pages and the steps of signing in and out stay open. Demo accounts are waived only while
DEMO_MODE is on.
"""

from urllib.parse import urlencode

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from lcpa.accounts.models import User
from lcpa.testing import PASSWORD, Cast, Client, enrol_totp, make_user, totp_code

ACTIVATE = reverse("mfa_activate_totp")
REAUTHENTICATE = reverse("mfa_reauthenticate")
STAFF_PAGES = ["/staff/", "/admin/"]


def private_pages(cast: Cast) -> list[str]:
    """Pages outside /staff/ that show a team's work to staff and experts."""
    team = cast.team_a.pk
    return [
        reverse("cohorts:workspace", args=[team]),
        reverse("cohorts:module", args=[team, 1]),
        reverse("cohorts:action_plan", args=[team]),
        reverse("cohorts:review_queue"),
        reverse("guidance:home"),
        reverse("cohorts:session_list"),
        reverse("library:resources"),
        reverse("accounts:profile"),
        reverse("mfa_index"),
    ]


PUBLIC_PAGES = [
    "/",
    "/learning-communities/",
    "/jurisdictions/",
    "/contact/",
    "/register-interest/",
    "/privacy/",
    "/healthz",
    "/api/v1/learning-communities",
]


def passed_second_factor(client) -> bool:
    records = client.session.get("account_authentication_methods", [])
    return any(record["method"] == "mfa" for record in records)


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


@pytest.mark.parametrize("role", [User.Role.PROGRAM_STAFF, User.Role.NATIONAL_EXPERT])
def test_staff_and_experts_without_an_app_set_one_up_before_any_team_page(client, cast, role):
    person = make_user("no-app@test.example", role, is_staff=role == User.Role.PROGRAM_STAFF)
    cast.cohort.experts.add(person)
    client.force_login(person)

    for url in private_pages(cast):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == ACTIVATE, url
    post = client.post(reverse("cohorts:workspace", args=[cast.team_a.pk]), {})
    assert post["Location"] == ACTIVATE


@pytest.mark.parametrize("who", ["staff", "expert"])
def test_a_session_that_stopped_after_the_password_must_enter_a_code(client, cast, who):
    """The account has an app, but this session never passed a code from it (as after the
    old /admin/login/, or a session that began before the app was added)."""
    person = getattr(cast, who)
    client.force_login(person, second_factor=False)
    workspace = reverse("cohorts:workspace", args=[cast.team_a.pk])

    for url in [*private_pages(cast), "/staff/", "/admin/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"{REAUTHENTICATE}?{urlencode({'next': url})}", url
    posted = client.post(workspace, {})
    assert posted["Location"] == REAUTHENTICATE  # no `next`: a POST is not replayed
    assert not passed_second_factor(client)


def test_entering_a_code_lets_the_session_through_to_the_page_it_asked_for(client, cast):
    secret = enrol_totp(cast.staff)  # a fresh secret, so the test knows the codes
    client.force_login(cast.staff, second_factor=False)
    workspace = reverse("cohorts:workspace", args=[cast.team_a.pk])
    asked = client.get(workspace)["Location"]

    page = client.get(asked)
    wrong = client.post(asked, {"code": "000000"})
    right = client.post(asked, {"code": totp_code(secret)})

    assert page.status_code == 200
    assert 'name="code"' in page.content.decode()
    assert wrong.status_code == 200  # the form again, with its error
    assert right.status_code == 302
    assert right["Location"] == workspace
    assert passed_second_factor(client)
    assert client.get(workspace).status_code == 200
    assert client.get("/staff/").status_code == 200


def test_a_code_entered_in_one_session_does_not_open_another(cast):
    first, second = Client(), Client()
    first.force_login(cast.staff)
    second.force_login(cast.staff, second_factor=False)

    assert first.get("/staff/").status_code == 200
    assert second.get("/staff/").status_code == 302


def test_activating_an_app_counts_as_this_sessions_second_factor(client, staff_without_totp):
    client.force_login(staff_without_totp)
    confirm = client.get(ACTIVATE)["Location"]  # allauth asks for the password first
    activation = client.post(confirm, {"password": PASSWORD}, follow=True)
    secret = activation.context["form"].secret

    done = client.post(ACTIVATE, {"code": totp_code(secret)})

    assert done.status_code == 302
    assert staff_without_totp.authenticator_set.filter(type="totp").exists()
    assert passed_second_factor(client)
    assert client.get("/staff/").status_code == 200


def test_a_failed_activation_does_not_count(client, staff_without_totp):
    client.force_login(staff_without_totp)
    confirm = client.get(ACTIVATE)["Location"]
    client.post(confirm, {"password": PASSWORD})

    response = client.post(ACTIVATE, {"code": "000000"})

    assert response.status_code == 200
    assert not staff_without_totp.authenticator_set.exists()
    assert not passed_second_factor(client)
    assert client.get("/staff/")["Location"] == ACTIVATE


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_do_not_ask_for_a_second_factor(client, cast, staff_without_totp, url):
    client.force_login(staff_without_totp)

    assert client.get(url).status_code == 200


def test_staff_without_an_app_can_still_sign_out(client, staff_without_totp):
    client.force_login(staff_without_totp)

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize("who", ["member_a1", "ta_provider"])
def test_team_members_and_ta_providers_are_not_asked(client, cast, who):
    client.force_login(getattr(cast, who), second_factor=False)

    assert client.get(reverse("accounts:profile")).status_code == 200
    assert client.get(reverse("cohorts:session_list")).status_code == 200


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_demo_staff_are_waived_in_demo_mode(client, demo_staff, settings, url):
    settings.DEMO_MODE = True
    client.force_login(demo_staff)

    assert client.get(url).status_code == 200


def test_demo_mode_tells_a_waived_demo_account_on_its_account_page(client, demo_staff, settings):
    settings.DEMO_MODE = True
    client.force_login(demo_staff)

    page = client.get(reverse("accounts:profile")).content.decode()

    assert "only because the site runs in demo mode" in page


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_debug_alone_does_not_waive_demo_staff(client, demo_staff, settings, url):
    settings.DEBUG = True
    settings.DEMO_MODE = False
    client.force_login(demo_staff)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == ACTIVATE


def test_demo_mode_does_not_waive_accounts_that_are_not_demo_accounts(
    client, staff_without_totp, settings
):
    settings.DEMO_MODE = True
    client.force_login(staff_without_totp)

    assert client.get("/staff/")["Location"] == ACTIVATE


def test_demo_mode_is_off_unless_the_environment_turns_it_on():
    from django.conf import settings

    assert settings.DEMO_MODE is False


def test_a_demo_account_that_is_not_staff_is_not_let_in_by_the_waiver(client, db, settings):
    settings.DEMO_MODE = True
    member = make_user("demo-member@test.example", is_demo=True)
    client.force_login(member)

    assert client.get("/staff/").status_code == 404
    assert client.get("/admin/").status_code == 404


def test_every_page_the_policy_leaves_open_exists():
    """A renamed public page must not silently fall out of the list (it would then ask staff
    for a code); a list entry without a page fails here."""
    from django.urls import get_resolver

    from lcpa.accounts.middleware import PUBLIC_NAMESPACES, PUBLIC_URL_NAMES, SIGN_IN_URL_NAMES

    resolver = get_resolver()
    names = set()
    for key in resolver.reverse_dict:
        if isinstance(key, str):
            names.add(key)
    for namespace, (_prefix, inner) in resolver.namespace_dict.items():
        names.update(f"{namespace}:{key}" for key in inner.reverse_dict if isinstance(key, str))

    assert (PUBLIC_URL_NAMES | SIGN_IN_URL_NAMES) - names == set()
    assert PUBLIC_NAMESPACES - set(resolver.namespace_dict) == set()


def test_the_api_left_open_by_the_policy_does_not_accept_a_session(client, cast):
    """/api/ is exempt because it authenticates by token only: a signed-in session, even one
    that passed the second factor, reads nothing there."""
    client.force_login(cast.staff)

    response = client.get("/api/v1/registrations")

    assert response.status_code == 401
