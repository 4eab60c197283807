"""Only program staff with an authenticator app reach the staff follow-up pages."""

import pytest
from django.urls import reverse

from lcpa.intake.models import EmailTemplate
from lcpa.intake.tests.test_queries import make_registration
from lcpa.testing import make_user


@pytest.fixture
def staff_urls(cast):
    registration = make_registration()
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
        reverse("intake:staff_followup", args=[pk]),
        reverse("intake:staff_assign", args=[pk]),
        reverse("intake:staff_email", args=[pk]),
        reverse("intake:staff_merge", args=[pk]),
    ]
    return gets, posts


def test_it_sends_anonymous_visitors_to_sign_in(client, staff_urls):
    gets, posts = staff_urls
    for url in gets + posts:
        response = client.get(url) if url in gets else client.post(url, {})
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url


@pytest.mark.parametrize("who", ["member_a1", "member_b", "expert", "ta_provider", "outsider"])
def test_it_shows_not_found_to_everyone_signed_in_who_is_not_staff(client, cast, staff_urls, who):
    gets, posts = staff_urls
    client.force_login(getattr(cast, who))
    for url in gets:
        assert client.get(url).status_code == 404, url
    for url in posts:
        assert client.post(url, {"summary": "x"}).status_code == 404, url


def test_it_sends_staff_without_an_authenticator_app_to_set_one_up(client, cast, staff_urls):
    gets, posts = staff_urls
    staff = make_user("new-staff@test.example", "program_staff", is_staff=True)
    client.force_login(staff)
    for url in gets + posts:
        response = client.get(url) if url in gets else client.post(url, {})
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_activate_totp"), url


def test_it_lets_staff_with_an_authenticator_app_see_every_page(client, cast, staff_urls):
    gets, _posts = staff_urls
    client.force_login(cast.staff)
    for url in gets:
        assert client.get(url).status_code == 200, url


def test_it_answers_not_found_for_a_registration_that_does_not_exist(client, cast):
    client.force_login(cast.staff)
    assert client.get(reverse("intake:staff_registration", args=[999_999])).status_code == 404
    assert client.post(reverse("intake:staff_followup", args=[999_999]), {}).status_code == 404


def test_it_refuses_to_change_anything_with_a_get(client, cast, staff_urls):
    _gets, posts = staff_urls
    client.force_login(cast.staff)
    for url in posts:
        assert client.get(url).status_code == 405, url


def test_it_refuses_a_post_without_a_csrf_token(cast, staff_urls):
    from django.test import Client

    _gets, posts = staff_urls
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.staff)
    for url in posts:
        assert client.post(url, {"summary": "x"}).status_code == 403, url
