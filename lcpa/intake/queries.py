"""Reads over interest registrations that span relations or aggregate (staff pages, API, CSV).

Every function takes `today` so callers (and tests) decide what day it is; the default is the
current date in settings.TIME_ZONE, the program's office time.
"""

from __future__ import annotations

import statistics
import zoneinfo
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils import timezone

from lcpa.core.business_calendar import BusinessCalendar, business_calendar
from lcpa.intake import deadlines
from lcpa.intake.models import FollowUp, InterestRegistration, ProposedMember

if TYPE_CHECKING:
    from lcpa.accounts.models import User

Status = InterestRegistration.Status
OPEN_STATUSES = [status for status in Status if status not in InterestRegistration.CLOSED_STATUSES]


def office_today() -> date:
    """Today's date where the program's staff work (settings.TIME_ZONE)."""
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(settings.TIME_ZONE))


def office_date(moment) -> date:
    return timezone.localtime(moment, zoneinfo.ZoneInfo(settings.TIME_ZONE)).date()


@dataclass(frozen=True)
class PopulationBand:
    key: str
    label: str
    low: int | None
    high: int | None  # exclusive


POPULATION_BANDS: dict[str, PopulationBand] = {
    band.key: band
    for band in [
        PopulationBand("under-25k", "Under 25,000", None, 25_000),
        PopulationBand("25k-100k", "25,000 to 99,999", 25_000, 100_000),
        PopulationBand("100k-500k", "100,000 to 499,999", 100_000, 500_000),
        PopulationBand("500k-plus", "500,000 or more", 500_000, None),
    ]
}

_STATUS_ORDER = Case(
    *[When(status=value, then=Value(position)) for position, value in enumerate(Status.values)],
    output_field=IntegerField(),
)

# The name the pipeline shows for the assignee (str(User)): the full name, or else the email.
_ASSIGNEE_NAME = Lower(Coalesce(NullIf("assigned_to__full_name", Value("")), "assigned_to__email"))

# Whitelisted sort keys: what the URL may say -> the ORM ordering. "-key" sorts descending.
SORT_KEYS = {
    "submitted": [F("created_at").asc(), F("pk").asc()],
    "-submitted": [F("created_at").desc(), F("pk").desc()],
    "jurisdiction": [Lower("jurisdiction_name").asc(), F("state").asc(), F("pk").asc()],
    "-jurisdiction": [Lower("jurisdiction_name").desc(), F("state").desc(), F("pk").desc()],
    "state": [F("state").asc(), Lower("jurisdiction_name").asc(), F("pk").asc()],
    "-state": [F("state").desc(), Lower("jurisdiction_name").desc(), F("pk").desc()],
    "status": [_STATUS_ORDER.asc(), F("created_at").asc(), F("pk").asc()],
    "-status": [_STATUS_ORDER.desc(), F("created_at").desc(), F("pk").desc()],
    "population": [F("population").asc(), F("pk").asc()],
    "-population": [F("population").desc(), F("pk").desc()],
    # Nobody assigned sorts last both ways, so the named ones stay together.
    "assignee": [_ASSIGNEE_NAME.asc(nulls_last=True), F("created_at").asc(), F("pk").asc()],
    "-assignee": [_ASSIGNEE_NAME.desc(nulls_last=True), F("created_at").desc(), F("pk").desc()],
    "due": [F("follow_up_due_on").asc(nulls_last=True), F("created_at").asc(), F("pk").asc()],
    "-due": [F("follow_up_due_on").desc(nulls_last=True), F("created_at").desc(), F("pk").desc()],
}
DEFAULT_SORT = "-submitted"
UNASSIGNED = "unassigned"


def open_q() -> Q:
    return Q(merged_into__isnull=True) & ~Q(status__in=InterestRegistration.CLOSED_STATUSES)


def overdue_q(today: date) -> Q:
    """Open, and today is after the last day a follow-up was on time."""
    return open_q() & Q(follow_up_due_on__lt=today)


def is_overdue(registration: InterestRegistration, today: date | None = None) -> bool:
    today = today or office_today()
    due = registration.follow_up_due_on
    return bool(registration.is_open and due is not None and today > due)


def business_days_overdue(
    registration: InterestRegistration,
    today: date | None = None,
    calendar: BusinessCalendar | None = None,
) -> int:
    """Business days past the follow-up date (give `calendar` when asking for many rows)."""
    today = today or office_today()
    if not is_overdue(registration, today):
        return 0
    return deadlines.business_days_between(registration.follow_up_due_on, today, calendar)


