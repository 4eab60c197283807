"""The form of a team's own measure: the fields of the dictionary's measures, checked by the
same rules as the dictionary's files (`content.MeasureSpec`: a proportion or a rate needs a
denominator, a count has none)."""

from django import forms
from pydantic import ValidationError

from lcpa.core.forms import UswdsForm
from lcpa.outcomes.content import MeasureSpec
from lcpa.outcomes.forms import TeamMeasureForm
from lcpa.outcomes.models import Better, Chart, Disaggregation, Kind, Measure
from lcpa.outcomes.services import OWN_SOURCE_KIND

DEFINITION_FIELDS = (
    "name",
    "definition",
    "numerator",
    "denominator",
    "kind",
    "unit",
    "multiplier",
    "better",
    "chart",
    "disaggregations",
)


class OwnMeasureForm(UswdsForm):
    name = forms.CharField(
        label="Name",
        max_length=160,
        help_text="For example, “Follow-up visits within 48 hours”.",
        error_messages={"required": "Give the measure a name."},
    )
    definition = forms.CharField(
        label="What it shows, in plain words",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say in plain words what the measure shows."},
    )
    kind = forms.ChoiceField(
        label="Kind of number",
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of number."},
    )
    numerator = forms.CharField(
        label="What is counted (numerator)",
        max_length=200,
        error_messages={"required": "Say what is counted."},
    )
    denominator = forms.CharField(
        label="Out of what (denominator)",
        max_length=200,
        required=False,
        help_text="Needed for a proportion or a rate; leave it empty for a count.",
    )
    unit = forms.CharField(
        label="Unit",
        max_length=80,
        help_text="For example “percent”, “per 100,000 residents”, “minutes”.",
        error_messages={"required": "Give the unit the values are shown in."},
    )
    multiplier = forms.IntegerField(
        label="Multiplier",
        min_value=1,
        initial=1,
        help_text="100 for a percentage, 100000 for a rate per 100,000, 1 otherwise.",
        error_messages={"required": "Enter the multiplier (1 if none)."},
    )
    better = forms.ChoiceField(
        label="Which way is better",
        choices=Better.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which way is better."},
    )
    chart = forms.ChoiceField(label="Chart", choices=Chart.choices, initial=Chart.RUN)
    disaggregations = forms.MultipleChoiceField(
        label="Values may be broken down by",
        choices=Disaggregation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self) -> dict:
        data = super().clean()
        if any(name in self.errors for name in DEFINITION_FIELDS):
            return data
        try:
            MeasureSpec(
                code="own",
                source_kind=OWN_SOURCE_KIND,
                **{name: data[name] for name in DEFINITION_FIELDS},
            )
        except ValidationError as error:
            for problem in error.errors():
                message = problem["msg"].removeprefix("Value error, ")
                self.add_error("denominator", message[0].upper() + message[1:] + ".")
        return data

    def definition_values(self) -> dict:
        values = {name: self.cleaned_data[name] for name in DEFINITION_FIELDS}
        values["disaggregations"] = list(values["disaggregations"])
        return values


class NewOwnMeasureForm(OwnMeasureForm, TeamMeasureForm):
    """A new measure of the team's own, with its place in the plan (kind, baseline, target,
    chart rules)."""

    def __init__(self, *args, months, **kwargs) -> None:
        super().__init__(*args, measures=Measure.objects.none(), months=months, **kwargs)
        del self.fields["measure"]

    def plan_values(self) -> dict:
        names = ("role", "baseline_start", "baseline_end", "target_value", "target_date", "rules")
        return {name: self.cleaned_data[name] for name in names}
