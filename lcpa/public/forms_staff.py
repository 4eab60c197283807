"""Forms on the staff pages about contact messages."""

from django import forms

from lcpa.core.forms import UswdsForm
from lcpa.intake.queries import staff_members
from lcpa.public.forms import MultilineField
from lcpa.public.models import ANSWER_NOTE_MAX_LENGTH, ContactMessage


class MessageFilterForm(UswdsForm):
    status = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[("", "All messages"), *ContactMessage.Status.choices],
    )


class MessageAssignForm(UswdsForm):
    assignee = forms.ModelChoiceField(
        label="Staff member who answers",
        queryset=None,
        required=False,
        empty_label="Nobody",
        error_messages={"invalid_choice": "Choose a staff member from the list."},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff_members()


class MessageAnsweredForm(UswdsForm):
    note = MultilineField(
        label="How was it answered?",
        max_length=ANSWER_NOTE_MAX_LENGTH,
        help_text="For staff only, for example: “Replied by email with the dates of the next "
        "cohort.” The sender does not see it.",
        error_messages={
            "required": "Write how the message was answered.",
            "max_length": f"Keep the note to {ANSWER_NOTE_MAX_LENGTH:,} characters or fewer.",
        },
        widget=forms.Textarea(attrs={"rows": 4}),
    )
