"""The staff TA dashboard's figures, computed from every request in a fixed number of queries.

- Open requests by age (calendar days since opened), status, category and provider, and the
  open ones past a target.
- By month (in the program's zone) for the last MONTHS months: first responses and resolutions
  that happened that month, their median and 90th percentile in business hours (R type 7, the
  linear method: `statistics.quantiles(method="inclusive")`), and how many were within target.
  A month with fewer than SMALL_COUNT events is flagged: its figures are unstable.
- Satisfaction: surveys sent, answered, the mean rating (1 to 5) and the share satisfied (4 or
  5), overall and per person who resolved the request (whoever it is assigned to now).
"""

import statistics
import zoneinfo
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from lcpa.assistance.models import TARequest, Target, TASurvey
from lcpa.assistance.targets import mark_targets, target_hours
from lcpa.core.business_calendar import BusinessCalendar

MONTHS = 6
SMALL_COUNT = 10
AGE_BANDS = (
    (2, "Under 2 days"),
    (7, "2 to 6 days"),
    (30, "7 to 29 days"),
    (None, "30 days or more"),
)


@dataclass(frozen=True)
class Timing:
    count: int
    median: float | None
    p90: float | None
    within_target: int

    @property
    def share_within_target(self) -> float | None:
        return self.within_target / self.count if self.count else None

    @property
    def small(self) -> bool:
        return 0 < self.count < SMALL_COUNT


def timing(pairs: list[tuple[float, float]]) -> Timing:
    """Figures for (hours taken, target hours) pairs."""
    hours = sorted(taken for taken, _target in pairs)
    if not hours:
        return Timing(0, None, None, 0)
    p90 = hours[0] if len(hours) == 1 else statistics.quantiles(hours, n=10, method="inclusive")[8]
    within = sum(1 for taken, target in pairs if taken <= target)
    return Timing(len(hours), statistics.median(hours), p90, within)


@dataclass(frozen=True)
class Month:
    month: date
    opened: int
    first_response: Timing
    resolution: Timing


@dataclass(frozen=True)
class Satisfaction:
    label: str
    sent: int
    answered: int
    mean: float | None
    satisfied: int

    @property
    def share_satisfied(self) -> float | None:
        return self.satisfied / self.answered if self.answered else None


@dataclass
class TADashboard:
    open_count: int = 0
    by_age: list[tuple[str, int]] = field(default_factory=list)
    by_status: list[tuple[str, int]] = field(default_factory=list)
    by_category: list[tuple[str, int]] = field(default_factory=list)
    by_provider: list[tuple[str, int]] = field(default_factory=list)
    breached: list[TARequest] = field(default_factory=list)
    months: list[Month] = field(default_factory=list)
    satisfaction: Satisfaction | None = None
    by_resolver: list[Satisfaction] = field(default_factory=list)


def _month(moment: datetime, zone) -> date:
    return timezone.localtime(moment, zone).date().replace(day=1)


def _last_months(today: date, count: int) -> list[date]:
    months, year, month = [], today.year, today.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


def _age_label(days: int) -> str:
    return next(label for limit, label in AGE_BANDS if limit is None or days < limit)


def _counts(values, order: list[str]) -> list[tuple[str, int]]:
    counted = Counter(values)
    return [(label, counted[label]) for label in order if counted[label]]


def _satisfaction(label: str, surveys: list[TASurvey]) -> Satisfaction:
    ratings = [survey.rating for survey in surveys if survey.rating is not None]
    return Satisfaction(
        label=label,
        sent=len(surveys),
        answered=len(ratings),
        mean=statistics.mean(ratings) if ratings else None,
        satisfied=sum(1 for rating in ratings if rating >= 4),
    )


def ta_dashboard(
    requests: QuerySet[TARequest],
    surveys: QuerySet[TASurvey],
    calendar: BusinessCalendar,
    now: datetime | None = None,
) -> TADashboard:
    now = now or timezone.now()
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    rows = list(requests.select_related("team__cohort", "assigned_to").order_by("created_at", "pk"))
    board = TADashboard()

    open_rows = mark_targets([row for row in rows if row.is_open], calendar, now)
    board.open_count = len(open_rows)
    board.by_age = _counts(
        [_age_label((now - row.created_at).days) for row in open_rows],
        [label for _limit, label in AGE_BANDS],
    )
    board.by_status = _counts(
        [row.get_status_display() for row in open_rows],
        [TARequest.Status(value).label for value in TARequest.OPEN_STATUSES],
    )
    board.by_category = _counts(
        [row.get_category_display() for row in open_rows], list(TARequest.Category.labels)
    )
    providers = [str(row.assigned_to) if row.assigned_to else "Nobody yet" for row in open_rows]
    board.by_provider = sorted(Counter(providers).items(), key=lambda pair: (-pair[1], pair[0]))
    board.breached = [row for row in open_rows if row.breached]

    months = _last_months(timezone.localtime(now, zone).date(), MONTHS)
    opened = Counter(_month(row.created_at, zone) for row in rows)
    firsts, resolutions = defaultdict(list), defaultdict(list)
    for row in rows:
        if row.first_response_at is not None and row.first_response_hours is not None:
            firsts[_month(row.first_response_at, zone)].append(
                (row.first_response_hours, target_hours(row.urgency, Target.FIRST_RESPONSE))
            )
        if row.resolved_at is not None and row.resolution_hours is not None:
            resolutions[_month(row.resolved_at, zone)].append(
                (row.resolution_hours, target_hours(row.urgency, Target.RESOLUTION))
            )
    board.months = [
        Month(month, opened[month], timing(firsts[month]), timing(resolutions[month]))
        for month in months
    ]

    sent = list(surveys.select_related("resolved_by").order_by("pk"))
    board.satisfaction = _satisfaction("Everyone", sent)
    per_person = defaultdict(list)
    for survey in sent:
        per_person[str(survey.resolved_by)].append(survey)
    board.by_resolver = [_satisfaction(name, per_person[name]) for name in sorted(per_person)]
    return board
