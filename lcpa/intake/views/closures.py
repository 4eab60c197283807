"""The staff page of the business calendar: federal holidays and the closure days staff add,
which service targets and follow-up deadlines do not count."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from lcpa.accounts.decorators import staff_required
from lcpa.core import services as calendar_services
from lcpa.core.business_calendar import days_off, get_closure_day
from lcpa.core.forms import add_service_error
from lcpa.intake.forms_closures import ClosureDayForm
from lcpa.intake.queries import office_today

# How far the page looks back and ahead.
SHOWN = timedelta(days=365)


def _page(request: HttpRequest, form: ClosureDayForm, *, status: int = 200) -> HttpResponse:
    today = office_today()
    return render(
        request,
        "intake/staff/closure_days.html",
        {
            "staff_nav": "closures",
            "form": form,
            "days": days_off(today - timedelta(days=30), today + SHOWN),
            "today": today,
        },
        status=status,
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def closure_days(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request, ClosureDayForm())
    form = ClosureDayForm(request.POST)
    if form.is_valid():
        try:
            closure = calendar_services.closure_day_add(
                day=form.cleaned_data["day"], reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"The program is closed on {closure.day:%B %-d, %Y}.")
            return redirect("intake:staff_closure_days")
    return _page(request, form, status=400)


@staff_required
@require_POST
def closure_day_remove(request: HttpRequest, pk: int) -> HttpResponse:
    closure = get_closure_day(pk)
    calendar_services.closure_day_remove(closure=closure, by=request.user)
    messages.success(request, f"{closure.day:%B %-d, %Y} is a business day again.")
    return redirect("intake:staff_closure_days")
