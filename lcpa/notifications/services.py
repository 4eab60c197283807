from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string

from lcpa.notifications.models import Notification, OutboundEmail

if TYPE_CHECKING:
    from lcpa.accounts.models import User


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


def notify(
    *,
    user: "User",
    kind: str,
    title: str,
    url: str,
    group: str = "",
    email_template: str = "notifications/email/notification.txt",
    context: Mapping[str, Any] | None = None,
) -> Notification:
    """Tell one person about something in the app, and by email.

    `url` is a path in the site (`reverse(...)`); the email links to it with SITE_URL. The email is
    `email_template` rendered with `context` plus `notification` and `link`; its subject is `title`.
    """
    notification = Notification.objects.create(
        user=user, kind=kind, title=title[:200], url=url, group=group
    )
    notification.email = email_queue(
        to=[user.email],
        subject=title,
        template=email_template,
        context={**(context or {}), "notification": notification, "link": settings.SITE_URL + url},
    )
    notification.save(update_fields=["email", "updated_at"])
    return notification
