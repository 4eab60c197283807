"""The count of new contact messages for the staff dashboard. The dashboard belongs to intake,
which sits below public and so cannot import it: the template asks here instead."""

from django import template

from lcpa.public.queries import new_contact_message_count

register = template.Library()


@register.simple_tag
def new_contact_messages() -> int:
    return new_contact_message_count()
