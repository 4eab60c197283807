"""Forms on the staff follow-up pages."""

from functools import lru_cache

from django import forms
from django.forms.utils import flatatt
from django.http import QueryDict
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from lcpa.core.forms import UswdsForm
from lcpa.core.states import US_STATES
from lcpa.curriculum.models import LearningCommunity
from lcpa.intake.models import EmailTemplate, FollowUp, InterestRegistration
from lcpa.intake.queries import (
    POPULATION_BANDS,
    SORT_KEYS,
    UNASSIGNED,
    office_today,
    staff_members,
)


@lru_cache(maxsize=32)
def _escaped_options(choices: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str, str], ...]:
    """Each option's value and its HTML in two halves (before and after " selected"), escaped
    once per list of choices: the key is the choices themselves, so a changed list (a new staff
    member, a renamed learning community) is a new entry and nothing needs invalidating."""
    return tuple(
        (value, format_html('<option value="{}"', value), format_html(">{}</option>", label))
        for value, label in choices
    )


class QuickSelect(forms.Select):
    """A select rendered in Python: Django's template-rendered options are slow in long lists
    (the pipeline's filters are on a page staff load all day). Flat choices only."""

    def render(self, name, value, attrs=None, renderer=None) -> str:
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        chosen = {str(v) for v in self.format_value(value)}
        choices = tuple((str(option), str(label)) for option, label in self.choices)
        options = "".join(
            f"{start} selected{end}" if option in chosen else f"{start}{end}"
            for option, start, end in _escaped_options(choices)
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), mark_safe(options))


class QuickInputMixin:
    """Renders an <input> in Python, as QuickSelect does a <select>: the pipeline's forms are
    on a page staff load all day, and Django's template-rendered widgets cost more than the
    rows."""

    def render(self, name, value, attrs=None, renderer=None) -> str:
        widget = self.get_context(name, value, attrs)["widget"]
        final_attrs = {"type": widget["type"], "name": widget["name"]}
        if widget["value"] is not None:
            final_attrs["value"] = widget["value"]
        final_attrs.update(widget["attrs"])
        return format_html("<input{}>", flatatt(final_attrs))


class QuickTextInput(QuickInputMixin, forms.TextInput):
    pass


class QuickDateInput(QuickInputMixin, forms.DateInput):
    input_type = "date"


class QuickCheckbox(QuickInputMixin, forms.CheckboxInput):
    pass


class QuickTextarea(forms.Textarea):
    def render(self, name, value, attrs=None, renderer=None) -> str:
        widget = self.get_context(name, value, attrs)["widget"]
        return format_html(
            '<textarea name="{}"{}>\n{}</textarea>',
            name,
            flatatt(widget["attrs"]),
            widget["value"] or "",
        )


def _community_choices() -> list[tuple[str, str]]:
    return [("", "Any")] + list(LearningCommunity.objects.values_list("slug", "name"))


def _assignee_choices(staff) -> list[tuple[str, str]]:
    return [("", "Anyone or nobody"), ("me", "Me"), (UNASSIGNED, "Nobody yet")] + [
        (str(user.pk), str(user)) for user in staff
    ]


class PipelineFilterForm(UswdsForm):
    """The pipeline's filters (GET). Every field is optional; bad values are reported."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        widget=QuickTextInput,
        help_text="Jurisdiction, contact name or email, or a team member's name or email.",
    )
    status = forms.ChoiceField(
        required=False,
        choices=[("", "Any")] + InterestRegistration.Status.choices,
        widget=QuickSelect,
    )
    community = forms.ChoiceField(label="Learning community", required=False, widget=QuickSelect)
    state = forms.ChoiceField(required=False, choices=[("", "Any")] + US_STATES, widget=QuickSelect)
    population = forms.ChoiceField(
        label="Population",
        required=False,
        choices=[("", "Any")] + [(band.key, band.label) for band in POPULATION_BANDS.values()],
        widget=QuickSelect,
    )
    assigned = forms.ChoiceField(label="Assigned to", required=False, widget=QuickSelect)
    overdue = forms.BooleanField(label="Overdue only", required=False, widget=QuickCheckbox)
    sort = forms.ChoiceField(
        required=False, choices=[(key, key) for key in SORT_KEYS], widget=forms.HiddenInput
    )

    def __init__(self, *args, staff=None, **kwargs) -> None:
        """`staff`: the staff members to offer (default: staff_members())."""
        super().__init__(*args, **kwargs)
        self.fields["community"].choices = _community_choices()
        self.fields["assigned"].choices = _assignee_choices(
            staff if staff is not None else staff_members()
        )

    def saved_query(self) -> str:
        """The valid, non-empty filters (and sort) as a query string, without the page."""
        valid = {
            name: value
            for name, value in (getattr(self, "cleaned_data", None) or {}).items()
            if name not in self.errors and value not in (None, "", False)
        }
        query = QueryDict(mutable=True)
        for name in self.fields:
            if name in valid:
                query[name] = "on" if valid[name] is True else str(valid[name])
        return query.urlencode()

    @classmethod
    def clean_query(cls, raw: str) -> str:
        """A query string reduced to the pipeline's known filters with valid values."""
        form = cls(QueryDict(raw[:2000]))
        form.is_valid()
        return form.saved_query()

    def filters(self, user) -> dict:
        """Keyword arguments for queries.pipeline_registrations from the valid fields."""
        data = {
            name: value
            for name, value in (getattr(self, "cleaned_data", None) or {}).items()
            if name not in self.errors
        }
        assigned = data.get("assigned") or None
        if assigned == "me":
            assigned = user.pk
        elif assigned and assigned != UNASSIGNED:
            assigned = int(assigned)
        return {
            "search": data.get("q") or None,
            "status": data.get("status") or None,
            "learning_community": data.get("community") or None,
            "state": data.get("state") or None,
            "population_band": data.get("population") or None,
            "assigned_to": assigned,
            "overdue": bool(data.get("overdue")),
            "sort": data.get("sort") or None,
        }


