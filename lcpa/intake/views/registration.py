"""The public register-interest flow: the form, its member rows, the confirmation and the
private status page, where the registrant follows the registration and changes its members."""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from lcpa.core.rate_limits import count_stored, limit_reached
from lcpa.intake.access import get_registration_by_status_token
from lcpa.intake.forms import (
    MAX_MEMBERS,
    MEMBER_PREFIX,
    MembersSubmission,
    RegistrationSubmission,
    empty_member_form,
    prepare_registration_data,
)
from lcpa.intake.models import InterestRegistration, status_path
from lcpa.intake.queries import registrant_timeline
from lcpa.intake.services import (
    NOT_A_CONFIRMATION,
    members_locked_reason,
    registration_members_change,
    registration_submit,
)

Status = InterestRegistration.Status


RATE_GROUP = "intake.register"


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """The form. Only stored registrations count towards the per-address limit
    (REGISTRATION_RATE_LIMIT, read at request time): at the limit the form comes back with
    what was typed, status 429."""
    if request.method == "GET":
        return _fresh_form_page(request)
    data = prepare_registration_data(request.POST)
    submission = RegistrationSubmission(data)
    added_member = False
    rate_limited = False
    if submission.form.is_spam:
        # Look like a success to the bot; store nothing.
        return render(request, "intake/confirmation.html", {"registration": None})
    if "add_member" in data:
        added_member = submission.can_add_member
        submission = submission.with_another_member()
    elif submission.is_valid():
        rate = settings.REGISTRATION_RATE_LIMIT
        rate_limited = limit_reached(request, group=RATE_GROUP, rate=rate)
        if not rate_limited:
            result = registration_submit(
                submission_key=submission.form.cleaned_data["submission_key"],
                learning_communities=submission.form.cleaned_data["learning_communities"],
                members=submission.cleaned_members(),
                **submission.cleaned_registration(),
            )
            if result.created:
                count_stored(request, group=RATE_GROUP, rate=rate)
                return redirect("intake:confirmation", token=result.status_token)
            # A double submit: the first one handed out the status link (only its digest
            # is stored), so this page points to the acknowledgement email instead.
            return _confirmation_page(request, result.registration, status_token="")
    member_rows = list(submission.members.forms)
    if added_member:
        member_rows[-1].fields["name"].widget.attrs["autofocus"] = True
    return _form_page(
        request,
        submission,
        submission_key=submission.form["submission_key"].value(),
        member_rows=member_rows,
        errors=submission.error_summary(),
        added_member=added_member,
        member_limit_reached=not submission.can_add_member,
        rate_limited=rate_limited,
    )


def _fresh_form_page(request: HttpRequest) -> HttpResponse:
    """A fresh form is the same for everyone but its submission key: the template keeps its
    fields rendered (lcpa.core.public_cache), so the forms are built only when that copy is
    missing."""
    submission_key = str(uuid.uuid4())
    submission = SimpleLazyObject(
        lambda: RegistrationSubmission(initial={"submission_key": submission_key})
    )
    return _form_page(
        request,
        submission,
        submission_key=submission_key,
        member_rows=SimpleLazyObject(lambda: list(submission.members.forms)),
        errors=[],
        added_member=False,
        member_limit_reached=False,
        cache_form=True,
    )


def _form_page(
    request: HttpRequest, submission: RegistrationSubmission, **context: object
) -> HttpResponse:
    return render(
        request,
        "intake/register.html",
        {
            "submission": submission,
            "form": SimpleLazyObject(lambda: submission.form),
            "members": SimpleLazyObject(lambda: submission.members),
            "max_members": MAX_MEMBERS,
            "not_a_confirmation": NOT_A_CONFIRMATION,
            **context,
        },
        status=429 if context.get("rate_limited") else 200,
    )


@require_GET
def member_row(request: HttpRequest) -> HttpResponse:
    """One empty member row for htmx, with the next formset index, and the new TOTAL_FORMS."""
    if not request.headers.get("HX-Request"):
        return redirect("intake:register")
    try:
        index = int(request.GET.get(f"{MEMBER_PREFIX}-TOTAL_FORMS", ""))
    except ValueError:
        return HttpResponseBadRequest("Send the number of member rows as members-TOTAL_FORMS.")
    if index < 0:
        return HttpResponseBadRequest("The number of member rows cannot be negative.")
    if index >= MAX_MEMBERS:
        return render(
            request, "intake/_member_row.html", {"limit_reached": True, "max_members": MAX_MEMBERS}
        )
    return render(
        request,
        "intake/_member_row.html",
        {
            "member": empty_member_form(index),
            "index": index,
            "number": index + 1,
            "total_forms": index + 1,
            "htmx": True,
            "max_members": MAX_MEMBERS,
        },
    )


@dataclass(frozen=True)
class StatusExplanation:
    headline: str
    next_steps: str


