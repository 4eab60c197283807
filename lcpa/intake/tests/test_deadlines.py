"""Follow-up deadlines count business days: weekends are skipped."""

from datetime import date

from lcpa.intake import deadlines

FRIDAY = date(2027, 1, 8)
MONDAY = date(2027, 1, 11)


def test_adding_business_days_skips_the_weekend():
    assert deadlines.add_business_days(FRIDAY, 1) == MONDAY
    assert deadlines.add_business_days(FRIDAY, 5) == date(2027, 1, 15)
    assert deadlines.add_business_days(date(2027, 1, 9), 1) == MONDAY  # from a Saturday
    assert deadlines.add_business_days(MONDAY, 0) == MONDAY


def test_the_due_date_is_the_configured_number_of_business_days_later(settings):
    settings.FOLLOW_UP_BUSINESS_DAYS = 10
    assert deadlines.follow_up_due_on(MONDAY) == date(2027, 1, 25)
    settings.FOLLOW_UP_BUSINESS_DAYS = 3
    assert deadlines.follow_up_due_on(FRIDAY) == date(2027, 1, 13)


def test_business_days_between_counts_weekdays_after_the_start():
    assert deadlines.business_days_between(FRIDAY, MONDAY) == 1
    assert deadlines.business_days_between(FRIDAY, date(2027, 1, 10)) == 0  # Sunday
    assert deadlines.business_days_between(MONDAY, date(2027, 1, 18)) == 5
    assert deadlines.business_days_between(MONDAY, FRIDAY) == 0
