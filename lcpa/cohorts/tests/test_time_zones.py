"""Times are stored in UTC and shown in each viewer's own time zone, across DST changes."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from lcpa.cohorts.models import Session
from lcpa.testing import module_of

NEW_YORK = ZoneInfo("America/New_York")


def make_session(cohort, starts_at: datetime, title: str = "Baseline measures") -> Session:
    return Session.objects.create(
        cohort=cohort,
        module=module_of(cohort, 2),
        title=title,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1, minutes=30),
    )


def set_zone(user, zone: str) -> None:
    user.time_zone = zone
    user.save(update_fields=["time_zone"])


@pytest.fixture
def session(cast):
    return make_session(cast.cohort, datetime(2027, 3, 15, 10, 0, tzinfo=NEW_YORK))


def test_a_session_is_stored_in_utc(session):
    session.refresh_from_db()
    assert session.starts_at == datetime(2027, 3, 15, 14, 0, tzinfo=UTC)
    assert session.starts_at.utcoffset() == timedelta(0)


def test_viewers_in_los_angeles_and_new_york_see_their_own_local_times(client, cast, session):
    set_zone(cast.member_a1, "America/Los_Angeles")
    set_zone(cast.member_b, "America/New_York")
    url = reverse("cohorts:session", args=[session.pk])

    client.force_login(cast.member_a1)
    west = client.get(url).content.decode()
    assert "Monday, March 15, 2027, 7:00 AM" in west
    assert "8:30 AM PDT" in west
    assert "America/Los Angeles" in west

    client.force_login(cast.member_b)
    east = client.get(url).content.decode()
    assert "Monday, March 15, 2027, 10:00 AM" in east
    assert "11:30 AM EDT" in east
    assert "America/New York" in east
    assert "7:00 AM" not in east


def test_a_viewer_far_away_sees_the_date_change(client, cast):
    late = make_session(cast.cohort, datetime(2027, 1, 11, 19, 0, tzinfo=NEW_YORK))
    set_zone(cast.member_a1, "Pacific/Guam")
    client.force_login(cast.member_a1)
    page = client.get(reverse("cohorts:session", args=[late.pk])).content.decode()
    # 19:00 EST on Monday is 10:00 on Tuesday in Guam (UTC+10).
    assert "Tuesday, January 12, 2027, 10:00 AM" in page
    assert "ChST" in page


def test_weekly_sessions_across_the_change_keep_the_same_local_time(client, cast):
    weekly = [
        make_session(cast.cohort, datetime(2027, 3, day, 10, 0, tzinfo=NEW_YORK), f"Week {n}")
        for n, day in enumerate((8, 15, 22), start=1)
    ]
    stored = [Session.objects.get(pk=s.pk).starts_at for s in weekly]
    # Before the change 10:00 EST is 15:00 UTC; after it 10:00 EDT is 14:00 UTC.
    assert [moment.hour for moment in stored] == [15, 14, 14]
    assert stored[1] - stored[0] == timedelta(days=7) - timedelta(hours=1)

    set_zone(cast.member_a1, "America/New_York")
    client.force_login(cast.member_a1)
    expected = [
        ("Monday, March 8, 2027, 10:00 AM", "11:30 AM EST"),
        ("Monday, March 15, 2027, 10:00 AM", "11:30 AM EDT"),
        ("Monday, March 22, 2027, 10:00 AM", "11:30 AM EDT"),
    ]
    for session, (start, end) in zip(weekly, expected, strict=True):
        page = client.get(reverse("cohorts:session", args=[session.pk])).content.decode()
        assert start in page
        assert end in page


def test_the_session_list_uses_the_viewers_zone(client, cast, session):
    set_zone(cast.member_a2, "America/Chicago")
    client.force_login(cast.member_a2)
    page = client.get(reverse("cohorts:session_list")).content.decode()
    assert "Monday, March 15, 2027, 9:00 AM" in page
    assert "America/Chicago" in page


def test_the_default_zone_is_back_after_a_request(client, cast, session):
    set_zone(cast.member_a1, "America/Los_Angeles")
    client.force_login(cast.member_a1)
    client.get(reverse("cohorts:session", args=[session.pk]))
    assert timezone.get_current_timezone_name() == "America/New_York"


def test_an_unknown_zone_name_falls_back_to_the_default(client, cast, session):
    cast.member_a1.__class__.objects.filter(pk=cast.member_a1.pk).update(time_zone="Mars/Olympus")
    client.force_login(cast.member_a1)
    page = client.get(reverse("cohorts:session", args=[session.pk])).content.decode()
    assert "Monday, March 15, 2027, 10:00 AM" in page
