"""Staff follow-up: dashboard, pipeline (with CSV export), one registration's page and its forms.

Every view is for program staff only (others signed in get 404, visitors sign in); the
middleware makes staff enrol an authenticator app first. Writes go through intake.services.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lcpa.accounts.decorators import staff_required
from lcpa.core.business_calendar import BusinessCalendar, business_calendar
from lcpa.core.forms import add_service_error
from lcpa.curriculum.composition import composition_gaps
from lcpa.intake import queries, services
from lcpa.intake.access import (
    email_templates_for_user,
    get_email_template_for_user,
    get_registration_for_user,
    get_saved_filter_for_user,
    registrations_for_user,
    saved_filters_for_user,
)
from lcpa.intake.exports import registrations_csv_response
from lcpa.intake.forms_staff import (
    BULK_ACTIONS,
    AssignForm,
    BulkActionForm,
    EmailTemplateChoiceForm,
    EmailTemplateForm,
    FollowUpForm,
    MergeForm,
    PipelineFilterForm,
    RegistrantEmailForm,
    ReplyForm,
    SavedFilterForm,
)
from lcpa.intake.models import InterestRegistration
from lcpa.intake.views.pipeline_filters import filter_form_html
from lcpa.intake.views.pipeline_rows import row_html

PAGE_SIZE = 25
OLDEST_OVERDUE_SHOWN = 10


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    next_sort: str = ""  # empty: the column does not sort
    aria_sort: str | None = None


COLUMNS = [
    ("jurisdiction", "Jurisdiction", True),
    ("state", "State", True),
    ("population", "Population", True),
    ("communities", "Learning communities", False),
    ("status", "Status", True),
    ("assignee", "Assigned to", True),
    ("submitted", "Submitted", True),
    ("due", "Follow up by", True),
]
DESCENDING_FIRST = {"submitted", "population"}


def _columns(current: str) -> list[Column]:
    columns = []
    for key, label, sortable in COLUMNS:
        if not sortable:
            columns.append(Column(key, label))
        elif current == key:
            columns.append(Column(key, label, f"-{key}", "ascending"))
        elif current == f"-{key}":
            columns.append(Column(key, label, key, "descending"))
        else:
            columns.append(Column(key, label, f"-{key}" if key in DESCENDING_FIRST else key))
    return columns


def _mark_overdue(registrations, today, calendar: BusinessCalendar | None = None) -> None:
    calendar = calendar or business_calendar()
    for registration in registrations:
        registration.overdue = queries.is_overdue(registration, today)
        registration.days_overdue = queries.business_days_overdue(registration, today, calendar)


def _short_date(day) -> str:
    return f"{day:%b} {day.day}, {day.year}" if day else ""


def _pipeline_rows_html(registrations, today, *, selected: set[int]) -> list:
    """Each pipeline row's HTML (see pipeline_rows)."""
    prefix = reverse("intake:staff_registration", args=[1]).removesuffix("1/")
    _mark_overdue(registrations, today)
    return [
        row_html(
            registration,
            url=f"{prefix}{registration.pk}/",
            communities=", ".join(registration.community_names),
            submitted=_short_date(queries.office_date(registration.created_at)),
            due=_short_date(registration.follow_up_due_on),
            selected=registration.pk in selected,
        )
        for registration in registrations
    ]


@staff_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    today = queries.office_today()
    overdue = queries.overdue_registrations(today=today)
    calendar = business_calendar()
    oldest_overdue = list(overdue[:OLDEST_OVERDUE_SHOWN])
    _mark_overdue(oldest_overdue, today, calendar)
    mine = list(queries.assigned_registrations(request.user)[:25])
    _mark_overdue(mine, today, calendar)
    counts = queries.status_counts()
    return render(
        request,
        "intake/staff/dashboard.html",
        {
            "staff_nav": "dashboard",
            "today": today,
            "overdue_count": overdue.count(),
            "oldest_overdue": oldest_overdue,
            "status_counts": counts,
            "total": sum(c.count for c in counts),
            "median_days": queries.median_business_days_to_first_follow_up(calendar),
            "mine": mine,
            "business_days": settings.FOLLOW_UP_BUSINESS_DAYS,
        },
    )


def _pipeline_filters(
    request: HttpRequest, query: QueryDict, *, staff=None
) -> tuple[PipelineFilterForm, dict]:
    form = PipelineFilterForm(query, staff=staff)
    form.is_valid()  # every field is optional; invalid ones are reported and ignored
    return form, form.filters(request.user)


