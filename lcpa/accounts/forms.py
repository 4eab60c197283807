from django import forms

from lcpa.accounts.models import TIME_ZONE_CHOICES, ApiToken, User
from lcpa.core.forms import UswdsForm


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


class ApiTokenForm(UswdsForm):
    prefix = "token"

    name = forms.CharField(
        label="Token name",
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text="Say what will use it, for example “Monthly report script”.",
        error_messages={"required": "Enter a name for the token."},
    )
