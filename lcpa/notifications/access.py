from django.shortcuts import get_object_or_404

from lcpa.accounts.models import User
from lcpa.notifications.models import Notification


def get_notification_for_user(user: User, pk: int) -> Notification:
    """One of the person's own notifications; anyone else's is a 404."""
    return get_object_or_404(Notification, pk=pk, user=user)


def unsubscribing_user(user_id: int) -> User | None:
    """The active person an unsubscribe link names (the signed token is their authority)."""
    return User.objects.filter(pk=user_id, is_active=True).first()
