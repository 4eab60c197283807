"""The .ics invitation emailed for an office-hour booking (times in UTC, as for sessions in
lcpa.cohorts.calendar): one event per booking, whose cancellation carries METHOD:CANCEL and the
same UID, so calendar programs remove the event they hold."""

from email.utils import parseaddr

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from lcpa.cohorts.calendar import site_host
from lcpa.guidance.models import Booking

PRODUCT_ID = "-//Learning Communities for Policing Alternatives//Office hours//EN"


def booking_calendar(booking: Booking) -> bytes:
    """The booking's event; METHOD:CANCEL once it is cancelled."""
    slot = booking.slot
    cancelled = booking.cancelled_at is not None
    url = settings.SITE_URL + reverse("guidance:booking", args=[booking.pk])
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", f"office-hour-{booking.pk}@{site_host()}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", slot.starts_at)
    event.add("dtend", slot.ends_at)
    event.add("summary", f"Office hour: {slot.expert} with {booking.team.name}")
    event.add("description", f"Join: {slot.video_url}\n\nBooking page: {url}")
    event.add("location", slot.video_url)
    event.add("url", url)
    event.add("sequence", slot.sequence + (1 if cancelled else 0))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("organizer", f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
    for person in (slot.expert, booking.booked_by):
        event.add("attendee", f"mailto:{person.email}")
    calendar.add_component(event)
    return calendar.to_ical()
