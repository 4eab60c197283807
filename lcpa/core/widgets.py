"""Form widgets shared by the apps."""

from typing import Any

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

SELECTED = mark_safe(" selected")


class OptionsSelect(forms.Select):
    """Django's Select written in Python (`format_html_join`) instead of through a template for
    each `<option>`: the same HTML, several times faster for long lists (states, sectors).
    Choices in groups (`<optgroup>`) are left to Django's templates."""

    def render(
        self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None
    ) -> SafeString:
        choices = list(self.choices)
        if any(isinstance(label, (list, tuple)) for _, label in choices):
            return super().render(name, value, attrs, renderer)
        wanted = {str(each) for each in self.format_value(value)}
        options, chosen = [], False
        for option_value, label in choices:
            text = "" if option_value is None else str(option_value)
            selected = text in wanted and (self.allow_multiple_selected or not chosen)
            chosen = chosen or selected
            options.append((text, SELECTED if selected else "", label))
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            attributes(self.build_attrs(self.attrs, attrs)),
            format_html_join("", '<option value="{}"{}>{}</option>', options),
        )


def attributes(attrs: dict[str, Any]) -> SafeString:
    """HTML attributes in the order given, as Django's attrs.html writes them: True as a bare
    name, False and None left out."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", key) if value is True else format_html(' {}="{}"', key, value),)
            for key, value in attrs.items()
            if value is not False and value is not None
        ),
    )
