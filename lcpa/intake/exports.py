"""Registrations as CSV, for the staff pipeline export and the staff API.

`registrations_csv(queryset)` yields CSV text line by line (header first) so a view can stream
it: rows are read in chunks, each chunk costing a fixed number of queries. Cells go through
`lcpa.core.csv.SafeWriter`, so a registrant cannot plant a formula in staff spreadsheets.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, datetime

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import StreamingHttpResponse
from django.urls import reverse

from lcpa.core.csv import SafeWriter
from lcpa.intake.models import InterestRegistration, ProposedMember
from lcpa.intake.queries import (
    flag_possible_duplicates,
    is_overdue,
    office_date,
    office_today,
)

CHUNK_SIZE = 500

HEADER = [
    "id",
    "submitted_on",
    "jurisdiction",
    "state",
    "jurisdiction_kind",
    "population",
    "learning_communities",
    "stage",
    "preferred_start",
    "heard_from",
    "status",
    "assigned_to",
    "follow_up_due_on",
    "overdue",
    "first_followed_up_on",
    "last_followed_up_on",
    "possible_duplicate",
    "merged_into",
    "contact_name",
    "contact_email",
    "contact_phone",
    "member_count",
    "members",
    "goals",
    "staff_url",
]


def _date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return office_date(value).isoformat()
    return value.isoformat()


def _labels(model, field_name: str) -> dict[str, str]:
    """Choice labels by value (get_FOO_display() is slow over thousands of rows)."""
    return {
        str(value): str(label) for value, label in model._meta.get_field(field_name).flatchoices
    }


_REGISTRATION_LABELS = {
    name: _labels(InterestRegistration, name)
    for name in ["jurisdiction_kind", "stage", "preferred_start", "heard_from", "status"]
}
_MEMBER_LABELS = {name: _labels(ProposedMember, name) for name in ["role", "sector"]}


def _label(labels: dict[str, dict[str, str]], name: str, value: str) -> str:
    return labels[name].get(value, value)


def _member(member: ProposedMember) -> str:
    parts = [
        _label(_MEMBER_LABELS, "role", member.role),
        _label(_MEMBER_LABELS, "sector", member.sector),
        member.organisation,
    ]
    return f"{member.name} <{member.email}> ({', '.join(p for p in parts if p)})"


def _staff_url_prefix() -> str:
    return settings.SITE_URL + reverse("intake:staff_registration", args=[1]).removesuffix("1/")


def registration_row(
    registration: InterestRegistration, *, today: date, staff_url_prefix: str | None = None
) -> list[object]:
    """One registration as raw cell values in HEADER order (not yet made formula-safe)."""
    members = list(registration.members.all())
    prefix = staff_url_prefix or _staff_url_prefix()
    r = registration
    return [
        r.pk,
        _date(r.created_at),
        r.jurisdiction_name,
        r.state,
        _label(_REGISTRATION_LABELS, "jurisdiction_kind", r.jurisdiction_kind),
        r.population,
        "; ".join(c.name for c in r.learning_communities.all()),
        _label(_REGISTRATION_LABELS, "stage", r.stage),
        _label(_REGISTRATION_LABELS, "preferred_start", r.preferred_start),
        _label(_REGISTRATION_LABELS, "heard_from", r.heard_from),
        _label(_REGISTRATION_LABELS, "status", r.status),
        str(registration.assigned_to) if registration.assigned_to_id else "",
        _date(registration.follow_up_due_on),
        is_overdue(registration, today),
        _date(registration.first_followed_up_at),
        _date(registration.last_followed_up_at),
        getattr(registration, "possible_duplicate", False),
        registration.merged_into_id or "",
        registration.contact_name,
        registration.contact_email,
        registration.contact_phone,
        len(members),
        "; ".join(_member(m) for m in members),
        registration.goals,
        f"{prefix}{registration.pk}/",
    ]


class _Line:
    """A file-like object whose write() hands back what was written (for streaming CSV)."""

    def write(self, value: str) -> str:
        return value


def _chunks(queryset: QuerySet, size: int) -> Iterator[list[InterestRegistration]]:
    chunk: list[InterestRegistration] = []
    for registration in queryset.iterator(chunk_size=size):
        chunk.append(registration)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def registrations_csv(
    queryset: QuerySet[InterestRegistration], *, today: date | None = None
) -> Iterator[str]:
    """CSV lines (header first) for every registration in the queryset, in its order."""
    today = today or office_today()
    writer = SafeWriter(_Line())
    yield writer.writerow(HEADER)
    # Replace any prefetches the caller set (the same lookup twice with different querysets
    # is an error) with the ones the rows need.
    queryset = (
        queryset.select_related("assigned_to")
        .prefetch_related(None)
        .prefetch_related(
            "learning_communities",
            Prefetch("members", queryset=ProposedMember.objects.order_by("position", "pk")),
        )
    )
    prefix = _staff_url_prefix()
    for chunk in _chunks(queryset, CHUNK_SIZE):
        flag_possible_duplicates(chunk)
        for registration in chunk:
            row = registration_row(registration, today=today, staff_url_prefix=prefix)
            yield writer.writerow(row)


def registrations_csv_text(
    registrations: QuerySet[InterestRegistration], *, today: date | None = None
) -> str:
    """The whole CSV as one string (handy for small exports and tests)."""
    buffer = io.StringIO()
    for line in registrations_csv(registrations, today=today):
        buffer.write(line)
    return buffer.getvalue()


def registrations_csv_response(
    queryset: QuerySet[InterestRegistration],
    *,
    filename: str | None = None,
    today: date | None = None,
) -> StreamingHttpResponse:
    """A streaming CSV download of the registrations (every row, in the queryset's order)."""
    today = today or office_today()
    filename = filename or f"registrations-{today.isoformat()}.csv"
    response = StreamingHttpResponse(
        registrations_csv(queryset, today=today), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
