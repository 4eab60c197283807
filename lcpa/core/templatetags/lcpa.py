from collections.abc import Iterable

from django import template
from django.forms import BaseForm
from django.http import QueryDict
from django.utils.safestring import SafeString

from lcpa.core.forms import apply_uswds, error_anchor, mark_errors
from lcpa.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    return render_markdown(text)


@register.simple_tag(takes_context=True)
def query_with(context: template.Context, **changes: object) -> str:
    """The current query string with some parameters replaced (for pagination and sorting)."""
    query: QueryDict = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = str(value)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag
def error_items(
    form: BaseForm | None = None,
    forms: Iterable[BaseForm] | None = None,
    errors: Iterable[tuple[str, str]] | None = None,
) -> list[tuple[str, str]]:
    """(anchor, message) for every error of the forms, in field order, then `errors`."""
    items: list[tuple[str, str]] = []
    seen: list[BaseForm] = []
    for each in [form, *(forms or [])]:
        if not isinstance(each, BaseForm) or any(each is other for other in seen):
            continue
        seen.append(each)
        items += [("", str(error)) for error in each.non_field_errors()]
        for field in each:
            items += [(error_anchor(field), f"{field.label}: {error}") for error in field.errors]
    items += [(anchor.removeprefix("#"), str(message)) for anchor, message in errors or []]
    return items


@register.filter
def uswds(form: BaseForm) -> BaseForm:
    """A form we do not own (allauth's) with USWDS classes, as `UswdsForm` gives ours."""
    apply_uswds(form)
    if form.is_bound:
        mark_errors(form)
    return form
