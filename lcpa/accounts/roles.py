"""Who someone is on the platform: plain predicates on the user, shared by every app."""

from lcpa.accounts.models import User


def is_program_staff(user: User) -> bool:
    return bool(user.is_authenticated and user.is_program_staff)


def is_national_expert(user: User) -> bool:
    return bool(user.is_authenticated and user.role == User.Role.NATIONAL_EXPERT)


def is_ta_provider(user: User) -> bool:
    return bool(user.is_authenticated and user.role == User.Role.TA_PROVIDER)


def is_data_coordinator(user: User) -> bool:
    """An active member of a team in the team role "data coordinator". (Teams live above this
    app: the reverse relation and the role's value, `curriculum.TeamRole.DATA_COORDINATOR`,
    are read by name.)"""
    return bool(
        user.is_authenticated
        and user.memberships.filter(role="data_coordinator", removed_at__isnull=True).exists()
    )


def may_hold_api_token(user: User) -> bool:
    """Program staff (the staff routes) and data coordinators (their team's values)."""
    return bool(user.is_authenticated and user.is_active) and (
        is_program_staff(user) or is_data_coordinator(user)
    )


def supports_cohorts(user: User) -> bool:
    """National experts and TA providers serve cohorts rather than join a team."""
    return is_national_expert(user) or is_ta_provider(user)


def start_page(user: User) -> str:
    """The URL name of the page each role starts from after signing in.

    Staff start on the staff dashboard, national experts on their guidance page (questions,
    office hours, cases and deliverable reviews waiting for them) and TA providers
    on the TA requests they work on. Team members start on the workspace list, which opens the
    team's own page for someone on one team.
    """
    if is_program_staff(user):
        return "intake:staff_dashboard"
    if is_national_expert(user):
        return "guidance:home"
    if is_ta_provider(user):
        return "assistance:my_requests"
    return "cohorts:my_teams"
