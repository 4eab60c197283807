from django import forms

from lcpa.core.forms import UswdsForm
from lcpa.core.models import ClosureDay


class ClosureDayForm(UswdsForm):
    day = forms.DateField(
        label="Day the program is closed",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Enter the day the program is closed.",
            "invalid": "Enter the day as a date, for example 2027-01-15.",
        },
    )
    reason = forms.CharField(
        label="Reason",
        help_text="Shown to staff, for example “Staff retreat”.",
        max_length=ClosureDay._meta.get_field("reason").max_length,
        error_messages={"required": "Enter why the program is closed that day."},
    )
