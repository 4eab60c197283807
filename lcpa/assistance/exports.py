"""TA requests as CSV for staff: one row per request, with its targets and satisfaction."""

import io
import zoneinfo

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.utils import timezone

from lcpa.assistance.models import TARequest, TASurvey
from lcpa.assistance.targets import target_statuses
from lcpa.core.business_calendar import BusinessCalendar
from lcpa.core.csv import SafeWriter

HEADER = [
    "id",
    "opened_at",
    "team",
    "cohort",
    "category",
    "urgency",
    "status",
    "assigned_to",
    "first_response_at",
    "first_response_business_hours",
    "first_response_target_hours",
    "first_response_state",
    "resolved_at",
    "resolution_business_hours",
    "resolution_target_hours",
    "resolution_state",
    "paused_business_hours",
    "resolved_by",
    "satisfaction_rating",
]


def _when(moment) -> str:
    if moment is None:
        return ""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return timezone.localtime(moment, zone).strftime("%Y-%m-%d %H:%M")


def _hours(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def request_rows(requests: QuerySet[TARequest], calendar: BusinessCalendar) -> list[list]:
    now = timezone.now()
    rows = []
    surveys = Prefetch("surveys", queryset=TASurvey.objects.order_by("-pk"), to_attr="newest")
    for r in (
        requests.select_related("team__cohort", "assigned_to", "resolved_by")
        .prefetch_related(surveys)
        .order_by("created_at", "pk")
    ):
        first, resolution = target_statuses(r, calendar, now)
        rating = next((s.rating for s in r.newest if s.rating is not None), None)
        rows.append(
            [
                r.pk,
                _when(r.created_at),
                r.team.name,
                r.team.cohort.name,
                r.get_category_display(),
                r.get_urgency_display(),
                r.get_status_display(),
                str(r.assigned_to) if r.assigned_to else "",
                _when(r.first_response_at),
                _hours(r.first_response_hours),
                first.hours,
                first.state_label,
                _when(r.resolved_at),
                _hours(r.resolution_hours),
                resolution.hours,
                resolution.state_label,
                _hours(r.paused_hours),
                str(r.resolved_by) if r.resolved_by else "",
                rating,
            ]
        )
    return rows


def requests_csv_response(
    requests: QuerySet[TARequest], calendar: BusinessCalendar
) -> HttpResponse:
    buffer = io.StringIO()
    writer = SafeWriter(buffer)
    writer.writerow(HEADER)
    for row in request_rows(requests, calendar):
        writer.writerow(row)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ta-requests.csv"'
    return response
