"""Business hours and days in the program's zone (America/New_York, 9:00 to 17:00): weekends,
federal holidays, staff closure days and daylight-saving changes."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from lcpa.core import business_calendar as bc
from lcpa.core.models import ClosureDay
from lcpa.core.services import closure_day_add, closure_day_remove
from lcpa.testing import make_staff

NY = ZoneInfo("America/New_York")


def at(year, month, day, hour, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=NY)


@pytest.fixture
def calendar(db) -> bc.BusinessCalendar:
    return bc.business_calendar()


def test_hours_added_on_a_friday_afternoon_continue_on_monday_morning(calendar):
    # Friday Jan 8 2027, 15:00 + 4 business hours: 2 on Friday, 2 on Monday.
    assert calendar.add_business_hours(at(2027, 1, 8, 15), 4) == at(2027, 1, 11, 11)
    assert calendar.business_hours_between(at(2027, 1, 8, 15), at(2027, 1, 11, 11)) == 4


def test_time_outside_business_hours_starts_counting_at_the_next_opening(calendar):
    assert calendar.add_business_hours(at(2027, 1, 9, 12), 1) == at(2027, 1, 11, 10)  # Saturday
    assert calendar.add_business_hours(at(2027, 1, 11, 20), 1) == at(2027, 1, 12, 10)  # evening
    assert calendar.add_business_hours(at(2027, 1, 11, 7), 8) == at(2027, 1, 11, 17)
    assert calendar.business_hours_between(at(2027, 1, 9, 0), at(2027, 1, 10, 23)) == 0


def test_a_federal_holiday_counts_no_hours(calendar):
    # Thanksgiving, Thursday Nov 26 2026: Wednesday 16:00 + 2 hours lands on Friday 10:00.
    assert calendar.add_business_hours(at(2026, 11, 25, 16), 2) == at(2026, 11, 27, 10)
    assert not calendar.is_business_day(date(2026, 11, 26))
    assert not calendar.is_business_day(date(2026, 12, 25))


def test_a_closure_day_counts_no_hours_once_staff_add_it(db):
    staff = make_staff()
    monday = date(2027, 1, 11)
    assert bc.add_business_hours(at(2027, 1, 8, 16), 2) == at(2027, 1, 11, 10)
    closure = closure_day_add(day=monday, reason="Office move", by=staff)
    assert bc.add_business_hours(at(2027, 1, 8, 16), 2) == at(2027, 1, 12, 10)
    assert bc.business_hours_between(at(2027, 1, 8, 16), at(2027, 1, 12, 10)) == 2
    assert closure.history.get().history_user == staff
    closure_day_remove(closure=closure, by=staff)
    assert not ClosureDay.objects.exists()
    assert ClosureDay.history.filter(history_type="-").get().history_user == staff


def test_a_day_closed_twice_is_refused(db):
    staff = make_staff()
    closure_day_add(day=date(2027, 2, 1), reason="Training", by=staff)
    with pytest.raises(ValidationError) as error:
        closure_day_add(day=date(2027, 2, 1), reason="Again", by=staff)
    assert "already a closure day" in str(error.value)
    assert ClosureDay.objects.count() == 1


def test_business_hours_follow_the_local_clock_across_daylight_saving_changes(calendar):
    # Clocks go forward on Sunday March 14 2027 and back on Sunday November 7 2027. Friday 16:00
    # + 2 hours is Monday 10:00 local time, though the UTC gap differs by an hour.
    spring = calendar.add_business_hours(at(2027, 3, 12, 16), 2)
    assert spring == at(2027, 3, 15, 10)
    assert spring.astimezone(UTC) == datetime(2027, 3, 15, 14, tzinfo=UTC)
    autumn = calendar.add_business_hours(at(2027, 11, 5, 16), 2)
    assert autumn == at(2027, 11, 8, 10)
    assert autumn.astimezone(UTC) == datetime(2027, 11, 8, 15, tzinfo=UTC)
    assert calendar.business_hours_between(at(2027, 3, 12, 9), at(2027, 3, 15, 17)) == 16


def test_a_moment_given_in_another_zone_counts_the_same(calendar):
    start = datetime(2027, 1, 8, 20, tzinfo=UTC)  # 15:00 in New York
    assert calendar.add_business_hours(start, 4) == at(2027, 1, 11, 11)


def test_business_days_skip_weekends_holidays_and_closures(db):
    calendar = bc.BusinessCalendar(closures=frozenset({date(2027, 1, 12)}))
    # Friday Jan 15 + 2: Monday 18th is MLK Day, so Tuesday 19th and Wednesday 20th.
    assert calendar.add_business_days(date(2027, 1, 15), 2) == date(2027, 1, 20)
    assert calendar.add_business_days(date(2027, 1, 11), 1) == date(2027, 1, 13)
    assert calendar.business_days_between(date(2027, 1, 8), date(2027, 1, 15)) == 4


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (date(2026, 12, 5), "is a weekend day"),
        (date(2026, 12, 25), "is a federal holiday (Christmas Day)"),
    ],
)
def test_a_day_that_is_closed_already_is_not_added_as_a_closure_day(db, day, words):
    staff = make_staff()
    with pytest.raises(ValidationError) as refused:
        closure_day_add(day=day, reason="Office party", by=staff)
    assert words in str(refused.value)
    assert not ClosureDay.objects.exists()
