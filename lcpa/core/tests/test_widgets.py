"""OptionsSelect writes the same <select> as Django's template-rendered Select."""

import re

import pytest
from django import forms

from lcpa.core.widgets import OptionsSelect

CHOICES = [
    ("", "- Select -"),
    ("MA", "Massachusetts"),
    ("OR", "Oregon"),
    ("x&y", 'A "quoted" <b>label</b>'),
]


def same_html(widget_kwargs: dict, value, attrs: dict) -> tuple[str, str]:
    theirs = forms.Select(choices=CHOICES, **widget_kwargs).render("state", value, attrs)
    ours = OptionsSelect(choices=CHOICES, **widget_kwargs).render("state", value, attrs)
    return re.sub(r">\s+<", "><", theirs), ours  # Django's template puts each option on a line


@pytest.mark.parametrize("value", [None, "", "MA", "x&y", "not a choice"])
def test_it_writes_what_djangos_select_writes(value):
    theirs, ours = same_html(
        {"attrs": {"class": "usa-select"}},
        value,
        {"id": "id_state", "required": True, "aria-invalid": "true", "disabled": False},
    )

    assert ours == theirs


def test_it_marks_the_chosen_value_and_escapes_values_and_labels():
    html = OptionsSelect(choices=CHOICES).render("state", "x&y")

    assert '<option value="x&amp;y" selected>A &quot;quoted&quot; &lt;b&gt;label' in html
    assert "<b>" not in html
    assert html.count(" selected") == 1


def test_choices_in_groups_are_left_to_djangos_templates():
    grouped = [("West", [("OR", "Oregon"), ("WA", "Washington")]), ("MA", "Massachusetts")]
    theirs = forms.Select(choices=grouped).render("state", "WA")
    ours = OptionsSelect(choices=grouped).render("state", "WA")

    assert ours == theirs
    assert '<optgroup label="West">' in ours
