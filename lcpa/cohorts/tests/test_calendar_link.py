"""The private calendar-feed link: made on the sessions page, shown once on the page that made
it, stored only as a digest; a new link stops the old one."""

import re

import pytest
from django.urls import reverse

from lcpa.core.tokens import link_token_digest
from lcpa.testing import tables_containing

pytestmark = pytest.mark.django_db

FEED = re.compile(r"https://lcpa\.example\.org:8443/calendar/([A-Za-z0-9_-]{40,})\.ics")
SESSIONS = reverse("cohorts:session_list")
RESET = reverse("cohorts:calendar_reset")


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://lcpa.example.org:8443"  # not the address the test client uses


def make_link(client) -> str:
    response = client.post(RESET)
    assert response.status_code == 200
    page = response.content.decode()
    assert "This is the only time you will see this link" in page
    return FEED.search(page)[1]


def test_someone_without_a_link_is_offered_to_make_one(client, cast):
    client.force_login(cast.member_a1)

    page = client.get(SESSIONS).content.decode()

    assert "You have no calendar link yet" in page
    assert "Make my calendar link" in page
    assert RESET in page
    assert "/calendar/" not in page.replace(RESET, "")


def test_the_link_is_shown_once_works_and_is_not_stored(client, cast):
    client.force_login(cast.member_a1)

    token = make_link(client)
    client.get(SESSIONS)

    assert tables_containing(token) == []
    cast.member_a1.refresh_from_db()
    assert cast.member_a1.calendar_token_digest == link_token_digest(token)
    feed = client.get(f"/calendar/{token}.ics")
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("text/calendar")
    later = client.get(SESSIONS).content.decode()
    assert "You have made a calendar link" in later
    assert "we cannot show it here again" in later
    assert token not in later
    assert "Make a new calendar link" in later


def test_the_page_that_shows_the_link_is_not_cached(client, cast):
    client.force_login(cast.member_a1)

    response = client.post(RESET)

    assert "no-store" in response["Cache-Control"]


def test_a_new_link_stops_the_old_one(client, cast):
    client.force_login(cast.member_a1)
    old = make_link(client)

    response = client.post(RESET)
    new = FEED.search(response.content.decode())[1]

    assert new != old
    assert "Your old calendar link has stopped working" in response.content.decode()
    client.logout()
    assert client.get(f"/calendar/{old}.ics").status_code == 404
    assert client.get(f"/calendar/{new}.ics").status_code == 200


def test_a_wrong_token_or_the_stored_digest_is_not_found(client, cast):
    client.force_login(cast.member_a1)
    token = make_link(client)
    cast.member_a1.refresh_from_db()
    client.logout()

    assert client.get(f"/calendar/{cast.member_a1.calendar_token_digest}.ics").status_code == 404
    assert client.get(f"/calendar/{token[:-1]}x.ics").status_code == 404
    assert client.get("/calendar/none.ics").status_code == 404


def test_a_deactivated_persons_link_stops_working(client, cast):
    client.force_login(cast.member_a1)
    token = make_link(client)
    cast.member_a1.is_active = False
    cast.member_a1.save(update_fields=["is_active"])

    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_making_a_link_needs_a_signed_in_post(client, cast):
    response = client.post(RESET)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    client.force_login(cast.member_a1)
    assert client.get(RESET).status_code == 405
    cast.member_a1.refresh_from_db()
    assert cast.member_a1.calendar_token_digest is None
