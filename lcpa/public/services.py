"""Writes for the public site."""

from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from lcpa.accounts.models import User
from lcpa.notifications.services import email_queue
from lcpa.public.models import ContactMessage


def _staff_url(contact: ContactMessage) -> str:
    return settings.SITE_URL + reverse("public:staff_message", args=[contact.pk])


def contact_message_submit(
    *,
    submission_key: UUID,
    name: str,
    email: str,
    organisation: str,
    topic: str,
    message: str,
) -> ContactMessage:
    """Store a contact message and email it to staff, once per submission key.

    A second submission with the same key (a double click, a resubmitted page) returns the
    message already stored and sends nothing more.
    """
    existing = ContactMessage.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            contact = ContactMessage.objects.create(
                submission_key=submission_key,
                name=name,
                email=email,
                organisation=organisation,
                topic=topic,
                message=message,
            )
            email_queue(
                to=settings.STAFF_NOTIFICATION_EMAILS,
                reply_to=[email],
                subject=f"Contact form: {contact.get_topic_display()}",
                template="public/email/contact_message.txt",
                context={"contact": contact, "url": _staff_url(contact)},
            )
    except IntegrityError:
        # The same submission won a race with this one: it is stored, and its email queued.
        return ContactMessage.objects.get(submission_key=submission_key)
    return contact


def _locked(message: ContactMessage) -> ContactMessage:
    return ContactMessage.objects.select_for_update().get(pk=message.pk)


@transaction.atomic
def contact_message_assign(
    *, message: ContactMessage, by: User, assignee: User | None
) -> ContactMessage:
    """Make one staff member responsible for answering (None: nobody). The new assignee gets an
    email when someone else assigned them."""
    if assignee is not None and not (assignee.is_active and assignee.is_program_staff):
        raise ValidationError({"assignee": "Only active program staff can be assigned."})
    locked = _locked(message)
    if locked.assigned_to_id == (assignee.pk if assignee else None):
        return locked
    locked.assigned_to = assignee
    locked._history_user = by
    locked.save(update_fields=["assigned_to", "updated_at"])
    if assignee is not None and assignee != by:
        email_queue(
            to=[assignee.email],
            subject=f"A contact message for you to answer: {locked.get_topic_display()}",
            template="public/email/contact_message_assigned.txt",
            context={"contact": locked, "by": by, "url": _staff_url(locked)},
        )
    return locked


@transaction.atomic
def contact_message_mark_answered(
    *, message: ContactMessage, by: User, note: str
) -> ContactMessage:
    """Record that staff answered the message, how (the note), who and when."""
    note = note.strip()
    if not note:
        raise ValidationError({"note": "Write how the message was answered."})
    locked = _locked(message)
    if locked.status == ContactMessage.Status.ANSWERED:
        raise ValidationError("This message is already marked answered.")
    locked.status = ContactMessage.Status.ANSWERED
    locked.answer_note = note
    locked.answered_by = by
    locked.answered_at = timezone.now()
    locked._history_user = by
    locked.save(update_fields=["status", "answer_note", "answered_by", "answered_at", "updated_at"])
    return locked
