"""When a registration's next follow-up is due, in business days of the program's business
calendar (lcpa/core/business_calendar.py: weekends, US federal holidays and staff closure days
do not count)."""

from datetime import date

from django.conf import settings

from lcpa.core.business_calendar import BusinessCalendar, business_calendar


def add_business_days(start: date, days: int) -> date:
    return business_calendar().add_business_days(start, days)


def follow_up_due_on(anchor: date) -> date:
    """The last day a follow-up is on time: FOLLOW_UP_BUSINESS_DAYS business days after anchor.

    The anchor is the submission date, or, once staff have followed up, the promised next
    follow-up date (or the day of the last follow-up when none was promised).
    """
    return add_business_days(anchor, settings.FOLLOW_UP_BUSINESS_DAYS)


def business_days_between(start: date, end: date, calendar: BusinessCalendar | None = None) -> int:
    """Whole business days after start up to and including end (0 when end <= start)."""
    return (calendar or business_calendar()).business_days_between(start, end)
