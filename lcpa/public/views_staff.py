"""Staff pages for contact-form messages: the list (filter by status, pages), one message with
its history, and the forms to assign it and to mark it answered.

Program staff only (others signed in get 404, visitors sign in). Writes go through
public.services.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from lcpa.accounts.decorators import staff_required
from lcpa.core.forms import add_service_error
from lcpa.public import queries, services
from lcpa.public.access import contact_messages_for_user, get_contact_message_for_user
from lcpa.public.forms_staff import MessageAnsweredForm, MessageAssignForm, MessageFilterForm
from lcpa.public.models import ContactMessage

PAGE_SIZE = 25


@staff_required
@require_GET
def message_list(request: HttpRequest) -> HttpResponse:
    form = MessageFilterForm(request.GET)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    rows = queries.contact_message_list(contact_messages_for_user(request.user), status=status)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "public/staff/messages.html",
        {
            "staff_nav": "messages",
            "form": form,
            "status": status,
            "page": page,
            "page_range": page.paginator.get_elided_page_range(
                page.number, on_each_side=2, on_ends=1
            ),
        },
    )


def _detail_page(
    request: HttpRequest,
    message: ContactMessage,
    *,
    assign_form: MessageAssignForm | None = None,
    answered_form: MessageAnsweredForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "public/staff/message.html",
        {
            "staff_nav": "messages",
            "contact": message,
            "events": queries.contact_message_events(message),
            "assign_form": assign_form
            or MessageAssignForm(initial={"assignee": message.assigned_to_id}),
            "answered_form": answered_form or MessageAnsweredForm(),
            "invalid_form": assign_form if assign_form and assign_form.errors else answered_form,
        },
        status=status,
    )


@staff_required
@require_GET
def message_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, get_contact_message_for_user(request.user, pk))


@staff_required
@require_POST
def message_assign(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_contact_message_for_user(request.user, pk)
    form = MessageAssignForm(request.POST)
    if form.is_valid():
        assignee = form.cleaned_data["assignee"]
        try:
            services.contact_message_assign(message=message, by=request.user, assignee=assignee)
        except ValidationError as error:
            add_service_error(form, error, field="assignee")
        else:
            if assignee is None:
                messages.success(request, "Nobody is assigned to this message now.")
            else:
                messages.success(request, f"{assignee} is now responsible for answering.")
            return redirect("public:staff_message", pk=message.pk)
    return _detail_page(request, message, assign_form=form, status=400)


@staff_required
@require_POST
def message_answered(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_contact_message_for_user(request.user, pk)
    form = MessageAnsweredForm(request.POST)
    if form.is_valid():
        try:
            services.contact_message_mark_answered(
                message=message, by=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The message is marked answered.")
            return redirect("public:staff_message", pk=message.pk)
    return _detail_page(request, message, answered_form=form, status=400)
