"""The account page: details, links to password and two-step verification, tokens for staff."""

import pytest
from django.urls import reverse

from lcpa.accounts.models import User
from lcpa.notifications.models import EmailPreference
from lcpa.testing import Cast

PROFILE = "/account/"


def test_the_profile_url_is_accounts_profile():
    assert reverse("accounts:profile") == PROFILE


def test_an_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(PROFILE)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_it_shows_the_details_and_the_security_links(client, cast: Cast):
    client.force_login(cast.member_a1)

    response = client.get(PROFILE)

    assert response.status_code == 200
    page = response.content.decode()
    assert "a1@test.example" in page
    assert 'value="A1"' in page  # the name, from make_user
    assert reverse("account_change_password") in page
    assert reverse("mfa_index") in page
    assert "no authenticator app is set up yet" in page


def test_a_team_member_who_is_not_a_data_coordinator_does_not_see_the_api_tokens_section(
    client, cast: Cast
):
    client.force_login(cast.member_a2)

    page = client.get(PROFILE).content.decode()

    assert "API tokens" not in page
    assert reverse("accounts:token_create") not in page


def test_staff_see_the_api_tokens_section(client, cast: Cast):
    client.force_login(cast.staff)

    page = client.get(PROFILE).content.decode()

    assert "API tokens" in page
    assert reverse("accounts:token_create") in page
    assert "You have no API tokens." in page
    assert "an authenticator app is set up" in page


def test_it_saves_the_name_organisation_and_time_zone(client, cast: Cast):
    client.force_login(cast.member_a1)

    response = client.post(
        PROFILE,
        {
            "full_name": "  Alex Archer ",
            "organisation": "Amherst Fire",
            "time_zone": "America/Los_Angeles",
        },
        follow=True,
    )

    assert response.redirect_chain == [(PROFILE, 302)]
    assert "Your details are saved." in response.content.decode()
    user = User.objects.get(pk=cast.member_a1.pk)
    assert (user.full_name, user.organisation, user.time_zone) == (
        "Alex Archer",
        "Amherst Fire",
        "America/Los_Angeles",
    )


def test_session_reminders_have_one_switch_in_the_email_settings_not_on_the_profile(
    client, cast: Cast
):
    client.force_login(cast.member_a1)
    page = client.get(PROFILE).content.decode()
    assert "session_reminders" not in page
    assert "reminders before your sessions included" in page
    assert reverse("notifications:settings") in page

    client.post(PROFILE, {"full_name": "A1", "time_zone": "UTC", "session_reminders": ""})

    assert User.objects.get(pk=cast.member_a1.pk).full_name == "A1"
    assert not EmailPreference.objects.filter(user=cast.member_a1).exists()  # untouched


@pytest.mark.parametrize("time_zone", ["Mars/Olympus_Mons", "Europe/Paris", ""])
def test_a_bad_time_zone_shows_an_error_and_saves_nothing(client, cast: Cast, time_zone):
    client.force_login(cast.member_a1)

    response = client.post(
        PROFILE,
        {"full_name": "Changed", "organisation": "", "time_zone": time_zone},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Please fix the problem below" in page  # the error summary
    assert '<a href="#id_time_zone">Time zone:' in page
    assert 'id="id_time_zone_error"' in page
    assert 'aria-invalid="true"' in page
    assert 'aria-describedby="id_time_zone_helptext id_time_zone_error"' in page
    user = User.objects.get(pk=cast.member_a1.pk)
    assert user.full_name == "A1"
    assert user.time_zone == "America/New_York"


def test_an_overlong_name_is_refused(client, cast: Cast):
    client.force_login(cast.member_a1)

    response = client.post(PROFILE, {"full_name": "x" * 151, "time_zone": "UTC"})

    assert "Name must be 150 characters or fewer (you typed 151)." in response.content.decode()
    assert User.objects.get(pk=cast.member_a1.pk).full_name == "A1"


def test_names_are_shown_as_text_not_markup(client, db):
    user = User.objects.create_user(
        email="xss@test.example", password="irrelevant-pass-2026", full_name="<b>bold</b>"
    )
    client.force_login(user)

    page = client.get(PROFILE).content.decode()

    assert "<b>bold</b>" not in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page
