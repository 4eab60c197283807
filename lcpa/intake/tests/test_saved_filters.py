"""Saved pipeline filters: staff name the current filters, for themselves or shared, and pick
them from a list on the pipeline."""

import pytest
from django.urls import reverse

from lcpa.intake.models import SavedFilter
from lcpa.intake.tests.test_queries import make_registration
from lcpa.testing import make_staff

PIPELINE = reverse("intake:staff_pipeline")
SAVE = reverse("intake:staff_saved_filter_create")


@pytest.fixture
def staff(db):
    return make_staff("robin@program.example")


@pytest.fixture
def colleague(db):
    colleague = make_staff("sam@program.example")
    colleague.full_name = "Sam Colleague"
    colleague.save()
    return colleague


def delete_url(saved: SavedFilter) -> str:
    return reverse("intake:staff_saved_filter_delete", args=[saved.pk])


def test_staff_save_the_current_filters_and_pick_them_again(client, staff, communities):
    make_registration(jurisdiction_name="Amherst", state="MA")
    make_registration(jurisdiction_name="Fresno", state="CA")
    client.force_login(staff)
    page = client.get(PIPELINE, {"state": "CA", "sort": "population"}).content.decode()
    assert 'name="query" value="state=CA&amp;sort=population"' in page
    response = client.post(
        SAVE, {"name": "  California   teams ", "query": "state=CA&sort=population"}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"{PIPELINE}?state=CA&sort=population"
    page = response.content.decode()
    assert "Filters saved as “California teams”." in page
    saved = SavedFilter.objects.get()
    assert (saved.owner, saved.name, saved.query, saved.shared) == (
        staff,
        "California teams",
        "state=CA&sort=population",
        False,
    )
    assert f'<a href="{PIPELINE}?state=CA&amp;sort=population">California teams</a>' in page
    assert ">Fresno<" in page and ">Amherst<" not in page


def test_saving_the_same_name_again_replaces_it(client, staff):
    client.force_login(staff)
    client.post(SAVE, {"name": "Mine", "query": "state=CA"})
    client.post(SAVE, {"name": "Mine", "query": "state=WA", "shared": "on"})
    saved = SavedFilter.objects.get()
    assert (saved.query, saved.shared) == ("state=WA", True)


def test_only_known_filters_with_valid_values_are_saved(client, staff):
    client.force_login(staff)
    client.post(
        SAVE,
        {"name": "Odd", "query": "state=ZZ&status=new&evil=<script>&sort=population&page=3"},
    )
    assert SavedFilter.objects.get().query == "status=new&sort=population"


def test_a_filter_needs_a_name(client, staff):
    client.force_login(staff)
    response = client.post(SAVE, {"name": "", "query": "state=CA"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "The filters were not saved" in page
    assert "Give these filters a name" in page
    assert not SavedFilter.objects.exists()


def test_colleagues_see_shared_filters_but_not_private_ones(client, staff, colleague):
    SavedFilter.objects.create(owner=colleague, name="Sam's shared", query="state=CA", shared=True)
    SavedFilter.objects.create(owner=colleague, name="Sam's own", query="state=WA")
    client.force_login(staff)
    page = client.get(PIPELINE).content.decode()
    assert "Sam&#x27;s shared" in page
    assert "shared by Sam Colleague" in page
    assert "Sam&#x27;s own" not in page


def test_staff_delete_their_own_filter_but_not_a_colleagues(client, staff, colleague):
    mine = SavedFilter.objects.create(owner=staff, name="Mine", query="state=CA")
    theirs = SavedFilter.objects.create(owner=colleague, name="Theirs", query="", shared=True)
    client.force_login(staff)
    page = client.get(PIPELINE).content.decode()
    assert f'action="{delete_url(mine)}"' in page
    assert f'action="{delete_url(theirs)}"' not in page
    assert client.post(delete_url(theirs)).status_code == 404
    response = client.post(delete_url(mine), follow=True)
    assert "Saved filters “Mine” deleted." in response.content.decode()
    assert list(SavedFilter.objects.all()) == [theirs]


def test_people_who_are_not_staff_neither_save_nor_delete(client, cast, colleague):
    shared = SavedFilter.objects.create(owner=colleague, name="Shared", query="", shared=True)
    for person in (cast.member_a1, cast.outsider, cast.expert):
        client.force_login(person)
        assert client.post(SAVE, {"name": "Mine", "query": ""}).status_code == 404
        assert client.post(delete_url(shared)).status_code == 404
    assert list(SavedFilter.objects.all()) == [shared]
