import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lcpa.public.tests.helpers import make_cohort
from lcpa.testing import forget_public_pages

pytestmark = pytest.mark.django_db


def test_it_lists_the_four_learning_communities_with_their_modules(client, communities):
    response = client.get(reverse("public:learning_communities"))

    assert response.status_code == 200
    page = response.content.decode()
    for community in communities.values():
        assert community.name in page
        assert community.get_absolute_url() in page
        assert f"Module 1 of {community.short_name}" in page
    assert "Behavioral health" in page
    assert "Transportation" in page


def test_it_shows_each_community_s_next_cohort(client, communities):
    make_cohort(communities["school-based-diversion"], "Schools autumn cohort", starts_in_days=20)

    page = client.get(reverse("public:learning_communities")).content.decode()

    assert "Schools autumn cohort" in page
    assert "not scheduled yet" in page


def test_its_query_count_does_not_grow_with_the_number_of_cohorts(
    client, communities, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as baseline:
        client.get(reverse("public:learning_communities"))
    for number in range(8):
        make_cohort(communities["crisis-systems"], f"Cohort {number}", starts_in_days=5 + number)
    forget_public_pages()  # rows written without the services: measure a page built afresh

    with django_assert_max_num_queries(len(baseline)):
        client.get(reverse("public:learning_communities"))
