"""The only way views fetch interest registrations: program staff see them, nobody else does.

Staff may read and change every registration, so there is no separate write check.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from lcpa.accounts.roles import is_program_staff
from lcpa.core.tokens import link_token_digest, looks_like_link_token
from lcpa.intake.models import EmailTemplate, InterestRegistration, SavedFilter


def registrations_for_user(user) -> QuerySet[InterestRegistration]:
    """Every registration for program staff; none for anyone else."""
    if not is_program_staff(user):
        return InterestRegistration.objects.none()
    return InterestRegistration.objects.all()


def get_registration_for_user(user, pk: int) -> InterestRegistration:
    """One registration for program staff, or 404 (existence does not leak to others)."""
    registration = registrations_for_user(user).filter(pk=pk).first()
    if registration is None:
        raise Http404("No such registration.")
    return registration


def get_registration_by_status_token(token: str) -> InterestRegistration:
    """The registration whose private status link this is, or 404.

    The token is the only key (anyone holding the link may read the status page); it is
    looked up by its digest, since only the digest is stored.
    """
    if not looks_like_link_token(token):
        raise Http404("No such registration.")
    registration = (
        InterestRegistration.objects.prefetch_related("learning_communities")
        .filter(status_token_digest=link_token_digest(token))
        .first()
    )
    if registration is None:
        raise Http404("No such registration.")
    return registration


def email_templates_for_user(user) -> QuerySet[EmailTemplate]:
    if not is_program_staff(user):
        return EmailTemplate.objects.none()
    return EmailTemplate.objects.all()


def get_email_template_for_user(user, pk: int) -> EmailTemplate:
    template = email_templates_for_user(user).filter(pk=pk).first()
    if template is None:
        raise Http404("No such email template.")
    return template


def saved_filters_for_user(user) -> QuerySet[SavedFilter]:
    """A staff member's own saved pipeline filters and those colleagues shared."""
    if not is_program_staff(user):
        return SavedFilter.objects.none()
    return SavedFilter.objects.filter(Q(owner=user) | Q(shared=True)).select_related("owner")


def get_saved_filter_for_user(user, pk: int, *, write: bool = False) -> SavedFilter:
    """A saved filter the user may pick; with write, only one they saved themselves."""
    saved = saved_filters_for_user(user)
    if write:
        saved = saved.filter(owner=user)
    saved_filter = saved.filter(pk=pk).first()
    if saved_filter is None:
        raise Http404("No such saved filter.")
    return saved_filter
