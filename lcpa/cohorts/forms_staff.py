"""Forms on the staff cohort pages and the invitation sign-up form.

Fields are printed by `core/_field.html` (see `lcpa.core.forms`).
"""

import zoneinfo
from datetime import date, datetime, time

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from lcpa.accounts.models import User
from lcpa.cohorts.models import Attendance, Cohort, CohortModule, Team
from lcpa.core.forms import UswdsForm
from lcpa.curriculum.models import LearningCommunity, Sector, TeamRole

MAX_CAPACITY = 40


class _UserChoice(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, user: User) -> str:
        return f"{user.get_full_name()} ({user.email})" if user.full_name else user.email


def _people(role: str):
    return User.objects.filter(role=role, is_active=True).order_by("full_name", "email")


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CohortForm(UswdsForm):
    learning_community = forms.ModelChoiceField(
        queryset=LearningCommunity.objects.order_by("position", "name"),
        empty_label="Choose a learning community",
        error_messages={"required": "Choose the learning community this cohort runs."},
    )
    name = forms.CharField(
        max_length=150,
        help_text="For example, “Crisis Systems cohort 5”. Teams and experts see this name.",
        error_messages={"required": "Give the cohort a name."},
    )
    starts_on = forms.DateField(
        label="Start date",
        widget=_date_input(),
        error_messages={"required": "Enter the start date.", "invalid": "Enter a real date."},
    )
    ends_on = forms.DateField(
        label="End date",
        widget=_date_input(),
        help_text="The five module deliverables fall due at equal steps between the two dates.",
        error_messages={"required": "Enter the end date.", "invalid": "Enter a real date."},
    )
    capacity = forms.IntegerField(
        label="Number of teams it can take",
        min_value=1,
        max_value=MAX_CAPACITY,
        initial=8,
        error_messages={
            "required": "Enter how many teams the cohort can take.",
            "min_value": "A cohort takes at least one team.",
            "max_value": f"A cohort takes at most {MAX_CAPACITY} teams.",
            "invalid": "Enter a whole number.",
        },
    )
    facilitators = _UserChoice(
        queryset=_people(User.Role.PROGRAM_STAFF),
        required=False,
        help_text="Program staff who run the cohort's sessions.",
    )
    experts = _UserChoice(
        label="National experts",
        queryset=_people(User.Role.NATIONAL_EXPERT),
        required=False,
        help_text="They lead sessions and review the teams' deliverables.",
    )
    ta_providers = _UserChoice(
        label="Technical-assistance providers",
        queryset=_people(User.Role.TA_PROVIDER),
        required=False,
    )

    def clean(self) -> dict:
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on <= starts_on:
            self.add_error("ends_on", "The end date must be after the start date.")
        community = data.get("learning_community")
        if community is not None:
            count = community.modules.count()
            if count != 5:
                self.add_error(
                    "learning_community",
                    f"{community.name} has {count} of its five modules set up. Add the rest in "
                    "the admin first: the cohort takes a copy of the curriculum when it is made.",
                )
        return data


class ModuleLabelChoice(forms.ModelChoiceField):
    """A cohort module, posted by its number."""

    def label_from_instance(self, obj: CohortModule) -> str:
        return f"Module {obj.number}: {obj.title}"


