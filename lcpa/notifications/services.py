from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from lcpa.notifications.kinds import Frequency, Kind, default_frequency
from lcpa.notifications.models import EmailPreference, Notification, OutboundEmail
from lcpa.notifications.queries import email_frequencies, email_frequency
from lcpa.notifications.unsubscribe import unsubscribe_headers, unsubscribe_link

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
    headers: Mapping[str, str] | None = None,
) -> OutboundEmail:
    """Store an email and send it from a task once the caller's transaction commits.

    The body is either `template` rendered with `context`, or `body` as written (an email staff
    composed). Addresses already in `to` are dropped from `cc`, and `cc` loses duplicates.
    `attachments` are small text files (a calendar event) stored with the email; `headers` are
    extra message headers (List-Unsubscribe).
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
        headers=dict(headers or {}),
    )
    transaction.on_commit(lambda: deliver_email.enqueue(email.pk))
    return email


def is_site_path(url: str) -> bool:
    """A path in this site ("/forum/threads/7/"): never another host, even spelled "//host"."""
    return url.startswith("/") and not url.startswith(("//", "/\\")) and "\\" not in url


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
    """Tell one person about something in the app, and by email as they chose for `kind`.

    `url` is a path in the site (`reverse(...)`); the email links to it with SITE_URL. The email is
    `email_template` rendered now with `context` plus `notification` and `link`; its subject is
    `title`. It goes out alone after NOTIFICATION_EMAIL_DELAY (kinds emailed immediately) or in
    the next digest, and not at all if the person has read the notification by then.
    """
    if not is_site_path(url):
        raise ValueError(f"A notification leads to a path in the site, not {url!r}.")
    notification = Notification(user=user, kind=kind, title=title[:200], url=url, group=group)
    notification.email_body = render_to_string(
        email_template,
        {**(context or {}), "notification": notification, "link": settings.SITE_URL + url},
    ).strip()
    notification.save()
    if email_frequency(user, kind) == Frequency.IMMEDIATELY:
        from lcpa.notifications.tasks import notification_email_enqueue

        transaction.on_commit(lambda: notification_email_enqueue(notification.pk))
    return notification


def _with_unsubscribe(body: str, *, user: "User", what: str, label: str) -> tuple[str, str]:
    link = unsubscribe_link(user_id=user.pk, what=what)
    return f"{body}\n\nTo stop {label}, open {link}\n", link


@transaction.atomic
def notification_email_send(*, notification: Notification) -> OutboundEmail | None:
    """Email one notification now, unless it was read or emailed already, or the person has since
    chosen a digest (it waits for it) or no email for its kind."""
    notification = (
        Notification.objects.select_for_update().select_related("user").get(pk=notification.pk)
    )
    if notification.read_at or notification.emailed_at:
        return None
    user = notification.user
    if email_frequency(user, notification.kind) != Frequency.IMMEDIATELY:
        return None
    label = f"emails about “{Kind(notification.kind).label.lower()}”"
    body, link = _with_unsubscribe(
        notification.email_body, user=user, what=notification.kind, label=label
    )
    email = email_queue(
        to=[user.email], subject=notification.title, body=body, headers=unsubscribe_headers(link)
    )
    notification.email = email
    notification.emailed_at = timezone.now()
    notification.save(update_fields=["email", "emailed_at", "updated_at"])
    return email


def _digest_groups(notifications: Iterable[Notification]) -> list[tuple[str, list[Notification]]]:
    groups: dict[str, list[Notification]] = defaultdict(list)
    for notification in notifications:
        groups[notification.group].append(notification)
    return sorted(groups.items(), key=lambda item: (item[0] == "", item[0]))


@transaction.atomic
def digests_send(*, frequency: Frequency, now: datetime | None = None) -> int:
    """Email everyone whose unread, not yet emailed notifications go in this digest, one email
    each with the notifications grouped by cohort. Returns how many emails it queued."""
    now = now or timezone.now()
    pending = list(
        Notification.objects.select_for_update(of=("self",))
        .filter(read_at__isnull=True, emailed_at__isnull=True, user__is_active=True)
        .select_related("user")
        .order_by("user_id", "created_at", "pk")
    )
    chosen = {
        (user_id, kind): value
        for user_id, kind, value in EmailPreference.objects.filter(
            user_id__in={n.user_id for n in pending}
        ).values_list("user_id", "kind", "frequency")
    }
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for notification in pending:
        key = (notification.user_id, notification.kind)
        if chosen.get(key, default_frequency(notification.kind)) == frequency:
            by_user[notification.user_id].append(notification)
    for notifications in by_user.values():
        user = notifications[0].user
        body = render_to_string(
            "notifications/email/digest.txt",
            {
                "user": user,
                "frequency": frequency,
                "groups": _digest_groups(notifications),
                "site_url": settings.SITE_URL,
            },
        ).strip()
        body, link = _with_unsubscribe(
            body, user=user, what=frequency, label=f"the {frequency.label.lower()}"
        )
        count = len(notifications)
        email = email_queue(
            to=[user.email],
            subject=f"{frequency.label}: {count} new notification{'' if count == 1 else 's'}",
            body=body,
            headers=unsubscribe_headers(link),
        )
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
            email=email, emailed_at=now, updated_at=now
        )
    return len(by_user)


def notification_open(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at", "updated_at"])
    return notification


def notifications_mark_all_read(*, user: "User") -> int:
    now = timezone.now()
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=now, updated_at=now
    )


@transaction.atomic
def email_preferences_update(*, user: "User", frequencies: Mapping[str, str]) -> None:
    """Store how often the person wants email about each kind in `frequencies`."""
    for kind, frequency in frequencies.items():
        EmailPreference.objects.update_or_create(
            user=user, kind=Kind(kind), defaults={"frequency": Frequency(frequency)}
        )


def email_unsubscribe(*, user: "User", what: str) -> list[str]:
    """Stop the emails a one-click link names: one kind, or every kind in a digest. Returns the
    kinds it switched off."""
    if what in Kind.values:
        kinds = [what]
    else:
        kinds = [kind for kind, value in email_frequencies(user).items() if value == what]
    email_preferences_update(user=user, frequencies=dict.fromkeys(kinds, Frequency.OFF))
    return kinds
