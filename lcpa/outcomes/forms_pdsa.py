"""The form of a PDSA cycle: plan (change idea, prediction), do (dates, what happened), study
(what the data showed) and act (adopt, adapt or abandon)."""

import uuid

from django import forms

from lcpa.core.forms import UswdsForm
from lcpa.outcomes.models import PDSACycle

TEXT_MAX_LENGTH = 4000


def _date(label: str, help_text: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a real date, for example 2027-03-31."},
    )


def _text(label: str, help_text: str, *, required: str | None = None) -> forms.CharField:
    messages = {"max_length": f"Keep it to {TEXT_MAX_LENGTH:,} characters or fewer."}
    if required:
        messages["required"] = required
    return forms.CharField(
        label=label,
        required=bool(required),
        max_length=TEXT_MAX_LENGTH,
        help_text=help_text,
        error_messages=messages,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PDSACycleForm(UswdsForm):
    submission_key = forms.UUIDField(required=False, widget=forms.HiddenInput)
    change_idea = forms.CharField(
        label="Change idea",
        max_length=200,
        help_text="The change you will test, in one line, for example: “A clinician in the "
        "911 centre on weekday evenings”.",
        error_messages={
            "required": "Write the change you will test in one line.",
            "max_length": "Keep the change idea to 200 characters or fewer.",
        },
    )
    prediction = _text(
        "Prediction",
        "What you expect to happen to this measure, and why.",
        required="Write what you expect to happen.",
    )
    previous = forms.ModelChoiceField(
        label="Follows the cycle",
        queryset=PDSACycle.objects.none(),
        required=False,
        empty_label="None: a first cycle",
        error_messages={"invalid_choice": "Choose a cycle of this measure."},
    )
    started_on = _date("Test started on", "Leave empty until the test starts.")
    ended_on = _date("Test ended on", "Leave empty while the test runs.")
    what_happened = _text("What happened", "What you did, and what did not go as planned.")
    what_data_showed = _text(
        "What the data showed", "Compare the chart with your prediction. You can use Markdown."
    )
    act = forms.ChoiceField(
        label="Decision",
        required=False,
        choices=[("", "Not decided yet"), *PDSACycle.Act.choices],
        error_messages={"invalid_choice": "Choose a decision from the list."},
    )

    def __init__(self, *args, cycles, **kwargs) -> None:
        kwargs.setdefault("initial", {}).setdefault("submission_key", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.fields["previous"].queryset = cycles
        self.fields["previous"].label_from_instance = lambda cycle: cycle.change_idea

    def clean_submission_key(self) -> uuid.UUID:
        return self.cleaned_data["submission_key"] or uuid.uuid4()

    def clean(self) -> dict:
        data = super().clean()
        started, ended = data.get("started_on"), data.get("ended_on")
        if ended and not started:
            self.add_error("started_on", "Enter the day the test started too.")
        elif started and ended and ended < started:
            self.add_error("ended_on", "The test cannot end before it started.")
        if data.get("act") and not data.get("what_data_showed"):
            self.add_error("what_data_showed", "Write what the data showed before deciding.")
        return data

    def cycle_values(self) -> dict:
        return {
            name: value for name, value in self.cleaned_data.items() if name != "submission_key"
        }
