"""The header's bell: the unread count, one COUNT query, only when the header shows it."""

from functools import cached_property

from django.http import HttpRequest

from lcpa.accounts.models import User
from lcpa.notifications.queries import unread_count


class Bell:
    def __init__(self, user: User) -> None:
        self.user = user

    @cached_property
    def unread(self) -> int:
        return unread_count(self.user) if self.user.is_authenticated else 0


def notification_bell(request: HttpRequest) -> dict:
    return {"bell": Bell(request.user)}
