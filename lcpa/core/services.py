"""Writes to the shared business calendar: the closure days staff add and remove."""

from datetime import date

import holidays
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from lcpa.core.models import ClosureDay


def closure_day_add(*, day: date, reason: str, by) -> ClosureDay:
    """Close the program on `day` (refused when that day is closed already: a weekend, a
    federal holiday or a closure day)."""
    if day.weekday() >= 5:
        raise ValidationError(
            {"day": f"{day:%A, %B %-d, %Y} is a weekend day: it is closed already."}
        )
    holiday = holidays.country_holidays("US", years=day.year).get(day)
    if holiday:
        raise ValidationError(
            {"day": f"{day:%B %-d, %Y} is a federal holiday ({holiday}): it is closed already."}
        )
    closure = ClosureDay(day=day, reason=reason)
    closure._history_user = by
    try:
        with transaction.atomic():
            closure.save()
    except IntegrityError:
        raise ValidationError({"day": f"{day:%B %-d, %Y} is already a closure day."}) from None
    return closure


@transaction.atomic
def closure_day_remove(*, closure: ClosureDay, by) -> None:
    closure._history_user = by
    closure.delete()