def _page_number(text: str | None) -> int:
    try:
        return max(1, int(text or 1))
    except ValueError:
        return 1


def _pipeline_rows_page(registrations, number_text: str | None) -> tuple[Page, list]:
    """The page asked for (the last one when it is past the end) and its rows. The first page
    needs no COUNT when it is not full: its rows are all there are."""
    paginator = Paginator(registrations, PAGE_SIZE)
    number = _page_number(number_text)
    if number == 1:
        rows = queries.pipeline_page_rows(registrations, offset=0, limit=PAGE_SIZE)
        if len(rows) < PAGE_SIZE:
            paginator.count = len(rows)
        page = paginator.page(1)
    else:
        page = paginator.get_page(number)
        rows = queries.pipeline_page_rows(
            registrations, offset=(page.number - 1) * PAGE_SIZE, limit=PAGE_SIZE
        )
    page.object_list = rows
    return page, rows


def _pipeline_page(
    request: HttpRequest,
    query: QueryDict,
    *,
    bulk_form: BulkActionForm | None = None,
    saved_filter_form: SavedFilterForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The pipeline; `bulk_form` and `saved_filter_form` come back with their problems when a
    bulk action or saving the filters failed."""
    today = queries.office_today()
    staff = list(queries.staff_members())
    form, filters = _pipeline_filters(request, query, staff=staff)
    page, rows = _pipeline_rows_page(
        queries.pipeline_registrations(**filters, today=today), query.get("page")
    )
    queries.with_communities_and_duplicates(rows)
    selected = set(bulk_form.selected_ids()) if bulk_form else set()
    rows_html = _pipeline_rows_html(rows, today, selected=selected)
    current_sort = filters["sort"] or queries.DEFAULT_SORT
    active = sum(1 for key, value in filters.items() if key != "sort" and value)
    filtered = active > 0
    filter_query = form.saved_query()
    return render(
        request,
        "intake/staff/pipeline.html",
        {
            "staff_nav": "pipeline",
            "form": form,
            "page": page,
            "rows": rows,
            "rows_html": rows_html,
            "page_range": page.paginator.get_elided_page_range(
                page.number, on_each_side=2, on_ends=1
            ),
            "columns": _columns(current_sort),
            "filter_form_html": filter_form_html(form, active=active),
            "filtered": filtered,
            "filter_query": filter_query,
            "return_query": query.urlencode(),
            "bulk_form": bulk_form,
            "all_on_page": bool(bulk_form and bulk_form.data.get("all_on_page")),
            "saved_filters": list(saved_filters_for_user(request.user)),
            "saved_filter_form": (saved_filter_form or SavedFilterForm()) if filter_query else None,
        },
        status=status,
    )


@staff_required
@require_GET
def pipeline(request: HttpRequest) -> HttpResponse:
    return _pipeline_page(request, request.GET)


def _back_to_pipeline(query: str) -> HttpResponse:
    url = reverse("intake:staff_pipeline")
    return redirect(f"{url}?{query}" if query else url)


def _bulk_summary(action: str, result: services.BulkResult, form: BulkActionForm) -> str:
    done = result.done
    if action == "assign":
        assignee = form.cleaned_data["assignee"]
        text = f"Assigned {done} registration{pluralize(done)} to {assignee or 'nobody'}"
    elif action == "status":
        label = InterestRegistration.Status(form.cleaned_data["status_to"]).label
        text = f"Moved {done} registration{pluralize(done)} to “{label}”"
    else:
        text = f"Sent to {done}"
    skipped = [
        f"{count} skipped because {'it was' if count == 1 else 'they were'} {reason}"
        if reason == services.MERGED
        else f"{count} skipped: {reason}"
        for reason, count in result.skipped.items()
    ]
    return "; ".join([text, *skipped]) + "."


def _bulk_apply(request: HttpRequest, form: BulkActionForm, registrations) -> services.BulkResult:
    action, data = form.cleaned_data["action"], form.cleaned_data
    if action == "assign":
        return services.registrations_bulk_assign(
            registrations=registrations, by=request.user, assignee=data["assignee"]
        )
    if action == "status":
        return services.registrations_bulk_status(
            registrations=registrations,
            by=request.user,
            status_to=data["status_to"],
            summary=data["summary"],
            next_follow_up_on=data["next_follow_up_on"],
        )
    return services.registrations_bulk_email(
        registrations=registrations,
        by=request.user,
        template=data["template"],
        next_follow_up_on=data["next_follow_up_on"],
    )


@staff_required
@require_POST
def pipeline_bulk(request: HttpRequest) -> HttpResponse:
    """Two steps: the pipeline's ticked rows and an action button lead to a page that lists
    them with that action's fields; confirming it applies the action to each registration."""
    return_query = PipelineFilterForm.clean_query(request.POST.get("return_query", ""))
    form = BulkActionForm(request.POST)
    ids = form.selected_ids()
    registrations = list(registrations_for_user(request.user).filter(pk__in=ids).order_by("pk"))
    if not registrations or request.POST.get("action") not in dict(BULK_ACTIONS):
        if form.is_valid():  # only a forged request gets here: no error to show
            form.add_error(None, "Select at least one registration.")
        request.GET = QueryDict(return_query)  # the pipeline page's links keep its filters
        return _pipeline_page(request, request.GET, bulk_form=form, status=400)
    if request.POST.get("confirm") and form.is_valid():
        result = _bulk_apply(request, form, registrations)
        missing = len(set(ids)) - len(registrations)
        if missing:
            result.skipped["no longer exist"] = missing
        messages.success(request, _bulk_summary(form.cleaned_data["action"], result, form))
        return _back_to_pipeline(return_query)
    confirming = bool(request.POST.get("confirm"))
    return render(
        request,
        "intake/staff/pipeline_bulk.html",
        {
            "staff_nav": "pipeline",
            "form": form
            if confirming
            else BulkActionForm(initial={"action": form["action"].value()}),
            "action": request.POST["action"],
            "action_label": dict(BULK_ACTIONS)[request.POST["action"]],
            "registrations": registrations,
            "return_query": return_query,
        },
        status=400 if confirming else 200,
    )


@staff_required
@require_POST
def saved_filter_create(request: HttpRequest) -> HttpResponse:
    query = PipelineFilterForm.clean_query(request.POST.get("query", ""))
    form = SavedFilterForm(request.POST)
    if form.is_valid():
        try:
            saved = services.saved_filter_save(
                owner=request.user,
                name=form.cleaned_data["name"],
                query=query,
                shared=form.cleaned_data["shared"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Filters saved as “{saved.name}”.")
            return _back_to_pipeline(saved.query)
    request.GET = QueryDict(query)
    return _pipeline_page(request, request.GET, saved_filter_form=form, status=400)


@staff_required
@require_POST
def saved_filter_delete(request: HttpRequest, pk: int) -> HttpResponse:
    saved_filter = get_saved_filter_for_user(request.user, pk, write=True)
    services.saved_filter_delete(saved_filter=saved_filter)
    messages.success(request, f"Saved filters “{saved_filter.name}” deleted.")
    return _back_to_pipeline("")


@staff_required
@require_GET
def pipeline_export(request: HttpRequest) -> StreamingHttpResponse:
    today = queries.office_today()
    _form, filters = _pipeline_filters(request, request.GET)
    return registrations_csv_response(
        queries.pipeline_registrations(**filters, today=today), today=today
    )


def _detail_page(
    request: HttpRequest,
    registration: InterestRegistration,
    *,
    followup_form: FollowUpForm | None = None,
    assign_form: AssignForm | None = None,
    email_form: RegistrantEmailForm | None = None,
    merge_form: MergeForm | None = None,
    reply_form: ReplyForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = queries.office_today()
    full = queries.registration_detail(registration.pk)
    members = list(full.members.all())
    communities = list(full.learning_communities.all())
    duplicates = list(queries.possible_duplicates(full))
    _mark_overdue([full], today)

    template_form = EmailTemplateChoiceForm(request.GET if "template" in request.GET else None)
    if email_form is None:
        initial = {}
        if template_form.is_bound and template_form.is_valid():
            chosen = template_form.cleaned_data["template"]
            if chosen is not None:
                initial = {
                    "subject": services.email_fill_in(
                        chosen.subject, registration=full, by=request.user
                    ),
                    "body": services.email_fill_in(chosen.body, registration=full, by=request.user),
                }
        email_form = RegistrantEmailForm(initial=initial)
    invalid_form = next(
        (
            form
            for form in (followup_form, assign_form, email_form, merge_form, reply_form)
            if form and form.errors
        ),
        None,
    )
    return render(
        request,
        "intake/staff/registration_detail.html",
        {
            "staff_nav": "pipeline",
            "registration": full,
            "members": members,
            "communities": communities,
            "gaps": composition_gaps(members, communities),
            "follow_ups": list(full.follow_ups.all()),
            "audit_trail": queries.registration_audit_trail(full),
            "duplicates": duplicates,
            "merged_here": list(full.merged_registrations.all()),
            "followup_form": followup_form or FollowUpForm(registration=full),
            "assign_form": assign_form or AssignForm(initial={"assignee": full.assigned_to_id}),
            "template_form": template_form,
            "email_form": email_form,
            "merge_form": merge_form
            or MergeForm(initial={"target": duplicates[0].pk} if duplicates else {}),
            "reply_form": reply_form
            or ReplyForm(initial={"sender": full.contact_email, "received_on": today}),
            "invalid_form": invalid_form,
            "program_email": settings.PROGRAM_EMAIL,
        },
        status=status,
    )


@staff_required
@require_GET
def registration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_registration_for_user(request.user, pk)
    return _detail_page(request, registration)


def _back(registration: InterestRegistration, anchor: str = "") -> HttpResponse:
    url = reverse("intake:staff_registration", args=[registration.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


@staff_required
@require_POST
def followup_create(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_registration_for_user(request.user, pk)
    form = FollowUpForm(request.POST, registration=registration)
    if form.is_valid():
        try:
            services.followup_record(
                registration=registration,
                by=request.user,
                kind=form.cleaned_data["kind"],
                summary=form.cleaned_data["summary"],
                status_to=form.cleaned_data["status_to"],
                next_follow_up_on=form.cleaned_data["next_follow_up_on"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                f"Follow-up recorded. The status is now “{registration.get_status_display()}”.",
            )
            return _back(registration, "timeline")
    return _detail_page(request, registration, followup_form=form, status=400)


@staff_required
@require_POST
def registration_assign(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_registration_for_user(request.user, pk)
    form = AssignForm(request.POST)
    if form.is_valid():
        assignee = form.cleaned_data["assignee"]
        try:
            services.registration_assign(
                registration=registration, by=request.user, assignee=assignee
            )
        except ValidationError as error:
            add_service_error(form, error, field="assignee")
        else:
            if assignee is None:
                messages.success(request, "Nobody is assigned to this registration now.")
            else:
                messages.success(request, f"{assignee} is now responsible for following up.")
            return _back(registration)
    return _detail_page(request, registration, assign_form=form, status=400)


@staff_required
@require_POST
def registration_email(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_registration_for_user(request.user, pk)
    form = RegistrantEmailForm(request.POST)
    if form.is_valid():
        try:
            services.registration_email_send(
                registration=registration,
                by=request.user,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                cc_members=form.cleaned_data["cc_members"],
                next_follow_up_on=form.cleaned_data["next_follow_up_on"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                f"Your email to {registration.contact_email} is on its way and has been "
                "added to the timeline.",
            )
            return _back(registration, "timeline")
    return _detail_page(request, registration, email_form=form, status=400)


@staff_required
@require_POST
def registration_reply(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_registration_for_user(request.user, pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.followup_reply_add(
                registration=registration, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The reply is on the timeline.")
            return _back(registration, "timeline")
    return _detail_page(request, registration, reply_form=form, status=400)


@staff_required
@require_POST
def registration_merge(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_registration_for_user(request.user, pk)
    form = MergeForm(request.POST)
    if form.is_valid():
        target = registrations_for_user(request.user).filter(pk=form.cleaned_data["target"]).first()
        if target is None:
            form.add_error(
                "target", f"There is no registration number {form.cleaned_data['target']}."
            )
        else:
            try:
                services.registration_merge(source=registration, target=target, by=request.user)
            except ValidationError as error:
                add_service_error(form, error, field="target")
            else:
                messages.success(
                    request,
                    f"Registration {registration.pk} was merged into this one.",
                )
                return _back(target, "timeline")
    return _detail_page(request, registration, merge_form=form, status=400)


@staff_required
@require_GET
def email_templates(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "intake/staff/email_templates.html",
        {"staff_nav": "templates", "templates": email_templates_for_user(request.user)},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def email_template_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    template = get_email_template_for_user(request.user, pk) if pk else None
    form = EmailTemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.email_template_save(
                by=request.user, template=template, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Template “{saved.name}” saved.")
            return redirect("intake:staff_email_templates")
    return render(
        request,
        "intake/staff/email_template_form.html",
        {"staff_nav": "templates", "form": form, "template": template},
        status=400 if form.errors else 200,
    )
