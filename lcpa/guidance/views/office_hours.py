"""Office hours: an expert's slots, booking one, and a booking's page (cancel, reschedule)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lcpa.accounts.roles import is_national_expert
from lcpa.core.forms import add_service_error
from lcpa.guidance import queries, services
from lcpa.guidance.access import (
    changes_booking,
    expert_cohorts,
    get_booking_for_user,
    get_own_slot,
    get_slot_for_booking,
)
from lcpa.guidance.forms import BookingForm, RescheduleForm, SlotForm

# The services name a start `starts_at`; the slot form asks for it as a day and a time.
SERVICE_FIELDS = {"starts_at": "day"}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def slots(request: HttpRequest) -> HttpResponse:
    if not is_national_expert(request.user):
        raise Http404
    form = SlotForm(
        request.POST if request.method == "POST" else None,
        cohorts=expert_cohorts(request.user),
        zone=request.user.time_zone,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            slot = services.slot_publish(
                expert=request.user,
                cohort=data["cohort"],
                starts_at=data["starts_at"],
                minutes=data["minutes"],
                video_url=data["video_url"],
            )
        except ValidationError as error:
            add_service_error(form, error, fields=SERVICE_FIELDS)
        else:
            messages.success(request, f"Published: {slot.cohort}'s teams can book this time now.")
            return redirect("guidance:slots")
    return render(
        request,
        "guidance/slots.html",
        {"form": form, "slots": queries.expert_slots(request.user)},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def slot_edit(request: HttpRequest, pk: int) -> HttpResponse:
    slot = get_own_slot(request.user, pk)
    form = SlotForm(
        request.POST if request.method == "POST" else None,
        zone=request.user.time_zone,
        slot=slot,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.slot_update(
                slot=slot,
                by=request.user,
                starts_at=data["starts_at"],
                minutes=data["minutes"],
                video_url=data["video_url"],
            )
        except ValidationError as error:
            add_service_error(form, error, fields=SERVICE_FIELDS)
        else:
            messages.success(
                request,
                "The time is changed. The team that booked it was told."
                if queries.slot_booking(slot)
                else "The time is changed.",
            )
            return redirect("guidance:slots")
    return render(
        request,
        "guidance/slot_edit.html",
        {"form": form, "slot": slot, "booking": queries.slot_booking(slot)},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def slot_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    slot = get_own_slot(request.user, pk)
    booking = queries.slot_booking(slot)
    services.slot_withdraw(slot=slot, by=request.user)
    messages.success(
        request,
        "The office hour is cancelled; the team that had booked it was told."
        if booking
        else "The time is deleted.",
    )
    return redirect("guidance:slots")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def book(request: HttpRequest, pk: int) -> HttpResponse:
    slot, team = get_slot_for_booking(request.user, pk)
    form = BookingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.booking_make(
                slot=slot, team=team, by=request.user, agenda=form.cleaned_data["agenda"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("guidance:team", team_id=team.pk)
        messages.success(request, "Booked. A calendar invitation is on its way by email.")
        return redirect("guidance:booking", pk=booking.pk)
    return render(
        request,
        "guidance/book.html",
        {"slot": slot, "team": team, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_GET
def booking(request: HttpRequest, pk: int) -> HttpResponse:
    booking = get_booking_for_user(request.user, pk)
    return render(
        request,
        "guidance/booking.html",
        {
            "booking": booking,
            "slot": booking.slot,
            "can_change": booking.cancelled_at is None and changes_booking(request.user, booking),
        },
    )


@login_required
@require_POST
def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    booking = get_booking_for_user(request.user, pk, write=True)
    try:
        services.booking_cancel(booking=booking, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The office hour is cancelled; the other side was told.")
    return redirect("guidance:booking", pk=booking.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def booking_reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    booking = get_booking_for_user(request.user, pk, write=True)
    form = RescheduleForm(
        request.POST if request.method == "POST" else None,
        slots=queries.cohort_open_slots(booking.team.cohort_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.booking_reschedule(
                booking=booking, by=request.user, slot=form.cleaned_data["slot"]
            )
        except ValidationError as error:
            add_service_error(form, error, fields=SERVICE_FIELDS)
        else:
            messages.success(request, "The office hour is moved; both sides got the new time.")
            return redirect("guidance:booking", pk=moved.pk)
    return render(
        request,
        "guidance/reschedule.html",
        {"booking": booking, "slot": booking.slot, "form": form},
        status=400 if form.is_bound else 200,
    )
