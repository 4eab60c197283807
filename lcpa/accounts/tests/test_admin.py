"""The Django admin for people (email, no username; passwords and second factors stay with
allauth) and API tokens (read-only, revocable)."""

from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse
from django.utils import timezone

from lcpa.accounts.models import ApiToken, User
from lcpa.accounts.services import api_token_create
from lcpa.cohorts.models import Attendance, Membership, Session
from lcpa.cohorts.services import attendance_record
from lcpa.testing import PASSWORD, Cast, enrol_totp, module_of


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
    assert "Password set; second factor: none." in change.content.decode()
    assert "../password/" not in change.content.decode()


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

    assert "Revoked 1 token." in response.content.decode()
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
    from lcpa.demo.content import read_content
    from lcpa.intake.models import EmailTemplate

    settings.DEMO_MODE = True  # demo staff sign in without an authenticator app
    staff = seed_accounts(read_content(today=timezone.localdate()).people).staff
    community = LearningCommunity.objects.create(slug="crisis-systems", name="Crisis Systems")
    client.force_login(get_user_model().objects.get(pk=staff.pk))

    index = client.get(reverse("admin:index")).content.decode()
    for name in [
        "Interest registrations",
        "Cohorts",
        "Sessions",
        "Contact messages",
        "Users",
        "Policy changes",
    ]:
        assert name in index
    assert "You don’t have permission" not in index
    change = client.get(reverse("admin:curriculum_learningcommunity_change", args=[community.pk]))
    assert "Crisis Systems" in change.content.decode()
    assert 'name="_save"' not in change.content.decode()  # read-only: its source is a file
    added = client.post(
        reverse("admin:intake_emailtemplate_add"),
        {"name": "Welcome", "subject": "Welcome, $contact_name", "body": "Hello."},
    )
    assert added.status_code == 302
    template = EmailTemplate.objects.get(name="Welcome")
    assert template.history.get().history_user_id == staff.pk
    # Looking people up, but not changing them; no deleting, tokens, groups or task results.
    assert staff.email in client.get(reverse("admin:accounts_user_changelist")).content.decode()
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


def user_data(user: User, **changes) -> dict:
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "organisation": user.organisation,
        "time_zone": user.time_zone,
        "role": user.role,
        "is_active": "on",
    }
    return {**data, **changes}


def test_staff_change_a_persons_role_but_not_the_demo_flag(client, cast: Cast, superuser):
    client.force_login(superuser)

    response = client.post(
        reverse("admin:accounts_user_change", args=[cast.member_b.pk]),
        user_data(cast.member_b, role=User.Role.NATIONAL_EXPERT, is_demo="on"),
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    cast.member_b.refresh_from_db()
    assert cast.member_b.role == User.Role.NATIONAL_EXPERT
    assert not cast.member_b.is_demo  # it would waive the second factor


def test_the_admin_does_not_set_passwords(client, cast: Cast, superuser):
    client.force_login(superuser)
    url = reverse("admin:auth_user_password_change", args=[cast.member_a1.pk])

    page = client.get(url)
    post = client.post(url, {"password1": "taken-over-2026!", "password2": "taken-over-2026!"})

    assert {page.status_code, post.status_code} <= {403, 404}
    cast.member_a1.refresh_from_db()
    assert cast.member_a1.check_password(PASSWORD)


def test_second_factors_are_shown_without_their_secrets_and_only_deleted(
    client, cast: Cast, superuser
):
    totp = Authenticator.objects.get(user=cast.staff, type=Authenticator.Type.TOTP)
    secret = totp.data["secret"]
    client.force_login(superuser)

    staff_page = client.get(reverse("admin:accounts_user_change", args=[cast.staff.pk]))
    listing = client.get(reverse("admin:mfa_authenticator_changelist"))
    detail = client.get(reverse("admin:mfa_authenticator_change", args=[totp.pk]))
    add = client.get(reverse("admin:mfa_authenticator_add"))
    change = client.post(
        reverse("admin:mfa_authenticator_change", args=[totp.pk]),
        {"user": superuser.pk, "type": "totp", "data": '{"secret": "AAAA"}'},
    )

    assert "second factor: TOTP Authenticator." in staff_page.content.decode()
    assert reverse("admin:mfa_authenticator_change", args=[totp.pk]) in listing.content.decode()
    assert secret not in detail.content.decode()
    assert 'name="data"' not in detail.content.decode()
    assert {add.status_code, change.status_code} <= {403, 404}
    totp.refresh_from_db()
    assert (totp.user, totp.data["secret"]) == (cast.staff, secret)

    delete = client.post(reverse("admin:mfa_authenticator_delete", args=[totp.pk]), {"post": "yes"})

    assert delete.status_code == 302
    assert not Authenticator.objects.filter(pk=totp.pk).exists()  # they enrol again


def test_api_tokens_are_revoked_not_deleted_in_the_admin(client, cast: Cast, superuser):
    token, _ = api_token_create(user=cast.staff, name="Reports")
    client.force_login(superuser)

    delete = client.post(
        reverse("admin:accounts_apitoken_delete", args=[token.pk]), {"post": "yes"}
    )
    bulk = client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "delete_selected", "_selected_action": [token.pk], "post": "yes"},
    )

    assert delete.status_code in {403, 404}
    assert bulk.status_code == 302  # "No action selected": there is no delete action
    assert ApiToken.objects.get(pk=token.pk).is_active


def test_a_person_on_a_team_is_not_deleted_with_their_attendance(client, cast: Cast, superuser):
    starts = timezone.now() - timedelta(days=2)
    session = Session.objects.create(
        cohort=cast.cohort,
        module=module_of(cast.cohort, 1),
        title="Charter workshop",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
    )
    membership = Membership.objects.get(user=cast.member_a1)
    attendance_record(session=session, marks={membership.pk: "present"}, by=cast.staff)
    client.force_login(superuser)

    url = reverse("admin:accounts_user_delete", args=[cast.member_a1.pk])

    page = client.get(url).content.decode()
    response = client.post(url, {"post": "yes"})

    assert "Cannot delete user" in page and "membership" in page
    assert response.status_code in {403, 404}
    assert User.objects.filter(pk=cast.member_a1.pk).exists()
    assert Attendance.objects.filter(membership=membership).count() == 1
