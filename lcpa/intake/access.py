"""The only way views fetch interest registrations: program staff see them, nobody else does.

Staff may read and change every registration, so there is no separate write check.
"""

from django.db.models import QuerySet
from django.http import Http404

from lcpa.accounts.roles import is_program_staff
from lcpa.intake.models import EmailTemplate, InterestRegistration


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


def email_templates_for_user(user) -> QuerySet[EmailTemplate]:
    if not is_program_staff(user):
        return EmailTemplate.objects.none()
    return EmailTemplate.objects.all()


def get_email_template_for_user(user, pk: int) -> EmailTemplate:
    template = email_templates_for_user(user).filter(pk=pk).first()
    if template is None:
        raise Http404("No such email template.")
    return template
