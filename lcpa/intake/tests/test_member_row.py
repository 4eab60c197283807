"""The htmx endpoint that returns one more member row for the register-interest form."""

import re

import pytest

from lcpa.intake.tests.registration_data import REGISTER_URL

pytestmark = pytest.mark.django_db

ROW_URL = "/register-interest/member-row/"


def get_row(client, total, **headers):
    return client.get(ROW_URL, {"members-TOTAL_FORMS": total}, HTTP_HX_REQUEST="true", **headers)


def test_it_returns_an_empty_row_with_the_next_formset_index(client):
    response = get_row(client, 3)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("data-member-row") == 1
    assert 'id="member-3"' in html
    for field in ["name", "email", "organisation", "sector", "job_title", "role", "DELETE"]:
        assert f'name="members-3-{field}"' in html
        assert f'for="id_members-3-{field}"' in html
    assert "Member <span data-member-number>4</span>" in html
    assert not re.search(r'name="members-\d+-name" value=', html)


def test_it_updates_the_row_count_out_of_band(client):
    html = get_row(client, 7).content.decode()

    assert re.search(
        r'<input type="hidden" name="members-TOTAL_FORMS" value="8" '
        r'id="id_members-TOTAL_FORMS" hx-swap-oob="true">',
        html,
    )
    assert '<div id="member-status" hx-swap-oob="innerHTML">Added a row for member 8.' in html


def test_the_row_fits_the_form_it_is_added_to(client, communities):
    form = client.get(REGISTER_URL).content.decode()
    row = get_row(client, 3).content.decode()

    assert 'hx-get="/register-interest/member-row/"' in form
    assert 'hx-include="#id_members-TOTAL_FORMS"' in form
    assert 'hx-target="#member-rows"' in form
    assert 'id="member-rows"' in form
    assert 'id="member-status"' in form
    first_row_in_form = re.search(r'<fieldset[^>]*id="member-0".*?</fieldset>', form, re.S)[0]
    new_row = re.search(r"<fieldset.*?</fieldset>", row, re.S)[0]
    assert new_row == first_row_in_form.replace("members-0-", "members-3-").replace(
        'id="member-0"', 'id="member-3"'
    ).replace("data-member-number>1<", "data-member-number>4<")


def test_it_refuses_a_twenty_first_row(client):
    response = get_row(client, 20)

    assert response.status_code == 200
    html = response.content.decode()
    assert "data-member-row" not in html
    assert "the most this form takes" in html
    assert "TOTAL_FORMS" not in html


def test_the_twentieth_row_is_allowed(client):
    assert 'name="members-19-name"' in get_row(client, 19).content.decode()


@pytest.mark.parametrize("total", ["", "abc", "-1"])
def test_a_bad_row_count_is_a_bad_request(client, total):
    assert get_row(client, total).status_code == 400


def test_a_visit_without_htmx_goes_to_the_form(client):
    response = client.get(ROW_URL, {"members-TOTAL_FORMS": 3})

    assert response.status_code == 302
    assert response["Location"] == REGISTER_URL


def test_it_only_answers_get(client):
    assert client.post(ROW_URL, HTTP_HX_REQUEST="true").status_code == 405
