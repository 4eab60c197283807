import uuid

from django import forms

from lcpa.core.forms import UswdsForm
from lcpa.core.widgets import OptionsSelect
from lcpa.curriculum.models import LearningCommunity
from lcpa.public.models import (
    EMAIL_MAX_LENGTH,
    MESSAGE_MAX_LENGTH,
    NAME_MAX_LENGTH,
    ORGANISATION_MAX_LENGTH,
    ContactMessage,
)


class MultilineField(forms.CharField):
    """A CharField that counts a line break as one character, as the browser's maxlength does
    (browsers send line breaks as two characters, CR LF)."""

    def to_python(self, value: object) -> str:
        if isinstance(value, str):
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return super().to_python(value)


class ContactForm(UswdsForm):
    name = forms.CharField(
        label="Your name",
        max_length=NAME_MAX_LENGTH,
        error_messages={
            "required": "Enter your name.",
            "max_length": f"Your name must be {NAME_MAX_LENGTH} characters or fewer.",
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="Your email address",
        max_length=EMAIL_MAX_LENGTH,
        help_text="We reply to this address. For example, name@example.org.",
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address in the right format, like name@example.org.",
            "max_length": f"Your email address must be {EMAIL_MAX_LENGTH} characters or fewer.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organisation = forms.CharField(
        label="Organization",
        max_length=ORGANISATION_MAX_LENGTH,
        required=False,
        help_text="For example, the city, county, agency or group you work with.",
        error_messages={
            "max_length": (
                f"The organization must be {ORGANISATION_MAX_LENGTH} characters or fewer."
            ),
        },
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    topic = forms.ChoiceField(
        label="What is your message about?",
        choices=[("", "- Select a topic -"), *ContactMessage.Topic.choices],
        widget=OptionsSelect,
        error_messages={
            "required": "Choose what your message is about.",
            "invalid_choice": "Choose one of the topics in the list.",
        },
    )
    message = MultilineField(
        label="Your message",
        max_length=MESSAGE_MAX_LENGTH,
        help_text=f"Up to {MESSAGE_MAX_LENGTH:,} characters. Please do not include anyone's "
        "health or case details.",
        error_messages={"required": "Enter your message."},
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    # Bots fill in every field; people never see this one. A filled-in value drops the message.
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
    )
    # Sent back unchanged on every try of the same page, so a double submit stores one message.
    submission_key = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("initial", {}).setdefault("submission_key", uuid.uuid4())
        super().__init__(*args, **kwargs)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        if any(character in name for character in "\r\n\t"):
            raise forms.ValidationError("Write your name on one line.")
        return name

    def clean_submission_key(self) -> uuid.UUID | None:
        try:
            return uuid.UUID(str(self.cleaned_data["submission_key"]))
        except ValueError:
            return None

    def full_clean(self) -> None:
        super().full_clean()
        raw = self.data.get(self.add_prefix("message"), "") if self.is_bound else ""
        message = self.fields["message"].to_python(raw)
        if "message" in self.errors and len(message) > MESSAGE_MAX_LENGTH:
            self.errors["message"] = self.error_class(
                [
                    f"Your message is {len(message):,} characters long. Shorten it to "
                    f"{MESSAGE_MAX_LENGTH:,} characters or fewer, or send it in two parts."
                ],
                renderer=self.renderer,
            )

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(self.add_prefix("website"), "").strip())


class JurisdictionFilterForm(UswdsForm):
    learning_community = forms.ChoiceField(
        label="Learning community",
        required=False,
        widget=OptionsSelect,
        error_messages={"invalid_choice": "Choose a learning community from the list."},
    )
    state = forms.ChoiceField(
        label="State",
        required=False,
        widget=OptionsSelect,
        error_messages={"invalid_choice": "Choose a state from the list."},
    )

    def __init__(
        self,
        *args,
        communities: list[LearningCommunity],
        states: list[tuple[str, str]],
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["learning_community"].choices = [
            ("", "All learning communities"),
            *((community.slug, community.name) for community in communities),
        ]
        self.fields["state"].choices = [("", "All states"), *states]
