"""Program staff's monthly progress score of a team, on the IHI assessment scale."""

from datetime import date
from decimal import Decimal

from django import forms

from lcpa.core.forms import UswdsForm
from lcpa.outcomes.forms import month_label
from lcpa.outcomes.progress import scale

SCORED_MONTHS = 3  # this month and the two before it


class ProgressScoreForm(UswdsForm):
    month = forms.TypedChoiceField(
        label="Month",
        coerce=date.fromisoformat,
        error_messages={"required": "Choose the month you score."},
    )
    score = forms.TypedChoiceField(
        label="Score",
        coerce=Decimal,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a score on the scale.",
            "invalid_choice": "Choose a score on the scale.",
        },
    )
    note = forms.CharField(
        label="Why this score",
        required=False,
        max_length=2000,
        help_text="What you saw, for the team's record and the next person who scores it.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, today: date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        year, month = today.year, today.month
        months = []
        for _ in range(SCORED_MONTHS):
            months.append(date(year, month, 1))
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        self.fields["month"].choices = [(m.isoformat(), month_label(m)) for m in months]
        self.fields["month"].initial = months[0].isoformat()
        self.fields["score"].choices = [
            (str(level.score), f"{level.score} {level.name}: {level.description}")
            for level in scale()
        ]