class SessionDetailsForm(UswdsForm):
    """What a session is about and who runs it."""

    module = ModuleLabelChoice(
        queryset=CohortModule.objects.none(),
        to_field_name="number",
        empty_label="Choose a module",
        error_messages={
            "required": "Choose the module.",
            "invalid_choice": "Choose one of the cohort's five modules.",
        },
    )
    title = forms.CharField(
        max_length=200, error_messages={"required": "Give the session a title."}
    )
    meeting_url = forms.URLField(
        label="Video-meeting link",
        required=False,
        assume_scheme="https",
        help_text="Shown only to the cohort's members and helpers.",
        error_messages={"invalid": "Enter a full web address, starting https://."},
    )
    agenda = forms.CharField(
        label="Description and agenda",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Markdown: **bold**, lists with 1. or -, links.",
    )
    facilitators = _UserChoice(queryset=_people(User.Role.PROGRAM_STAFF), required=False)
    presenters = _UserChoice(
        label="Presenting experts", queryset=_people(User.Role.NATIONAL_EXPERT), required=False
    )

    def __init__(self, *args, cohort: Cohort, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.cohort = cohort
        self.fields["module"].queryset = cohort.modules.order_by("number")


class SessionTimeForm(UswdsForm):
    """A day and a start and end time in the staff member's time zone (`zone`), cleaned into
    aware `starts_at` and `ends_at`. With `future_only` the start must be still to come."""

    day = forms.DateField(
        label="Date",
        widget=_date_input(),
        error_messages={"required": "Enter the date.", "invalid": "Enter a real date."},
    )
    start_time = forms.TimeField(
        label="Starts at",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": "Enter the start time.", "invalid": "Enter a time like 14:30."},
    )
    end_time = forms.TimeField(
        label="Ends at",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": "Enter the end time.", "invalid": "Enter a time like 16:00."},
    )

    def __init__(self, *args, zone: str, future_only: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zoneinfo.ZoneInfo(zone)
        self.future_only = future_only
        self.fields["day"].help_text = (
            f"Times are in your time zone, {zone.replace('_', ' ')}, and shown to each person "
            "in their own."
        )

    def _aware(self, day: date, at: time, name: str) -> datetime | None:
        local = datetime.combine(day, at).replace(tzinfo=self.zone)
        # A wall-clock time skipped when the clocks go forward does not survive a round trip.
        back = local.astimezone(zoneinfo.ZoneInfo("UTC")).astimezone(self.zone)
        if back.replace(tzinfo=None) != local.replace(tzinfo=None):
            self.add_error(name, "That time does not exist on that day: the clocks change then.")
            return None
        return local

    def clean(self) -> dict:
        data = super().clean()
        day, start, end = data.get("day"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            starts_at = self._aware(day, start, "start_time")
            ends_at = self._aware(day, end, "end_time")
            if starts_at and ends_at:
                if ends_at <= starts_at:
                    self.add_error("end_time", "The session must end after it starts.")
                elif self.future_only and starts_at <= timezone.now():
                    self.add_error("day", "Choose a time that is still to come.")
                data["starts_at"], data["ends_at"] = starts_at, ends_at
        return data

    @classmethod
    def initial_for(cls, starts_at: datetime, ends_at: datetime, zone: str) -> dict:
        start = timezone.localtime(starts_at, zoneinfo.ZoneInfo(zone))
        end = timezone.localtime(ends_at, zoneinfo.ZoneInfo(zone))
        return {"day": start.date(), "start_time": start.time(), "end_time": end.time()}


class SessionForm(SessionDetailsForm, SessionTimeForm):
    """A new session: its details and its time."""

    field_order = [
        "module",
        "title",
        "day",
        "start_time",
        "end_time",
        "meeting_url",
        "agenda",
        "facilitators",
        "presenters",
    ]


class CancelSessionForm(UswdsForm):
    reason = forms.CharField(
        label="Why is the session cancelled?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Members read this in the email. For example, “The presenter is ill; the "
        "module 2 session next month covers the same ground.”",
        error_messages={"required": "Give the reason for cancelling: members read it."},
    )


class CohortEditForm(CohortForm):
    """A cohort's name, dates, size and people, and its modules' due dates (`due_<number>`).
    Its learning community stays: the cohort holds a copy of that curriculum."""

    def __init__(self, *args, cohort: Cohort, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["learning_community"]
        self.fields["ends_on"].help_text = "Module due dates must fall between the two dates."
        self.modules = list(cohort.modules.order_by("number"))
        for module in self.modules:
            self.fields[f"due_{module.number}"] = forms.DateField(
                label=f"Module {module.number} due date",
                required=False,
                widget=_date_input(),
                help_text=module.deliverable_name,
                error_messages={"invalid": "Enter a real date."},
            )
            self.fields[f"due_{module.number}"].widget.attrs["class"] = "usa-input"

    def due_dates(self) -> dict[int, date | None]:
        return {m.number: self.cleaned_data.get(f"due_{m.number}") for m in self.modules}

    @staticmethod
    def initial_for(cohort: Cohort) -> dict:
        initial = {
            "name": cohort.name,
            "starts_on": cohort.starts_on,
            "ends_on": cohort.ends_on,
            "capacity": cohort.capacity,
            "facilitators": list(cohort.facilitators.all()),
            "experts": list(cohort.experts.all()),
            "ta_providers": list(cohort.ta_providers.all()),
        }
        for module in cohort.modules.all():
            initial[f"due_{module.number}"] = module.due_on
        return initial


class CheckInForm(UswdsForm):
    contacted_on = forms.DateField(
        label="Date of the check-in",
        widget=_date_input(),
        error_messages={"required": "Enter the date you talked.", "invalid": "Enter a real date."},
    )
    note = forms.CharField(
        label="What you talked about and what was agreed",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Only program staff see this note.",
        error_messages={"required": "Write what you talked about and what was agreed."},
    )


class TeamEmailForm(UswdsForm):
    subject = forms.CharField(
        max_length=200, error_messages={"required": "Write the email's subject."}
    )
    body = forms.CharField(
        label="Message",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Sent as plain text. Replies come to your email address.",
        error_messages={"required": "Write the message."},
    )


class InviteForm(UswdsForm):
    full_name = forms.CharField(
        label="Name", max_length=150, error_messages={"required": "Enter the person's name."}
    )
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter the email address the invitation goes to.",
            "invalid": "Enter an email address like name@example.org.",
        },
    )
    role = forms.ChoiceField(
        label="Team role",
        choices=[("", "Choose a team role")] + TeamRole.choices,
        error_messages={"required": "Choose the person's team role."},
    )
    sector = forms.ChoiceField(
        label="Organization's sector",
        choices=[("", "Choose a sector")] + Sector.choices,
        error_messages={"required": "Choose the sector of the person's organization."},
    )
    organisation = forms.CharField(label="Organization", max_length=200, required=False)
    job_title = forms.CharField(label="Job title", max_length=150, required=False)

    def __init__(self, *args, team: Team, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.team = team

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if self.team.memberships.filter(
            user__email__iexact=email, removed_at__isnull=True
        ).exists():
            raise ValidationError("This person is already a member of the team.")
        return email


class UnlockForm(UswdsForm):
    module = ModuleLabelChoice(
        label="Module to open",
        queryset=CohortModule.objects.none(),
        to_field_name="number",
        empty_label="Choose a module",
        error_messages={
            "required": "Choose the module to open.",
            "invalid_choice": "Choose one of the modules that are still locked.",
        },
    )
    reason = forms.CharField(
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the record and shown to staff. For example, “Module 1 was agreed "
        "on a call; the team submits it next week.”",
        error_messages={"required": "Give a reason for opening the module early."},
    )

    def __init__(self, *args, locked: QuerySet[CohortModule], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = locked


class InvitationSignUpForm(UswdsForm):
    full_name = forms.CharField(
        label="Your name",
        max_length=150,
        help_text="How your name appears to your team and to program staff.",
        error_messages={"required": "Enter your name."},
    )
    password1 = forms.CharField(
        label="Choose a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters; not a common password, not only numbers, and not "
        "like your name or email address.",
        error_messages={"required": "Choose a password."},
    )
    password2 = forms.CharField(
        label="Type the password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Type the password again."},
    )

    def __init__(self, *args, email: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict:
        data = super().clean()
        password1, password2 = data.get("password1"), data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "The two passwords are not the same.")
        elif password1:
            probe = User(email=self.email, full_name=data.get("full_name", ""))
            try:
                validate_password(password1, user=probe)
            except ValidationError as error:
                self.add_error("password1", error)
        return data


class AttendanceForm(UswdsForm):
    """One radio group per current member (`status_<membership id>`), and a reason that is
    needed only when marks already recorded change. A member left blank is not marked."""

    reason = forms.CharField(
        label="Reason for changes",
        max_length=300,
        required=False,
        help_text="Needed only when you change attendance already recorded, for example "
        "“Joined late by phone; the facilitator confirmed”.",
    )

    def __init__(self, *args, memberships, initial_marks: dict[int, str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.memberships = list(memberships)
        for membership in self.memberships:
            self.fields[f"status_{membership.pk}"] = forms.ChoiceField(
                label=str(membership.user),
                choices=Attendance.Status.choices,
                required=False,
                initial=initial_marks.get(membership.pk),
                widget=forms.RadioSelect(attrs={"class": "usa-radio__input"}),
                error_messages={"invalid_choice": "Choose present, absent or excused."},
            )

    def status_field(self, membership):
        return self[f"status_{membership.pk}"]

    def marks(self, *, everyone_present_in_team: int | None = None) -> dict[int, str]:
        """The chosen statuses by membership id; a team's bulk button marks its members
        present whatever their radios said."""
        marks = {}
        for membership in self.memberships:
            if membership.team_id == everyone_present_in_team:
                marks[membership.pk] = Attendance.Status.PRESENT
            elif value := self.cleaned_data.get(f"status_{membership.pk}"):
                marks[membership.pk] = value
        return marks


class EnrolForm(UswdsForm):
    cohort = forms.ModelChoiceField(
        queryset=Cohort.objects.none(),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the cohort the team joins.",
            "invalid_choice": "Choose one of the upcoming cohorts listed.",
        },
    )

    def __init__(self, *args, cohorts: QuerySet[Cohort], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts
