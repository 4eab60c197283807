"""When a registration's next follow-up is due. Business days skip Saturdays and Sundays."""

from datetime import date, timedelta

from django.conf import settings


def add_business_days(start: date, days: int) -> date:
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


def follow_up_due_on(anchor: date) -> date:
    """The last day a follow-up is on time: FOLLOW_UP_BUSINESS_DAYS business days after anchor.

    The anchor is the submission date, or, once staff have followed up, the promised next
    follow-up date (or the day of the last follow-up when none was promised).
    """
    return add_business_days(anchor, settings.FOLLOW_UP_BUSINESS_DAYS)


def business_days_between(start: date, end: date) -> int:
    """Whole business days after start up to and including end (0 when end <= start)."""
    days = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days += 1
    return days
