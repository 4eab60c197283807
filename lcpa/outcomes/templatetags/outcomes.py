from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def plain_number(value: Decimal | None) -> str:
    """A stored decimal as typed: 12, 12.5 (never 12.0000 or 1.2E+1)."""
    return "" if value is None else f"{value.normalize():f}"
