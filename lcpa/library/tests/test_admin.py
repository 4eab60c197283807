"""Staff add, tag and find library resources in the Django admin."""

import pytest
from django.urls import reverse

from lcpa.library.models import Resource
from lcpa.testing import enrol_totp, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user():
    user = make_user("admin@test.example", is_staff=True, is_superuser=True)
    enrol_totp(user)
    return user


def test_staff_add_a_resource_tagged_by_community_and_module(client, admin_user, communities):
    crisis = communities["crisis-systems"]
    module = crisis.modules.get(number=2)
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:library_resource_add"),
        {
            "title": "Triage guide",
            "summary": "How 988 and 911 share calls",
            "kind": Resource.Kind.GUIDE,
            "url": "https://example.org/triage",
            "learning_communities": [crisis.pk],
            "modules": [module.pk],
            "topics": "triage, 988",
            "visibility": Resource.Visibility.MEMBERS,
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    resource = Resource.objects.get(title="Triage guide")
    assert list(resource.learning_communities.all()) == [crisis]
    assert list(resource.modules.all()) == [module]
    assert resource.visibility == Resource.Visibility.MEMBERS
    assert resource.history.first().history_user == admin_user


def test_the_resource_pages_list_and_show_a_resource(client, admin_user):
    resource = Resource.objects.create(title="Triage guide", summary="How 988 and 911 share calls")
    Resource.objects.create(title="Street design toolkit", summary="Lanes and lights")
    client.force_login(admin_user)

    listing = client.get(reverse("admin:library_resource_changelist"), {"q": "triage"})
    page = client.get(reverse("admin:library_resource_change", args=[resource.pk]))

    assert "Triage guide" in listing.content.decode()
    assert "Street design toolkit" not in listing.content.decode()
    assert "How 988 and 911 share calls" in page.content.decode()
