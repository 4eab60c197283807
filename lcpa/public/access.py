"""The only way views fetch contact messages: program staff see them, nobody else does.

Staff may read and work every message, so there is no separate write check.
"""

from django.db.models import QuerySet
from django.http import Http404

from lcpa.accounts.roles import is_program_staff
from lcpa.public.models import ContactMessage


def contact_messages_for_user(user) -> QuerySet[ContactMessage]:
    """Every contact message for program staff; none for anyone else."""
    if not is_program_staff(user):
        return ContactMessage.objects.none()
    return ContactMessage.objects.all()


def get_contact_message_for_user(user, pk: int) -> ContactMessage:
    """One contact message for program staff, or 404 (existence does not leak to others)."""
    message = contact_messages_for_user(user).filter(pk=pk).first()
    if message is None:
        raise Http404("No such message.")
    return message
