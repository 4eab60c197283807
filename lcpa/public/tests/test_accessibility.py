import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_states_the_wcag_commitment_and_how_to_report_a_barrier(client):
    response = client.get(reverse("public:accessibility"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Accessibility statement</h1>" in page
    assert "WCAG" in page and "2.1" in page and "level AA" in page
    assert "Report a barrier" in page
    assert reverse("public:contact") in page


def test_it_is_linked_from_every_page_footer(client, communities):
    for url in (reverse("public:home"), reverse("public:contact")):
        assert f'href="{reverse("public:accessibility")}"' in client.get(url).content.decode()
