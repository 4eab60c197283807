"""Forms about guidance: ask and answer, publish and book office hours, write and review cases."""

import uuid
import zoneinfo
from datetime import datetime

from django import forms
from django.utils import timezone

from lcpa.cohorts.uploads import CheckedFilesField
from lcpa.core.forms import UswdsForm
from lcpa.guidance.models import TEXT_MAX_LENGTH, TITLE_MAX_LENGTH, Topic

MAX_CASE_FILES = 3


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


def _text(label: str, *, required: str, help_text: str = "You can use Markdown.", rows: int = 6):
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


def _title(label: str, *, help_text: str, required: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=TITLE_MAX_LENGTH,
        help_text=help_text,
        error_messages={
            "required": required,
            "max_length": f"Keep it to {TITLE_MAX_LENGTH} characters or fewer.",
        },
    )


class QuestionForm(_SubmissionKeyForm):
    title = _title(
        "Your question in one line",
        help_text="For example: “How did other cities staff overnight calls?”",
        required="Write your question in one line.",
    )
    module = forms.ModelChoiceField(
        label="Module it is about",
        queryset=None,
        empty_label="- Select a module -",
        error_messages={
            "required": "Choose the module your question is about.",
            "invalid_choice": "Choose a module from the list.",
        },
    )
    topic = forms.ChoiceField(
        label="Topic",
        choices=[("", "- Select a topic -"), *Topic.choices],
        error_messages={
            "required": "Choose the topic closest to your question.",
            "invalid_choice": "Choose one of the topics in the list.",
        },
    )
    body = _text(
        "Details",
        required="Say what you need to know and why.",
        help_text="What you know already and what you need to decide. You can use Markdown. "
        "Do not include personal details about community members.",
    )

    def __init__(self, *args, modules, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = modules
        self.fields["module"].label_from_instance = lambda m: f"Module {m.number}: {m.title}"


class AnswerForm(_SubmissionKeyForm):
    body = _text("Your reply", required="Write your reply.", rows=5)


class FollowUpForm(_SubmissionKeyForm):
    prefix = "follow_up"
    body = _text(
        "Your follow-up question",
        required="Write your follow-up question.",
        rows=4,
    )


class SlotForm(UswdsForm):
    """A start in the expert's own time zone (`zone`), cleaned into an aware `starts_at`. To
    change a slot (`slot`), its cohort stays and the fields start from what it is now."""

    cohort = forms.ModelChoiceField(
        label="Cohort",
        queryset=None,
        empty_label=None,
        error_messages={
            "required": "Choose the cohort whose teams may book this time.",
            "invalid_choice": "Choose a cohort from the list.",
        },
    )
    day = forms.DateField(
        label="Date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Enter the date.", "invalid": "Enter a real date."},
    )
    start_time = forms.TimeField(
        label="Starts at",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": "Enter the start time.", "invalid": "Enter a time like 14:30."},
    )
    minutes = forms.TypedChoiceField(
        label="Length",
        coerce=int,
        choices=[(15, "15 minutes"), (30, "30 minutes"), (45, "45 minutes"), (60, "1 hour")],
        initial=30,
        error_messages={"required": "Choose a length.", "invalid_choice": "Choose a length."},
    )
    video_url = forms.URLField(
        label="Video call link",
        assume_scheme="https",
        help_text="Shown only to the team that books this time.",
        error_messages={
            "required": "Give the link of the video call.",
            "invalid": "Enter a link such as https://meet.example.org/office-hour.",
        },
    )

    def __init__(self, *args, cohorts=None, zone: str, slot=None, **kwargs) -> None:
        self.zone = zoneinfo.ZoneInfo(zone)
        if slot is not None:
            local = slot.starts_at.astimezone(self.zone)
            kwargs["initial"] = {
                "day": local.date(),
                "start_time": local.time(),
                "minutes": slot.minutes,
                "video_url": slot.video_url,
            }
        super().__init__(*args, **kwargs)
        if slot is None:
            self.fields["cohort"].queryset = cohorts
        else:
            del self.fields["cohort"]
        self.fields[
            "day"
        ].help_text = f"In your time zone, {zone.replace('_', ' ')}; each team sees it in its own."

    def clean(self) -> dict:
        data = super().clean()
        day, start = data.get("day"), data.get("start_time")
        if day and start:
            starts_at = datetime.combine(day, start).replace(tzinfo=self.zone)
            if starts_at <= timezone.now():
                self.add_error("day", "Choose a time that is still to come.")
            data["starts_at"] = starts_at
        return data


