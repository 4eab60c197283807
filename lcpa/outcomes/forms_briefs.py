"""Forms about briefs and sharing results: write a brief, staff's decision, share or not."""

import uuid

from django import forms
from django.db.models import QuerySet

from lcpa.core.forms import UswdsForm
from lcpa.outcomes.models import TeamMeasure

TEXT_MAX_LENGTH = 2_000


class TeamMeasureChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: TeamMeasure) -> str:
        return obj.measure.current.name


def _text(label: str, *, help_text: str, required: str | None, rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required is not None,
        max_length=TEXT_MAX_LENGTH,
        help_text=help_text,
        error_messages={
            "required": required or "",
            "max_length": f"Keep it to {TEXT_MAX_LENGTH:,} characters or fewer.",
        },
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class BriefForm(UswdsForm):
    submission_key = forms.CharField(required=False, widget=forms.HiddenInput)
    headline = forms.CharField(
        label="Headline",
        max_length=120,
        help_text="One line that says what changed, for example: “Clinicians now answer one "
        "mental health call in three”.",
        error_messages={
            "required": "Write a headline in one line.",
            "max_length": "Keep the headline to 120 characters or fewer.",
        },
    )
    what_changed = _text(
        "What changed",
        help_text="What your team did and what happened. You can use Markdown.",
        required="Say what changed.",
    )
    for_whom = _text(
        "For whom",
        help_text="Who it changed things for: residents, callers, students, responders.",
        required="Say who it changed things for.",
        rows=3,
    )
    chart_1 = TeamMeasureChoiceField(
        queryset=TeamMeasure.objects.none(),
        label="First chart",
        help_text="A measure from your plan. Months with small numbers are hidden.",
        error_messages={
            "required": "Choose a measure for the first chart.",
            "invalid_choice": "Choose one of the measures in your plan.",
        },
    )
    chart_2 = TeamMeasureChoiceField(
        queryset=TeamMeasure.objects.none(),
        label="Second chart (optional)",
        required=False,
        error_messages={"invalid_choice": "Choose one of the measures in your plan."},
    )
    quote = _text(
        "A quote (optional)",
        help_text="Someone's words about the change, with their permission.",
        required=None,
        rows=3,
    )
    quote_by = forms.CharField(
        label="Who said it (optional)",
        required=False,
        max_length=160,
        help_text="Name and role, for example: “Ana Ruiz, crisis counsellor”.",
        error_messages={"max_length": "Keep it to 160 characters or fewer."},
    )
    next_steps = _text(
        "Next steps",
        help_text="What your team will do next.",
        required="Say what your team will do next.",
        rows=3,
    )

    def __init__(self, *args, team_measures: QuerySet[TeamMeasure], **kwargs) -> None:
        kwargs.setdefault("initial", {}).setdefault("submission_key", uuid.uuid4())
        super().__init__(*args, **kwargs)
        for name in ("chart_1", "chart_2"):
            self.fields[name].queryset = team_measures
        self.fields["chart_1"].empty_label = "- Select a measure -"
        self.fields["chart_2"].empty_label = "No second chart"

    def clean_submission_key(self) -> uuid.UUID:
        try:
            return uuid.UUID(str(self.cleaned_data["submission_key"]))
        except ValueError:
            return uuid.uuid4()

    def clean(self) -> dict:
        data = super().clean()
        if data.get("quote_by") and not data.get("quote"):
            self.add_error("quote", "Add the quote, or leave who said it empty.")
        first, second = data.get("chart_1"), data.get("chart_2")
        if first and second and first.pk == second.pk:
            self.add_error("chart_2", "Choose a different measure, or no second chart.")
        return data

    def brief_fields(self) -> dict:
        return {
            name: value for name, value in self.cleaned_data.items() if name != "submission_key"
        }


class BriefDecisionForm(UswdsForm):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve and publish"), ("return", "Return to the team")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose to approve the brief or to return it."},
    )
    note = _text(
        "Note to the team",
        help_text="Needed when you return the brief: say what to change.",
        required=None,
        rows=3,
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("decision") == "return" and not data.get("note", "").strip():
            self.add_error("note", "Say what the team should change.")
        return data


class SharedMeasureField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: TeamMeasure) -> str:
        return obj.measure.current.name


class ResultsSharingForm(UswdsForm):
    """The measures of the plan shown on the public results page (none: the team does not
    share its results)."""

    measures = SharedMeasureField(
        queryset=TeamMeasure.objects.none(),
        label="Measures shown on the public results page",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Monthly totals only. Months with fewer than 10 people or events are "
        "hidden. Leave every box empty to keep your results private.",
    )

    def __init__(self, *args, team_measures: QuerySet[TeamMeasure], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measures"].queryset = team_measures
