"""The form naming a shootings dataset's intervention area, comparison area and start date."""

from django import forms

from lcpa.core.forms import UswdsForm


class ComparisonForm(UswdsForm):
    intervention_area = forms.CharField(
        label="Intervention area",
        max_length=120,
        help_text=(
            "Where the program works, written as the file writes its area column (for NYPD's "
            "file, the precinct number, such as 75)."
        ),
        error_messages={"required": "Enter the intervention area."},
    )
    comparison_area = forms.CharField(
        label="Comparison area",
        max_length=120,
        help_text=(
            "An area without the program, with about as many shootings and the same trend "
            "over the two years before, and not next to the intervention area."
        ),
        error_messages={"required": "Enter the comparison area."},
    )
    starts_on = forms.DateField(
        label="Date the program started",
        help_text="Months from this one on count as after.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Enter the date the program started.",
            "invalid": "Enter the date the program started as a real date.",
        },
    )

    def clean(self) -> dict:
        data = super().clean()
        treated = " ".join(data.get("intervention_area", "").split())
        comparison = " ".join(data.get("comparison_area", "").split())
        if treated and comparison and treated.casefold() == comparison.casefold():
            self.add_error(
                "comparison_area", "Choose a comparison area other than the intervention area."
            )
        return data
