"""Forms of the public register-interest page: the registration, its member rows, and the
team-composition rule that ties them together."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.http import QueryDict

from lcpa.core.forms import UswdsForm, error_anchor
from lcpa.core.states import US_STATES
from lcpa.core.widgets import OptionsSelect
from lcpa.curriculum.composition import composition_gaps
from lcpa.curriculum.models import Jurisdiction, LearningCommunity, Sector, TeamRole
from lcpa.intake.models import InterestRegistration, ProposedMember

MAX_MEMBERS = 20
INITIAL_MEMBER_ROWS = 3
MEMBER_PREFIX = "members"
MAX_POPULATION = 100_000_000
HONEYPOT_FIELD = "website"


def _max_length(model: type, name: str) -> int:
    return model._meta.get_field(name).max_length


def _blank(choices: list[tuple[str, str]], label: str = "- Select -") -> list[tuple[str, str]]:
    return [("", label), *choices]


class SingleLineField(forms.CharField):
    """A one-line text field: line breaks, tabs and runs of spaces become one space, so a value
    can never break an email header or a CSV row."""

    def to_python(self, value: object) -> str:
        text = super().to_python(value)
        return re.sub(r"\s+", " ", text).strip()


class MultilineField(forms.CharField):
    """Counts a line break as one character, as the browser's maxlength does (browsers send
    CR LF, two characters)."""

    def to_python(self, value: object) -> str:
        if isinstance(value, str):
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return super().to_python(value)


# Digits, or digits in groups of three separated by commas or spaces ("45,000", "45 000").
GROUPED_NUMBER = re.compile(r"\d+|\d{1,3}(?:,\d{3})+|\d{1,3}(?:\s\d{3})+")


class PopulationField(forms.IntegerField):
    """A whole number, typed as people write it: "45000", "45,000" or "45 000"."""

    def to_python(self, value: object) -> int | None:
        if isinstance(value, str):
            value = value.strip()
            if value and not GROUPED_NUMBER.fullmatch(value):
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            value = re.sub(r"[,\s]", "", value)
        return super().to_python(value)


def _text(label: str, max_length: int, *, required: bool = True, what: str, **kwargs) -> Any:
    """A one-line text field with messages naming what is wanted ("the member's name")."""
    messages = {
        "required": f"Enter {what}.",
        "max_length": f"{what[0].upper()}{what[1:]} must be {max_length:,} characters or "
        "fewer (you typed %(show_value)s).",
    }
    return SingleLineField(
        label=label,
        max_length=max_length,
        required=required,
        error_messages=messages,
        **kwargs,
    )


phone_validator = RegexValidator(
    r"^\+?[0-9 ().\-]{7,25}(\s*(x|ext\.?)\s*[0-9]{1,6})?$",
    message="Enter a phone number using digits, spaces and + ( ) - only, for example "
    "(413) 555-0142.",
    flags=re.IGNORECASE,
)


class PublicForm(UswdsForm):
    """The register-interest forms: choices as tiles."""

    tiles = True


class RegistrationForm(PublicForm):
    """Everything about the registration except its members."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        max_length=200,
    )

    jurisdiction_name = _text(
        "Name of your city, county, tribal nation or region",
        _max_length(InterestRegistration, "jurisdiction_name"),
        what="the name of your jurisdiction",
        help_text="For example, Amherst or Sacramento County.",
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    state = forms.ChoiceField(
        label="State or territory",
        choices=_blank(US_STATES),
        widget=OptionsSelect,
        error_messages={
            "required": "Choose your state or territory.",
            "invalid_choice": "Choose a state or territory from the list.",
        },
    )
    jurisdiction_kind = forms.ChoiceField(
        label="Kind of jurisdiction",
        choices=_blank(Jurisdiction.Kind.choices),
        widget=OptionsSelect,
        error_messages={
            "required": "Choose the kind of jurisdiction: city, county, tribal nation, region "
            "or other.",
            "invalid_choice": "Choose a kind of jurisdiction from the list.",
        },
    )
    population = PopulationField(
        label="Approximate population",
        help_text="A rough figure is fine, for example 45,000.",
        min_value=1,
        max_value=MAX_POPULATION,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter the approximate population of your jurisdiction.",
            "invalid": "Enter the population as a whole number, for example 45,000 or 45000.",
            "min_value": "Enter a population of at least 1.",
            "max_value": f"Enter a population of {MAX_POPULATION:,} or less.",
        },
    )
    learning_communities = forms.ModelMultipleChoiceField(
        label="Learning communities your team is interested in",
        queryset=LearningCommunity.objects.order_by("position", "name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one learning community.",
            "invalid_choice": "Choose learning communities from the list.",
            "invalid_pk_value": "Choose learning communities from the list.",
        },
    )
    goals = MultilineField(
        label="What does your team want to achieve?",
        help_text="A few sentences are enough: the problem you see, the change you want, and "
        "anything already under way.",
        max_length=_max_length(InterestRegistration, "goals"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Tell us what your team wants to achieve.",
            "max_length": "What your team wants to achieve must be %(limit_value)s characters "
            "or fewer (you typed %(show_value)s).",
        },
    )
    stage = forms.ChoiceField(
        label="Where does your work stand today?",
        choices=InterestRegistration.Stage.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose where your work stands today.",
            "invalid_choice": "Choose one of the stages listed.",
        },
    )
    preferred_start = forms.ChoiceField(
        label="When would your team like to start?",
        choices=InterestRegistration.PreferredStart.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose when your team would like to start.",
            "invalid_choice": "Choose one of the start times listed.",
        },
    )
    heard_from = forms.ChoiceField(
        label="How did you hear about the learning communities?",
        choices=_blank(InterestRegistration.HeardFrom.choices),
        widget=OptionsSelect,
        required=False,
        error_messages={"invalid_choice": "Choose an answer from the list."},
    )
    contact_name = _text(
        "Full name",
        _max_length(InterestRegistration, "contact_name"),
        what="the primary contact's name",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact_email = forms.EmailField(
        label="Email address",
        help_text="We send the acknowledgement and your private status link here.",
        max_length=_max_length(InterestRegistration, "contact_email"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Enter the primary contact's email address.",
            "invalid": "Enter the primary contact's email address in the right format, for "
            "example name@example.org.",
            "max_length": "The email address must be %(limit_value)s characters or fewer.",
        },
    )
    contact_phone = _text(
        "Phone number",
        _max_length(InterestRegistration, "contact_phone"),
        required=False,
        what="a phone number",
        validators=[phone_validator],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )

    # Fields shown before the team's members on the page (the rest come after), so the error
    # summary lists problems in the order a reader meets them.
    FIELDS_BEFORE_MEMBERS = (
        "jurisdiction_name",
        "state",
        "jurisdiction_kind",
        "population",
        "learning_communities",
    )

    @property
    def is_spam(self) -> bool:
        """A person leaves the hidden field empty; many bots fill in every field."""
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())


