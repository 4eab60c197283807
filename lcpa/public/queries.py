"""Reads for the staff pages about contact messages."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from lcpa.accounts.models import User
from lcpa.public.models import ContactMessage


def contact_message_list(
    messages: QuerySet[ContactMessage], *, status: str = ""
) -> QuerySet[ContactMessage]:
    """The messages staff may see, newest first, of one status ("" for all)."""
    if status:
        messages = messages.filter(status=status)
    return messages.select_related("assigned_to").defer("message", "answer_note")


def new_contact_message_count() -> int:
    return ContactMessage.objects.filter(status=ContactMessage.Status.NEW).count()


@dataclass(frozen=True)
class MessageEvent:
    at: datetime
    by: User | None
    what: str


def contact_message_events(message: ContactMessage) -> list[MessageEvent]:
    """What happened to the message, oldest first (from django-simple-history): received,
    assigned (or unassigned), marked answered."""
    records = list(
        message.history.select_related("history_user", "assigned_to").order_by(
            "history_date", "history_id"
        )
    )
    events = []
    previous = None
    for record in records:
        if previous is None:
            events.append(MessageEvent(record.history_date, None, "Received"))
        else:
            if record.assigned_to_id != previous.assigned_to_id:
                what = f"Assigned to {record.assigned_to}" if record.assigned_to else "Unassigned"
                events.append(MessageEvent(record.history_date, record.history_user, what))
            if record.status != previous.status:
                what = f"Marked {record.get_status_display().lower()}"
                events.append(MessageEvent(record.history_date, record.history_user, what))
        previous = record
    return events
