import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from lcpa.notifications.kinds import (
    DIGESTS,
    Frequency,
    Kind,
    effective_frequency,
    frequencies_for,
)
from lcpa.notifications.models import DigestSent, EmailPreference, Notification, OutboundEmail
from lcpa.notifications.queries import email_frequencies, email_frequency
from lcpa.notifications.unsubscribe import unsubscribe_headers, unsubscribe_link

if TYPE_CHECKING:
    from lcpa.accounts.models import User

DIGEST_TIME = time(7, 0)  # in each person's own time zone
WEEKLY_DIGEST_DAY = 0  # Monday


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


def recipient_zone(user: "User") -> zoneinfo.ZoneInfo:
    """The person's own time zone (their profile's choice), or the program's."""
    try:
        return zoneinfo.ZoneInfo(user.time_zone or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def notify(
    *,
    user: "User",
    kind: str,
    title: str,
    url: str,
    group: str = "",
    email_template: str = "notifications/email/notification.txt",
    context: Mapping[str, Any] | None = None,
    attachments: Sequence[Attachment] = (),
    at_once: bool = False,
) -> Notification:
    """Tell one person about something in the app, and by email as they chose for `kind`.

    `url` is a path in the site (`reverse(...)`); the email links to it with SITE_URL. The email is
    `email_template` rendered now, in the person's time zone, with `context` plus `notification`,
    `link` and `zone`; its subject is `title`; `attachments` (a calendar file) go with it, alone or
    in the digest. It goes out alone after NOTIFICATION_EMAIL_DELAY (kinds emailed immediately;
    not at all if the person has read the notification by then), or in the next digest. With
    `at_once` an immediate email is queued now, in the caller's transaction, without the delay
    (an invitation the person needs before they next look at the site).
    """
    if not is_site_path(url):
        raise ValueError(f"A notification leads to a path in the site, not {url!r}.")
    notification = Notification(
        user=user,
        kind=kind,
        title=title[:200],
        url=url,
        group=group,
        email_attachments=[attachment.as_json() for attachment in attachments],
    )
    zone = recipient_zone(user)
    with timezone.override(zone):
        notification.email_body = render_to_string(
            email_template,
            {
                **(context or {}),
                "notification": notification,
                "link": settings.SITE_URL + url,
                "zone": zone.key.replace("_", " "),
            },
        ).strip()
    notification.save()
    if email_frequency(user, kind) == Frequency.IMMEDIATELY:
        if at_once:
            _email_alone(notification)
        else:
            from lcpa.notifications.tasks import notification_email_enqueue

            transaction.on_commit(lambda: notification_email_enqueue(notification.pk))
    return notification


def _with_unsubscribe(body: str, *, user: "User", what: str, label: str) -> tuple[str, str]:
    link = unsubscribe_link(user_id=user.pk, what=what)
    return f"{body}\n\nTo stop {label}, open {link}\n", link


def _attachments(notifications: Iterable[Notification]) -> list[Attachment]:
    """The notifications' files, the latest one of each name (a session's newest calendar file
    replaces the one sent when it was first scheduled)."""
    files = {}
    for notification in notifications:
        for stored in notification.email_attachments:
            files[stored["filename"]] = Attachment(**stored)
    return list(files.values())


def _email_alone(notification: Notification) -> OutboundEmail:
    user = notification.user
    label = f"emails about “{Kind(notification.kind).label.lower()}”"
    body, link = _with_unsubscribe(
        notification.email_body, user=user, what=notification.kind, label=label
    )
    email = email_queue(
        to=[user.email],
        subject=notification.title,
        body=body,
        headers=unsubscribe_headers(link),
        attachments=_attachments([notification]),
    )
    notification.email = email
    notification.emailed_at = timezone.now()
    notification.save(update_fields=["email", "emailed_at", "updated_at"])
    return email


@transaction.atomic
def notification_email_send(*, notification: Notification) -> OutboundEmail | None:
    """Email one notification now, unless it was read or emailed already, or the person has since
    chosen a digest (it waits for it) or no email for its kind."""
    notification = (
        Notification.objects.select_for_update().select_related("user").get(pk=notification.pk)
    )
    if notification.read_at or notification.emailed_at:
        return None
    if email_frequency(notification.user, notification.kind) != Frequency.IMMEDIATELY:
        return None
    return _email_alone(notification)


def _digest_groups(notifications: Iterable[Notification]) -> list[tuple[str, list[Notification]]]:
    groups: dict[str, list[Notification]] = defaultdict(list)
    for notification in notifications:
        groups[notification.group].append(notification)
    return sorted(groups.items(), key=lambda item: (item[0] == "", item[0]))


def digest_period(frequency: Frequency, *, now: datetime, zone: zoneinfo.ZoneInfo) -> date:
    """The period whose digest is due at `now` for someone in `zone`: the day of the latest
    DIGEST_TIME not after `now` (daily), or the Monday of the latest Monday DIGEST_TIME (weekly)."""
    day = now.astimezone(zone).date()
    if digest_moment(day, zone) > now:
        day -= timedelta(days=1)
    if frequency == Frequency.WEEKLY:
        day -= timedelta(days=(day.weekday() - WEEKLY_DIGEST_DAY) % 7)
    return day


def digest_moment(day: date, zone: zoneinfo.ZoneInfo) -> datetime:
    """DIGEST_TIME on `day` in `zone` (07:00 exists on every day, daylight saving or not)."""
    return datetime.combine(day, DIGEST_TIME, tzinfo=zone)


def digests_send(*, now: datetime | None = None) -> int:
    """Send every digest that is due: to each person whose unread, not yet emailed notifications
    wait for their daily or weekly digest, once DIGEST_TIME of its period has come in their own
    time zone (the weekly one on Mondays), with the notifications grouped by cohort. A digest
    holds what waited since before that moment (and whatever came since, if it runs late); a
    DigestSent row per person, digest and period means a run that comes twice or late never
    sends a period's digest again. Returns how many emails it queued."""
    now = now or timezone.now()
    pending = list(
        Notification.objects.filter(
            read_at__isnull=True, emailed_at__isnull=True, user__is_active=True
        )
        .select_related("user")
        .order_by("user_id", "created_at", "pk")
    )
    chosen = {
        (user_id, kind): value
        for user_id, kind, value in EmailPreference.objects.filter(
            user_id__in={n.user_id for n in pending}
        ).values_list("user_id", "kind", "frequency")
    }
    waiting: dict[tuple[int, str], list[Notification]] = defaultdict(list)
    for notification in pending:
        key = (notification.user_id, notification.kind)
        frequency = effective_frequency(notification.kind, chosen.get(key))
        if frequency in DIGESTS:
            waiting[(notification.user_id, frequency)].append(notification)
    due = []
    for (_, frequency), notifications in waiting.items():
        user = notifications[0].user
        zone = recipient_zone(user)
        period = digest_period(Frequency(frequency), now=now, zone=zone)
        if notifications[0].created_at < digest_moment(period, zone):
            due.append((user, Frequency(frequency), period, notifications))
    sent_already = set(
        DigestSent.objects.filter(
            user_id__in={user.pk for user, *_ in due},
            period__gte=min((period for _, _, period, _ in due), default=now.date()),
        ).values_list("user_id", "frequency", "period")
    )
    sent = 0
    for user, frequency, period, notifications in due:
        if (user.pk, frequency, period) in sent_already:
            continue
        try:
            sent += _digest_send(user, frequency, period, [n.pk for n in notifications], now)
        except IntegrityError:
            continue  # another run sent this digest a moment ago
    return sent


@transaction.atomic
def _digest_send(
    user: "User", frequency: Frequency, period: date, ids: list[int], now: datetime
) -> int:
    notifications = list(
        Notification.objects.select_for_update()
        .filter(pk__in=ids, read_at__isnull=True, emailed_at__isnull=True)
        .order_by("created_at", "pk")
    )
    if not notifications:
        return 0
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
        attachments=_attachments(notifications),
    )
    DigestSent.objects.create(user=user, frequency=frequency, period=period, email=email)
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
        email=email, emailed_at=now, updated_at=now
    )
    return 1


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
    """Store how often the person wants email about each kind in `frequencies` (a time-bound
    kind, such as reminders, only "immediately" or "off": a digest would come too late)."""
    for kind, frequency in frequencies.items():
        if Frequency(frequency) not in frequencies_for(kind):
            raise ValidationError({kind: "Reminders come by email right away or not at all."})
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
