"""A cohort's change history for staff, read from django-simple-history's records: the cohort's
dates and people, its modules' due dates, sessions (moved, cancelled, deleted), teams (enrolled,
unenrolled), invitations (sent, withdrawn) and team members. Each entry says who made the change,
when, and each field's old and new value in plain words; deleted rows keep their last record.

The whole history of the cohort is read in a fixed number of queries (one per kind of record, one
per people list, one for the names of the people it mentions), whatever its length.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Model, Q
from django.utils import timezone

from lcpa.accounts.models import User
from lcpa.cohorts.models import Cohort, CohortModule, Invitation, Membership, Session, Team

# Bookkeeping, long texts and what staff never set by hand.
_IGNORED = {
    "id",
    "created_at",
    "updated_at",
    "sequence",
    "sent_count",
    "prompts",
    "aims",
    "guidance",
    "agenda",
    "notes",
    "cohort",
    "team",
    "learning_community",
    "jurisdiction",
}
_LABELS = {"ta_providers": "TA providers", "starts_at": "Starts", "ends_at": "Ends"}
ACTIONS = {"+": "added", "~": "changed", "-": "deleted"}


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class Entry:
    when: datetime
    who: User | None
    kind: str  # what changed: "Session", "Team", ...
    subject: str  # which one: the session's title, the team's name, ...
    action: str  # "added", "changed" or "deleted"
    changes: list[Change] = field(default_factory=list)


@dataclass(frozen=True)
class _Source:
    model: type[Model]
    kind: str
    subject: Callable[[Model, dict[int, str]], str]
    rows: Callable[[int], Q]
    people: tuple[str, ...] = ()  # many-to-many fields kept in the history


def _team_ids(pk: int):
    return Team.history.filter(cohort_id=pk).values("id")


SOURCES = [
    _Source(
        Cohort,
        "Cohort",
        lambda r, names: r.name,
        lambda pk: Q(id=pk),
        ("facilitators", "experts", "ta_providers"),
    ),
    _Source(
        CohortModule,
        "Module",
        lambda r, names: f"Module {r.number}: {r.title}",
        lambda pk: Q(cohort_id=pk),
    ),
    _Source(
        Session,
        "Session",
        lambda r, names: r.title,
        lambda pk: Q(cohort_id=pk),
        ("facilitators", "presenters"),
    ),
    _Source(Team, "Team", lambda r, names: r.name, lambda pk: Q(cohort_id=pk)),
    _Source(
        Invitation,
        "Invitation",
        lambda r, names: f"{r.full_name} ({r.email})",
        lambda pk: Q(team_id__in=_team_ids(pk)),
    ),
    _Source(
        Membership,
        "Team member",
        lambda r, names: names.get(r.user_id, f"user {r.user_id}"),
        lambda pk: Q(team_id__in=_team_ids(pk)),
    ),
]


def _fields(model: type[Model]) -> list:
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in _IGNORED and (not f.is_relation or f.related_model in (User, CohortModule))
    ]


def _label(model_field) -> str:
    return _LABELS.get(model_field.name) or str(model_field.verbose_name).capitalize()


def _people_lists(source: _Source, records: list) -> dict[tuple[int, str], frozenset[int]]:
    """For each record and people field, the ids of the people it held then."""
    held: dict[tuple[int, str], frozenset[int]] = {}
    history_model = source.model.history.model
    ids = [r.history_id for r in records]
    for name in source.people:
        through = history_model._meta.get_field(
            f"{history_model.__name__.lower()}_{name}"
        ).related_model
        person = next(
            f.attname
            for f in through._meta.fields
            if f.is_relation and f.related_model is User and f.name != "history"
        )
        found: dict[int, set[int]] = defaultdict(set)
        for history_id, user_id in through.objects.filter(history_id__in=ids).values_list(
            "history_id", person
        ):
            found[history_id].add(user_id)
        for record in records:
            held[(record.history_id, name)] = frozenset(found[record.history_id])
    return held


def _shown(model_field, value, names: dict[int, str], modules: dict[int, str]) -> str:
    if value in (None, ""):
        return "(empty)"
    if model_field.is_relation:
        lookup = names if model_field.related_model is User else modules
        return lookup.get(value, f"#{value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        moment = timezone.localtime(value)
        return f"{moment:%b} {moment.day}, {moment.year} {moment:%H:%M}"
    if isinstance(value, date):
        return f"{value:%b} {value.day}, {value.year}"
    return str(value)


def _people_shown(ids: frozenset[int], names: dict[int, str]) -> str:
    return ", ".join(sorted(names.get(pk, f"user {pk}") for pk in ids)) or "(nobody)"


def cohort_history(cohort: Cohort) -> list[Entry]:
    """Every recorded change to the cohort and what hangs off it, newest first."""
    read = []
    for source in SOURCES:
        records = list(
            source.model.history.filter(source.rows(cohort.pk))
            .select_related("history_user")
            .order_by("history_id")  # the order they were written in
        )
        read.append((source, records, _people_lists(source, records)))
    user_ids = {
        value
        for source, records, held in read
        for record in records
        for f in _fields(source.model)
        if f.is_relation and f.related_model is User and (value := getattr(record, f.attname))
    }
    user_ids |= {pk for _, _, held in read for ids in held.values() for pk in ids}
    user_ids |= {
        r.user_id for source, records, _ in read if source.model is Membership for r in records
    }
    names = {user.pk: str(user) for user in User.objects.filter(pk__in=user_ids)}
    modules = {
        record.id: f"Module {record.number}: {record.title}"
        for source, records, _ in read
        if source.model is CohortModule
        for record in records
    }
    entries = []
    for source, records, held in read:
        entries += _entries(source, records, held, names, modules)
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def _entries(source: _Source, records: list, held, names, modules) -> list[Entry]:
    fields = _fields(source.model)
    entries = []
    previous: dict[int, object] = {}
    for record in records:
        before = previous.get(record.id)
        previous[record.id] = record
        action = ACTIONS[record.history_type]
        changes = []
        if record.history_type == "~" and before is not None:
            for f in fields:
                old, new = getattr(before, f.attname), getattr(record, f.attname)
                if old != new:
                    changes.append(
                        Change(
                            _label(f),
                            _shown(f, old, names, modules),
                            _shown(f, new, names, modules),
                        )
                    )
            for name in source.people:
                old, new = held[(before.history_id, name)], held[(record.history_id, name)]
                if old != new:
                    label = _LABELS.get(name) or name.replace("_", " ").capitalize()
                    changes.append(
                        Change(label, _people_shown(old, names), _people_shown(new, names))
                    )
            if not changes:
                continue  # saved without a change staff would see
        entries.append(
            Entry(
                when=record.history_date,
                who=record.history_user,
                kind=source.kind,
                subject=source.subject(record, names),
                action=action,
                changes=changes,
            )
        )
    return entries
