"""The base of every form: USWDS classes, error styling, plain messages, summary anchors, and
a service's refusal shown on the form."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template import Context, Template

from lcpa.core.forms import UswdsForm, add_service_error


class TeamForm(UswdsForm):
    name = forms.CharField(max_length=10, help_text="As your team calls itself.")
    sector = forms.ChoiceField(choices=[("", "Choose"), ("fire", "Fire")])
    stage = forms.ChoiceField(
        choices=[("idea", "An idea"), ("pilot", "A pilot")], widget=forms.RadioSelect
    )
    roles = forms.MultipleChoiceField(
        choices=[("data", "Data"), ("lead", "Lead")], widget=forms.CheckboxSelectMultiple
    )
    agree = forms.BooleanField(label="I agree to the charter")
    notes = forms.CharField(
        required=False, widget=forms.Textarea, error_messages={"max_length": "Too long."}
    )


def render(template: str, **context) -> str:
    return Template("{% load lcpa %}" + template).render(Context(context))


def test_widgets_carry_their_uswds_class_and_inputs_in_error_get_the_error_class():
    form = TeamForm({"name": "x" * 11, "sector": "fire", "stage": "idea", "roles": ["data"]})
    assert not form.is_valid()
    classes = {name: field.widget.attrs["class"] for name, field in form.fields.items()}
    assert classes == {
        "name": "usa-input usa-input--error",
        "sector": "usa-select",
        "stage": "usa-radio__input",
        "roles": "usa-checkbox__input",
        "agree": "usa-checkbox__input",  # a box in error is marked on its group, not its border
        "notes": "usa-textarea",
    }


def test_fields_without_messages_of_their_own_get_ones_that_say_what_to_do():
    form = TeamForm({"name": "x" * 11, "sector": "police"})
    form.is_valid()
    assert form.errors == {
        "name": ["Name must be 10 characters or fewer (you typed 11)."],
        "sector": ["Choose sector from the list."],
        "stage": ["Choose stage."],
        "roles": ["Choose at least one of roles."],
        "agree": ["Check the box “I agree to the charter” to go on."],
    }
    assert "This field is required." not in str(form.errors)


def test_a_message_a_field_sets_itself_is_kept():
    class Short(UswdsForm):
        day = forms.DateField(error_messages={"required": "Enter the day of the session."})

    form = Short({})
    form.is_valid()
    assert form.errors == {"day": ["Enter the day of the session."]}


def test_the_summary_links_a_group_to_its_first_input_and_takes_focus():
    form = TeamForm({"name": "Amherst", "sector": "fire"})
    form.is_valid()
    html = render('{% include "core/_error_summary.html" %}', form=form)
    assert 'tabindex="-1" autofocus' in html
    assert "There are 3 problems" in html
    assert '<a href="#id_stage_0">Stage: Choose stage.</a>' in html
    assert '<a href="#id_roles_0">Roles: Choose at least one of roles.</a>' in html
    assert 'href="#id_agree"' in html  # a single box is its own first input


def test_no_summary_for_a_form_without_errors():
    form = TeamForm(
        {"name": "A", "sector": "fire", "stage": "idea", "roles": ["data"], "agree": "on"}
    )
    assert form.is_valid()
    assert 'id="error-summary"' not in render('{% include "core/_error_summary.html" %}', form=form)


def test_a_field_prints_its_hint_and_error_where_its_aria_describedby_points():
    form = TeamForm({"name": ""})
    form.is_valid()
    html = render('{% include "core/_field.html" with field=form.name %}', form=form)
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert '<div class="usa-hint" id="id_name_helptext">As your team calls itself.</div>' in html
    assert '<span class="usa-error-message" id="id_name_error">Enter name.</span>' in html
    group = render('{% include "core/_field.html" with field=form.stage %}', form=form)
    assert '<fieldset class="usa-fieldset usa-form-group usa-form-group--error"' in group
    assert 'aria-describedby="id_stage_error"' in group
    assert "<legend" in group
    optional = render('{% include "core/_field.html" with field=form.notes %}', form=form)
    assert '<span class="usa-hint">(optional)</span>' in optional


def test_the_honeypot_is_hidden_from_screen_readers_and_never_echoes_a_value():
    class Public(UswdsForm):
        website = forms.CharField(label="Leave this field empty", required=False)

    form = Public({"website": "http://spam.example"})
    html = render('{% include "core/_honeypot.html" with field=form.website %}', form=form)
    assert '<div class="lc-hidden-field" aria-hidden="true">' in html
    assert 'tabindex="-1" autocomplete="off"' in html
    assert 'value=""' in html and "spam.example" not in html


VALID = {"name": "Ops", "sector": "fire", "stage": "idea", "roles": ["data"], "agree": "on"}


class Refused(Exception):
    """An app's own error class, as services raise (CohortError, OutcomesError)."""


def test_a_service_error_naming_fields_lands_on_them_and_the_rest_above_the_form():
    form = TeamForm(VALID)
    assert form.is_valid()
    error = ValidationError(
        {"title": "Choose a shorter name.", "sector": "Choose a sector.", "cohort": "Too late."}
    )

    add_service_error(form, error, fields={"title": "name"})

    assert form.errors["name"] == ["Choose a shorter name."]
    assert form.errors["sector"] == ["Choose a sector."]
    assert form.non_field_errors() == ["Too late."]


@pytest.mark.parametrize(
    "error", [ValidationError("This cohort is closed."), Refused("This cohort is closed.")]
)
def test_a_plain_refusal_goes_above_the_form_or_on_the_field_the_view_names(error):
    above, on_name = TeamForm(VALID), TeamForm(VALID)

    add_service_error(above, error)
    add_service_error(on_name, error, field="name")

    assert above.non_field_errors() == ["This cohort is closed."]
    assert on_name.errors["name"] == ["This cohort is closed."]
