"""Pages about TA requests: a team's list and form, a TA provider's work, the staff queue, and
one request with its conversation and the forms to reply, assign and change its status."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lcpa.accounts.decorators import staff_required
from lcpa.accounts.roles import is_program_staff, is_ta_provider
from lcpa.assistance import queries, services
from lcpa.assistance.access import (
    get_survey_by_token,
    get_ta_file,
    get_ta_request_for_requester,
    get_ta_request_for_user,
    get_team_for_requests,
    ta_requests_for_user,
    ta_requests_worked_by,
    team_ta_requests,
    works_on,
)
from lcpa.assistance.dashboard import ta_dashboard
from lcpa.assistance.exports import requests_csv_response
from lcpa.assistance.forms import (
    AssignForm,
    ConnectForm,
    MessageForm,
    QueueFilterForm,
    RequestOpenForm,
    StatusForm,
    SurveyForm,
)
from lcpa.assistance.models import TARequest
from lcpa.assistance.peers import peer_suggestions
from lcpa.assistance.targets import mark_targets, target_hours, target_statuses
from lcpa.cohorts.access import active_membership, cohorts_served_by, get_team_for_user
from lcpa.cohorts.uploads import upload_response
from lcpa.core.business_calendar import business_calendar
from lcpa.core.forms import add_service_error


@login_required
@require_GET
def team_requests(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_team_for_requests(request.user, team_id)
    return render(
        request,
        "assistance/team_requests.html",
        {
            "team": team,
            "requests": mark_targets(
                queries.request_rows(team_ta_requests(request.user, team)), business_calendar()
            ),
            "can_open": active_membership(request.user, team) is not None
            or is_program_staff(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def request_open(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_team_for_user(request.user, team_id, write=True)
    modules = queries.team_modules(team)
    form = RequestOpenForm(
        request.POST or None,
        request.FILES or None,
        modules=modules,
        measures=queries.team_measures(team),
    )
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                ta_request = services.ta_request_open(
                    submission_key=data["submission_key"],
                    team=team,
                    by=request.user,
                    category=data["category"],
                    urgency=data["urgency"],
                    title=data["title"],
                    description=data["description"],
                    module=data["module"],
                    files=data["files"],
                    measure=data["measure"],
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, "Your request is sent. You will get an email reply.")
                return redirect("assistance:request", pk=ta_request.pk)
        return render(
            request, "assistance/request_open.html", {"team": team, "form": form}, status=400
        )
    return render(request, "assistance/request_open.html", {"team": team, "form": form})


@login_required
@require_GET
def my_requests(request: HttpRequest) -> HttpResponse:
    if not (is_ta_provider(request.user) or is_program_staff(request.user)):
        raise Http404
    calendar = business_calendar()
    work = queries.provider_requests(request.user, ta_requests_worked_by(request.user))
    return render(
        request,
        "assistance/my_requests.html",
        {
            **{key: mark_targets(rows, calendar) for key, rows in work.items()},
            "teams": queries.served_teams(cohorts_served_by(request.user))
            if is_ta_provider(request.user)
            else None,
        },
    )


@staff_required
@require_GET
def staff_queue(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET, cohorts=cohorts_served_by(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    return render(
        request,
        "assistance/staff_queue.html",
        {
            "staff_nav": "ta_requests",
            "form": form,
            "requests": mark_targets(
                queries.staff_queue(
                    ta_requests_for_user(request.user),
                    status=filters.get("status", ""),
                    cohort=filters.get("cohort"),
                ),
                business_calendar(),
            ),
        },
    )


@staff_required
@require_GET
def staff_dashboard(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "assistance/staff_dashboard.html",
        {
            "staff_nav": "ta_requests",
            "board": ta_dashboard(
                ta_requests_for_user(request.user),
                queries.surveys_sent(),
                business_calendar(),
            ),
            "targets": [
                (label, target_hours(value, "first_response"), target_hours(value, "resolution"))
                for value, label in TARequest.Urgency.choices
            ],
        },
    )


@staff_required
@require_GET
def staff_export(request: HttpRequest) -> HttpResponse:
    return requests_csv_response(ta_requests_for_user(request.user), business_calendar())


def _detail(
    request: HttpRequest,
    ta_request: TARequest,
    *,
    message_form: MessageForm | None = None,
    assign_form: AssignForm | None = None,
    status_form: StatusForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_work = works_on(request.user, ta_request)
    staff = is_program_staff(request.user)
    people = queries.assignable_people(ta_request)
    on_team = active_membership(request.user, ta_request.team) is not None
    return render(
        request,
        "assistance/request.html",
        {
            "ta_request": ta_request,
            "targets": target_statuses(ta_request, business_calendar()),
            "business_hours": f"{settings.BUSINESS_DAY_START} to {settings.BUSINESS_DAY_END}",
            "conversation": queries.conversation(ta_request),
            "request_files": queries.request_files(ta_request),
            "message_form": message_form or MessageForm(),
            "can_work": can_work,
            "assign_form": assign_form
            or AssignForm(initial={"assignee": ta_request.assigned_to_id}, people=people),
            "status_form": status_form or StatusForm(initial={"status": ta_request.status}),
            "invalid_form": next(
                (form for form in (message_form, assign_form, status_form) if form is not None),
                None,
            ),
            "can_reopen": on_team and services.can_reopen(ta_request),
            "connections": queries.connections(ta_request),
            "suggestions": peer_suggestions(ta_request) if staff else None,
            "reopen_deadline": services.reopen_deadline(ta_request),
        },
        status=status,
    )


@login_required
@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_ta_request_for_user(request.user, pk))


@login_required
@require_POST
def message_post(request: HttpRequest, pk: int) -> HttpResponse:
    ta_request = get_ta_request_for_user(request.user, pk)
    form = MessageForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, ta_request, message_form=form, status=400)
    services.ta_message_post(
        submission_key=form.cleaned_data["submission_key"],
        request=ta_request,
        by=request.user,
        body=form.cleaned_data["body"],
        from_team=not works_on(request.user, ta_request),
        files=form.cleaned_data["files"],
    )
    messages.success(request, "Your reply is posted.")
    return redirect("assistance:request", pk=ta_request.pk)


@login_required
@require_GET
def request_file(request: HttpRequest, pk: int, file_id: int) -> FileResponse:
    stored = get_ta_file(get_ta_request_for_user(request.user, pk), file_id)
    return upload_response(
        stored.file, original_name=stored.original_name, content_type=stored.content_type
    )


@login_required
@require_POST
def request_assign(request: HttpRequest, pk: int) -> HttpResponse:
    ta_request = get_ta_request_for_user(request.user, pk, write=True)
    form = AssignForm(request.POST, people=queries.assignable_people(ta_request))
    if form.is_valid():
        try:
            services.ta_request_assign(
                request=ta_request, by=request.user, assignee=form.cleaned_data["assignee"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Assigned to {form.cleaned_data['assignee']}.")
            return redirect("assistance:request", pk=ta_request.pk)
    return _detail(request, ta_request, assign_form=form, status=400)


@login_required
@require_POST
def request_status(request: HttpRequest, pk: int) -> HttpResponse:
    ta_request = get_ta_request_for_user(request.user, pk, write=True)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _detail(request, ta_request, status_form=form, status=400)
    updated = services.ta_request_status_change(
        request=ta_request, by=request.user, status=form.cleaned_data["status"]
    )
    messages.success(request, f"The status is now “{updated.get_status_display()}”.")
    return redirect("assistance:request", pk=ta_request.pk)


@staff_required
@require_POST
def request_connect(request: HttpRequest, pk: int) -> HttpResponse:
    ta_request = get_ta_request_for_user(request.user, pk, write=True)
    form = ConnectForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a peer team from the suggestions.")
        return redirect("assistance:request", pk=ta_request.pk)
    peer = get_team_for_user(request.user, form.cleaned_data["peer_team"])
    try:
        services.ta_request_connect(
            request=ta_request, peer_team=peer, by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Both teams got an introduction to each other: {peer.name}.")
    return redirect("assistance:request", pk=ta_request.pk)


@login_required
@require_POST
def request_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    ta_request = get_ta_request_for_requester(request.user, pk)
    try:
        services.ta_request_reopen(request=ta_request, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The request is open again.")
    return redirect("assistance:request", pk=ta_request.pk)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def survey(request: HttpRequest, token: str) -> HttpResponse:
    """The requester's one-question satisfaction survey: a private link, no sign-in."""
    found = get_survey_by_token(token)
    form = SurveyForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                found = services.ta_survey_answer(survey=found, rating=form.cleaned_data["rating"])
            except ValidationError as error:
                add_service_error(form, error)
                status = 410
        else:
            status = 400
    return render(
        request,
        "assistance/survey.html",
        {"survey": found, "form": form, "expired": timezone.now() > found.expires_at},
        status=status,
    )