def pipeline_registrations(
    *,
    status: str | None = None,
    learning_community: str | None = None,
    state: str | None = None,
    population_band: str | None = None,
    assigned_to: User | int | str | None = None,
    overdue: bool | None = None,
    search: str | None = None,
    sort: str | None = None,
    today: date | None = None,
    include_merged: bool = False,
) -> QuerySet[InterestRegistration]:
    """The staff pipeline: registrations filtered, searched and sorted, ready to list.

    learning_community is a slug; population_band a POPULATION_BANDS key; assigned_to a user,
    a user id, or "unassigned"; sort a SORT_KEYS key (unknown keys fall back to the default).
    Merged registrations are left out unless include_merged. The queryset selects the assignee
    and prefetches learning communities, so listing it costs a fixed number of queries whatever
    its length (add a members prefetch if you show them; exports.registrations_csv does).
    """
    today = today or office_today()
    registrations = InterestRegistration.objects.all()
    if not include_merged:
        registrations = registrations.filter(merged_into__isnull=True)
    if status:
        registrations = registrations.filter(status=status)
    if learning_community:
        registrations = registrations.filter(learning_communities__slug=learning_community)
    if state:
        registrations = registrations.filter(state=state.upper())
    if population_band:
        band = POPULATION_BANDS.get(population_band)
        if band is None:
            registrations = registrations.none()
        else:
            if band.low is not None:
                registrations = registrations.filter(population__gte=band.low)
            if band.high is not None:
                registrations = registrations.filter(population__lt=band.high)
    if assigned_to is not None and assigned_to != "":
        if assigned_to == UNASSIGNED:
            registrations = registrations.filter(assigned_to__isnull=True)
        else:
            assignee_id = getattr(assigned_to, "pk", assigned_to)
            registrations = registrations.filter(assigned_to_id=assignee_id)
    if overdue:
        registrations = registrations.filter(overdue_q(today))
    if search and search.strip():
        registrations = registrations.filter(search_q(search.strip()))
    ordering = SORT_KEYS.get(sort or DEFAULT_SORT, SORT_KEYS[DEFAULT_SORT])
    return (
        registrations.select_related("assigned_to")
        .prefetch_related("learning_communities")
        .order_by(*ordering)
    )


@dataclass(slots=True)
class PipelineRow:
    """What a pipeline row shows, read as plain values (the page never shows the goals, phone
    or status digest); with_communities_and_duplicates fills in the rest."""

    pk: int
    created_at: datetime
    jurisdiction_name: str
    state: str
    population: int
    contact_name: str
    contact_email: str
    status: str
    follow_up_due_on: date | None
    merged_into_id: int | None
    assigned_to_id: int | None
    assignee_full_name: str | None
    assignee_email: str | None
    community_ids: list[int] = field(default_factory=list)
    community_names: list[str] = field(default_factory=list)
    possible_duplicate: bool = False
    overdue: bool = False
    days_overdue: int = 0

    @property
    def is_open(self) -> bool:
        return (
            self.status not in InterestRegistration.CLOSED_STATUSES and self.merged_into_id is None
        )

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def assignee(self) -> str:
        """str(User): the full name, or else the email."""
        return self.assignee_full_name or self.assignee_email or ""


_PIPELINE_ROW_VALUES = [
    "pk",
    "created_at",
    "jurisdiction_name",
    "state",
    "population",
    "contact_name",
    "contact_email",
    "status",
    "follow_up_due_on",
    "merged_into_id",
    "assigned_to_id",
    "assigned_to__full_name",
    "assigned_to__email",
]


def pipeline_page_rows(
    registrations: QuerySet[InterestRegistration], *, offset: int, limit: int
) -> list[PipelineRow]:
    """`limit` rows of pipeline_registrations from `offset`, as PipelineRows."""
    values = registrations.prefetch_related(None).values_list(*_PIPELINE_ROW_VALUES)
    return [PipelineRow(*fields) for fields in values[offset : offset + limit]]


