"""Who someone is on the platform, as rules predicates shared by every app."""

import rules

from lcpa.accounts.models import User


@rules.predicate
def is_program_staff(user: User) -> bool:
    return bool(user.is_authenticated and user.is_program_staff)


@rules.predicate
def is_national_expert(user: User) -> bool:
    return bool(user.is_authenticated and user.role == User.Role.NATIONAL_EXPERT)


@rules.predicate
def is_ta_provider(user: User) -> bool:
    return bool(user.is_authenticated and user.role == User.Role.TA_PROVIDER)
