"""Personal API tokens on the account page: created by staff and data coordinators, shown
once, stored as a digest."""

import hashlib

import pytest
from allauth.mfa.models import Authenticator
from django.core.exceptions import ValidationError
from django.urls import reverse

from lcpa.accounts.models import ApiToken
from lcpa.accounts.services import api_token_create, api_token_revoke
from lcpa.testing import Cast, make_staff

PROFILE = reverse("accounts:profile")
CREATE = reverse("accounts:token_create")
CREATED = reverse("accounts:token_created")


def revoke_url(token: ApiToken) -> str:
    return reverse("accounts:token_revoke", args=[token.pk])


def create_token(client, name: str = "Monthly report"):
    return client.post(CREATE, {"token-name": name}, follow=True)


def raw_token_in(page: str) -> str:
    marker = 'id="new-token" type="text" value="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


def test_staff_create_a_token_and_see_it_exactly_once(client, cast: Cast):
    client.force_login(cast.staff)

    response = create_token(client)

    assert response.redirect_chain == [(CREATED, 302)]
    page = response.content.decode()
    raw = raw_token_in(page)
    assert raw.startswith("lcpa_")
    assert "This is the only time you will see this token" in page
    assert response["Cache-Control"].startswith("max-age=0")
    again = client.get(CREATED, follow=True)
    assert again.redirect_chain == [(PROFILE, 302)]
    assert raw not in again.content.decode()
    assert "A token is shown only once" in again.content.decode()


def test_only_a_digest_and_the_last_four_characters_are_stored(client, cast: Cast):
    client.force_login(cast.staff)

    raw = raw_token_in(create_token(client).content.decode())

    token = ApiToken.objects.get(user=cast.staff)
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert token.last_four == raw[-4:]
    stored = [str(value) for value in ApiToken.objects.values_list(flat=False).get()]
    assert raw not in stored
    assert raw not in str(dict(client.session))


def test_the_new_token_works_as_a_bearer_token(client, cast: Cast):
    client.force_login(cast.staff)
    raw = raw_token_in(create_token(client).content.decode())
    client.logout()

    response = client.get("/api/v1/registrations", headers={"Authorization": f"Bearer {raw}"})

    assert response.status_code == 200


def test_the_account_page_lists_tokens_without_showing_them(client, cast: Cast):
    client.force_login(cast.staff)
    raw = raw_token_in(create_token(client, "Nightly sync").content.decode())

    page = client.get(PROFILE).content.decode()

    assert "Nightly sync" in page
    assert f"…{raw[-4:]}" in page
    assert "Never" in page  # not used yet
    assert raw not in page


def test_revoking_a_token_stops_it_at_once(client, cast: Cast):
    client.force_login(cast.staff)
    raw = raw_token_in(create_token(client).content.decode())
    token = ApiToken.objects.get(user=cast.staff)

    response = client.post(revoke_url(token), follow=True)

    assert response.redirect_chain == [(PROFILE, 302)]
    assert "is revoked" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    api = client.get("/api/v1/registrations", headers={"Authorization": f"Bearer {raw}"})
    assert api.status_code == 401


def test_revoking_twice_changes_nothing(client, cast: Cast):
    client.force_login(cast.staff)
    create_token(client)
    token = ApiToken.objects.get(user=cast.staff)
    client.post(revoke_url(token))
    token.refresh_from_db()
    first = token.revoked_at

    client.post(revoke_url(token))

    token.refresh_from_db()
    assert token.revoked_at == first


def test_a_double_submitted_form_makes_one_token(client, cast: Cast):
    client.force_login(cast.staff)

    client.post(CREATE, {"token-name": "Reports"})
    second = client.post(CREATE, {"token-name": "Reports"}, follow=True)

    assert ApiToken.objects.filter(user=cast.staff).count() == 1
    assert second.redirect_chain == [(CREATED, 302)]
    assert raw_token_in(second.content.decode()).startswith("lcpa_")


def test_a_name_already_used_by_an_active_token_is_refused(client, cast: Cast):
    api_token_create(user=cast.staff, name="Reports")
    client.force_login(cast.staff)

    response = create_token(client, "reports")

    assert response.redirect_chain == []
    assert "already have an active token with this name" in response.content.decode()
    assert ApiToken.objects.filter(user=cast.staff).count() == 1


