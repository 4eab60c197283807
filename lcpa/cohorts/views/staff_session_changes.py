"""Staff pages that change a scheduled session: its details, its time (members are emailed and
reminders follow), cancelling it with a reason, and deleting one scheduled by mistake (a
confirmation page first). Program staff only."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from lcpa.accounts.decorators import staff_required
from lcpa.cohorts import services
from lcpa.cohorts.access import get_session_for_user
from lcpa.cohorts.forms_staff import CancelSessionForm, SessionDetailsForm, SessionTimeForm
from lcpa.cohorts.models import Session
from lcpa.cohorts.views.staff_cohorts import zone_name
from lcpa.core.forms import add_service_error

CONFIRM = "yes"


def _page(
    request: HttpRequest,
    template: str,
    session: Session,
    *,
    form=None,
    status: int = 200,
    **extra,
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "session": session,
            "cohort": session.cohort,
            "form": form,
            "forms_with_errors": [form] if form is not None and form.errors else [],
            "staff_nav": "cohorts",
            **extra,
        },
        status=status,
    )


def _cancelled(request: HttpRequest, session: Session) -> HttpResponse | None:
    if session.is_cancelled:
        messages.info(request, f"“{session.title}” was cancelled, so it can no longer change.")
        return redirect("cohorts:staff_cohort", pk=session.cohort_id)
    return None


@staff_required
@require_http_methods(["GET", "POST"])
def session_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request.user, pk)
    if (answer := _cancelled(request, session)) is not None:
        return answer
    if request.method == "GET":
        form = SessionDetailsForm(
            cohort=session.cohort,
            initial={
                "module": session.module.number,
                "title": session.title,
                "meeting_url": session.meeting_url,
                "agenda": session.agenda,
                "facilitators": list(session.facilitators.all()),
                "presenters": list(session.presenters.all()),
            },
        )
        return _page(request, "cohorts/staff/session_edit.html", session, form=form)
    form = SessionDetailsForm(request.POST, cohort=session.cohort)
    if form.is_valid():
        try:
            services.session_update(session=session, by=request.user, **form.cleaned_data)
        except services.CohortError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"“{session.title}” is saved.")
            return redirect("cohorts:staff_cohort", pk=session.cohort_id)
    return _page(request, "cohorts/staff/session_edit.html", session, form=form, status=400)


@staff_required
@require_http_methods(["GET", "POST"])
def session_reschedule_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request.user, pk)
    if (answer := _cancelled(request, session)) is not None:
        return answer
    zone = zone_name(request)
    if request.method == "GET":
        form = SessionTimeForm(
            zone=zone, initial=SessionTimeForm.initial_for(session.starts_at, session.ends_at, zone)
        )
        return _page(request, "cohorts/staff/session_reschedule.html", session, form=form)
    form = SessionTimeForm(request.POST, zone=zone, future_only=True)
    if form.is_valid():
        try:
            services.session_reschedule(
                session=session,
                starts_at=form.cleaned_data["starts_at"],
                ends_at=form.cleaned_data["ends_at"],
                by=request.user,
            )
        except services.CohortError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                f"“{session.title}” has its new time. Members were emailed the old and new time "
                "with an updated calendar file, and their reminders follow the new time.",
            )
            return redirect("cohorts:staff_cohort", pk=session.cohort_id)
    return _page(request, "cohorts/staff/session_reschedule.html", session, form=form, status=400)


@staff_required
@require_http_methods(["GET", "POST"])
def session_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request.user, pk)
    if (answer := _cancelled(request, session)) is not None:
        return answer
    form = CancelSessionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_cancel(
                session=session, reason=form.cleaned_data["reason"], by=request.user
            )
        except services.CohortError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                f"“{session.title}” is cancelled. Members were emailed the reason, and their "
                "reminders will not be sent.",
            )
            return redirect("cohorts:staff_cohort", pk=session.cohort_id)
    return _page(
        request,
        "cohorts/staff/session_cancel.html",
        session,
        form=form,
        status=400 if form.is_bound else 200,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def session_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request.user, pk)
    refusal = services.session_delete_refusal(session)
    error = None
    if request.method == "POST" and refusal is None:
        if request.POST.get("confirm") == CONFIRM:
            cohort_id, title = session.cohort_id, session.title
            services.session_delete(session=session, by=request.user)
            messages.success(request, f"“{title}” is deleted.")
            return redirect("cohorts:staff_cohort", pk=cohort_id)
        error = "Nothing was deleted: use the “Delete the session” button to confirm."
    return _page(
        request,
        "cohorts/staff/session_delete.html",
        session,
        refusal=refusal,
        error=error,
        status=400 if request.method == "POST" else 200,
    )
