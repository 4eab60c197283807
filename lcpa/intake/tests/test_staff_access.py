"""Only program staff with an authenticator app reach the staff follow-up pages."""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from lcpa.intake.models import EmailTemplate, FollowUp, InterestRegistration
from lcpa.intake.tests.test_queries import make_registration
from lcpa.notifications.models import OutboundEmail
from lcpa.testing import make_user, sign_in


@dataclass
class StaffUrls:
    registration: InterestRegistration
    gets: list[str]
    posts: list[tuple[str, dict]]  # each with what staff would send, so it would change things


@pytest.fixture
def staff_urls(cast) -> StaffUrls:
    registration = make_registration(jurisdiction_name="Lowell")
    duplicate = make_registration(jurisdiction_name="Lowell")
    template = EmailTemplate.objects.create(name="Hello", subject="Hi", body="Hello")
    pk = registration.pk
    gets = [
        reverse("intake:staff_dashboard"),
        reverse("intake:staff_pipeline"),
        reverse("intake:staff_pipeline_export"),
        reverse("intake:staff_registration", args=[pk]),
        reverse("intake:staff_email_templates"),
        reverse("intake:staff_email_template_create"),
        reverse("intake:staff_email_template_edit", args=[template.pk]),
    ]
    posts = [
        (
            reverse("intake:staff_followup", args=[pk]),
            {"kind": "call", "summary": "Called the contact.", "status_to": "contacted"},
        ),
        (reverse("intake:staff_assign", args=[pk]), {"assignee": cast.staff.pk}),
        (reverse("intake:staff_email", args=[pk]), {"subject": "Hello", "body": "Hi there."}),
        (reverse("intake:staff_merge", args=[pk]), {"target": duplicate.pk, "confirm": "on"}),
    ]
    return StaffUrls(registration=registration, gets=gets, posts=posts)


def what_is_stored(registration: InterestRegistration) -> tuple:
    registration.refresh_from_db()
    return (
        registration.status,
        registration.assigned_to_id,
        registration.merged_into_id,
        FollowUp.objects.count(),
        OutboundEmail.objects.count(),
    )


UNTOUCHED = (InterestRegistration.Status.NEW, None, None, 0, 0)


def test_it_sends_anonymous_visitors_to_sign_in_and_changes_nothing(client, staff_urls):
    for url in staff_urls.gets:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url
    for url, data in staff_urls.posts:
        response = client.post(url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url
    assert what_is_stored(staff_urls.registration) == UNTOUCHED


@pytest.mark.parametrize("who", ["member_a1", "member_b", "expert", "ta_provider", "outsider"])
def test_it_shows_not_found_to_everyone_signed_in_who_is_not_staff(client, cast, staff_urls, who):
    client.force_login(getattr(cast, who))
    for url in staff_urls.gets:
        assert client.get(url).status_code == 404, url
    for url, data in staff_urls.posts:
        assert client.post(url, data).status_code == 404, url
    assert what_is_stored(staff_urls.registration) == UNTOUCHED


def test_it_sends_staff_without_an_authenticator_app_to_set_one_up(client, cast, staff_urls):
    staff = make_user("new-staff@test.example", "program_staff", is_staff=True)
    client.force_login(staff)
    for url in staff_urls.gets:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_activate_totp"), url
    for url, data in staff_urls.posts:
        response = client.post(url, data)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_activate_totp"), url
    assert what_is_stored(staff_urls.registration) == UNTOUCHED


def test_staff_with_an_authenticator_app_change_what_each_post_says(client, cast, staff_urls):
    """The posts the tests above send are the real thing: from staff, each one changes what is
    stored."""
    client.force_login(cast.staff)
    registration = staff_urls.registration
    stored = [what_is_stored(registration)]
    for url, data in staff_urls.posts:
        assert client.post(url, data).status_code == 302, url
        stored.append(what_is_stored(registration))
    status, assigned, merged, follow_ups, emails = stored[-1]
    assert len(set(stored)) == len(stored)  # every post changed something
    assert assigned == cast.staff.pk
    assert merged is not None
    assert emails == 1


def test_it_lets_staff_with_an_authenticator_app_see_every_page(client, cast, staff_urls):
    client.force_login(cast.staff)
    for url in staff_urls.gets:
        assert client.get(url).status_code == 200, url


def test_it_answers_not_found_for_a_registration_that_does_not_exist(client, cast, staff_urls):
    client.force_login(cast.staff)
    assert client.get(reverse("intake:staff_registration", args=[999_999])).status_code == 404
    url, data = staff_urls.posts[0]
    missing = url.replace(f"/{staff_urls.registration.pk}/", "/999999/")
    assert client.post(missing, data).status_code == 404
    assert not FollowUp.objects.exists()


def test_it_refuses_to_change_anything_with_a_get(client, cast, staff_urls):
    client.force_login(cast.staff)
    for url, data in staff_urls.posts:
        assert client.get(url, data).status_code == 405, url
    assert what_is_stored(staff_urls.registration) == UNTOUCHED


def test_it_refuses_a_post_without_a_csrf_token(cast, staff_urls):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    sign_in(client, cast.staff)
    for url, data in staff_urls.posts:
        assert client.post(url, data).status_code == 403, url
    assert what_is_stored(staff_urls.registration) == UNTOUCHED
