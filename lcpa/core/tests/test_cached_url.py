"""`{% url %}` of a fixed name gives what Django's tag gives, once looked up (cached_url)."""

import pytest
from django.http import HttpResponse
from django.template import Context, Template
from django.test import override_settings
from django.urls import NoReverseMatch, path, reverse

# A URLconf of its own for the last test: /healthz lives elsewhere.
urlpatterns = [path("elsewhere/healthz", lambda request: HttpResponse(), name="healthz")]


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_a_fixed_name_gives_the_address_reverse_gives_every_time():
    first = render("{% url 'public:contact' %}")
    again = render("{% url 'public:contact' %}")

    assert first == again == reverse("public:contact")


def test_names_in_variables_and_arguments_still_work():
    rendered = render(
        "{% url name %}|{% url 'outcomes:brief_public' slug %}",
        name="public:home",
        slug="a-brief",
    )

    assert (
        rendered == f"{reverse('public:home')}|{reverse('outcomes:brief_public', args=['a-brief'])}"
    )


def test_an_unknown_name_fails_unless_kept_in_a_variable():
    with pytest.raises(NoReverseMatch):
        render("{% url 'no-such-page' %}")

    assert render("{% url 'no-such-page' as link %}[{{ link }}]") == "[]"


def test_another_urlconf_is_not_answered_from_the_first_ones_addresses():
    before = render("{% url 'healthz' %}")

    with override_settings(ROOT_URLCONF=__name__):
        moved = render("{% url 'healthz' %}")

    assert (before, moved) == (reverse("healthz"), "/elsewhere/healthz")