def _not_in_the_past(day) -> None:
    if day is not None and day < office_today():
        raise forms.ValidationError("The next follow-up date cannot be in the past.")


def next_follow_up_field(label: str, help_text: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        validators=[_not_in_the_past],
        widget=QuickDateInput,
        help_text=help_text,
        error_messages={
            "invalid": "Enter the date as a real date, for example 2026-12-15, or leave it empty."
        },
    )


class FollowUpForm(UswdsForm):
    kind = forms.ChoiceField(
        label="How you followed up",
        choices=[(kind.value, kind.label) for kind in FollowUp.STAFF_KINDS],
        error_messages={
            "required": "Choose how you followed up: a phone call, an email, a meeting or a note.",
            "invalid_choice": "Choose how you followed up from the list.",
        },
    )
    summary = forms.CharField(
        label="What happened",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Who you spoke with, what was agreed, what happens next.",
        error_messages={
            "required": "Write what happened in this follow-up: who you spoke with and what "
            "was agreed.",
            "max_length": "Keep what happened to %(limit_value)s characters or fewer (you typed "
            "%(show_value)s).",
        },
    )
    status_to = forms.ChoiceField(
        label="Status after this",
        choices=InterestRegistration.Status.choices,
        error_messages={
            "required": "Choose the status the registration has after this follow-up.",
            "invalid_choice": "Choose the status after this follow-up from the list.",
        },
    )
    next_follow_up_on = next_follow_up_field(
        "Next follow-up date",
        "If you promised a next step, its date: the registration is overdue if nobody follows "
        "up by then. Without a date, the next follow-up is due in the usual number of business "
        "days.",
    )

    def __init__(self, *args, registration: InterestRegistration | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if registration is not None and not self.is_bound:
            self.initial.setdefault("status_to", registration.status)


class AssignForm(UswdsForm):
    assignee = forms.ModelChoiceField(
        label="Staff member responsible",
        queryset=None,
        required=False,
        empty_label="Nobody",
        error_messages={"invalid_choice": "Choose a staff member from the list, or nobody."},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff_members()


class EmailTemplateChoiceForm(UswdsForm):
    """Picks a saved template to fill in the email form (a GET form: nothing is sent)."""

    template = forms.ModelChoiceField(
        label="Start from a saved template",
        queryset=EmailTemplate.objects.all(),
        required=False,
        empty_label="No template: write my own",
    )


class RegistrantEmailForm(UswdsForm):
    subject = forms.CharField(
        label="Subject",
        max_length=200,
        error_messages={"required": "Enter a subject for the email."},
    )
    body = forms.CharField(
        label="Message",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="You can use $contact_name, $jurisdiction, $status_link and $staff_name; "
        "they are filled in when the email is sent. $status_link makes a new private status "
        "link (the registrant's earlier link stops working).",
        error_messages={"required": "Write the message to send."},
    )
    cc_members = forms.BooleanField(
        label="Copy every proposed team member", required=False, initial=False
    )
    next_follow_up_on = next_follow_up_field(
        "Also set the next follow-up to",
        "Sending an email keeps the follow-up date as it is. Give a date to change it.",
    )


class MergeForm(UswdsForm):
    target = forms.IntegerField(
        label="Merge this registration into registration number",
        min_value=1,
        error_messages={
            "required": "Enter the number of the registration to merge this one into.",
            "invalid": "Enter the registration number in digits, for example 42.",
            "min_value": "Registration numbers start at 1.",
        },
        help_text="The other registration stays and gains this one's new members, follow-ups "
        "and learning communities. This one is marked withdrawn and links to it.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    confirm = forms.BooleanField(
        label="I have checked that both registrations are from the same team",
        error_messages={"required": "Confirm that both registrations are from the same team."},
    )


class EmailTemplateForm(UswdsForm):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="Only staff see the name.",
        error_messages={"required": "Give the template a name."},
    )
    subject = forms.CharField(
        label="Subject",
        max_length=200,
        error_messages={"required": "Enter the subject emails from this template have."},
    )
    body = forms.CharField(
        label="Message",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Placeholders: $contact_name, $jurisdiction, $status_link (a new private "
        "link to the registrant's status page; the earlier link stops working) and $staff_name "
        "(the sender).",
        error_messages={"required": "Write the template's message."},
    )

    def __init__(self, *args, instance: EmailTemplate | None = None, **kwargs) -> None:
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": instance.name,
                "subject": instance.subject,
                "body": instance.body,
            }
        super().__init__(*args, **kwargs)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        clash = EmailTemplate.objects.filter(name__iexact=name)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("Another template has this name. Choose another.")
        return name


class ReplyForm(UswdsForm):
    """A reply from the registrant that staff paste or forward into the timeline."""

    sender = forms.CharField(
        label="From", max_length=254, help_text="The name or email address the reply came from."
    )
    received_on = forms.DateField(
        label="Date received", widget=forms.DateInput(attrs={"type": "date"})
    )
    text = forms.CharField(
        label="Text of the reply", max_length=4000, widget=forms.Textarea(attrs={"rows": 6})
    )

    def clean_received_on(self):
        day = self.cleaned_data["received_on"]
        if day > office_today():
            raise forms.ValidationError("The date the reply arrived cannot be in the future.")
        return day


class SavedFilterForm(UswdsForm):
    name = forms.CharField(
        label="Name for these filters",
        max_length=80,
        widget=QuickTextInput,
        error_messages={"required": "Give these filters a name, for example “Overdue in MA”."},
    )
    shared = forms.BooleanField(
        label="Let other staff members use it", required=False, widget=QuickCheckbox
    )


BULK_ACTIONS = [
    ("assign", "Assign to a staff member"),
    ("status", "Change the status"),
    ("email", "Send a saved email template"),
]


class BulkActionForm(UswdsForm):
    """What to do with the registrations ticked on a pipeline page: first the selection and
    the action (the pipeline's buttons), then, with `confirm`, that action's fields."""

    action = forms.ChoiceField(label="What to do", choices=BULK_ACTIONS)
    assignee = forms.ChoiceField(label="Assign to", required=False, widget=QuickSelect)
    status_to = forms.ChoiceField(
        label="New status",
        required=False,
        choices=[("", "Choose a status"), *InterestRegistration.Status.choices],
        widget=QuickSelect,
    )
    summary = forms.CharField(
        label="Why the status changes",
        required=False,
        max_length=4000,
        widget=QuickTextarea(attrs={"rows": 3}),
        help_text="Goes on each registration's timeline as a note.",
    )
    template = forms.ModelChoiceField(
        label="Email template",
        queryset=EmailTemplate.objects.all(),
        required=False,
        empty_label="Choose a template",
        widget=QuickSelect,
    )
    next_follow_up_on = next_follow_up_field(
        "Also set the next follow-up to",
        "For a status change or an email. Leave it empty to keep each registration's date.",
    )
    all_on_page = forms.BooleanField(
        label="Select all on this page", required=False, widget=QuickCheckbox
    )

    def __init__(self, *args, staff=None, **kwargs) -> None:
        """`staff`: the staff members one may assign (default: staff_members())."""
        super().__init__(*args, **kwargs)
        self.staff = {
            str(user.pk): user for user in (staff if staff is not None else staff_members())
        }
        self.fields["assignee"].choices = [("", "Nobody (unassign)")] + [
            (pk, str(user)) for pk, user in self.staff.items()
        ]

    def clean_assignee(self):
        """The chosen staff member, or None for nobody."""
        return self.staff.get(self.cleaned_data["assignee"])

    @staticmethod
    def _ids(values) -> list[int]:
        return [int(value) for value in values if str(value).isdigit()]

    def selected_ids(self) -> list[int]:
        """The ticked registrations (every one on the page with "select all on this page")."""
        if not self.is_bound:
            return []
        if self.data.get("all_on_page"):
            return self._ids(self.data.getlist("page_ids"))
        return self._ids(self.data.getlist("selected"))

    def clean(self) -> dict:
        data = super().clean()
        if not self.selected_ids():
            raise forms.ValidationError("Select at least one registration.")
        if not self.data.get("confirm"):
            return data  # the first step: only the selection and the action
        action = data.get("action")
        if action == "status":
            if not data.get("status_to"):
                self.add_error("status_to", "Choose the new status.")
            if not (data.get("summary") or "").strip():
                self.add_error("summary", "Write why the status changes.")
        elif action == "email" and not data.get("template"):
            self.add_error("template", "Choose the email template to send.")
        return data
