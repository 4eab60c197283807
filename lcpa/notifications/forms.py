from django import forms

from lcpa.core.forms import UswdsForm
from lcpa.notifications.kinds import Frequency, Kind

# One choice per kind: how often to be emailed about it.
EmailPreferencesForm = type(
    "EmailPreferencesForm",
    (UswdsForm,),
    {kind.value: forms.ChoiceField(label=kind.label, choices=Frequency.choices) for kind in Kind},
)