def test_a_token_needs_a_name(client, cast: Cast):
    client.force_login(cast.staff)

    response = create_token(client, "   ")

    page = response.content.decode()
    assert "Enter a name for the token." in page
    assert '<a href="#id_token-name">' in page
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("who", ["member_a2", "expert", "ta_provider", "outsider"])
def test_people_who_are_neither_staff_nor_data_coordinators_cannot_use_the_token_urls(
    client, cast: Cast, who
):
    staff_token, _ = api_token_create(user=cast.staff, name="Staff token")
    client.force_login(getattr(cast, who))

    assert client.post(CREATE, {"token-name": "Mine"}).status_code == 404
    assert client.get(CREATED).status_code == 404
    assert client.post(revoke_url(staff_token)).status_code == 404
    assert not ApiToken.objects.exclude(pk=staff_token.pk).exists()
    staff_token.refresh_from_db()
    assert staff_token.is_active


def test_anonymous_visitors_are_sent_to_sign_in_from_the_token_urls(client, cast: Cast):
    token, _ = api_token_create(user=cast.staff, name="Staff token")

    for response in [client.post(CREATE, {"token-name": "x"}), client.post(revoke_url(token))]:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert ApiToken.objects.count() == 1


def test_staff_cannot_revoke_another_staff_members_token(client, cast: Cast):
    colleague = make_staff("colleague@test.example")
    theirs, _ = api_token_create(user=colleague, name="Theirs")
    client.force_login(cast.staff)

    assert client.post(revoke_url(theirs)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_active


def test_token_urls_take_only_post(client, cast: Cast):
    token, _ = api_token_create(user=cast.staff, name="Staff token")
    client.force_login(cast.staff)

    assert client.get(CREATE).status_code == 405
    assert client.get(revoke_url(token)).status_code == 405


def test_staff_without_an_authenticator_app_are_asked_to_set_one_up_first(client, cast: Cast):
    Authenticator.objects.filter(user=cast.staff).delete()
    client.force_login(cast.staff)

    page = client.get(PROFILE)
    response = client.post(CREATE, {"token-name": "Reports"})

    assert page["Location"] == reverse("mfa_activate_totp")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    assert not ApiToken.objects.exists()


def test_a_session_without_the_second_factor_cannot_make_a_token(client, cast: Cast):
    client.force_login(cast.staff, second_factor=False)

    response = client.post(CREATE, {"token-name": "Reports"})

    assert response["Location"] == reverse("mfa_reauthenticate")
    assert not ApiToken.objects.exists()


def test_the_service_refuses_tokens_for_people_who_are_neither_staff_nor_coordinators(cast: Cast):
    with pytest.raises(ValidationError):
        api_token_create(user=cast.member_a2, name="Nope")


def test_the_service_lets_only_the_owner_or_a_superuser_revoke(cast: Cast):
    token, _ = api_token_create(user=cast.staff, name="Mine")

    with pytest.raises(ValidationError):
        api_token_revoke(token=token, by=make_staff("other@test.example"))
    assert ApiToken.objects.get(pk=token.pk).is_active


def test_a_data_coordinator_creates_a_token_for_their_teams_values_and_revokes_it(
    client, cast: Cast
):
    client.force_login(cast.member_a1)

    assert "read and send the monthly values" in client.get(PROFILE).content.decode()
    response = create_token(client, "Dispatch export")

    page = response.content.decode()
    raw = raw_token_in(page)
    assert "/measures/&lt;measure code&gt;/observations" in page
    token = ApiToken.objects.get(user=cast.member_a1)
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest()
    response = client.post(revoke_url(token), follow=True)
    assert "is revoked" in response.content.decode()
    token.refresh_from_db()
    assert not token.is_active


def test_a_coordinator_who_left_the_team_no_longer_holds_tokens(client, cast: Cast):
    token, _ = api_token_create(user=cast.member_a1, name="Dispatch export")
    cast.member_a1.memberships.update(removed_at=token.created_at)
    client.force_login(cast.member_a1)

    assert "API tokens" not in client.get(PROFILE).content.decode()
    assert client.post(revoke_url(token)).status_code == 404
    with pytest.raises(ValidationError, match="data coordinators"):
        api_token_create(user=cast.member_a1, name="Another")
