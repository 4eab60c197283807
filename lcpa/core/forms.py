"""The base of every form on the site: widgets carry their USWDS classes.

Django itself points each input at its hint and error message (aria-describedby
`<id>_helptext` / `<id>_error`) and sets aria-invalid; `core/_field.html` prints the hint and
the message with those ids, and `core/_error_summary.html` links to the fields in error.
"""

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import pretty_name

# Checked in order: CheckboxSelectMultiple is a kind of RadioSelect.
_CLASSES: tuple[tuple[type[forms.Widget], str], ...] = (
    (forms.CheckboxSelectMultiple, "usa-checkbox__input"),
    (forms.RadioSelect, "usa-radio__input"),
    (forms.CheckboxInput, "usa-checkbox__input"),
    (forms.Select, "usa-select"),
    (forms.Textarea, "usa-textarea"),
)
# Their error shows on the fieldset or group, not as a red border on the input.
GROUPED_WIDGETS = (forms.RadioSelect, forms.CheckboxInput)


def error_anchor(field: forms.BoundField) -> str:
    """The id the error summary links to: the first input of a radio or checkbox group, so
    following the link moves focus to a real control."""
    if isinstance(field.field.widget, forms.RadioSelect):
        return f"{field.auto_id}_0"
    return field.id_for_label


def _add_class(widget: forms.Widget, css: str) -> None:
    classes = widget.attrs.get("class", "").split()
    for name in css.split():
        if name not in classes:
            classes.append(name)
    widget.attrs["class"] = " ".join(classes)


def uswds_class(widget: forms.Widget, *, tiles: bool = False) -> str:
    """The USWDS class of a widget ("usa-radio__input usa-radio__input--tile" with tiles)."""
    css = next((css for kind, css in _CLASSES if isinstance(widget, kind)), "usa-input")
    if tiles and isinstance(widget, forms.RadioSelect):
        css = f"{css} {css}--tile"
    return css


def apply_uswds(form: forms.BaseForm, *, tiles: bool = False) -> None:
    """Give every visible widget of `form` its USWDS class (also for forms we do not own, such
    as allauth's, whose placeholders are dropped: USWDS puts the hint above the field)."""
    for field in form.fields.values():
        widget = field.widget
        if widget.is_hidden:
            continue
        _add_class(widget, uswds_class(widget, tiles=tiles))
        widget.attrs.pop("placeholder", None)


def _default(field: forms.Field, code: str) -> bool:
    """Whether the field's message for `code` is still Django's general one."""
    for kind in type(field).__mro__:
        message = getattr(kind, "default_error_messages", {}).get(code)
        if message is not None:
            return str(field.error_messages.get(code)) == str(message)
    return False


def plain_messages(form: forms.BaseForm) -> None:
    """Replace Django's general messages ("This field is required.") that a field did not
    set itself with ones that name the field and say what to do."""
    for name, field in form.fields.items():
        label = str(field.label if field.label is not None else pretty_name(name))
        what = label[0].lower() + label[1:]
        grouped = isinstance(field.widget, forms.RadioSelect | forms.Select)
        messages = {
            "required": f"Choose {what}." if grouped else f"Enter {what}.",
            "invalid_choice": f"Choose {what} from the list.",
            "max_length": f"{label} must be %(limit_value)s characters or fewer "
            "(you typed %(show_value)s).",
        }
        if isinstance(field.widget, forms.CheckboxSelectMultiple):
            messages["required"] = f"Choose at least one of {what}."
        elif isinstance(field.widget, forms.CheckboxInput):
            messages["required"] = f"Check the box “{label}” to go on."
        for code, message in messages.items():
            if code == "max_length":
                if getattr(field, "max_length", None) and code not in field.error_messages:
                    field.error_messages[code] = message
            elif code in field.error_messages and _default(field, code):
                field.error_messages[code] = message


def mark_errors(form: forms.BaseForm) -> None:
    """After validation: the error class on inputs in error (groups show it on the fieldset).
    A form in error gives up its autofocus: the error summary takes it."""
    if form.errors:
        for field in form.fields.values():
            field.widget.attrs.pop("autofocus", None)
    for name in form.errors:
        field = form.fields.get(name)
        if field is not None and not isinstance(field.widget, GROUPED_WIDGETS):
            _add_class(field.widget, "usa-input--error")


class UswdsForm(forms.Form):
    """USWDS classes on widgets, the error class after validation. `tiles = True` makes radio
    buttons and checkbox groups tiles."""

    tiles = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        apply_uswds(self, tiles=self.tiles)
        plain_messages(self)

    def full_clean(self) -> None:
        super().full_clean()
        mark_errors(self)


def add_service_error(
    form: forms.BaseForm,
    error: Exception,
    *,
    field: str | None = None,
    fields: Mapping[str, str] | None = None,
) -> None:
    """Show a service's refusal on the form. A ValidationError naming fields puts each error on
    its field (named as the service names it, or as `fields` maps it: {"starts_at": "day"}),
    and one the form has no field for above the form. Any other refusal (a plain
    ValidationError, an app's own error such as CohortError) goes on `field`, or above the
    form. Form.add_error(None, ...) with a dict error naming a field the form does not have
    would raise instead."""
    if not isinstance(error, ValidationError):
        error = ValidationError(str(error))
    if not hasattr(error, "error_dict"):
        form.add_error(field, error)
        return
    for name, errors in error.error_dict.items():
        target = (fields or {}).get(name, name)
        form.add_error(target if target in form.fields else None, errors)
