from decimal import Decimal

from django import template

from lcpa.outcomes.analytics import formats

register = template.Library()


@register.filter
def plain_number(value: Decimal | None) -> str:
    """A stored decimal as typed: 12, 12.5 (never 12.0000 or 1.2E+1)."""
    return "" if value is None else f"{value.normalize():f}"


@register.filter
def share_percent(share: float) -> str:
    """A share (0 to 1) as a whole percentage; one that would round to 0 % or 100 % without
    being none or all says "under 1 %" or "over 99 %"."""
    percent = round(share * 100)
    if percent == 0 < share:
        return "under 1 %"
    if percent == 100 > share * 100:
        return "over 99 %"
    return f"{percent} %"


@register.filter
def spaces_shown(text: str) -> str:
    """A value from a team's file with its extra spaces made visible (`formats.spaces_shown`)."""
    return formats.spaces_shown(str(text))