def with_communities_and_duplicates(rows: Sequence[PipelineRow]) -> None:
    """Fill in each pipeline row's learning communities (ids, and short names in curriculum
    order) and `possible_duplicate` (see flag_possible_duplicates) with one query of plain
    values: the rows' own links to learning communities and those of every registration with the
    same jurisdiction name and state. The registrations are found by primary key and through the
    registration_name_state index, so the query reads only their links, not the whole table."""
    if not rows:
        return
    keys = {(row.jurisdiction_name.lower(), row.state) for row in rows}
    namesakes = (
        InterestRegistration.objects.annotate(name_lower=Lower("jurisdiction_name"))
        .filter(
            # The rows themselves too: the database's LOWER may differ from Python's (SQLite
            # lowers only ASCII letters), and a row must never lose its own communities.
            Q(pk__in=[row.pk for row in rows])
            | Q(
                name_lower__in={name for name, _ in keys},
                state__in={state for _, state in keys},
            )
        )
        .values("pk")
    )
    Through = InterestRegistration.learning_communities.through
    links = (
        Through.objects.filter(interestregistration_id__in=namesakes)
        .annotate(name_lower=Lower("interestregistration__jurisdiction_name"))
        .values_list(
            "interestregistration_id",
            "name_lower",
            "interestregistration__state",
            "interestregistration__merged_into_id",
            "learningcommunity_id",
            "learningcommunity__position",
            "learningcommunity__name",
            "learningcommunity__short_name",
        )
    )
    own: dict[int, list[tuple[int, str, int, str]]] = defaultdict(list)
    holders: dict[tuple[str, str, int], set[int]] = defaultdict(set)
    for registration_id, name_lower, state, merged_into_id, *community in links:
        own[registration_id].append((community[1], community[2], community[0], community[3]))
        if merged_into_id is None:
            holders[(name_lower, state, community[0])].add(registration_id)
    for row in rows:
        communities = sorted(own[row.pk])
        row.community_ids = [community_id for _, _, community_id, _ in communities]
        row.community_names = [short_name for *_, short_name in communities]
        key = (row.jurisdiction_name.lower(), row.state)
        row.possible_duplicate = row.merged_into_id is None and any(
            holders[(*key, community_id)] - {row.pk} for community_id in row.community_ids
        )


def search_q(text: str) -> Q:
    """Jurisdiction, contact name or email, or any proposed member's name or email."""
    text = text[:200]
    members = ProposedMember.objects.filter(
        Q(name__icontains=text) | Q(email__icontains=text)
    ).values("registration_id")
    return (
        Q(jurisdiction_name__icontains=text)
        | Q(contact_name__icontains=text)
        | Q(contact_email__icontains=text)
        | Q(pk__in=members)
    )


def flag_possible_duplicates(registrations: Sequence[InterestRegistration]) -> None:
    """Set `possible_duplicate` on each registration, with one query for the whole batch.

    A possible duplicate is another registration, not merged, for the same jurisdiction
    (name ignoring case, and state) sharing at least one learning community.
    """
    for registration in registrations:
        registration.possible_duplicate = False
    candidates = [r for r in registrations if r.merged_into_id is None]
    if not candidates:
        return
    keys = {(r.jurisdiction_name.lower(), r.state) for r in candidates}
    Through = InterestRegistration.learning_communities.through
    # Merged ones are left out in Python: in SQL the condition would steer the database to the
    # merged_into index (nearly every row) instead of the name-and-state one.
    rows = (
        Through.objects.annotate(name_lower=Lower("interestregistration__jurisdiction_name"))
        .filter(
            name_lower__in={name for name, _ in keys},
            interestregistration__state__in={state for _, state in keys},
        )
        .values_list(
            "interestregistration_id",
            "name_lower",
            "interestregistration__state",
            "learningcommunity_id",
            "interestregistration__merged_into_id",
        )
    )
    holders: dict[tuple[str, str, int], set[int]] = defaultdict(set)
    for registration_id, name_lower, state, community_id, merged_into_id in rows:
        if merged_into_id is None:
            holders[(name_lower, state, community_id)].add(registration_id)
    for registration in candidates:
        key = (registration.jurisdiction_name.lower(), registration.state)
        community_ids = [c.pk for c in registration.learning_communities.all()]
        registration.possible_duplicate = any(
            holders[(*key, community_id)] - {registration.pk} for community_id in community_ids
        )


def possible_duplicates(registration: InterestRegistration) -> QuerySet[InterestRegistration]:
    """Other registrations, not merged, that may be the same team as this one."""
    if registration.merged_into_id is not None:
        return InterestRegistration.objects.none()
    return (
        InterestRegistration.objects.filter(
            merged_into__isnull=True,
            state=registration.state,
            learning_communities__registrations=registration,
        )
        .annotate(name_lower=Lower("jurisdiction_name"))
        .filter(name_lower=registration.jurisdiction_name.lower())
        .exclude(pk=registration.pk)
        .distinct()
        .select_related("assigned_to")
        .order_by("created_at", "pk")
    )


