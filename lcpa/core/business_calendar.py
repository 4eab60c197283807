"""The program's business calendar: which days and hours count as working time.

Business days are Monday to Friday in the program's time zone (settings.TIME_ZONE), except US
federal holidays (the `holidays` package, observed dates included) and the closure days staff
add (`ClosureDay`). Business hours are BUSINESS_DAY_START to BUSINESS_DAY_END on those days, in
local wall-clock time, so a daylight-saving change moves them with the clock.

Build a `BusinessCalendar` once (`business_calendar()` reads the closure days in one query)
and ask it many questions; the module-level functions are shortcuts for one question.
"""

import zoneinfo
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

import holidays
from django.conf import settings
from django.http import Http404

from lcpa.core.models import ClosureDay

HOUR = timedelta(hours=1)


@cache
def _federal_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("US", years=year))


@dataclass(frozen=True)
class BusinessCalendar:
    closures: frozenset[date] = frozenset()
    zone: zoneinfo.ZoneInfo = field(default_factory=lambda: zoneinfo.ZoneInfo(settings.TIME_ZONE))
    day_start: time = field(default_factory=lambda: time.fromisoformat(settings.BUSINESS_DAY_START))
    day_end: time = field(default_factory=lambda: time.fromisoformat(settings.BUSINESS_DAY_END))

    # Days ------------------------------------------------------------------------------------
    def is_business_day(self, day: date) -> bool:
        return (
            day.weekday() < 5
            and day not in _federal_holidays(day.year)
            and day not in self.closures
        )

    def add_business_days(self, start: date, days: int) -> date:
        """The day `days` business days after start (start itself when days is 0)."""
        current, remaining = start, days
        while remaining > 0:
            current += timedelta(days=1)
            if self.is_business_day(current):
                remaining -= 1
        return current

    def business_days_between(self, start: date, end: date) -> int:
        """Business days after start up to and including end (0 when end <= start)."""
        days, current = 0, start
        while current < end:
            current += timedelta(days=1)
            if self.is_business_day(current):
                days += 1
        return days

    # Hours -----------------------------------------------------------------------------------
    def _window(self, day: date) -> tuple[datetime, datetime]:
        """The day's business hours as UTC moments (DST-safe: local wall-clock times)."""
        opens = datetime.combine(day, self.day_start, tzinfo=self.zone).astimezone(UTC)
        closes = datetime.combine(day, self.day_end, tzinfo=self.zone).astimezone(UTC)
        return opens, closes

    def _local_day(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()

    def add_business_hours(self, start: datetime, hours: float) -> datetime:
        """The moment `hours` business hours after start (an aware datetime, in UTC)."""
        remaining = timedelta(hours=hours)
        cursor = start.astimezone(UTC)
        day = self._local_day(cursor)
        while True:
            if self.is_business_day(day):
                opens, closes = self._window(day)
                begin = max(cursor, opens)
                if begin < closes:
                    if remaining <= closes - begin:
                        return begin + remaining
                    remaining -= closes - begin
            day += timedelta(days=1)

    def business_hours_between(self, start: datetime, end: datetime) -> float:
        """Business hours from start to end (0 when end <= start)."""
        start, end = start.astimezone(UTC), end.astimezone(UTC)
        total = timedelta()
        day, last = self._local_day(start), self._local_day(end)
        while day <= last:
            if self.is_business_day(day):
                opens, closes = self._window(day)
                begin, finish = max(start, opens), min(end, closes)
                if begin < finish:
                    total += finish - begin
            day += timedelta(days=1)
        return total / HOUR


def business_calendar() -> BusinessCalendar:
    """The calendar with the closure days staff have added."""
    return BusinessCalendar(closures=frozenset(ClosureDay.objects.values_list("day", flat=True)))


def add_business_days(start: date, days: int) -> date:
    return business_calendar().add_business_days(start, days)


def business_days_between(start: date, end: date) -> int:
    return business_calendar().business_days_between(start, end)


def add_business_hours(start: datetime, hours: float) -> datetime:
    return business_calendar().add_business_hours(start, hours)


def business_hours_between(start: datetime, end: datetime) -> float:
    return business_calendar().business_hours_between(start, end)


@dataclass(frozen=True)
class DayOff:
    day: date
    reason: str
    closure: ClosureDay | None = None  # None for a federal holiday


def days_off(start: date, end: date) -> list[DayOff]:
    """Federal holidays and closure days from start to end, in date order (for staff to see)."""
    found = [
        DayOff(day, name)
        for year in range(start.year, end.year + 1)
        for day, name in holidays.country_holidays("US", years=year).items()
        if start <= day <= end
    ]
    found += [
        DayOff(closure.day, closure.reason, closure)
        for closure in ClosureDay.objects.filter(day__range=(start, end))
    ]
    return sorted(found, key=lambda each: (each.day, each.closure is not None))


def get_closure_day(pk: int) -> ClosureDay:
    try:
        return ClosureDay.objects.get(pk=pk)
    except ClosureDay.DoesNotExist:
        raise Http404 from None
