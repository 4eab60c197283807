from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string

from lcpa.notifications.models import OutboundEmail


@dataclass(frozen=True)
class Attachment:
    """A text file sent with an email, such as a calendar event (text/calendar)."""

    filename: str
    content_type: str
    content: str

    def as_json(self) -> dict[str, str]:
        return asdict(self)


def email_queue(
    *,
    to: Sequence[str],
    subject: str,
    template: str | None = None,
    context: Mapping[str, Any] | None = None,
    body: str | None = None,
    cc: Sequence[str] = (),
    reply_to: Sequence[str] = (),
    attachments: Sequence[Attachment] = (),
) -> OutboundEmail:
    """Store an email and send it from a task once the caller's transaction commits.

    The body is either `template` rendered with `context`, or `body` as written (an email staff
    composed). Addresses already in `to` are dropped from `cc`, and `cc` loses duplicates.
    `attachments` are small text files (a calendar event) stored with the email.
    """
    from lcpa.notifications.tasks import deliver_email

    if (template is None) == (body is None):
        raise TypeError("email_queue needs a template or a body, not both.")
    if template is not None:
        body = render_to_string(template, dict(context or {})).strip() + "\n"
    email = OutboundEmail.objects.create(
        to=list(to),
        cc=[address for address in dict.fromkeys(cc) if address not in to],
        reply_to=list(reply_to),
        subject=subject,
        body=body,
        attachments=[attachment.as_json() for attachment in attachments],
    )
    transaction.on_commit(lambda: deliver_email.enqueue(email.pk))
    return email
