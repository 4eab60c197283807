"""Staff add and order forum categories in the Django admin; members see them in the form."""

import pytest
from django.urls import reverse

from lcpa.community.models import Category, Space
from lcpa.community.services import spaces_ensure
from lcpa.testing import enrol_totp, make_user

pytestmark = pytest.mark.django_db


def test_staff_add_a_category_that_members_then_choose_from(client, cast):
    spaces_ensure()
    space = Space.objects.get(cohort=cast.cohort)
    admin_user = make_user("admin@test.example", is_staff=True, is_superuser=True)
    enrol_totp(admin_user)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:community_category_add"),
        {"space": space.pk, "name": "Funding", "position": 2},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Category.objects.get().history.get().history_user == admin_user

    client.force_login(cast.member_a1)
    form = client.get(reverse("community:thread_create", args=[space.pk])).content.decode()
    assert ">Funding</option>" in form
    other_space = Space.objects.get(cohort=cast.other_cohort)
    client.force_login(cast.outsider)
    form = client.get(reverse("community:thread_create", args=[other_space.pk])).content.decode()
    assert "Funding" not in form
