from django import forms

from lcpa.core.forms import UswdsForm
from lcpa.notifications.kinds import TIME_BOUND_KINDS, Kind, frequencies_for

TIME_BOUND_HELP = "Reminders come before the moment they are about: right away or not at all."


def _field(kind: Kind) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=kind.label,
        choices=[(frequency.value, frequency.label) for frequency in frequencies_for(kind)],
        help_text=TIME_BOUND_HELP if kind in TIME_BOUND_KINDS else "",
    )


# One choice per kind: how often to be emailed about it.
EmailPreferencesForm = type(
    "EmailPreferencesForm", (UswdsForm,), {kind.value: _field(kind) for kind in Kind}
)
