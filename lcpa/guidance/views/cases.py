"""Implementation cases: the team's form, the case page, staff review and scheduling, experts'
recommendations and the team's report back."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lcpa.accounts.decorators import staff_required
from lcpa.accounts.roles import is_program_staff
from lcpa.cohorts.access import get_team_for_user
from lcpa.cohorts.uploads import upload_response
from lcpa.core.forms import add_service_error
from lcpa.guidance import queries, services
from lcpa.guidance.access import (
    get_case_file,
    get_case_for_expert,
    get_case_for_staff,
    get_case_for_team,
    get_case_for_user,
    get_recommendation_for_planning,
    is_team_member,
    plans_from_recommendations,
    writes_recommendations,
)
from lcpa.guidance.forms import (
    CaseForm,
    CaseTextForm,
    RecommendationForm,
    ReportBackForm,
    ReviewForm,
    ScheduleForm,
    StepForm,
)
from lcpa.guidance.models import ImplementationCase


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def case_new(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_team_for_user(request.user, team_id, write=True)
    form = CaseForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = services.case_submit(
            submission_key=data["submission_key"],
            team=team,
            by=request.user,
            title=data["title"],
            context=data["context"],
            tried=data["tried"],
            question=data["question"],
            files=data["files"],
        )
        messages.success(request, "Your case is sent. Program staff will review it first.")
        return redirect("guidance:case", pk=case.pk)
    return render(
        request,
        "guidance/case_new.html",
        {"team": team, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_team(request.user, pk)
    if case.status != ImplementationCase.Status.RETURNED:
        messages.error(request, "Only a case returned to your team can be rewritten.")
        return redirect("guidance:case", pk=case.pk)
    initial = {name: getattr(case, name) for name in ("title", "context", "tried", "question")}
    form = CaseTextForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_revise(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Your case is sent again. Program staff will review it.")
            return redirect("guidance:case", pk=case.pk)
    return render(
        request,
        "guidance/case_edit.html",
        {"case": case, "team": case.team, "form": form},
        status=400 if form.is_bound else 200,
    )


def _step_form(recommendation, members, data=None) -> StepForm:
    return StepForm(
        data,
        prefix=f"step-{recommendation.pk}",
        members=members,
        initial={"title": recommendation.body.strip().splitlines()[0][:200]},
    )


def _recommendations(request: HttpRequest, case: ImplementationCase, invalid: StepForm | None):
    """Each recommendation, with the form to turn it into a step when the user plans for the
    team and it is not a step yet."""
    plans = plans_from_recommendations(request.user, case)
    members = queries.team_members(case.team)
    rows = []
    for recommendation in queries.case_recommendations(case):
        form = None
        if plans and recommendation.action_step is None:
            form = invalid if invalid and invalid.prefix.endswith(f"-{recommendation.pk}") else None
            form = form or _step_form(recommendation, members)
        rows.append((recommendation, form))
    return rows


def _case(request: HttpRequest, case: ImplementationCase, *, status: int = 200, **forms):
    staff = is_program_staff(request.user)
    Status = ImplementationCase.Status
    context = {
        "case": case,
        "files": case.files.all(),
        "recommendations": _recommendations(request, case, forms.get("step_form")),
        "staff": staff,
        "review_form": forms.get("review_form") or ReviewForm(),
        "schedule_form": forms.get("schedule_form")
        or ScheduleForm(
            sessions=queries.schedulable_sessions(case),
            initial={"session": case.session_id, "follow_up_on": case.follow_up_on},
        ),
        "can_recommend": writes_recommendations(request.user, case),
        "recommendation_form": forms.get("recommendation_form") or RecommendationForm(),
        "can_report": case.status == Status.SCHEDULED and is_team_member(request.user, case.team),
        "can_rewrite": case.status == Status.RETURNED and is_team_member(request.user, case.team),
        "report_form": forms.get("report_form")
        or ReportBackForm(initial={"report": case.report_back}),
        "invalid_form": next(iter(forms.values()), None),
    }
    return render(request, "guidance/case.html", context, status=status)


@login_required
@require_GET
def case(request: HttpRequest, pk: int) -> HttpResponse:
    return _case(request, get_case_for_user(request.user, pk))


@login_required
@require_GET
def case_file(request: HttpRequest, pk: int, file_id: int) -> FileResponse:
    stored = get_case_file(get_case_for_user(request.user, pk), file_id)
    return upload_response(
        stored.file, original_name=stored.original_name, content_type=stored.content_type
    )


@staff_required
@require_POST
def case_review(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_staff(request.user, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.case_review(
                case=case,
                by=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Your review is saved and the team is told.")
            return redirect("guidance:case", pk=case.pk)
    return _case(request, case, review_form=form, status=400)


@staff_required
@require_POST
def case_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_staff(request.user, pk)
    form = ScheduleForm(request.POST, sessions=queries.schedulable_sessions(case))
    if form.is_valid():
        try:
            services.case_schedule(
                case=case,
                by=request.user,
                session=form.cleaned_data["session"],
                follow_up_on=form.cleaned_data["follow_up_on"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The case is scheduled; the team and experts are told.")
            return redirect("guidance:case", pk=case.pk)
    return _case(request, case, schedule_form=form, status=400)


@login_required
@require_POST
def recommendation_post(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_expert(request.user, pk)
    form = RecommendationForm(request.POST)
    if form.is_valid():
        try:
            services.recommendation_post(
                submission_key=form.cleaned_data["submission_key"],
                case=case,
                by=request.user,
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Your recommendation is saved and the team is told.")
            return redirect("guidance:case", pk=case.pk)
    return _case(request, case, recommendation_form=form, status=400)


@login_required
@require_POST
def recommendation_step(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_recommendation_for_planning(request.user, pk)
    case = get_case_for_user(request.user, recommendation.case_id)
    form = _step_form(recommendation, queries.team_members(case.team), request.POST)
    if form.is_valid():
        data = form.cleaned_data
        services.recommendation_to_step(
            submission_key=data["submission_key"],
            recommendation=recommendation,
            by=request.user,
            title=data["title"],
            due_on=data["due_on"],
            owner=data["owner"],
        )
        messages.success(request, "The step is in your action plan.")
        return redirect("guidance:case", pk=case.pk)
    return _case(request, case, step_form=form, status=400)


@login_required
@require_POST
def case_report(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_team(request.user, pk)
    form = ReportBackForm(request.POST)
    if form.is_valid():
        try:
            services.case_report_back(
                case=case, by=request.user, report=form.cleaned_data["report"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Thank you. The experts can read what you did.")
            return redirect("guidance:case", pk=case.pk)
    return _case(request, case, report_form=form, status=400)


@staff_required
@require_GET
def staff_cases(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "guidance/staff_cases.html",
        {"staff_nav": "cases", "cases": queries.staff_cases()},
    )
