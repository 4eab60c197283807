"""Calendar files: one .ics per session and each person's private feed, parsed back."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from lcpa.cohorts.models import Membership, Session
from lcpa.cohorts.services import calendar_token_reset
from lcpa.testing import make_expert, make_user, module_of

NEW_YORK = ZoneInfo("America/New_York")
MEETING = "https://meet.example.org/crisis-3"


@pytest.fixture
def session(cast):
    return Session.objects.create(
        cohort=cast.cohort,
        module=module_of(cast.cohort, 2),
        title="Baseline measures",
        starts_at=datetime(2027, 3, 15, 10, 0, tzinfo=NEW_YORK),
        ends_at=datetime(2027, 3, 15, 11, 30, tzinfo=NEW_YORK),
        meeting_url=MEETING,
        agenda="Choose three measures.",
    )


@pytest.fixture
def other_session(cast):
    return Session.objects.create(
        cohort=cast.other_cohort,
        module=module_of(cast.other_cohort, 1),
        title="Charter kickoff",
        starts_at=datetime(2027, 4, 5, 13, 0, tzinfo=NEW_YORK),
        ends_at=datetime(2027, 4, 5, 14, 0, tzinfo=NEW_YORK),
        meeting_url="https://meet.example.org/crisis-4",
    )


def events(response) -> list:
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


def feed(client, user):
    """The person's feed, through a link made for them (it is shown only when made)."""
    token = calendar_token_reset(user=user)
    return client.get(reverse("cohorts:calendar_feed", args=[token]))


def test_a_session_ics_parses_back_with_utc_times_uid_and_summary(client, cast, session, settings):
    settings.SITE_URL = "https://lcpa.example.org"
    client.force_login(cast.member_a1)
    response = client.get(reverse("cohorts:session_ics", args=[session.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    [event] = events(response)
    start = event.decoded("dtstart")
    assert start == datetime(2027, 3, 15, 14, 0, tzinfo=UTC)
    assert start.utcoffset() == timedelta(0)
    assert event.decoded("dtend") == datetime(2027, 3, 15, 15, 30, tzinfo=UTC)
    assert b"DTSTART:20270315T140000Z" in response.content
    assert str(event["uid"]) == f"session-{session.pk}@lcpa.example.org"
    assert str(event["summary"]) == "Baseline measures"
    description = str(event["description"])
    assert "Choose three measures." in description
    page = "https://lcpa.example.org" + reverse("cohorts:session", args=[session.pk])
    assert f"Session page (materials, recording and notes): {page}" in description
    assert "testserver" not in response.content.decode()
    assert MEETING in description
    assert str(event["url"]) == "https://lcpa.example.org" + reverse(
        "cohorts:session", args=[session.pk]
    )


def test_the_uid_stays_the_same_when_the_session_moves(client, cast, session):
    client.force_login(cast.member_a1)
    [before] = events(client.get(reverse("cohorts:session_ics", args=[session.pk])))
    session.starts_at += timedelta(days=1)
    session.ends_at += timedelta(days=1)
    session.save()
    [after] = events(client.get(reverse("cohorts:session_ics", args=[session.pk])))
    assert str(before["uid"]) == str(after["uid"])
    assert after.decoded("dtstart") == datetime(2027, 3, 16, 14, 0, tzinfo=UTC)


def test_the_session_ics_follows_the_session_page_access(client, cast, session):
    url = reverse("cohorts:session_ics", args=[session.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 404
    client.force_login(cast.member_b)
    assert client.get(url).status_code == 200


def test_the_feed_lists_every_session_of_the_persons_cohorts(client, cast, session, other_session):
    response = feed(client, cast.member_b)
    assert response.status_code == 200
    [event] = events(response)
    assert str(event["summary"]) == "Baseline measures"
    assert MEETING in str(event["description"])
    assert str(event["location"]) == MEETING

    staff_events = events(feed(client, cast.staff))
    assert {str(e["summary"]) for e in staff_events} == {"Baseline measures", "Charter kickoff"}


def test_the_feeds_links_start_with_the_site_address(client, cast, session, settings):
    settings.SITE_URL = "https://lcpa.example.org:8443"
    response = feed(client, cast.member_a1)
    [event] = events(response)
    page = "https://lcpa.example.org:8443" + reverse("cohorts:session", args=[session.pk])
    assert str(event["url"]) == page
    assert page in str(event["description"])
    assert str(event["uid"]) == f"session-{session.pk}@lcpa.example.org"
    assert "testserver" not in response.content.decode()


def test_the_feed_needs_no_sign_in_but_an_unknown_token_is_not_found(client, cast, session):
    assert client.get(reverse("cohorts:calendar_feed", args=["not-a-token"])).status_code == 404
    assert feed(client, cast.member_a1).status_code == 200


def test_the_feed_of_a_deactivated_account_is_not_found(client, cast, session):
    cast.member_a1.is_active = False
    cast.member_a1.save()
    assert feed(client, cast.member_a1).status_code == 404


def test_a_removed_members_feed_stops_listing_the_teams_sessions(client, cast, session):
    assert len(events(feed(client, cast.member_a2))) == 1
    Membership.objects.filter(user=cast.member_a2).update(removed_at=timezone.now())
    assert events(feed(client, cast.member_a2)) == []


def test_an_expert_of_another_cohort_gets_neither_the_session_nor_its_link(
    client, cast, session, other_session
):
    expert = make_expert("cohort-4-expert@test.example")
    cast.other_cohort.experts.add(expert)
    response = feed(client, expert)
    [event] = events(response)
    assert str(event["summary"]) == "Charter kickoff"
    assert MEETING.encode() not in response.content


def test_an_expert_with_no_cohort_gets_an_empty_feed(client, cast, session):
    response = feed(client, make_expert("no-cohort-expert@test.example"))
    assert events(response) == []
    assert MEETING.encode() not in response.content


def test_a_helper_who_serves_the_cohort_gets_the_meeting_link(client, cast, session):
    facilitator = make_user("facilitator@test.example")
    cast.cohort.facilitators.add(facilitator)
    [event] = events(feed(client, facilitator))
    assert str(event["location"]) == MEETING


def test_the_feed_is_not_cached(client, cast, session):
    response = feed(client, cast.member_a1)
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


# Making the link, seeing it once and replacing it: test_calendar_link.py.
