"""Forms about TA requests: open one, reply, assign, change status, filter the staff queue."""

import uuid

from django import forms

from lcpa.assistance.models import (
    MAX_FILES,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    TARequest,
    TASurvey,
)
from lcpa.cohorts.uploads import CheckedFilesField
from lcpa.core.forms import UswdsForm


class _SubmissionKeyForm(UswdsForm):
    """Sent back unchanged on every try of the same form, so a double click stores one row."""

    submission_key = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("initial", {}).setdefault("submission_key", uuid.uuid4())
        super().__init__(*args, **kwargs)

    def clean_submission_key(self) -> uuid.UUID:
        try:
            return uuid.UUID(str(self.cleaned_data["submission_key"]))
        except ValueError:
            return uuid.uuid4()


def _files() -> CheckedFilesField:
    return CheckedFilesField(
        max_files=MAX_FILES,
        label="Attach files",
        help_text="Your team and the people working on the request can download them. Totals "
        "and rates only, no records about people.",
    )


def _text(label: str, *, help_text: str, required: str, rows: int) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=TEXT_MAX_LENGTH,
        help_text=help_text,
        error_messages={
            "required": required,
            "max_length": f"Keep it to {TEXT_MAX_LENGTH:,} characters or fewer.",
        },
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class RequestOpenForm(_SubmissionKeyForm):
    title = forms.CharField(
        label="What do you need help with?",
        max_length=TITLE_MAX_LENGTH,
        help_text="One line, for example: “Matching 911 call codes to our new categories”.",
        error_messages={
            "required": "Write what you need help with in one line.",
            "max_length": f"Keep it to {TITLE_MAX_LENGTH} characters or fewer.",
        },
    )
    category = forms.ChoiceField(
        label="Topic",
        choices=[("", "- Select a topic -"), *TARequest.Category.choices],
        error_messages={
            "required": "Choose the topic closest to your question.",
            "invalid_choice": "Choose one of the topics in the list.",
        },
    )
    urgency = forms.ChoiceField(
        label="How soon do you need an answer?",
        choices=TARequest.Urgency.choices,
        initial=TARequest.Urgency.ROUTINE,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how soon you need an answer.",
            "invalid_choice": "Choose one of the options.",
        },
    )
    module = forms.ModelChoiceField(
        label="Module it relates to",
        queryset=None,
        required=False,
        empty_label="None in particular",
        error_messages={"invalid_choice": "Choose a module from the list."},
    )
    measure = forms.ModelChoiceField(
        label="Measure it concerns",
        queryset=None,
        required=False,
        empty_label="None in particular",
        help_text="Once the request is resolved, the measure's chart shows it.",
        error_messages={"invalid_choice": "Choose a measure from the list."},
    )
    description = _text(
        "Details",
        help_text="What you have tried, what you need, and by when. You can use Markdown. "
        "Please do not include anyone's health or case details.",
        required="Describe what you need.",
        rows=8,
    )
    files = _files()

    def __init__(self, *args, modules, measures, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = modules
        self.fields["module"].label_from_instance = lambda m: f"Module {m.number}: {m.title}"
        self.fields["measure"].queryset = measures
        self.fields["measure"].label_from_instance = lambda tm: tm.measure.current.name


class MessageForm(_SubmissionKeyForm):
    body = _text(
        "Your reply",
        help_text="You can use Markdown.",
        required="Write your reply.",
        rows=5,
    )
    files = _files()


class AssignForm(UswdsForm):
    assignee = forms.ModelChoiceField(
        label="Who works on it",
        queryset=None,
        empty_label="- Select a person -",
        error_messages={
            "required": "Choose who works on this request.",
            "invalid_choice": "Choose a person from the list.",
        },
    )

    def __init__(self, *args, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = people


class StatusForm(UswdsForm):
    status = forms.ChoiceField(
        label="Status",
        choices=TARequest.Status.choices,
        error_messages={
            "required": "Choose a status.",
            "invalid_choice": "Choose a status from the list.",
        },
    )


class QueueFilterForm(UswdsForm):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *TARequest.Status.choices],
    )
    cohort = forms.ModelChoiceField(
        label="Cohort", queryset=None, required=False, empty_label="All cohorts"
    )

    def __init__(self, *args, cohorts, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts


class SurveyForm(UswdsForm):
    rating = forms.TypedChoiceField(
        label="How satisfied are you with the help you got on this request?",
        choices=TASurvey.Rating.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how satisfied you are."},
    )


class ConnectForm(UswdsForm):
    """Connect the requesting team with one suggested peer team (hidden fields of a button)."""

    peer_team = forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": "Choose a peer team."}
    )
    reason = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)
