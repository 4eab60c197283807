"""Forms of the outcomes pages: choosing a measure for the plan, and the period grid."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet

from lcpa.core.forms import UswdsForm, apply_uswds, plain_messages
from lcpa.outcomes.models import Kind, Measure, MeasureVersion, Observation, TeamMeasure
from lcpa.outcomes.services import ObservationValue

# Kinds whose numerator counts things: a whole number.
COUNTED = {Kind.PROPORTION, Kind.RATE, Kind.COUNT}


def month_label(period: date) -> str:
    return f"{period:%B %Y}"


class MeasureChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Measure) -> str:
        return obj.current.name


class TeamMeasureForm(UswdsForm):
    measure = MeasureChoiceField(queryset=Measure.objects.none(), label="Measure")
    role = forms.ChoiceField(
        label="What the measure tells your team",
        choices=TeamMeasure.Role.choices,
        widget=forms.RadioSelect,
        help_text="Outcome: the result you want. Process: whether you are doing what you "
        "planned. Balancing: a side effect to watch.",
    )
    baseline_start = forms.TypedChoiceField(
        label="Baseline: first month", coerce=date.fromisoformat
    )
    baseline_end = forms.TypedChoiceField(label="Baseline: last month", coerce=date.fromisoformat)
    target_value = forms.DecimalField(
        label="Target",
        min_value=0,
        max_digits=14,
        decimal_places=4,
        help_text="The value you aim for, in the measure's unit (for example 40 for 40 percent).",
        error_messages={"invalid": "Enter the target as a number, for example 40."},
    )
    target_date = forms.DateField(
        label="Reach the target by",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter the date as a real date, for example 2027-06-30."},
    )

    rules = forms.ChoiceField(
        label="How the charts spot a real change",
        choices=TeamMeasure.Rules.choices,
        initial=TeamMeasure.Rules.ANHOEJ,
        widget=forms.RadioSelect,
        help_text="Both tell a real change from chance. The Anhøj rules (the default of the "
        "qicharts2 software) give fewer false alarms; the IHI rules are the ones taught in "
        "IHI courses.",
        error_messages={"invalid_choice": "Choose the Anhøj rules or the IHI rules."},
    )

    def __init__(self, *args, measures: QuerySet[Measure], months: list[date], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = measures
        choices = [("", "- Select -")] + [(m.isoformat(), month_label(m)) for m in months]
        self.fields["baseline_start"].choices = choices
        self.fields["baseline_end"].choices = choices

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("baseline_start"), data.get("baseline_end")
        if start and end and end < start:
            self.add_error(
                "baseline_end", "The last month of the baseline must not be before its first."
            )
        return data


@dataclass(frozen=True)
class PeriodFields:
    """One month of the grid: its fields, and the value stored for it (if any)."""

    period: date
    label: str
    fields: list[forms.BoundField]
    observation: Observation | None
    correction: Any = None  # queries.Correction: what the latest correction replaced


class ObservationGridForm(UswdsForm):
    """One fieldset per month: numerator, denominator (not for counts), provisional, note."""

    def __init__(
        self,
        *args,
        version: MeasureVersion,
        periods: list[date],
        stored: dict[date, Observation] | None = None,
        corrections: dict[date, Any] | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.version = version
        self.periods = periods
        self.stored = stored or {}
        self.corrections = corrections or {}
        self._add_fields()
        # The fields exist only now: give them what UswdsForm gives declared fields.
        apply_uswds(self)
        plain_messages(self)

    def _add_fields(self) -> None:
        version = self.version
        for period in self.periods:
            month = month_label(period)
            key = f"{period:%Y-%m}"
            whole = "a whole number" if version.kind in COUNTED else "a number"
            self.fields[f"{key}_numerator"] = forms.DecimalField(
                label=version.numerator,
                required=False,
                min_value=0,
                max_digits=14,
                decimal_places=4,
                error_messages={
                    "invalid": f"Enter {whole} for {month}, or leave it empty.",
                    "min_value": f"Enter 0 or more for {month}.",
                    "max_digits": f"Enter a smaller number for {month}.",
                    "max_decimal_places": f"Use at most 4 decimals for {month}.",
                },
            )
            if version.has_denominator:
                self.fields[f"{key}_denominator"] = forms.IntegerField(
                    label=version.denominator,
                    required=False,
                    min_value=0 if version.kind == Kind.VALUE else 1,
                    max_value=10**12,
                    error_messages={
                        "invalid": f"Enter a whole number for {month}, or leave it empty.",
                        "min_value": f"Enter a number above 0 for {month}.",
                        "max_value": f"Enter a smaller number for {month}.",
                    },
                )
            self.fields[f"{key}_provisional"] = forms.BooleanField(
                label="Provisional (may still change)", required=False
            )
            self.fields[f"{key}_note"] = forms.CharField(
                label="Note", required=False, max_length=500
            )

    def clean(self) -> dict:
        data = super().clean()
        version = self.version
        for period in self.periods:
            key, month = f"{period:%Y-%m}", month_label(period)
            numerator = data.get(f"{key}_numerator")
            denominator = data.get(f"{key}_denominator")
            if f"{key}_numerator" in self.errors or f"{key}_denominator" in self.errors:
                continue
            if numerator is not None and version.kind in COUNTED and numerator % 1:
                self.add_error(f"{key}_numerator", f"Enter a whole number for {month}.")
            elif numerator is None and denominator is not None:
                self.add_error(
                    f"{key}_numerator",
                    f"Enter this number for {month} too, or clear the one below it.",
                )
            elif numerator is not None and version.kind in (Kind.PROPORTION, Kind.RATE):
                if denominator is None:
                    self.add_error(f"{key}_denominator", f"Enter this number for {month} too.")
                elif version.kind == Kind.PROPORTION and numerator > denominator:
                    self.add_error(
                        f"{key}_numerator",
                        f"For {month} this must not be more than the number below it "
                        f"({denominator}).",
                    )
        return data

    @property
    def rows(self) -> list[PeriodFields]:
        rows = []
        for period in self.periods:
            key = f"{period:%Y-%m}"
            names = [name for name in self.fields if name.startswith(f"{key}_")]
            fields = [self[name] for name in names]
            observation = self.stored.get(period)
            rows.append(
                PeriodFields(
                    period, month_label(period), fields, observation, self.corrections.get(period)
                )
            )
        return rows

    def values(self) -> list[ObservationValue]:
        data = self.cleaned_data
        values = []
        for period in self.periods:
            key = f"{period:%Y-%m}"
            denominator = data.get(f"{key}_denominator")
            values.append(
                ObservationValue(
                    period=period,
                    numerator=data.get(f"{key}_numerator"),
                    denominator=Decimal(denominator) if denominator is not None else None,
                    provisional=bool(data.get(f"{key}_provisional")),
                    note=data.get(f"{key}_note", "").strip(),
                )
            )
        return values
