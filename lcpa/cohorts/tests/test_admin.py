import pytest
from django.urls import reverse

from lcpa.curriculum.models import DeliverablePrompt, Module
from lcpa.library.models import Resource
from lcpa.testing import enrol_totp, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = make_user("admin@test.example", is_staff=True, is_superuser=True)
    enrol_totp(user)
    client.force_login(user)
    return client


def test_every_cohorts_model_has_an_admin_page(admin_client, cast):
    for app, name, obj in [
        ("curriculum", "learningcommunity", cast.communities["crisis-systems"]),
        ("curriculum", "jurisdiction", cast.team_a.jurisdiction),
        ("cohorts", "cohort", cast.cohort),
        ("cohorts", "team", cast.team_a),
        ("cohorts", "membership", cast.team_a.memberships.first()),
    ]:
        assert admin_client.get(reverse(f"admin:{app}_{name}_changelist")).status_code == 200
        change = admin_client.get(reverse(f"admin:{app}_{name}_change", args=[obj.pk]))
        assert change.status_code == 200, name


def test_staff_edit_modules_inline_and_history_records_who(admin_client, communities):
    community = communities["traffic-safety"]
    url = reverse("admin:curriculum_learningcommunity_change", args=[community.pk])
    page = admin_client.get(url).content.decode()
    assert "Module 1 of Traffic safety" in page

    modules = list(community.modules.order_by("number"))
    data = {
        "slug": community.slug,
        "name": community.name,
        "short_name": community.short_name,
        "tagline": community.tagline,
        "purpose": community.purpose,
        "who_should_join": community.who_should_join,
        "implementing_sector": community.implementing_sector,
        "position": community.position,
        "modules-TOTAL_FORMS": "5",
        "modules-INITIAL_FORMS": "5",
        "modules-MIN_NUM_FORMS": "0",
        "modules-MAX_NUM_FORMS": "5",
    }
    for index, module in enumerate(modules):
        data.update(
            {
                f"modules-{index}-id": module.pk,
                f"modules-{index}-learning_community": community.pk,
                f"modules-{index}-number": module.number,
                f"modules-{index}-title": "Street design first" if index == 1 else module.title,
                f"modules-{index}-aims": module.aims,
                f"modules-{index}-guidance": module.guidance,
                f"modules-{index}-deliverable_name": module.deliverable_name,
            }
        )

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    module = Module.objects.get(learning_community=community, number=2)
    assert module.title == "Street design first"
    assert module.history.first().history_user.email == "admin@test.example"


def test_the_history_page_is_available(admin_client, communities):
    community = communities["crisis-systems"]

    response = admin_client.get(
        reverse("admin:curriculum_learningcommunity_history", args=[community.pk])
    )

    assert response.status_code == 200


def test_staff_edit_deliverable_prompts_sessions_and_resources_in_the_admin(admin_client, cast):
    module = cast.communities["crisis-systems"].modules.get(number=1)
    DeliverablePrompt.objects.create(module=module, key="goals", label="What are your goals?")
    resource = Resource.objects.create(title="Triage guide", summary="How 988 and 911 share calls")
    for app, name, obj in [("curriculum", "module", module), ("library", "resource", resource)]:
        assert admin_client.get(reverse(f"admin:{app}_{name}_changelist")).status_code == 200
        page = admin_client.get(reverse(f"admin:{app}_{name}_change", args=[obj.pk]))
        assert page.status_code == 200
    assert (
        "What are your goals?"
        in admin_client.get(
            reverse("admin:curriculum_module_change", args=[module.pk])
        ).content.decode()
    )
    app = "cohorts"
    for name in ["session", "cohortmodule"]:
        assert admin_client.get(reverse(f"admin:{app}_{name}_changelist")).status_code == 200
