"""Staff enrol a registered team in a cohort: choose among the upcoming cohorts of the learning
communities it chose, see the composition check, and confirm. Program staff only."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from lcpa.accounts.decorators import staff_required
from lcpa.cohorts import queries, services
from lcpa.cohorts.forms_staff import EnrolForm
from lcpa.core.forms import add_service_error
from lcpa.curriculum.composition import composition_gaps
from lcpa.intake.access import get_registration_for_user
from lcpa.intake.models import InterestRegistration


def _page(
    request: HttpRequest,
    registration: InterestRegistration,
    form: EnrolForm,
    *,
    status: int = 200,
) -> HttpResponse:
    members = list(registration.members.order_by("position", "pk"))
    cohorts = list(form.fields["cohort"].queryset)
    taken = set()
    if registration.jurisdiction_id:
        taken = set(
            registration.jurisdiction.teams.filter(cohort__in=cohorts).values_list(
                "cohort_id", flat=True
            )
        )
    options = []
    radios = {str(radio.data["value"]): radio for radio in form["cohort"]}
    for cohort in cohorts:
        options.append(
            {
                "cohort": cohort,
                "radio": radios.get(str(cohort.pk)),
                "full": cohort.team_count >= cohort.capacity,
                "taken": cohort.pk in taken,
                "gaps": composition_gaps(members, [cohort.learning_community]),
            }
        )
    emails = {member.email.strip().lower() for member in members}
    return render(
        request,
        "cohorts/staff/enrol.html",
        {
            "staff_nav": "pipeline",
            "registration": registration,
            "members": members,
            "invitation_count": len(emails),
            "options": options,
            "form": form,
            "can_enrol": registration.is_open,
        },
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def registration_enrol(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_registration_for_user(request.user, pk)
    cohorts = queries.enrolment_cohorts(registration)
    if request.method == "GET":
        return _page(request, registration, EnrolForm(cohorts=cohorts))
    form = EnrolForm(request.POST, cohorts=cohorts)
    if form.is_valid():
        try:
            team = services.team_enroll(
                registration=registration, cohort=form.cleaned_data["cohort"], by=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                f"{team.name} is enrolled in {team.cohort.name}. Invitations are on their way "
                "to the proposed members.",
            )
            return redirect("cohorts:staff_team", pk=team.pk)
    return _page(request, registration, form, status=400)
