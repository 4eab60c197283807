"""Who someone is on the platform: plain predicates on the user, shared by every app."""

from lcpa.accounts.models import User


def is_program_staff(user: User) -> bool:
    return bool(user.is_authenticated and user.is_program_staff)


def is_national_expert(user: User) -> bool:
    return bool(user.is_authenticated and user.role == User.Role.NATIONAL_EXPERT)


def is_ta_provider(user: User) -> bool:
    return bool(user.is_authenticated and user.role == User.Role.TA_PROVIDER)
