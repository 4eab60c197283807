"""After signing in, each role lands on its own start page; a safe `next` wins over it."""

from urllib.parse import urlencode

from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from lcpa.accounts.models import User
from lcpa.cohorts.models import Membership
from lcpa.curriculum.models import Sector, TeamRole
from lcpa.testing import PASSWORD, Cast, enrol_totp, make_user, totp_code

LOGIN = reverse("account_login")
CODE_STEP = reverse("mfa_authenticate")


def sign_in(client, user: User, *, next_url: str | None = None):
    """The password step of the sign-in form, as a person types it (with `?next=` if given)."""
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    url = LOGIN + ("?" + urlencode({"next": next_url}) if next_url else "")
    return client.post(url, {"login": user.email, "password": PASSWORD})


def enter_code(client, secret: str):
    return client.post(CODE_STEP, {"code": totp_code(secret)})


def test_a_member_of_one_team_lands_on_the_team_workspace(client, cast: Cast):
    response = sign_in(client, cast.member_a1)

    assert response["Location"] == reverse("cohorts:my_teams")
    page = client.get(response["Location"], follow=True)
    assert page.redirect_chain[-1][0] == reverse("cohorts:workspace", args=[cast.team_a.pk])
    assert "Amherst team" in page.content.decode()
    assert int(client.session[SESSION_KEY]) == cast.member_a1.pk


def test_a_member_of_several_teams_lands_on_the_list_of_their_teams(client, cast: Cast):
    Membership.objects.create(
        team=cast.other_team, user=cast.member_a1, role=TeamRole.OTHER, sector=Sector.FIRE
    )

    response = sign_in(client, cast.member_a1)
    page = client.get(response["Location"])

    assert response["Location"] == reverse("cohorts:my_teams")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<h1 class="margin-top-4">Your teams</h1>' in html
    assert "Open the Amherst team workspace" in html
    assert "Open the Redmond team workspace" in html
    assert "Sacramento team" not in html  # another team's workspace is not offered


def test_a_member_without_a_team_is_told_how_to_join_one(client, db):
    newcomer = make_user("new@test.example")

    page = client.get(sign_in(client, newcomer)["Location"])

    assert page.status_code == 200
    html = page.content.decode()
    assert '<h1 class="margin-top-4">Your workspace</h1>' in html
    assert "You are not on a team yet" in html
    assert "Your teams" not in html


def test_staff_without_a_team_find_all_cohorts_on_the_workspace_page(client, cast: Cast):
    client.force_login(cast.staff)

    html = client.get(reverse("cohorts:my_teams")).content.decode()

    assert '<h1 class="margin-top-4">All cohorts</h1>' in html
    assert "Crisis Systems cohort 3" in html and "Crisis Systems cohort 4" in html
    assert "Your teams" not in html


def test_a_ta_provider_lands_on_their_ta_requests_and_can_open_the_cohorts_they_support(
    client, cast: Cast
):
    response = sign_in(client, cast.ta_provider)
    page = client.get(response["Location"])

    assert response["Location"] == reverse("assistance:my_requests")
    html = page.content.decode()
    assert '<h1 class="margin-top-4">Your TA requests</h1>' in html
    assert reverse("cohorts:my_teams") in html
    html = client.get(reverse("cohorts:my_teams")).content.decode()
    assert '<h1 class="margin-top-4">Cohorts you support</h1>' in html
    assert "Crisis Systems cohort 3" in html and "Amherst team" in html
    assert "Crisis Systems cohort 4" not in html  # a cohort they do not support
    assert "Your teams" not in html


def test_a_ta_provider_with_no_cohort_yet_sees_what_they_can_do(client, cast: Cast):
    newcomer = make_user("new-ta@test.example", User.Role.TA_PROVIDER)
    page = client.get(sign_in(client, newcomer)["Location"])

    assert "No open request is assigned to you." in page.content.decode()
    html = client.get(reverse("cohorts:my_teams")).content.decode()
    assert "No cohort has added you yet" in html
    assert reverse("library:resources") in html and reverse("accounts:profile") in html
    assert "You are not on a team yet" not in html
    assert "Amherst team" not in html


def test_staff_land_on_the_staff_dashboard_after_their_code(client, db):
    staff = make_user("boss@test.example", User.Role.PROGRAM_STAFF, is_staff=True)
    secret = enrol_totp(staff)

    first = sign_in(client, staff)
    assert first["Location"] == CODE_STEP
    assert SESSION_KEY not in client.session
    second = enter_code(client, secret)

    assert second["Location"] == reverse("intake:staff_dashboard")
    assert "Follow-up dashboard" in client.get(second["Location"]).content.decode()


def test_a_wrong_code_keeps_staff_on_the_code_step(client, db):
    staff = make_user("boss@test.example", User.Role.PROGRAM_STAFF, is_staff=True)
    enrol_totp(staff)
    sign_in(client, staff)

    refused = client.post(CODE_STEP, {"code": "000000"})

    assert refused.status_code == 200
    assert "Incorrect code" in refused.content.decode()
    assert SESSION_KEY not in client.session


def test_a_national_expert_lands_on_their_guidance_page_after_their_code(client, cast: Cast):
    secret = enrol_totp(cast.expert)

    sign_in(client, cast.expert)
    response = enter_code(client, secret)

    assert response["Location"] == reverse("guidance:home")
    page = client.get(response["Location"]).content.decode()
    assert "Questions waiting for an answer" in page
    assert f'href="{reverse("cohorts:review_queue")}"' in page


def test_an_expert_serving_no_cohort_yet_lands_on_an_empty_page_not_a_missing_one(
    client, cast: Cast
):
    newcomer = make_user("new-expert@test.example", User.Role.NATIONAL_EXPERT)
    secret = enrol_totp(newcomer)
    sign_in(client, newcomer)

    page = client.get(enter_code(client, secret)["Location"])

    assert page.status_code == 200
    assert "No question is waiting." in page.content.decode()


def test_next_wins_over_the_start_page(client, cast: Cast):
    response = sign_in(client, cast.member_a1, next_url=reverse("cohorts:session_list"))

    assert response["Location"] == reverse("cohorts:session_list")


def test_next_survives_the_code_step(client, cast: Cast):
    secret = enrol_totp(cast.staff)
    wanted = reverse("cohorts:staff_cohort", args=[cast.cohort.pk])

    assert sign_in(client, cast.staff, next_url=wanted)["Location"].startswith(CODE_STEP)
    response = enter_code(client, secret)

    assert response["Location"] == wanted


def test_a_next_to_another_site_is_ignored(client, cast: Cast):
    response = sign_in(client, cast.member_a1, next_url="https://elsewhere.example/steal")

    assert response["Location"] == reverse("cohorts:my_teams")
