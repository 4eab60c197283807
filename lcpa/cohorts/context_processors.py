"""What the site header offers the person signed in, by what they can do on the platform."""

from functools import cached_property

from django.http import HttpRequest

from lcpa.accounts.models import User
from lcpa.accounts.roles import is_program_staff, is_ta_provider, supports_cohorts
from lcpa.cohorts.access import member_cohort_ids, sees_review_queue


class Navigation:
    """Each answer is worked out (one query at most) only when a template asks for it."""

    def __init__(self, user: User) -> None:
        self.user = user

    @cached_property
    def on_a_team(self) -> bool:
        return bool(self.user.is_authenticated and member_cohort_ids(self.user))

    @cached_property
    def reviews(self) -> bool:
        return sees_review_queue(self.user)

    @property
    def staff(self) -> bool:
        return is_program_staff(self.user)

    @property
    def ta_requests(self) -> bool:
        return is_ta_provider(self.user)

    @property
    def supports_cohorts(self) -> bool:
        return supports_cohorts(self.user)


def navigation(request: HttpRequest) -> dict:
    return {"nav": Navigation(request.user)}
