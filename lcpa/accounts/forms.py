from django import forms

from lcpa.accounts.models import TIME_ZONE_CHOICES, ApiToken, User


class UswdsForm(forms.Form):
    """A form whose widgets carry USWDS classes, marked as in error after validation.

    Django adds aria-describedby (`<id>_helptext`, `<id>_error`) and aria-invalid itself;
    the `accounts/_field.html` template renders the hint and the message with those ids.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                css = "usa-checkbox__input"
            elif isinstance(field.widget, forms.Select):
                css = "usa-select"
            else:
                css = "usa-input"
            field.widget.attrs.setdefault("class", css)

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                base = widget.attrs.get("class", "usa-input")
                if base in ("usa-input", "usa-select"):
                    widget.attrs["class"] = f"{base} {base}--error"


class ProfileForm(UswdsForm):
    full_name = forms.CharField(
        label="Name",
        max_length=User._meta.get_field("full_name").max_length,
        required=False,
        help_text="How your name appears to your team and to program staff.",
    )
    organisation = forms.CharField(
        label="Organization",
        max_length=User._meta.get_field("organisation").max_length,
        required=False,
    )
    time_zone = forms.ChoiceField(
        label="Time zone",
        choices=TIME_ZONE_CHOICES,
        help_text="The time zone you work in.",
        error_messages={
            "invalid_choice": "Choose a time zone from the list.",
            "required": "Choose a time zone.",
        },
    )
    session_reminders = forms.BooleanField(
        label="Email me before my cohort's live sessions",
        required=False,
        help_text="Two days and one hour before each session.",
    )


class ApiTokenForm(UswdsForm):
    prefix = "token"

    name = forms.CharField(
        label="Token name",
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text="Say what will use it, for example “Monthly report script”.",
        error_messages={"required": "Enter a name for the token."},
    )