def registration_detail(pk: int) -> InterestRegistration | None:
    """One registration with what its staff page shows, fetched in a few queries."""
    return (
        InterestRegistration.objects.select_related("assigned_to", "merged_into", "jurisdiction")
        .prefetch_related(
            "learning_communities",
            Prefetch("members", queryset=ProposedMember.objects.order_by("position", "pk")),
            Prefetch(
                "follow_ups",
                queryset=FollowUp.objects.select_related("recorded_by").order_by(
                    "-created_at", "-pk"
                ),
            ),
            "merged_registrations",
        )
        .filter(pk=pk)
        .first()
    )


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class AuditEntry:
    when: object
    who: object
    kind: str  # "created", "changed" or "deleted"
    changes: list[FieldChange]


_AUDIT_IGNORED_FIELDS = {"updated_at", "created_at"}


def registration_audit_trail(
    registration: InterestRegistration, *, limit: int = 100
) -> list[AuditEntry]:
    """Who changed which field of the registration, newest first (from django-simple-history)."""
    from lcpa.accounts.models import User

    records = list(
        registration.history.select_related("history_user").order_by("-history_date", "-pk")[
            : limit + 1
        ]
    )
    records.reverse()  # oldest first, to diff neighbours
    assignee_ids = {r.assigned_to_id for r in records if r.assigned_to_id}
    names = {u.pk: str(u) for u in User.objects.filter(pk__in=assignee_ids)}
    model_fields = {f.name: f for f in InterestRegistration._meta.get_fields()}
    merged_ids = {r.merged_into_id for r in records if r.merged_into_id}

    def shown(field_name: str, record) -> str:
        field = model_fields[field_name]
        value = getattr(record, field.attname)
        if value in (None, ""):
            return "(empty)"
        if field_name == "assigned_to":
            return names.get(value, f"user {value}")
        if field_name == "merged_into" and value in merged_ids:
            return f"registration {value}"
        if getattr(field, "choices", None):
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(value, datetime):
            return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
        if isinstance(value, date):
            return value.isoformat()
        return str(value)

    entries: list[AuditEntry] = []
    for index, record in enumerate(records):
        if index == 0 and len(records) > limit:
            continue  # only the baseline for the next record's diff
        who = record.history_user
        if record.history_type == "+":
            entries.append(AuditEntry(record.history_date, who, "created", []))
            continue
        if record.history_type == "-":
            entries.append(AuditEntry(record.history_date, who, "deleted", []))
            continue
        previous = records[index - 1] if index > 0 else None
        if previous is None:
            entries.append(AuditEntry(record.history_date, who, "changed", []))
            continue
        delta = record.diff_against(previous, excluded_fields=_AUDIT_IGNORED_FIELDS)
        changes = [
            FieldChange(
                field=str(model_fields[change.field].verbose_name).capitalize(),
                old=shown(change.field, previous),
                new=shown(change.field, record),
            )
            for change in delta.changes
            if change.field in model_fields
        ]
        if changes:
            entries.append(AuditEntry(record.history_date, who, "changed", changes))
    entries.reverse()
    return entries


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


