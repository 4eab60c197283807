"""The curriculum is read-only in the Django admin (its data files are the source); jurisdictions
are edited there, one row per place."""

import pytest
from django.urls import reverse

from lcpa.curriculum.models import DeliverablePrompt, Jurisdiction, LearningCommunity, Module
from lcpa.testing import enrol_totp, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = make_user("admin@test.example", is_staff=True, is_superuser=True)
    enrol_totp(user)
    client.force_login(user)
    return client


def community_data(community: LearningCommunity, **changes) -> dict:
    data = {
        "slug": community.slug,
        "name": community.name,
        "short_name": community.short_name,
        "tagline": community.tagline,
        "purpose": community.purpose,
        "who_should_join": community.who_should_join,
        "implementing_sector": community.implementing_sector,
        "position": community.position,
        "modules-TOTAL_FORMS": "0",
        "modules-INITIAL_FORMS": "0",
        "modules-MIN_NUM_FORMS": "0",
        "modules-MAX_NUM_FORMS": "5",
    }
    return {**data, **changes}


def test_the_curriculum_pages_show_it_and_name_the_file_it_comes_from(admin_client, communities):
    community = communities["traffic-safety"]
    module = community.modules.get(number=1)
    DeliverablePrompt.objects.create(module=module, key="goals", label="What are your goals?")

    listing = admin_client.get(reverse("admin:curriculum_learningcommunity_changelist"))
    page = admin_client.get(
        reverse("admin:curriculum_learningcommunity_change", args=[community.pk])
    ).content.decode()
    module_page = admin_client.get(
        reverse("admin:curriculum_module_change", args=[module.pk])
    ).content.decode()

    assert "Policing Alternatives to Traffic Safety" in listing.content.decode()
    assert "manage.py load_curriculum" in listing.content.decode()
    assert "lcpa/curriculum/content/traffic-safety.yaml" in page
    assert "Module 2 of Traffic safety" in page
    assert 'name="name"' not in page and 'name="modules-0-title"' not in page
    assert "lcpa/curriculum/content/traffic-safety.yaml" in module_page
    assert "What are your goals?" in module_page
    assert 'name="prompts-0-label"' not in module_page


def test_curriculum_edits_posted_to_the_admin_are_refused(admin_client, communities):
    community = communities["traffic-safety"]
    module = community.modules.get(number=2)

    edit = admin_client.post(
        reverse("admin:curriculum_learningcommunity_change", args=[community.pk]),
        community_data(community, name="Renamed"),
    )
    module_edit = admin_client.post(
        reverse("admin:curriculum_module_change", args=[module.pk]),
        {
            "learning_community": community.pk,
            "number": 2,
            "title": "Street design first",
            "deliverable_name": module.deliverable_name,
            "aims": module.aims,
            "guidance": module.guidance,
            "prompts-TOTAL_FORMS": "0",
            "prompts-INITIAL_FORMS": "0",
            "prompts-MIN_NUM_FORMS": "0",
            "prompts-MAX_NUM_FORMS": "1000",
        },
    )
    add = admin_client.post(
        reverse("admin:curriculum_learningcommunity_add"),
        community_data(community, slug="new-area", name="A fifth area"),
    )
    delete = admin_client.post(
        reverse("admin:curriculum_module_delete", args=[module.pk]), {"post": "yes"}
    )

    assert {edit.status_code, module_edit.status_code, add.status_code} <= {403, 404}
    assert delete.status_code in {403, 404}
    community.refresh_from_db()
    module.refresh_from_db()
    assert community.name == "Policing Alternatives to Traffic Safety"
    assert module.title == "Module 2 of Traffic safety"
    assert not LearningCommunity.objects.filter(slug="new-area").exists()


def test_the_curriculum_history_can_be_read_but_not_reverted(admin_client, communities):
    module = communities["crisis-systems"].modules.get(number=1)
    Module.objects.filter(pk=module.pk).update(title="Changed outside the admin")
    version = module.history.first()  # the version as created

    history = admin_client.get(reverse("admin:curriculum_module_history", args=[module.pk]))
    revert = admin_client.post(
        reverse("admin:curriculum_module_simple_history", args=[module.pk, version.history_id]),
        {
            "learning_community": module.learning_community_id,
            "number": 1,
            "title": "Reverted from history",
            "deliverable_name": module.deliverable_name,
            "aims": module.aims,
            "guidance": module.guidance,
        },
    )

    assert history.status_code == 200
    assert "Module 1 of Crisis systems" in history.content.decode()
    assert revert.status_code in {403, 404}
    module.refresh_from_db()
    assert module.title == "Changed outside the admin"


def test_a_jurisdiction_that_differs_only_in_case_is_refused(admin_client, cast):
    url = reverse("admin:curriculum_jurisdiction_add")
    place = {"state": "MA", "kind": "city", "population": "40000"}

    twin = admin_client.post(url, {"name": "amherst", **place})
    new = admin_client.post(
        url,
        {"name": "Lowell", **place, "population": "115000", "latitude": "42.6334"},
    )

    assert twin.status_code == 200
    assert "Amherst, MA (city) is already listed." in twin.content.decode()
    assert Jurisdiction.objects.filter(name__iexact="amherst", state="MA").count() == 1
    assert new.status_code == 302, new.content.decode()[:3000]
    lowell = Jurisdiction.objects.get(name="Lowell")
    assert (lowell.population, str(lowell.latitude)) == (115_000, "42.63340")


def test_the_jurisdiction_list_shows_places_and_their_coordinates(admin_client, cast):
    Jurisdiction.objects.filter(name="Amherst").update(latitude="42.37320", longitude="-72.51990")

    listing = admin_client.get(
        reverse("admin:curriculum_jurisdiction_changelist"), {"q": "Amh"}
    ).content.decode()

    assert "Amherst" in listing and "42.37320" in listing
    assert "Sacramento" not in listing
