"""Staff pages for cohorts: the list, a new cohort, editing one, the cohort dashboard, its change
history, scheduling a session and the cohort's attendance as CSV. Program staff only (others
get 404, visitors sign in)."""

import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from lcpa.accounts.decorators import staff_required
from lcpa.cohorts import dashboard as reads
from lcpa.cohorts import queries, services
from lcpa.cohorts.access import get_cohort_for_user
from lcpa.cohorts.forms_staff import CohortEditForm, CohortForm, SessionForm
from lcpa.cohorts.history import cohort_history
from lcpa.core.csv import SafeWriter
from lcpa.core.forms import add_service_error


def zone_name(request: HttpRequest) -> str:
    return request.user.time_zone or timezone.get_default_timezone_name()


@staff_required
@require_GET
def cohort_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "cohorts/staff/cohort_list.html",
        {"cohorts": list(reads.cohorts_overview()), "staff_nav": "cohorts"},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def cohort_create_view(request: HttpRequest) -> HttpResponse:
    form = CohortForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        cohort = services.cohort_create(
            learning_community=data["learning_community"],
            name=data["name"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            capacity=data["capacity"],
            facilitators=data["facilitators"],
            experts=data["experts"],
            ta_providers=data["ta_providers"],
        )
        messages.success(request, f"{cohort.name} is ready, with its own copy of the modules.")
        return redirect("cohorts:staff_cohort", pk=cohort.pk)
    return render(
        request,
        "cohorts/staff/cohort_form.html",
        {"form": form, "forms_with_errors": [form] if form.errors else [], "staff_nav": "cohorts"},
        status=400 if form.is_bound else 200,
    )


@staff_required
@require_GET
def cohort_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = get_cohort_for_user(request.user, pk)
    dashboard = reads.cohort_dashboard(cohort)
    return render(
        request,
        "cohorts/staff/dashboard.html",
        {
            "cohort": cohort,
            "dashboard": dashboard,
            "learning_community": cohort.learning_community,
            "late_days": reads.LATE_GRACE.days,
            "quiet_days": reads.QUIET_DAYS,
            "missed": reads.MISSED_IN_A_ROW,
            "staff_nav": "cohorts",
        },
    )


HISTORY_PAGE_SIZE = 50


@staff_required
@require_GET
def cohort_history_view(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = get_cohort_for_user(request.user, pk)
    page = Paginator(cohort_history(cohort), HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cohorts/staff/history.html",
        {
            "cohort": cohort,
            "page": page,
            "page_range": page.paginator.get_elided_page_range(
                page.number, on_each_side=2, on_ends=1
            ),
            "staff_nav": "cohorts",
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def session_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = get_cohort_for_user(request.user, pk)
    form = SessionForm(
        request.POST if request.method == "POST" else None, cohort=cohort, zone=zone_name(request)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.session_schedule(
                by=request.user,
                module=data["module"],
                title=data["title"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                meeting_url=data["meeting_url"],
                agenda=data["agenda"],
                facilitators=data["facilitators"],
                presenters=data["presenters"],
            )
        except services.CohortError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                f"“{session.title}” is scheduled. Members get reminders two days and one hour "
                "before.",
            )
            return redirect("cohorts:staff_cohort", pk=cohort.pk)
    return render(
        request,
        "cohorts/staff/session_form.html",
        {
            "cohort": cohort,
            "form": form,
            "forms_with_errors": [form] if form.errors else [],
            "staff_nav": "cohorts",
        },
        status=400 if form.is_bound else 200,
    )


@staff_required
@require_GET
def cohort_attendance_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """Every attendance mark of the cohort: session, date, team, member, status, reason."""
    cohort = get_cohort_for_user(request.user, pk)
    rows = queries.cohort_attendance_rows(cohort)
    buffer = io.StringIO()
    writer = SafeWriter(buffer)
    writer.writerow(["session", "date", "team", "member", "email", "status", "correction_reason"])
    for row in rows:
        member = row.membership.user
        writer.writerow(
            [
                row.session.title,
                timezone.localtime(row.session.starts_at).strftime("%Y-%m-%d %H:%M %Z"),
                row.membership.team.name,
                member.get_full_name(),
                member.email,
                row.get_status_display(),
                row.correction_reason,
            ]
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cohort-{cohort.pk}-attendance.csv"'
    return response


@staff_required
@require_http_methods(["GET", "POST"])
def cohort_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = get_cohort_for_user(request.user, pk)
    if request.method == "GET":
        form = CohortEditForm(cohort=cohort, initial=CohortEditForm.initial_for(cohort))
    else:
        form = CohortEditForm(request.POST, cohort=cohort)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.cohort_update(
                    cohort=cohort,
                    by=request.user,
                    name=data["name"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    capacity=data["capacity"],
                    facilitators=data["facilitators"],
                    experts=data["experts"],
                    ta_providers=data["ta_providers"],
                    due_dates=form.due_dates(),
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, f"{cohort.name} is saved.")
                return redirect("cohorts:staff_cohort", pk=cohort.pk)
    return render(
        request,
        "cohorts/staff/cohort_edit.html",
        {
            "cohort": cohort,
            "form": form,
            "forms_with_errors": [form] if form.errors else [],
            "staff_nav": "cohorts",
        },
        status=400 if form.is_bound else 200,
    )