def status_counts() -> list[StatusCount]:
    """How many registrations (not merged) are in each status, in pipeline order."""
    counts = dict(
        InterestRegistration.objects.filter(merged_into__isnull=True)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return [StatusCount(value, label, counts.get(value, 0)) for value, label in Status.choices]


def overdue_registrations(*, today: date | None = None) -> QuerySet[InterestRegistration]:
    """Open registrations past their follow-up date, the longest overdue first."""
    today = today or office_today()
    return (
        InterestRegistration.objects.filter(overdue_q(today))
        .select_related("assigned_to")
        .order_by("follow_up_due_on", "created_at", "pk")
    )


def median_business_days_to_first_follow_up(
    calendar: BusinessCalendar | None = None,
) -> float | None:
    """Median business days from submission to the first follow-up (None when there is none)."""
    pairs = InterestRegistration.objects.filter(
        merged_into__isnull=True, first_followed_up_at__isnull=False
    ).values_list("created_at", "first_followed_up_at")
    calendar = calendar or business_calendar()
    days = [
        deadlines.business_days_between(office_date(submitted), office_date(followed), calendar)
        for submitted, followed in pairs.iterator(chunk_size=2000)
    ]
    return statistics.median(days) if days else None


def assigned_registrations(user: User) -> QuerySet[InterestRegistration]:
    """Open registrations assigned to one staff member, the soonest due first."""
    return InterestRegistration.objects.filter(open_q(), assigned_to=user).order_by(
        F("follow_up_due_on").asc(nulls_last=True), "created_at", "pk"
    )


def staff_members() -> QuerySet:
    from lcpa.accounts.models import User

    return User.objects.filter(role=User.Role.PROGRAM_STAFF, is_active=True).order_by(
        "full_name", "email"
    )


def recent_identical_follow_up(
    *,
    registration: InterestRegistration,
    by: User,
    kind: str,
    summary: str,
    status_to: str,
    seconds: int = 10,
) -> FollowUp | None:
    """The same follow-up by the same person in the last few seconds (a double click)."""
    since = timezone.now() - timedelta(seconds=seconds)
    return (
        FollowUp.objects.filter(
            registration=registration,
            recorded_by=by,
            kind=kind,
            summary=summary,
            status_to=status_to,
            created_at__gte=since,
        )
        .order_by("-created_at")
        .first()
    )


def member_emails(registration: InterestRegistration) -> list[str]:
    return list(
        dict.fromkeys(
            email.lower() for email in registration.members.values_list("email", flat=True)
        )
    )


# What the registrant sees on the private status page -----------------------------------------


@dataclass(frozen=True)
class RegistrantEvent:
    at: datetime
    what: str
    details: str = ""


_CONTACT_WORDS = {
    FollowUp.Kind.CALL: "Program staff phoned you.",
    FollowUp.Kind.MEETING: "Program staff met with you.",
}
_OUTCOME_WORDS = {
    Status.INVITED: "Your team was invited to join a cohort.",
    Status.ENROLLED: "Your team was enrolled in a cohort.",
    Status.WAITLISTED: "Your team was put on the waiting list.",
    Status.DECLINED: "The program could not offer your team a place this time.",
    Status.WITHDRAWN: "The registration was withdrawn.",
}


def _email_subject(summary: str) -> str:
    """A logged staff email's subject (registration_email_send logs "Subject: ..." first)."""
    first = summary.split("\n", 1)[0]
    return first.removeprefix("Subject: ") if first.startswith("Subject: ") else ""


def registrant_timeline(registration: InterestRegistration) -> list[RegistrantEvent]:
    """What happened to the registration that concerns the registrant, newest first: sent,
    contacted, emailed (the subject), invited, enrolled or another outcome, and their own
    changes to the members. Staff summaries of calls, meetings and notes stay out: they are
    written for staff."""
    events = [RegistrantEvent(registration.created_at, "You registered your team's interest.")]
    for follow_up in registration.follow_ups.order_by("created_at", "pk"):
        if follow_up.kind == FollowUp.Kind.EMAIL:
            subject = _email_subject(follow_up.summary)
            events.append(
                RegistrantEvent(
                    follow_up.created_at,
                    "Program staff emailed the primary contact.",
                    f"Subject: {subject}" if subject else "",
                )
            )
        elif follow_up.kind in _CONTACT_WORDS:
            events.append(RegistrantEvent(follow_up.created_at, _CONTACT_WORDS[follow_up.kind]))
        if follow_up.status_to != follow_up.status_from and follow_up.status_to in _OUTCOME_WORDS:
            events.append(
                RegistrantEvent(follow_up.created_at, _OUTCOME_WORDS[follow_up.status_to])
            )
    for change in registration.member_changes.all():
        events.append(
            RegistrantEvent(change.created_at, "You changed the team's members.", change.summary)
        )
    events.sort(key=lambda event: event.at, reverse=True)
    return events


def follow_ups_due_by_staff(*, today: date) -> list[tuple[User, list[InterestRegistration]]]:
    """Active staff members with open registrations assigned to them whose follow-up is due by
    today, each with those registrations (the longest overdue first). Two queries."""
    from lcpa.accounts.models import User

    due = list(
        InterestRegistration.objects.filter(
            open_q(),
            follow_up_due_on__lte=today,
            assigned_to__role=User.Role.PROGRAM_STAFF,
            assigned_to__is_active=True,
        )
        .only("pk", "jurisdiction_name", "state", "status", "follow_up_due_on", "assigned_to_id")
        .order_by("follow_up_due_on", "created_at", "pk")
    )
    by_staff: dict[int, list[InterestRegistration]] = defaultdict(list)
    for registration in due:
        by_staff[registration.assigned_to_id].append(registration)
    staff = User.objects.filter(pk__in=by_staff).order_by("pk")
    return [(member, by_staff[member.pk]) for member in staff]
