"""The header's "Forum" link, shown to people who can see a space (worked out, in one query at
most, only when the header asks)."""

from functools import cached_property

from django.http import HttpRequest

from lcpa.accounts.models import User
from lcpa.community.access import sees_forum


class ForumNavigation:
    def __init__(self, user: User) -> None:
        self.user = user

    @cached_property
    def visible(self) -> bool:
        return sees_forum(self.user)


def forum_navigation(request: HttpRequest) -> dict:
    return {"forum_nav": ForumNavigation(request.user)}
