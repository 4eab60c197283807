"""The form of a policy change: the day it took effect, what changed, the measure it may move
(or all of them) and, if wanted, a description. A change decided for later may be recorded up
to a year ahead; a date further off is refused as a likely typing slip (2099 for 2029)."""

import uuid
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import dateformat, timezone

from lcpa.core.forms import UswdsForm

TITLE_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 4000


def latest_changed_on(today: date) -> date:
    """A year after `today` (28 February after a 29 February)."""
    try:
        return today.replace(year=today.year + 1)
    except ValueError:
        return today.replace(year=today.year + 1, day=28)


def validate_changed_on(value: date) -> None:
    latest = latest_changed_on(timezone.localdate())
    if value > latest:
        raise ValidationError(
            "A change can be recorded up to a year ahead: enter a date on or before "
            f"{dateformat.format(latest, 'F j, Y')}.",
            code="too_far_ahead",
        )


class PolicyChangeForm(UswdsForm):
    submission_key = forms.UUIDField(required=False, widget=forms.HiddenInput)
    changed_on = forms.DateField(
        label="Date it took effect",
        help_text="The day the change started to apply.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[validate_changed_on],
        error_messages={
            "required": "Enter the day the change took effect.",
            "invalid": "Enter a real date, for example 2027-03-01.",
        },
    )
    title = forms.CharField(
        label="What changed",
        max_length=TITLE_MAX_LENGTH,
        help_text="One line, for example: “Council ordinance: behavioral health calls go to the "
        "crisis team”.",
        error_messages={
            "required": "Write what changed in one line.",
            "max_length": f"Keep it to {TITLE_MAX_LENGTH} characters or fewer.",
        },
    )
    team_measure = forms.ModelChoiceField(
        label="Measure it may move",
        queryset=None,
        required=False,
        empty_label="All the team's measures",
        help_text="Its chart shows the change. Choose none to show it on every chart.",
        error_messages={"invalid_choice": "Choose one of your team's measures, or none."},
    )
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        help_text="Who decided it, what it changes in practice. You can use Markdown.",
        error_messages={
            "max_length": f"Keep it to {DESCRIPTION_MAX_LENGTH:,} characters or fewer."
        },
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, team_measures, **kwargs) -> None:
        kwargs.setdefault("initial", {}).setdefault("submission_key", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.fields["team_measure"].queryset = team_measures
        self.fields["team_measure"].label_from_instance = lambda tm: tm.measure.current.name

    def clean_submission_key(self) -> uuid.UUID:
        return self.cleaned_data["submission_key"] or uuid.uuid4()

    def change_values(self) -> dict:
        return {
            name: value for name, value in self.cleaned_data.items() if name != "submission_key"
        }
