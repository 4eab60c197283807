"""Follow-up deadlines count business days of the business calendar: weekends, US federal
holidays and staff closure days are skipped."""

from datetime import date

from lcpa.core.services import closure_day_add
from lcpa.intake import deadlines

FRIDAY = date(2027, 1, 8)
MONDAY = date(2027, 1, 11)
MLK_DAY = date(2027, 1, 18)  # Martin Luther King Jr. Day, a federal holiday


def test_adding_business_days_skips_the_weekend(db):
    assert deadlines.add_business_days(FRIDAY, 1) == MONDAY
    assert deadlines.add_business_days(FRIDAY, 5) == date(2027, 1, 15)
    assert deadlines.add_business_days(date(2027, 1, 9), 1) == MONDAY  # from a Saturday
    assert deadlines.add_business_days(MONDAY, 0) == MONDAY


def test_the_due_date_is_the_configured_number_of_business_days_later(db, settings):
    settings.FOLLOW_UP_BUSINESS_DAYS = 10
    # Ten business days after Monday the 11th: the 25th, plus one for MLK Day on the 18th.
    assert deadlines.follow_up_due_on(MONDAY) == date(2027, 1, 26)
    settings.FOLLOW_UP_BUSINESS_DAYS = 3
    assert deadlines.follow_up_due_on(FRIDAY) == date(2027, 1, 13)


def test_a_federal_holiday_is_not_a_business_day(db):
    assert deadlines.add_business_days(date(2027, 1, 15), 1) == date(2027, 1, 19)
    assert deadlines.business_days_between(MONDAY, MLK_DAY) == 4
    # July 4th 2026 is a Saturday: the holiday is observed on Friday the 3rd.
    assert deadlines.add_business_days(date(2026, 7, 2), 1) == date(2026, 7, 6)


def test_a_closure_day_staff_add_moves_the_due_date(db, staff):
    assert deadlines.add_business_days(FRIDAY, 1) == MONDAY
    closure_day_add(day=MONDAY, reason="Staff retreat", by=staff)
    assert deadlines.add_business_days(FRIDAY, 1) == date(2027, 1, 12)


def test_business_days_between_counts_business_days_after_the_start(db):
    assert deadlines.business_days_between(FRIDAY, MONDAY) == 1
    assert deadlines.business_days_between(FRIDAY, date(2027, 1, 10)) == 0  # Sunday
    assert deadlines.business_days_between(MONDAY, date(2027, 1, 15)) == 4
    assert deadlines.business_days_between(MONDAY, FRIDAY) == 0
