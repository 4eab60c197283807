import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lcpa.public.tests.helpers import make_cohort

pytestmark = pytest.mark.django_db


def test_it_explains_the_program_to_an_anonymous_visitor(client, communities):
    response = client.get(reverse("public:home"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1" in page and page.count("<h1") == 1
    assert "Learning Communities for Policing Alternatives" in page
    for community in communities.values():
        assert community.name in page
        assert community.get_absolute_url() in page
    for step in (
        "Register your interest",
        "Program staff follow up",
        "Join a cohort",
        "Work through five modules together",
    ):
        assert step in page
    assert "national experts" in page
    assert "technical assistance" in page


def test_it_invites_teams_to_register_interest(client, communities):
    page = client.get(reverse("public:home")).content.decode()

    assert f'href="{reverse("intake:register")}"' in page
    assert "Register your team's interest" in page


def test_it_lists_upcoming_cohorts_but_not_past_ones(client, communities):
    make_cohort(communities["crisis-systems"], "Crisis Systems spring cohort", starts_in_days=40)
    make_cohort(communities["traffic-safety"], "Traffic Safety old cohort", starts_in_days=-300)

    page = client.get(reverse("public:home")).content.decode()

    assert "Crisis Systems spring cohort" in page
    assert "Traffic Safety old cohort" not in page
    assert "No upcoming cohorts are scheduled yet" not in page


def test_it_says_plainly_when_no_cohort_is_scheduled(client, communities):
    make_cohort(communities["crisis-systems"], "Finished cohort", starts_in_days=-200)

    page = client.get(reverse("public:home")).content.decode()

    assert "No upcoming cohorts are scheduled yet" in page
    assert "Finished cohort" not in page


def test_it_links_the_public_pages_in_the_navigation_and_footer(client, communities):
    page = client.get(reverse("public:home")).content.decode()

    for name in ("learning_communities", "jurisdictions", "contact", "accessibility", "privacy"):
        assert f'href="{reverse(f"public:{name}")}"' in page
    assert 'href="/api/v1/docs"' in page


def test_the_footer_gives_the_program_address_on_every_page(client, cast, settings):
    settings.PROGRAM_EMAIL = "lcpa-team@program.example"
    footer_link = 'href="mailto:lcpa-team@program.example">lcpa-team@program.example</a>'
    client.force_login(cast.member_a1)
    for url in (reverse("public:home"), reverse("public:privacy"), reverse("cohorts:my_teams")):
        page = client.get(url, follow=True).content.decode()
        footer = page[page.index("<footer") :]
        assert footer_link in footer, url


def test_its_query_count_does_not_grow_with_the_number_of_cohorts(
    client, communities, django_assert_max_num_queries
):
    make_cohort(communities["crisis-systems"], "First", starts_in_days=30)
    with CaptureQueriesContext(connection) as baseline:
        client.get(reverse("public:home"))
    for number in range(12):
        community = list(communities.values())[number % 4]
        make_cohort(community, f"Cohort {number}", starts_in_days=10 + number)

    with django_assert_max_num_queries(len(baseline)):
        response = client.get(reverse("public:home"))

    assert response.status_code == 200
