"""Service targets of TA requests: how many business hours the first response and the
resolution may take (settings.TA_SERVICE_TARGETS, per urgency), when each is due, and whether it
is met.

The clock counts business hours of the business calendar (lcpa/core/business_calendar.py) from
the moment the request was opened, and stands still while the request waits on the team or is
resolved or closed: `paused_hours` holds the business hours it stood still before, and
`clock_stopped_at` says since when it stands still now. The services keep both up to date and
store, when they happen, how many counted hours the first response and the resolution took.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from lcpa.assistance.models import TARequest, Target
from lcpa.core.business_calendar import BusinessCalendar


class State:
    MET = "met"
    MISSED = "missed"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    BREACHED = "breached"
    PAUSED = "paused"


LABELS = {
    State.MET: "Met",
    State.MISSED: "Missed",
    State.ON_TRACK: "On track",
    State.AT_RISK: "Due soon",
    State.BREACHED: "Overdue",
    State.PAUSED: "Paused: waiting on the team",
}


@dataclass(frozen=True)
class TargetStatus:
    target: str
    hours: float  # the target
    used_hours: float  # counted so far, or when it was done
    state: str
    due_at: datetime | None  # when the clock runs and the target is not done yet

    @property
    def label(self) -> str:
        return Target(self.target).label

    @property
    def state_label(self) -> str:
        return LABELS[self.state]

    @property
    def on_time(self) -> bool:
        return self.state not in (State.MISSED, State.BREACHED)

    @property
    def is_done(self) -> bool:
        return self.state in (State.MET, State.MISSED)


def target_hours(urgency: str, target: str) -> float:
    return settings.TA_SERVICE_TARGETS[urgency][target]


def counted_hours(request: TARequest, calendar: BusinessCalendar, now: datetime) -> float:
    """Business hours on the clock at `now` (the hours it stood still left out)."""
    until = request.clock_stopped_at or now
    return max(calendar.business_hours_between(request.created_at, until) - request.paused_hours, 0)


def _done_hours(request: TARequest, target: str) -> float | None:
    if target == Target.FIRST_RESPONSE:
        return request.first_response_hours
    return request.resolution_hours


def target_status(
    request: TARequest, target: str, calendar: BusinessCalendar, now: datetime | None = None
) -> TargetStatus:
    hours = target_hours(request.urgency, target)
    done = _done_hours(request, target)
    if done is not None:
        state = State.MET if done <= hours else State.MISSED
        return TargetStatus(target, hours, done, state, None)
    now = now or timezone.now()
    used = counted_hours(request, calendar, now)
    if used > hours:
        state = State.BREACHED
    elif request.clock_stopped_at is not None:
        state = State.PAUSED
    elif used >= hours * settings.TA_TARGET_WARNING_SHARE:
        state = State.AT_RISK
    else:
        state = State.ON_TRACK
    due_at = None
    if request.clock_stopped_at is None:
        due_at = calendar.add_business_hours(request.created_at, hours + request.paused_hours)
    return TargetStatus(target, hours, used, state, due_at)


def target_statuses(
    request: TARequest, calendar: BusinessCalendar, now: datetime | None = None
) -> list[TargetStatus]:
    """The request's first-response and resolution targets, in that order."""
    now = now or timezone.now()
    return [target_status(request, target, calendar, now) for target in Target.values]


def mark_targets(requests, calendar: BusinessCalendar, now: datetime | None = None) -> list:
    """Give each request of a list its `targets` and `breached` (no queries)."""
    now = now or timezone.now()
    rows = list(requests)
    for row in rows:
        row.targets = target_statuses(row, calendar, now)
        row.breached = any(not status.on_time for status in row.targets)
    return rows
