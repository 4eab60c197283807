"""The Django admin for people (email, no username) and API tokens (read-only, revocable)."""

import pytest
from django.urls import reverse

from lcpa.accounts.models import ApiToken, User
from lcpa.accounts.services import api_token_create
from lcpa.testing import Cast, enrol_totp


@pytest.fixture
def superuser(db) -> User:
    user = User.objects.create_superuser(email="root@test.example", password="root-pass-2026")
    enrol_totp(user)
    return user


def test_the_user_list_and_change_pages_work_by_email(client, cast: Cast, superuser):
    client.force_login(superuser)

    listing = client.get(reverse("admin:accounts_user_changelist") + "?q=a1@test")
    change = client.get(reverse("admin:accounts_user_change", args=[cast.member_a1.pk]))

    assert listing.status_code == 200
    assert "a1@test.example" in listing.content.decode()
    assert "outsider@test.example" not in listing.content.decode()
    assert change.status_code == 200
    assert 'name="email"' in change.content.decode()
    assert 'name="username"' not in change.content.decode()


def test_a_person_is_added_with_an_email_address_and_a_role(client, superuser):
    client.force_login(superuser)

    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "New.Person@Test.Example",
            "full_name": "New Person",
            "role": User.Role.NATIONAL_EXPERT,
            "usable_password": "true",
            "password1": "a-fresh-password-2026",
            "password2": "a-fresh-password-2026",
        },
    )

    assert response.status_code == 302
    person = User.objects.get(email__iexact="new.person@test.example")
    assert person.role == User.Role.NATIONAL_EXPERT
    assert person.check_password("a-fresh-password-2026")


def test_api_tokens_are_read_only_in_the_admin(client, cast: Cast, superuser):
    token, raw = api_token_create(user=cast.staff, name="Reports")
    client.force_login(superuser)

    listing = client.get(reverse("admin:accounts_apitoken_changelist"))
    detail = client.get(reverse("admin:accounts_apitoken_change", args=[token.pk]))
    add = client.get(reverse("admin:accounts_apitoken_add"))

    assert listing.status_code == 200
    assert "Reports" in listing.content.decode()
    assert raw not in listing.content.decode()
    assert detail.status_code == 200
    assert 'name="name"' not in detail.content.decode()  # shown, not editable
    assert token.digest not in detail.content.decode()
    assert add.status_code == 404  # like every page someone may not open: not found


def test_a_superuser_can_revoke_tokens_from_the_admin(client, cast: Cast, superuser):
    token, _ = api_token_create(user=cast.staff, name="Reports")
    client.force_login(superuser)

    response = client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
        follow=True,
    )

    assert "Revoked 1 token(s)." in response.content.decode()
    token.refresh_from_db()
    assert not token.is_active


def test_staff_who_are_not_superusers_do_not_get_the_revoke_action(client, cast: Cast):
    token, _ = api_token_create(user=cast.staff, name="Reports")
    client.force_login(cast.staff)

    response = client.get(reverse("admin:accounts_apitoken_changelist"))

    # Program staff have no admin permissions on tokens unless given them: not found, not 403.
    assert response.status_code == 404
    assert ApiToken.objects.get(pk=token.pk).is_active


def test_demo_staff_have_the_admin_permissions_the_readme_promises(client, db, settings):
    from django.contrib.auth import get_user_model

    from lcpa.curriculum.models import LearningCommunity
    from lcpa.demo.accounts import seed_accounts
    from lcpa.intake.models import EmailTemplate

    settings.DEMO_MODE = True  # demo staff sign in without an authenticator app
    staff = seed_accounts().staff
    community = LearningCommunity.objects.create(slug="crisis-systems", name="Crisis Systems")
    client.force_login(get_user_model().objects.get(pk=staff.pk))

    index = client.get(reverse("admin:index")).content.decode()
    for name in ["Interest registrations", "Cohorts", "Sessions", "Contact messages", "Users"]:
        assert name in index
    assert "You don’t have permission" not in index
    change = reverse("admin:curriculum_learningcommunity_change", args=[community.pk])
    assert client.get(change).status_code == 200
    added = client.post(
        reverse("admin:intake_emailtemplate_add"),
        {"name": "Welcome", "subject": "Welcome, $contact_name", "body": "Hello."},
    )
    assert added.status_code == 302
    template = EmailTemplate.objects.get(name="Welcome")
    assert template.history.get().history_user_id == staff.pk
    # Looking people up, but not changing them; no deleting, tokens, groups or task results.
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
    assert (
        "_save"
        not in client.get(reverse("admin:accounts_user_change", args=[staff.pk])).content.decode()
    )
    for url in [
        reverse("admin:curriculum_learningcommunity_delete", args=[community.pk]),
        reverse("admin:accounts_apitoken_changelist"),
        reverse("admin:auth_group_changelist"),
    ]:
        assert client.get(url).status_code == 404, url
    assert LearningCommunity.objects.filter(pk=community.pk).exists()
