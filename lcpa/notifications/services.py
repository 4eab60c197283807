from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string

from lcpa.notifications.models import OutboundEmail


def email_queue(
    *,
    to: Sequence[str],
    subject: str,
    template: str,
    context: dict[str, Any],
    cc: Sequence[str] = (),
    reply_to: Sequence[str] = (),
) -> OutboundEmail:
    """Store an email and send it from a task once the caller's transaction commits."""
    from lcpa.notifications.tasks import deliver_email

    email = OutboundEmail.objects.create(
        to=list(to),
        cc=[address for address in dict.fromkeys(cc) if address not in to],
        reply_to=list(reply_to),
        subject=subject,
        body=render_to_string(template, context).strip() + "\n",
    )
    transaction.on_commit(lambda: deliver_email.enqueue(email.pk))
    return email


def email_queue_text(
    *,
    to: Sequence[str],
    subject: str,
    body: str,
    cc: Sequence[str] = (),
    reply_to: Sequence[str] = (),
) -> OutboundEmail:
    """Store a ready-written email (e.g. one staff composed) and send it from a task."""
    from lcpa.notifications.tasks import deliver_email

    email = OutboundEmail.objects.create(
        to=list(to),
        cc=[address for address in dict.fromkeys(cc) if address not in to],
        reply_to=list(reply_to),
        subject=subject,
        body=body,
    )
    transaction.on_commit(lambda: deliver_email.enqueue(email.pk))
    return email
