"""The form to add or change an action step of a team's plan."""

import uuid

from django import forms

from lcpa.cohorts.models import ActionStep
from lcpa.core.forms import UswdsForm

TITLE_MAX_LENGTH = 200
DETAILS_MAX_LENGTH = 4000


class ActionStepForm(UswdsForm):
    submission_key = forms.UUIDField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(
        label="Step",
        max_length=TITLE_MAX_LENGTH,
        help_text="One line, for example: “Train dispatchers on the new call codes”.",
        error_messages={
            "required": "Write the step in one line.",
            "max_length": f"Keep it to {TITLE_MAX_LENGTH} characters or fewer.",
        },
    )
    owner = forms.ModelChoiceField(
        label="Who leads it",
        queryset=None,
        required=False,
        empty_label="Nobody yet",
        error_messages={"invalid_choice": "Choose a current member of the team."},
    )
    due_on = forms.DateField(
        label="Due date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Enter the date the step is due.",
            "invalid": "Enter the due date as a date, for example 2027-03-31.",
        },
    )
    status = forms.ChoiceField(
        label="Status",
        choices=ActionStep.Status.choices,
        initial=ActionStep.Status.NOT_STARTED,
        error_messages={"invalid_choice": "Choose a status from the list."},
    )
    module = forms.ModelChoiceField(
        label="Module it comes from",
        queryset=None,
        required=False,
        empty_label="None in particular",
        error_messages={"invalid_choice": "Choose a module from the list."},
    )
    details = forms.CharField(
        label="Details",
        required=False,
        max_length=DETAILS_MAX_LENGTH,
        help_text="What done looks like, who else is involved. You can use Markdown.",
        error_messages={"max_length": f"Keep it to {DETAILS_MAX_LENGTH:,} characters or fewer."},
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, members, modules, **kwargs) -> None:
        kwargs.setdefault("initial", {}).setdefault("submission_key", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members
        self.fields["owner"].label_from_instance = lambda m: m.user.full_name or m.user.email
        self.fields["module"].queryset = modules
        self.fields["module"].label_from_instance = lambda m: f"Module {m.number}: {m.title}"

    def clean_submission_key(self) -> uuid.UUID:
        return self.cleaned_data["submission_key"] or uuid.uuid4()

    def step_values(self) -> dict:
        """What the services take, without the submission key."""
        return {
            name: value for name, value in self.cleaned_data.items() if name != "submission_key"
        }