class MemberForm(PublicForm):
    name = _text(
        "Name",
        _max_length(ProposedMember, "name"),
        what="the member's name",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    email = forms.EmailField(
        label="Email address",
        max_length=_max_length(ProposedMember, "email"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": "Enter the member's email address.",
            "invalid": "Enter the member's email address in the right format, for example "
            "name@example.org.",
            "max_length": "The email address must be %(limit_value)s characters or fewer.",
        },
    )
    organisation = _text(
        "Organization",
        _max_length(ProposedMember, "organisation"),
        what="the member's organization",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    sector = forms.ChoiceField(
        label="Organization's sector",
        choices=_blank(Sector.choices),
        widget=OptionsSelect,
        error_messages={
            "required": "Choose the sector of the member's organization.",
            "invalid_choice": "Choose a sector from the list.",
        },
    )
    job_title = _text(
        "Job title",
        _max_length(ProposedMember, "job_title"),
        required=False,
        what="a job title",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label="Team role",
        choices=_blank(TeamRole.choices),
        widget=OptionsSelect,
        error_messages={
            "required": "Choose the member's role on the team.",
            "invalid_choice": "Choose a team role from the list.",
        },
    )


class BaseMemberFormSet(forms.BaseFormSet):
    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_many_forms": f"List at most {MAX_MEMBERS} members.",
        "missing_management_form": "The list of members was incomplete. Please check the "
        "members and submit the form again.",
    }

    def initial_form_count(self) -> int:
        # Every row may be left empty, also rows pre-filled again after "Add another member".
        return super().initial_form_count() if self.is_bound else 0

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove this member"
            form.fields["DELETE"].widget.attrs["class"] = "usa-checkbox__input"

    def filled_forms(self) -> list[forms.Form]:
        """Valid rows the registrant filled in and did not remove (call after is_valid)."""
        return [
            form
            for form in self.forms
            if form.has_changed()
            and form.cleaned_data
            and not (self.can_delete and self._should_delete_form(form))
        ]


def member_formset_class(extra: int) -> type[BaseMemberFormSet]:
    return forms.formset_factory(
        MemberForm,
        formset=BaseMemberFormSet,
        extra=extra,
        max_num=MAX_MEMBERS,
        absolute_max=MAX_MEMBERS,
        validate_max=True,
        can_delete=True,
    )


def empty_member_form(index: int) -> forms.Form:
    """The empty row a formset of index + 1 rows would show last (for htmx to append)."""
    return member_formset_class(index + 1)(prefix=MEMBER_PREFIX).forms[index]


def prepare_registration_data(post: QueryDict) -> QueryDict:
    """A copy of the posted data ready to bind: a fresh submission key when it is missing or
    malformed, and the member rows the registrant removed dropped, the rest renumbered."""
    data = post.copy()
    try:
        uuid.UUID(str(data.get("submission_key", "")))
    except ValueError:
        data["submission_key"] = str(uuid.uuid4())
    total_key = f"{MEMBER_PREFIX}-TOTAL_FORMS"
    try:
        total = int(data.get(total_key, ""))
    except ValueError:
        return data
    if not 0 <= total <= MAX_MEMBERS * 2:
        return data  # left for the formset to refuse
    kept = 0
    for index in range(total):
        old = f"{MEMBER_PREFIX}-{index}-"
        row = {key[len(old) :]: data.getlist(key) for key in data if key.startswith(old)}
        for key in row:
            del data[old + key]
        if row.get("DELETE", [""])[-1].lower() not in ("", "false"):
            continue  # removed by the registrant (as Django's CheckboxInput reads it)
        for key, values in row.items():
            if key != "DELETE":
                data.setlist(f"{MEMBER_PREFIX}-{kept}-{key}", values)
        kept += 1
    data[total_key] = str(kept)
    return data


@dataclass
class TeamMember:
    role: str
    sector: str


# The member rows, shared by the registration form and the status page's members form -------

NO_MEMBERS = (
    "Add your team's members: fill in at least one member with their name, email, "
    "organization, sector and team role."
)


def team_errors(members: BaseMemberFormSet, communities) -> list[str]:
    """What the team rule says about the filled-in rows (call after members.is_valid())."""
    filled = members.filled_forms()
    if not filled:
        return [NO_MEMBERS]
    people = [TeamMember(f.cleaned_data["role"], f.cleaned_data["sector"]) for f in filled]
    return composition_gaps(people, communities)


def cleaned_members(members: BaseMemberFormSet) -> list[dict[str, Any]]:
    return [
        {key: value for key, value in form.cleaned_data.items() if key != "DELETE"}
        for form in members.filled_forms()
    ]


def rows_with_another(members: BaseMemberFormSet) -> list[dict[str, Any]]:
    """What is typed in each row, and one more empty row (up to the maximum)."""
    rows = [
        {name: form[name].value() for name in form.fields if name != "DELETE"}
        for form in members.forms
    ]
    if len(rows) < MAX_MEMBERS:
        rows.append({})
    return rows


def member_errors(members: BaseMemberFormSet, team: list[str]) -> list[tuple[str, str]]:
    """(link target, message) for the member rows' problems, in the order of the page."""
    items = [("#team-members", error) for error in members.non_form_errors()]
    for number, form in enumerate(members.forms, start=1):
        for name in form.fields:
            for error in form[name].errors:
                items.append((f"#{form[name].auto_id}", f"Member {number}: {error}"))
    return items + [("#team-members", error) for error in team]


class MembersSubmission:
    """The member rows alone, as the registrant changes them from the status page, checked
    with the same team rule as the registration form (for the registration's communities)."""

    def __init__(
        self,
        data: QueryDict | None = None,
        *,
        communities,
        rows: list[dict[str, Any]] | None = None,
    ) -> None:
        self.communities = list(communities)
        self.is_bound = data is not None
        if data is None:
            rows = rows or [{}]
            self.members = member_formset_class(len(rows))(initial=rows, prefix=MEMBER_PREFIX)
        else:
            self.members = member_formset_class(0)(data, prefix=MEMBER_PREFIX)
        self.team_errors: list[str] = []
        self.checked = False

    @classmethod
    def of(cls, registration: InterestRegistration) -> MembersSubmission:
        """The form filled in with the registration's current members."""
        rows = [
            {name: getattr(member, name) for name in MemberForm.base_fields}
            for member in registration.members.all()
        ]
        return cls(communities=registration.learning_communities.all(), rows=rows)

    def is_valid(self) -> bool:
        members_ok = self.members.is_valid()
        self.checked = True
        if members_ok:
            self.team_errors = team_errors(self.members, self.communities)
        return members_ok and not self.team_errors

    def cleaned_members(self) -> list[dict[str, Any]]:
        return cleaned_members(self.members)

    @property
    def can_add_member(self) -> bool:
        return self.members.total_form_count() < MAX_MEMBERS

    def with_another_member(self) -> MembersSubmission:
        return MembersSubmission(communities=self.communities, rows=rows_with_another(self.members))

    def error_summary(self) -> list[tuple[str, str]]:
        return member_errors(self.members, self.team_errors) if self.checked else []


class RegistrationSubmission:
    """The registration form and its member rows, validated together with the team rule."""

    def __init__(
        self,
        data: QueryDict | None = None,
        *,
        initial: Mapping[str, Any] | None = None,
        member_initial: list[dict[str, Any]] | None = None,
    ) -> None:
        self.is_bound = data is not None
        if data is None:
            initial = dict(initial or {"submission_key": str(uuid.uuid4())})
            member_initial = member_initial or [{} for _ in range(INITIAL_MEMBER_ROWS)]
            self.form = RegistrationForm(initial=initial)
            self.members = member_formset_class(len(member_initial))(
                initial=member_initial, prefix=MEMBER_PREFIX
            )
        else:
            self.form = RegistrationForm(data)
            self.members = member_formset_class(0)(data, prefix=MEMBER_PREFIX)
        self.team_errors: list[str] = []
        self.checked = False

    # Validation ---------------------------------------------------------------------------

    def is_valid(self) -> bool:
        form_ok = self.form.is_valid()
        members_ok = self.members.is_valid()
        self.checked = True
        if members_ok:
            communities = self.form.cleaned_data.get("learning_communities") or []
            self.team_errors = team_errors(self.members, communities)
        return form_ok and members_ok and not self.team_errors

    def cleaned_registration(self) -> dict[str, Any]:
        """The registration's fields for registration_submit (after is_valid)."""
        data = dict(self.form.cleaned_data)
        data.pop(HONEYPOT_FIELD, None)
        data.pop("submission_key", None)
        data.pop("learning_communities", None)
        return data

    def cleaned_members(self) -> list[dict[str, Any]]:
        return cleaned_members(self.members)

    # Adding a row without JavaScript -------------------------------------------------------

    @property
    def can_add_member(self) -> bool:
        return self.members.total_form_count() < MAX_MEMBERS

    def with_another_member(self) -> RegistrationSubmission:
        """An unbound copy keeping everything typed, with one more empty member row (up to the
        maximum). Unbound, so pressing "Add another member" shows no error messages."""
        initial = {name: self.form[name].value() for name in self.form.fields}
        initial.pop(HONEYPOT_FIELD, None)
        return RegistrationSubmission(
            initial=initial, member_initial=rows_with_another(self.members)
        )

    # Showing errors -------------------------------------------------------------------------

    def error_summary(self) -> list[tuple[str, str]]:
        """(link target, message) for every problem, in the order of the page."""
        if not self.checked:
            return []
        items: list[tuple[str, str]] = [
            ("#registration-form", e) for e in self.form.non_field_errors()
        ]
        after = [name for name in self.form.fields if name not in self.form.FIELDS_BEFORE_MEMBERS]
        items += self._field_errors(self.form.FIELDS_BEFORE_MEMBERS)
        items += member_errors(self.members, self.team_errors)
        items += self._field_errors(after)
        return items

    def _field_errors(self, names: list[str] | tuple[str, ...]) -> list[tuple[str, str]]:
        items = []
        for name in names:
            bound = self.form[name]
            items += [(f"#{error_anchor(bound)}", error) for error in bound.errors]
        return items