class BookingForm(UswdsForm):
    agenda = _text(
        "What would you like to talk about?",
        required="Say what you would like to talk about, so the expert can prepare.",
        rows=4,
    )


class RescheduleForm(UswdsForm):
    slot = forms.ModelChoiceField(
        label="New time",
        queryset=None,
        empty_label="- Select a time -",
        error_messages={
            "required": "Choose the new time.",
            "invalid_choice": "Choose one of the free times in the list.",
        },
    )

    def __init__(self, *args, slots, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots
        self.fields["slot"].label_from_instance = lambda slot: (
            f"{timezone.localtime(slot.starts_at):%A %B %-d, %-I:%M %p %Z} "
            f"with {slot.expert} ({slot.minutes} minutes)"
        )


class CaseTextForm(UswdsForm):
    """What a case says (also the form to rewrite a case staff returned)."""

    title = _title(
        "What is the case about?",
        help_text="One line, for example: “Calls go back to police when the crisis team is busy”.",
        required="Name the problem in one line.",
    )
    context = _text("Context", required="Describe the situation: the program, the place, who.")
    tried = _text("What you have tried", required="Say what you have tried so far.")
    question = _text(
        "Your question to the experts",
        required="Write the question you want the experts to answer.",
    )


class CaseForm(CaseTextForm, _SubmissionKeyForm):
    files = CheckedFilesField(
        max_files=MAX_CASE_FILES,
        label="Data (optional)",
        help_text="Totals and rates only, no records about people.",
    )


class ReviewForm(UswdsForm):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("approve", "Approve: the experts can read it"), ("return", "Return to the team")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose to approve the case or return it."},
    )
    note = forms.CharField(
        label="Note to the team",
        required=False,
        max_length=TEXT_MAX_LENGTH,
        help_text="Needed when you return the case: say what to change.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ScheduleForm(UswdsForm):
    session = forms.ModelChoiceField(
        label="Session",
        queryset=None,
        empty_label="- Select a session -",
        error_messages={
            "required": "Choose the session the case is presented in.",
            "invalid_choice": "Choose a session from the list.",
        },
    )
    follow_up_on = forms.DateField(
        label="Report-back date",
        help_text="The team gets a reminder that morning to say what they did.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Enter the report-back date.", "invalid": "Enter a real date."},
    )

    def __init__(self, *args, sessions, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions
        self.fields["session"].label_from_instance = lambda session: (
            f"{session.title}, {timezone.localtime(session.starts_at):%B %-d, %Y}"
        )


class RecommendationForm(_SubmissionKeyForm):
    body = _text("Your recommendation", required="Write your recommendation.", rows=5)


class ReportBackForm(UswdsForm):
    report = _text(
        "What you did and what happened",
        required="Say what your team did with the recommendations.",
        rows=5,
    )


class StepForm(_SubmissionKeyForm):
    """A recommendation turned into a step of the team's action plan. `members` is a list (read
    once for every recommendation's form on the page)."""

    title = _title(
        "Step for your action plan",
        help_text="One line: what your team will do.",
        required="Write the step in one line.",
    )
    owner = forms.ChoiceField(
        label="Who leads it",
        required=False,
        error_messages={"invalid_choice": "Choose a current member of the team."},
    )
    due_on = forms.DateField(
        label="Due date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Enter the due date.", "invalid": "Enter a real date."},
    )

    def __init__(self, *args, members: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.members = {str(member.pk): member for member in members}
        self.fields["owner"].choices = [("", "Nobody yet")] + [
            (key, member.user.full_name or member.user.email)
            for key, member in self.members.items()
        ]

    def clean_owner(self):
        return self.members.get(self.cleaned_data["owner"])
