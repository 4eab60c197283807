"""The pipeline's filter form as HTML, rendered once per distinct content.

Staff reload the pipeline all day with a few filter combinations; rendering the form's fields
through the field include cost more than its rows. The HTML depends only on the values sent
(and how many filters are in use), the choices offered (learning communities, staff members:
read fresh on every request) and the language, so those make the key: a new staff member or a
renamed learning community is a new key, and nothing needs invalidating. Kept in the
in-process `public` cache (bounded LocMem).
"""

import hashlib

from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from lcpa.intake.forms_staff import PipelineFilterForm

TEMPLATE = "intake/staff/_pipeline_filters.html"


def _key(form: PipelineFilterForm, active: int) -> str:
    sent = [(name, tuple(form.data.getlist(name))) for name in form.fields]
    choices = [
        tuple((str(value), str(label)) for value, label in form.fields[name].choices)
        for name in ("community", "assigned")
    ]
    content = repr((TEMPLATE, get_language(), active, sent, choices))
    return "pipeline-filters:" + hashlib.sha256(content.encode()).hexdigest()


def filter_form_html(form: PipelineFilterForm, *, active: int) -> SafeString:
    """`active`: how many filters are in use (the disclosure's label says so)."""
    store = caches["public"]
    key = _key(form, active)
    html = store.get(key)
    if html is None:
        html = render_to_string(TEMPLATE, {"form": form, "active": active})
        store.set(key, html, timeout=None)
    return SafeString(html)
