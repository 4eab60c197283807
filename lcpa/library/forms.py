"""The library's filter form: search words, learning community, module, kind and topic."""

from django import forms

from lcpa.core.forms import UswdsForm
from lcpa.curriculum.models import LearningCommunity
from lcpa.library.models import Resource

MODULE_CHOICES = [("", "Any module")] + [(str(n), f"Module {n}") for n in range(1, 6)]


class TopicField(forms.ChoiceField):
    """A topic from the list, whatever its capitals (links carry the topic as written)."""

    def valid_value(self, value: str) -> bool:
        return any(str(key).lower() == str(value).lower() for key, _ in self.choices)


class ResourceFilterForm(UswdsForm):
    q = forms.CharField(
        label="Search the library",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    community = forms.ModelChoiceField(
        label="Learning community",
        queryset=LearningCommunity.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="All learning communities",
    )
    module = forms.TypedChoiceField(
        label="Module", choices=MODULE_CHOICES, coerce=int, empty_value=None, required=False
    )
    kind = forms.ChoiceField(
        label="Kind", choices=[("", "Any kind"), *Resource.Kind.choices], required=False
    )
    topic = TopicField(label="Topic", choices=[], required=False)

    def __init__(self, *args, topics: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", "Any topic")] + [(t, t) for t in topics]
