from django.db.models import F, QuerySet

from lcpa.accounts.models import User
from lcpa.notifications.kinds import Frequency, Kind, effective_frequency
from lcpa.notifications.models import EmailPreference, Notification


def unread_count(user: User) -> int:
    """One COUNT on the (user, read_at) index: the header's bell asks it on every page."""
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_for_user(user: User) -> QuerySet[Notification]:
    """The person's notifications, unread ones first, newest first within each."""
    return Notification.objects.filter(user=user).order_by(
        F("read_at").desc(nulls_first=True), "-created_at", "-pk"
    )


def email_frequencies(user: User) -> dict[str, Frequency]:
    """Every kind with how often this person is emailed about it (their choice or the default)."""
    chosen = dict(EmailPreference.objects.filter(user=user).values_list("kind", "frequency"))
    return {kind: effective_frequency(kind, chosen.get(kind)) for kind in Kind.values}


def email_frequency(user: User, kind: str) -> Frequency:
    chosen = (
        EmailPreference.objects.filter(user=user, kind=kind)
        .values_list("frequency", flat=True)
        .first()
    )
    return effective_frequency(kind, chosen)
