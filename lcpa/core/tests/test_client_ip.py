"""Rate limits key on the client's address behind our load balancer (TRUSTED_PROXY_COUNT), and on
the peer's address when no proxy is trusted (a forged X-Forwarded-For changes nothing)."""

import uuid

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from lcpa.core.http import client_ip
from lcpa.public.models import ContactMessage
from lcpa.testing import PASSWORD, Client

pytestmark = pytest.mark.django_db  # the rate-limit counters live in the database cache

CONTACT = reverse("public:contact")
LOGIN = reverse("account_login")
PROXY = "10.0.0.5"  # the load balancer: every request arrives from it


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1  # the one setting: allauth's limits follow it too


def contact_data() -> dict:
    return {
        "name": "Jordan Rivera",
        "email": "jordan@city.example",
        "organisation": "",
        "topic": ContactMessage.Topic.JOINING,
        "message": "Could our county join the next cohort?",
        "website": "",
        "submission_key": str(uuid.uuid4()),
    }


def behind_proxy(forwarded_for: str) -> Client:
    """A browser whose requests reach Django through the proxy, which appended its peer."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_with_no_trusted_proxy_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_ip(request_from("198.51.100.7", "203.0.113.1")) == "198.51.100.7"


def test_behind_proxies_the_client_is_the_entry_the_last_trusted_proxy_added(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from(PROXY, "6.6.6.6, 203.0.113.1")) == "203.0.113.1"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_from(PROXY, "6.6.6.6, 203.0.113.1, 10.0.0.9")) == "203.0.113.1"


def test_a_header_our_proxies_did_not_write_falls_back_to_the_peer(settings):
    settings.TRUSTED_PROXY_COUNT = 2

    assert client_ip(request_from(PROXY, "203.0.113.1")) == PROXY  # too few entries
    assert client_ip(request_from(PROXY)) == PROXY
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from(PROXY, "not-an-address")) == PROXY


def test_two_visitors_behind_one_proxy_each_have_their_own_form_limit(settings, behind_one_proxy):
    settings.CONTACT_RATE_LIMIT = "2/h"
    first, second = behind_proxy("203.0.113.1"), behind_proxy("203.0.113.2")

    first_statuses = [first.post(CONTACT, contact_data()).status_code for _ in range(3)]
    second_statuses = [second.post(CONTACT, contact_data()).status_code for _ in range(2)]

    assert first_statuses == [302, 302, 429]
    assert second_statuses == [302, 302]
    assert ContactMessage.objects.count() == 4


def test_without_a_trusted_proxy_a_forged_header_does_not_escape_the_form_limit(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.CONTACT_RATE_LIMIT = "2/h"
    statuses = [
        behind_proxy(f"203.0.113.{n}").post(CONTACT, contact_data()).status_code
        for n in range(1, 5)
    ]

    assert statuses == [302, 302, 429, 429]
    assert ContactMessage.objects.count() == 2


def failed_sign_ins(client: Client, count: int) -> None:
    for n in range(count):  # a different address each time, so only the per-IP limit counts
        client.post(LOGIN, {"login": f"nobody{n}@test.example", "password": "wrong"})


def test_two_visitors_behind_one_proxy_each_have_their_own_sign_in_limit(cast, behind_one_proxy):
    EmailAddress.objects.create(
        user=cast.member_a1, email=cast.member_a1.email, verified=True, primary=True
    )
    attacker, member = behind_proxy("203.0.113.1"), behind_proxy("203.0.113.2")
    failed_sign_ins(attacker, 10)  # allauth: 10 failed sign-ins a minute per address

    refused = attacker.post(LOGIN, {"login": cast.member_a1.email, "password": PASSWORD})
    allowed = member.post(LOGIN, {"login": cast.member_a1.email, "password": PASSWORD})

    assert "Too many failed login attempts" in refused.content.decode()
    assert SESSION_KEY not in attacker.session
    assert allowed.status_code == 302
    assert int(member.session[SESSION_KEY]) == cast.member_a1.pk


def test_without_a_trusted_proxy_a_forged_header_does_not_escape_the_sign_in_limit(cast, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    EmailAddress.objects.create(
        user=cast.member_a1, email=cast.member_a1.email, verified=True, primary=True
    )
    for n in range(10):
        behind_proxy(f"203.0.113.{n}").post(
            LOGIN, {"login": f"nobody{n}@test.example", "password": "wrong"}
        )
    forger = behind_proxy("198.51.100.99")

    refused = forger.post(LOGIN, {"login": cast.member_a1.email, "password": PASSWORD})

    assert "Too many failed login attempts" in refused.content.decode()
    assert SESSION_KEY not in forger.session
