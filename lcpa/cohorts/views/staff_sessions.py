"""Staff pages for one session: taking attendance (bulk by team, corrections with a reason and
their history) and the results of the feedback survey. Program staff only."""

from django.db.models import Avg, Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from lcpa.accounts.decorators import staff_required
from lcpa.cohorts import queries, services
from lcpa.cohorts.access import feedback_for_staff, get_session_for_user
from lcpa.cohorts.forms_staff import AttendanceForm
from lcpa.cohorts.models import Session
from lcpa.core.forms import add_service_error
from lcpa.core.notes import note_saved
from lcpa.core.text import counted

USEFULNESS_LABELS = {
    1: "Not useful",
    2: "A little useful",
    3: "Fairly useful",
    4: "Very useful",
    5: "Extremely useful",
}


def _attendance_page(
    request: HttpRequest, session: Session, form: AttendanceForm | None, *, status: int = 200
) -> HttpResponse:
    teams = queries.cohort_teams_with_active_members(session.cohort_id)
    existing = dict(session.attendance.values_list("membership_id", "status"))
    memberships = [m for team in teams for m in team.active_members]
    if form is None:
        form = AttendanceForm(memberships=memberships, initial_marks=existing)
    groups = [
        {
            "team": team,
            "rows": [
                {
                    "membership": m,
                    "field": form.status_field(m),
                    "recorded": existing.get(m.pk),
                }
                for m in team.active_members
            ],
        }
        for team in teams
    ]
    return render(
        request,
        "cohorts/staff/attendance.html",
        {
            "session": session,
            "cohort": session.cohort,
            "form": form,
            "groups": groups,
            "started": session.starts_at <= timezone.now(),
            "corrections": queries.attendance_corrections(session),
            "forms_with_errors": [form] if form.errors else [],
            "staff_nav": "sessions",
        },
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def attendance_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request.user, pk)
    if request.method == "GET":
        return _attendance_page(request, session, None)
    memberships = queries.cohort_active_memberships(session.cohort_id)
    existing = dict(session.attendance.values_list("membership_id", "status"))
    form = AttendanceForm(request.POST, memberships=memberships, initial_marks=existing)
    if form.is_valid():
        team_ids = {m.team_id for m in memberships}
        try:
            bulk = int(request.POST.get("team_present", ""))
        except ValueError:
            bulk = None
        marks = form.marks(everyone_present_in_team=bulk if bulk in team_ids else None)
        if session.starts_at > timezone.now():
            form.add_error(None, "Attendance can be taken once the session has started.")
        elif not marks:
            form.add_error(None, "Choose present, absent or excused for at least one member.")
        else:
            try:
                services.attendance_record(
                    session=session,
                    marks=marks,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except services.CohortError as error:
                add_service_error(form, error, field="reason")
            else:
                changed = sum(1 for pk, value in marks.items() if existing.get(pk) != value)
                note_saved(
                    request,
                    f"Attendance saved: {counted(changed, 'mark')} changed.",
                )
                return redirect("cohorts:staff_attendance", pk=session.pk)
    return _attendance_page(request, session, form, status=400)


@staff_required
@require_GET
def feedback_results(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request.user, pk)
    feedback = feedback_for_staff(request.user, session)
    summary = feedback.aggregate(count=Count("pk"), average=Avg("usefulness"))
    counts = dict(
        feedback.order_by()
        .values("usefulness")
        .annotate(n=Count("pk"))
        .values_list("usefulness", "n")
    )
    total = summary["count"] or 0
    distribution = [
        {
            "score": score,
            "label": label,
            "count": counts.get(score, 0),
            "percent": round(100 * counts.get(score, 0) / total) if total else 0,
        }
        for score, label in USEFULNESS_LABELS.items()
    ]
    comments = list(feedback.exclude(improve="").order_by("-created_at", "-pk"))
    return render(
        request,
        "cohorts/staff/feedback.html",
        {
            "session": session,
            "cohort": session.cohort,
            "count": total,
            "average": summary["average"],
            "distribution": distribution,
            "comments": comments,
            "staff_nav": "sessions",
        },
    )
