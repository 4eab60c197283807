"""The second-factor policy: who must use an authenticator app, and whether this session did.

Program staff and admin users (who reach every team's work and the admin) and national experts
(who read every team's deliverables) must have an authenticator app (TOTP) and must have entered
one of its codes in the session they are using. allauth records each step of a sign-in in the
session (`get_authentication_records`): a password, then "mfa" once a code was accepted at
sign-in or on its re-authentication page. Demo accounts are waived only while DEMO_MODE is on.
"""

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest

from lcpa.accounts.models import User
from lcpa.accounts.roles import is_national_expert


def needs_second_factor(user: User) -> bool:
    """Program staff, admin users and national experts sign in with a second factor."""
    if not (user.is_authenticated and user.is_active):
        return False
    return bool(
        user.is_program_staff or user.is_staff or user.is_superuser or is_national_expert(user)
    )


def second_factor_waived(user: User) -> bool:
    """Demo accounts on a demo site (DEMO_MODE on) skip the second factor; nobody else does."""
    return bool(settings.DEMO_MODE and user.is_authenticated and user.is_demo)


def totp_authenticator(user: User) -> Authenticator | None:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()


def must_enrol_mfa(user: User) -> bool:
    """Someone who needs a second factor, is not waived, and has no authenticator app yet."""
    if not needs_second_factor(user) or second_factor_waived(user):
        return False
    return totp_authenticator(user) is None


def session_passed_second_factor(request: HttpRequest, user: User) -> bool:
    """Whether an authenticator code was accepted in this session, for this user."""
    return any(
        record.get("method") == "mfa" for record in get_authentication_records(request, user)
    )


def second_factor_record_enrolment(
    request: HttpRequest, *, user: User, authenticator: Authenticator
) -> None:
    """Count a just-confirmed enrolment as this session's second factor.

    Activating an authenticator app means typing a code it shows, so the person has just proved
    they hold it; asking for a second code at once would only make them wait for the next one.
    The record is the one allauth writes after a code at sign-in (method "mfa").
    """
    record_authentication(
        request, user, "mfa", id=authenticator.pk, type=authenticator.type, enrolled=True
    )
