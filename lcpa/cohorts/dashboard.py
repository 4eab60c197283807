"""What program staff see about a cohort: per team progress, attendance, activity and the early
warning for teams that fall behind.

The rules are pure functions over plain values (`missed_recent_sessions`, `late_deliverables`,
`warning_reasons`, `attendance_rate`); `cohort_dashboard` reads everything it needs in a fixed
number of queries, however many teams, members and sessions the cohort has.

Definitions (the dashboard page states them too):
- A session is *held* once it has ended and its attendance has been taken (at least one mark).
- A team's *attendance rate* is the present marks of its current members at held sessions,
  divided by (held sessions × current members).
- A team's *last activity* is the latest of: a member saving or submitting a deliverable, the
  start of a held session at which a member was marked present, and a member joining the team.
  With none of these yet, the clock starts when the team was enrolled.
- The *early warning* is raised when the team missed the last two held sessions (nobody was
  marked present at either), when a deliverable is more than two weeks past its due date and
  not submitted, or when there has been no activity for 21 days while the cohort runs (counted
  from its start at the earliest and up to its end at the latest).
- A staff *check-in* with the team (dated) clears those warnings until new evidence comes in
  after its date: a missed held session later than the check-in, a deliverable that became
  more than two weeks late after it, or 21 days without activity counted from it. Emailing the
  team is logged but clears nothing. Cancelled sessions are never held.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Max, Min, Q, QuerySet
from django.utils import timezone

from lcpa.cohorts.gating import SUBMITTED_STATUSES, module_reached, module_states
from lcpa.cohorts.models import (
    Attendance,
    Cohort,
    CohortModule,
    Deliverable,
    Membership,
    ModuleUnlock,
    Session,
    Team,
    TeamContact,
)

LATE_GRACE = timedelta(days=14)
QUIET_DAYS = 21
MISSED_IN_A_ROW = 2


# --- Pure rules -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DueModule:
    number: int
    deliverable_name: str
    due_on: date | None


@dataclass(frozen=True)
class LateDeliverable:
    number: int
    deliverable_name: str
    due_on: date
    days_late: int


def missed_recent_sessions(presence: Sequence[bool], count: int = MISSED_IN_A_ROW) -> bool:
    """`presence` says, for each held session oldest first, whether any team member was
    present. True when there were at least `count` and nobody came to the last `count`."""
    return len(presence) >= count and not any(presence[-count:])


def late_deliverables(
    modules: Iterable[DueModule], statuses: Mapping[int, str], today: date
) -> list[LateDeliverable]:
    """Deliverables more than two weeks past their due date that the team has not submitted."""
    late = []
    for module in modules:
        if module.due_on is None or module.due_on + LATE_GRACE >= today:
            continue
        if statuses.get(module.number) in SUBMITTED_STATUSES:
            continue
        late.append(
            LateDeliverable(
                number=module.number,
                deliverable_name=module.deliverable_name,
                due_on=module.due_on,
                days_late=(today - module.due_on).days,
            )
        )
    return late


def attendance_rate(present: int, held_sessions: int, members: int) -> float | None:
    """Share of possible attendances (held sessions × current members); None with none."""
    possible = held_sessions * members
    if possible == 0:
        return None
    return min(present / possible, 1.0)


def new_since_check_in(
    late: Sequence[LateDeliverable], checked_in_on: date | None
) -> list[LateDeliverable]:
    """The late deliverables that became more than two weeks late after the check-in."""
    if checked_in_on is None:
        return list(late)
    return [item for item in late if item.due_on + LATE_GRACE >= checked_in_on]


def warning_reasons(
    *,
    presence: Sequence[bool],
    late: Sequence[LateDeliverable],
    days_quiet: int | None,
    missed_before_check_in: bool = False,
) -> list[str]:
    """The plain-language reasons a team is flagged; empty when it is on track.

    `days_quiet` is the number of days without activity, or None when the cohort has not
    started yet (no activity is expected before it starts). `missed_before_check_in` is true
    when the last held session was on or before the team's latest check-in, so missing it is
    no new evidence. The caller passes `late` through `new_since_check_in` and counts
    `days_quiet` from the check-in."""
    reasons = []
    if missed_recent_sessions(presence) and not missed_before_check_in:
        reasons.append("Missed the last two sessions: nobody from the team was marked present.")
    for item in late:
        reasons.append(
            f"Module {item.number} deliverable ({item.deliverable_name}) is {item.days_late} "
            f"days past its due date of {item.due_on:%B} {item.due_on.day}, {item.due_on.year}, "
            "and not submitted."
        )
    if days_quiet is not None and days_quiet >= QUIET_DAYS:
        reasons.append(f"No activity for {days_quiet} days.")
    return reasons


# --- Reads ----------------------------------------------------------------------------------


@dataclass
class TeamProgress:
    team: Team
    members: int
    module_reached: int
    submitted: int
    accepted: int
    present: int
    held_sessions: int
    rate: float | None
    last_activity: datetime
    last_activity_what: str
    days_since_activity: int
    warnings: list[str] = field(default_factory=list)
    checked_in: TeamContact | None = None
    emailed: TeamContact | None = None
    cleared: bool = False

    @property
    def rate_percent(self) -> int | None:
        return None if self.rate is None else round(self.rate * 100)

    @property
    def flagged(self) -> bool:
        return bool(self.warnings)


@dataclass
class SessionSummary:
    session: Session
    marks: int
    present: int
    feedback_count: int

    @property
    def attendance_taken(self) -> bool:
        return self.marks > 0


@dataclass
class CohortDashboard:
    cohort: Cohort
    teams: list[TeamProgress]
    past_sessions: list[SessionSummary]
    upcoming_sessions: list[SessionSummary]
    modules: list[CohortModule]
    held_sessions: int

    @property
    def flagged_count(self) -> int:
        return sum(1 for team in self.teams if team.flagged)


def _latest(*candidates: tuple[datetime | None, str]) -> tuple[datetime | None, str]:
    present = [(when, what) for when, what in candidates if when is not None]
    if not present:
        return None, ""
    return max(present, key=lambda pair: pair[0])


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def cohort_dashboard(cohort: Cohort, *, now: datetime | None = None) -> CohortDashboard:
    """Everything the cohort dashboard shows, in nine queries."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    teams = list(Team.objects.filter(cohort=cohort).select_related("jurisdiction").order_by("name"))
    memberships = list(
        Membership.objects.filter(team__cohort=cohort).values(
            "pk", "team_id", "removed_at", "created_at"
        )
    )
    deliverables = list(
        Deliverable.objects.filter(team__cohort=cohort).values(
            "team_id", "module__number", "status", "submitted_at"
        )
    )
    member_edits = dict(
        Deliverable.history.filter(
            team__cohort_id=cohort.pk, history_user__memberships__team_id=F("team_id")
        )
        .order_by()
        .values("team_id")
        .annotate(last=Max("history_date"))
        .values_list("team_id", "last")
    )
    unlocks = list(
        ModuleUnlock.objects.filter(team__cohort=cohort).values_list("team_id", "module__number")
    )
    sessions = list(
        Session.objects.filter(cohort=cohort)
        .select_related("module")
        .annotate(feedback_count=Count("feedback"))
        .order_by("starts_at", "pk")
    )
    marks = list(
        Attendance.objects.filter(session__cohort=cohort).values(
            "session_id", "membership_id", "status"
        )
    )
    modules = list(CohortModule.objects.filter(cohort=cohort).order_by("number"))
    contacts = TeamContact.objects.filter(team__cohort=cohort).select_related("by")
    latest_contact: dict[tuple[int, str], TeamContact] = {}
    for contact in contacts.order_by("-contacted_on", "-created_at"):
        latest_contact.setdefault((contact.team_id, contact.kind), contact)

    team_of = {row["pk"]: row["team_id"] for row in memberships}
    active = {row["pk"] for row in memberships if row["removed_at"] is None}
    active_count: dict[int, int] = defaultdict(int)
    last_join: dict[int, datetime] = {}
    for row in memberships:
        if row["removed_at"] is None:
            active_count[row["team_id"]] += 1
        joined = last_join.get(row["team_id"])
        if joined is None or row["created_at"] > joined:
            last_join[row["team_id"]] = row["created_at"]

    statuses: dict[int, dict[int, str]] = defaultdict(dict)
    last_submit: dict[int, datetime] = {}
    for row in deliverables:
        statuses[row["team_id"]][row["module__number"]] = row["status"]
        submitted_at = row["submitted_at"]
        if submitted_at and (
            row["team_id"] not in last_submit or submitted_at > last_submit[row["team_id"]]
        ):
            last_submit[row["team_id"]] = submitted_at
    unlocked: dict[int, set[int]] = defaultdict(set)
    for team_id, number in unlocks:
        unlocked[team_id].add(number)

    marks_by_session: dict[int, list[dict]] = defaultdict(list)
    for mark in marks:
        marks_by_session[mark["session_id"]].append(mark)
    summaries = []
    for session in sessions:
        rows = marks_by_session.get(session.pk, [])
        summaries.append(
            SessionSummary(
                session=session,
                marks=len(rows),
                present=sum(1 for row in rows if row["status"] == Attendance.Status.PRESENT),
                feedback_count=session.feedback_count,
            )
        )
    held = [
        s
        for s in summaries
        if s.session.ends_at <= now and s.attendance_taken and not s.session.is_cancelled
    ]
    last_held_on = timezone.localdate(held[-1].session.starts_at) if held else None

    # Per team: was anyone present at each held session; present marks of current members;
    # the start of the latest held session with someone present.
    presence: dict[int, list[bool]] = defaultdict(list)
    present_marks: dict[int, int] = defaultdict(int)
    last_present: dict[int, datetime] = {}
    for summary in held:
        teams_present = set()
        for row in marks_by_session[summary.session.pk]:
            if row["status"] != Attendance.Status.PRESENT:
                continue
            team_id = team_of.get(row["membership_id"])
            teams_present.add(team_id)
            if row["membership_id"] in active:
                present_marks[team_id] += 1
        for team in teams:
            came = team.pk in teams_present
            presence[team.pk].append(came)
            if came:
                last_present[team.pk] = summary.session.starts_at

    due = [DueModule(m.number, m.deliverable_name, m.due_on) for m in modules]
    cohort_start = _day_start(cohort.starts_on)
    cohort_end = _day_start(cohort.ends_on + timedelta(days=1))
    quiet_until = min(now, cohort_end)

    def quiet_days(since: datetime) -> int | None:
        return None if today < cohort.starts_on else (quiet_until - since).days

    rows = []
    for team in teams:
        team_statuses = statuses.get(team.pk, {})
        states = module_states(team_statuses, unlocked.get(team.pk, set()))
        when, what = _latest(
            (member_edits.get(team.pk), "Worked on a deliverable"),
            (last_submit.get(team.pk), "Submitted a deliverable"),
            (last_present.get(team.pk), "Attended a session"),
            (last_join.get(team.pk), "A member joined"),
        )
        if when is None:
            when, what = team.created_at, "Enrolled in the cohort"
        days_since = max((now - when).days, 0)
        check_in = latest_contact.get((team.pk, TeamContact.Kind.CHECK_IN))
        checked_in_on = check_in.contacted_on if check_in else None

        team_presence = presence.get(team.pk, [])
        team_late = late_deliverables(due, team_statuses, today)
        raw = warning_reasons(
            presence=team_presence,
            late=team_late,
            days_quiet=quiet_days(max(when, cohort_start)),
        )
        warnings = raw
        if checked_in_on is not None:
            warnings = warning_reasons(
                presence=team_presence,
                late=new_since_check_in(team_late, checked_in_on),
                days_quiet=quiet_days(max(when, cohort_start, _day_start(checked_in_on))),
                missed_before_check_in=last_held_on is not None and last_held_on <= checked_in_on,
            )
        count = active_count.get(team.pk, 0)
        rows.append(
            TeamProgress(
                team=team,
                members=count,
                module_reached=module_reached(states),
                submitted=sum(1 for s in team_statuses.values() if s in SUBMITTED_STATUSES),
                accepted=sum(1 for s in team_statuses.values() if s == Deliverable.Status.ACCEPTED),
                present=present_marks.get(team.pk, 0),
                held_sessions=len(held),
                rate=attendance_rate(present_marks.get(team.pk, 0), len(held), count),
                last_activity=when,
                last_activity_what=what,
                days_since_activity=days_since,
                warnings=warnings,
                checked_in=check_in,
                emailed=latest_contact.get((team.pk, TeamContact.Kind.EMAIL)),
                cleared=bool(raw) and not warnings,
            )
        )
    return CohortDashboard(
        cohort=cohort,
        teams=rows,
        past_sessions=[s for s in summaries if s.session.ends_at <= now][::-1],
        upcoming_sessions=[s for s in summaries if s.session.ends_at > now],
        modules=modules,
        held_sessions=len(held),
    )


def cohorts_overview(*, now: datetime | None = None) -> QuerySet[Cohort]:
    """Every cohort, newest first, with `team_count` and `next_session_at` (one query)."""
    now = now or timezone.now()
    return (
        Cohort.objects.select_related("learning_community")
        .annotate(
            team_count=Count("teams", distinct=True),
            next_session_at=Min(
                "sessions__starts_at",
                filter=Q(sessions__starts_at__gte=now, sessions__status=Session.Status.SCHEDULED),
            ),
        )
        .order_by("-starts_on", "name")
    )
