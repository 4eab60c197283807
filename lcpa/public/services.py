"""Writes for the public site."""

from uuid import UUID

from django.conf import settings
from django.db import IntegrityError, transaction

from lcpa.notifications.services import email_queue
from lcpa.public.models import ContactMessage


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
                context={"contact": contact, "site_url": settings.SITE_URL},
            )
    except IntegrityError:
        # The same submission won a race with this one: it is stored, and its email queued.
        return ContactMessage.objects.get(submission_key=submission_key)
    return contact