STATUS_EXPLANATIONS: dict[str, StatusExplanation] = {
    Status.NEW: StatusExplanation(
        "Received. Program staff have not contacted you yet.",
        "A member of the program staff will contact the primary contact to talk about your "
        "team's goals and which cohort could fit.",
    ),
    Status.CONTACTED: StatusExplanation(
        "Program staff have contacted you.",
        "Please reply to the message from program staff. If you have not seen it, check your "
        "spam folder or write to the program team.",
    ),
    Status.IN_CONVERSATION: StatusExplanation(
        "You and program staff are talking about taking part.",
        "Program staff will keep in touch about fit, timing and the next cohorts.",
    ),
    Status.INVITED: StatusExplanation(
        "Your team has been invited to join a cohort.",
        "Program staff have sent the primary contact the details. Reply to accept the "
        "invitation or ask questions.",
    ),
    Status.ENROLLED: StatusExplanation(
        "Your team is enrolled in a cohort.",
        "Program staff will send your team what it needs before the first session.",
    ),
    Status.WAITLISTED: StatusExplanation(
        "Your team is on the waiting list.",
        "Program staff will contact you when a place opens in a cohort.",
    ),
    Status.DECLINED: StatusExplanation(
        "The program cannot offer your team a place at this time.",
        "Program staff have explained why to the primary contact. You are welcome to register "
        "again for a later cohort.",
    ),
    Status.WITHDRAWN: StatusExplanation(
        "This registration was withdrawn.",
        "Nothing more will happen with it. You are welcome to register again at any time.",
    ),
}
MERGED_EXPLANATION = StatusExplanation(
    "This registration was merged into another registration.",
    "Program staff will contact you about it.",
)


def _explanation(registration: InterestRegistration) -> StatusExplanation:
    if registration.merged_into_id is not None:
        return MERGED_EXPLANATION
    return STATUS_EXPLANATIONS[registration.status]


def _confirmation_page(
    request: HttpRequest, registration: InterestRegistration, *, status_token: str
) -> HttpResponse:
    response = render(
        request,
        "intake/confirmation.html",
        {
            "registration": registration,
            "members": registration.members.all(),
            "explanation": _explanation(registration),
            "status_path": status_path(status_token) if status_token else "",
            "status_url": settings.SITE_URL + status_path(status_token) if status_token else "",
            "not_a_confirmation": NOT_A_CONFIRMATION,
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_GET
def confirmation(request: HttpRequest, token: str) -> HttpResponse:
    registration = get_registration_by_status_token(token)
    return _confirmation_page(request, registration, status_token=token)


@never_cache
@require_GET
def status(request: HttpRequest, token: str) -> HttpResponse:
    registration = get_registration_by_status_token(token)
    return render(
        request,
        "intake/status.html",
        {
            "registration": registration,
            "explanation": _explanation(registration),
            "merged": registration.merged_into_id is not None,
            "members": registration.members.all(),
            "timeline": registrant_timeline(registration),
            "members_locked": members_locked_reason(registration),
            "token": token,
            "not_a_confirmation": NOT_A_CONFIRMATION,
        },
    )


def _members_page(
    request: HttpRequest,
    registration: InterestRegistration,
    submission: MembersSubmission,
    *,
    token: str,
    added_member: bool = False,
    status: int = 200,
) -> HttpResponse:
    member_rows = list(submission.members.forms)
    if added_member:
        member_rows[-1].fields["name"].widget.attrs["autofocus"] = True
    return render(
        request,
        "intake/status_members.html",
        {
            "registration": registration,
            "token": token,
            "submission": submission,
            "members": submission.members,
            "member_rows": member_rows,
            "errors": submission.error_summary(),
            "added_member": added_member,
            "member_limit_reached": not submission.can_add_member,
            "max_members": MAX_MEMBERS,
            "members_locked": members_locked_reason(registration),
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def members_change(request: HttpRequest, token: str) -> HttpResponse:
    """The registrant changes the team's members, until staff invite the team."""
    registration = get_registration_by_status_token(token)
    communities = registration.learning_communities.all()
    if request.method == "GET" or not registration.members_editable:
        return _members_page(
            request,
            registration,
            MembersSubmission.of(registration),
            token=token,
            status=200 if request.method == "GET" else 409,
        )
    submission = MembersSubmission(prepare_registration_data(request.POST), communities=communities)
    if "add_member" in request.POST:
        added = submission.can_add_member
        return _members_page(
            request, registration, submission.with_another_member(), token=token, added_member=added
        )
    if submission.is_valid():
        try:
            change = registration_members_change(
                registration=registration, members=submission.cleaned_members()
            )
        except ValidationError as error:
            submission.team_errors.extend(error.messages)
        else:
            messages.success(
                request,
                "Your changes to the team's members are saved. Program staff can see them."
                if change
                else "Nothing changed: the list of members is as it was.",
            )
            return redirect("intake:registration_status", token=token)
    return _members_page(request, registration, submission, token=token, status=400)
