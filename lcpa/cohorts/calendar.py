"""iCalendar files for sessions: one event per session, or a person's whole feed.

Times are written in UTC (DTSTART:20270315T140000Z) so every calendar program shows them in
its own time zone. A session keeps the same UID for life and raises its SEQUENCE each time it
moves or is cancelled, so calendar programs update the event people already have instead of
adding a second one. A cancelled session stays in feeds with STATUS:CANCELLED; the email that
announces it carries METHOD:CANCEL.
"""

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from lcpa.cohorts.models import Session

PRODUCT_ID = "-//Learning Communities for Policing Alternatives//Sessions//EN"


def site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def session_uid(session: Session) -> str:
    return f"session-{session.pk}@{site_host()}"


def session_url(session: Session) -> str:
    return settings.SITE_URL + reverse("cohorts:session", args=[session.pk])


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _description(session: Session, *, meeting_link: bool) -> str:
    parts = [f"{session.cohort}, module {session.module.number}."]
    if meeting_link and session.meeting_url:
        parts.append(f"Join the meeting: {session.meeting_url}")
    if session.agenda.strip():
        parts.append("Agenda:\n" + session.agenda.strip())
    parts.append(f"Session page (materials, recording and notes): {session_url(session)}")
    return "\n\n".join(parts)


def session_event(session: Session, *, meeting_link: bool, stamp: datetime) -> Event:
    """The event for one session. The meeting link goes in only when `meeting_link` is true."""
    event = Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", _utc(stamp))
    event.add("dtstart", _utc(session.starts_at))
    event.add("dtend", _utc(session.ends_at))
    event.add("summary", session.title)
    event.add("description", _description(session, meeting_link=meeting_link))
    event.add("url", session_url(session))
    event.add("sequence", session.sequence)
    event.add("status", "CANCELLED" if session.is_cancelled else "CONFIRMED")
    if meeting_link and session.meeting_url:
        event.add("location", session.meeting_url)
    if session.updated_at:
        event.add("last-modified", _utc(session.updated_at))
    return event


def sessions_calendar(
    sessions: Iterable[Session],
    *,
    meeting_link: Callable[[Session], bool],
    name: str | None = None,
    method: str = "PUBLISH",
) -> bytes:
    """A VCALENDAR with one event per session, ready to send as text/calendar."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for session in sessions:
        event = session_event(session, meeting_link=meeting_link(session), stamp=stamp)
        if method == "CANCEL":
            # An iTIP cancellation (RFC 5546) names who organises the event.
            event.add("organizer", f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
        calendar.add_component(event)
    return calendar.to_ical()


def session_change_calendar(session: Session) -> bytes:
    """The calendar file sent to the people told a session was scheduled, moved or cancelled: the
    updated event (same UID, higher SEQUENCE), or its cancellation (METHOD:CANCEL), with the
    meeting link (everyone told may see it)."""
    method = "CANCEL" if session.is_cancelled else "PUBLISH"
    return sessions_calendar([session], meeting_link=lambda s: True, method=method)
