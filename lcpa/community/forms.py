import uuid

from django import forms

from lcpa.cohorts.uploads import CheckedFilesField
from lcpa.community.models import Category, Space, Subscription
from lcpa.community.services import THREAD_ACTIONS
from lcpa.core.forms import UswdsForm

MAX_FILES = 5
BODY_HELP = "You can use Markdown: **bold**, *italic*, lists and links."


def _attachments() -> CheckedFilesField:
    return CheckedFilesField(
        max_files=MAX_FILES,
        label="Attach files",
        help_text="Everyone who can read the thread can download them.",
    )


class ThreadForm(UswdsForm):
    submission_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
    title = forms.CharField(
        max_length=200,
        error_messages={"required": "Enter a title for your thread."},
    )
    category = forms.ModelChoiceField(
        queryset=Category.objects.none(),
        required=False,
        empty_label="No category",
        error_messages={"invalid_choice": "Choose one of the categories listed."},
    )
    is_question = forms.BooleanField(
        required=False,
        label="This is a question",
        help_text="Peers see it marked as a question waiting for answers.",
    )
    body = forms.CharField(
        label="Message",
        widget=forms.Textarea,
        max_length=20_000,
        help_text=BODY_HELP,
        error_messages={"required": "Write your message."},
    )
    attachments = _attachments()

    def __init__(self, *args, categories, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        if not categories.exists():
            del self.fields["category"]


class PostForm(UswdsForm):
    submission_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
    body = forms.CharField(
        label="Your reply",
        widget=forms.Textarea,
        max_length=20_000,
        help_text=BODY_HELP,
        error_messages={"required": "Write your reply."},
    )
    attachments = _attachments()


class PostEditForm(UswdsForm):
    body = forms.CharField(
        label="Message",
        widget=forms.Textarea,
        max_length=20_000,
        help_text=BODY_HELP,
        error_messages={"required": "Write your message, or go back to leave it as it was."},
    )


class ModerateForm(UswdsForm):
    action = forms.ChoiceField(
        choices=[(action, action) for action in THREAD_ACTIONS],
        error_messages={"required": "Choose what to do with the thread."},
    )


class PostModerateForm(UswdsForm):
    action = forms.ChoiceField(
        choices=[("hide", "hide"), ("show", "show")],
        error_messages={"required": "Choose whether to hide or show the post."},
    )


class SearchForm(UswdsForm):
    q = forms.CharField(label="Search the forum", max_length=200, required=False)


class QuoteForm(UswdsForm):
    """`?quote=<post>` on a thread page: the post to quote in the reply."""

    quote = forms.IntegerField(required=False, min_value=1)


class SubscriptionForm(UswdsForm):
    """Follow, mute, or go back to the default (told only when mentioned)."""

    level = forms.ChoiceField(
        choices=[*Subscription.Level.choices, ("default", "Default")],
        error_messages={
            "required": "Choose to follow, mute, or neither.",
            "invalid_choice": "Choose to follow, mute, or neither.",
        },
    )

    def chosen(self) -> str | None:
        level = self.cleaned_data["level"]
        return None if level == "default" else level


class AcceptForm(UswdsForm):
    """Accept a post as the question's answer, or withdraw the accepted answer."""

    action = forms.ChoiceField(
        choices=[("accept", "accept"), ("withdraw", "withdraw")],
        error_messages={
            "required": "Choose to accept an answer or withdraw it.",
            "invalid_choice": "Choose to accept an answer or withdraw it.",
        },
    )
    post = forms.IntegerField(required=False, min_value=1)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("action") == "accept" and not data.get("post"):
            raise forms.ValidationError("Choose the post that answers the question.")
        return data


class FlagForm(UswdsForm):
    reason = forms.CharField(
        label="What is wrong with this post?",
        widget=forms.Textarea,
        max_length=1000,
        help_text="Only program staff read this. Say which rule it breaks or why it worries you.",
        error_messages={"required": "Say what is wrong with the post."},
    )


class FlagResolveForm(UswdsForm):
    action = forms.ChoiceField(
        choices=[("hide", "hide"), ("dismiss", "dismiss")],
        error_messages={
            "required": "Choose to hide the post or dismiss the flag.",
            "invalid_choice": "Choose to hide the post or dismiss the flag.",
        },
    )


class MoveForm(UswdsForm):
    """Where a thread goes: a space, or a category of a space."""

    destination = forms.ChoiceField(
        label="Move the thread to",
        error_messages={
            "required": "Choose where the thread goes.",
            "invalid_choice": "Choose one of the spaces or categories listed.",
        },
    )

    def __init__(self, *args, spaces, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.places: dict[str, tuple[Space, Category | None]] = {}
        choices = []
        for space in spaces:
            options = [(f"space-{space.pk}", f"{space.name}: no category")]
            self.places[f"space-{space.pk}"] = (space, None)
            for category in space.categories.all():
                if not category.archived:
                    options.append((f"category-{category.pk}", f"{space.name}: {category.name}"))
                    self.places[f"category-{category.pk}"] = (space, category)
            choices.append((space.name, options))
        self.fields["destination"].choices = choices

    def place(self) -> tuple[Space, Category | None]:
        return self.places[self.cleaned_data["destination"]]


class CategoryForm(UswdsForm):
    name = forms.CharField(
        max_length=100, error_messages={"required": "Enter the category's name."}
    )
    position = forms.IntegerField(
        min_value=0,
        max_value=999,
        initial=0,
        help_text="Categories are listed from the lowest number up.",
        error_messages={"required": "Enter a position, such as 0 or 10."},
    )


class CategoryCreateForm(CategoryForm):
    space = forms.ModelChoiceField(
        queryset=Space.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": "Choose one of the spaces listed."},
    )
    field_order = ["space", "name", "position"]

    def __init__(self, *args, spaces, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = spaces


class CategoryEditForm(CategoryForm):
    archived = forms.BooleanField(
        required=False,
        label="Archived",
        help_text="Its threads keep it, but no new thread can be put in it.",
    )
