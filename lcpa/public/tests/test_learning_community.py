import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lcpa.curriculum.models import Module
from lcpa.public.tests.helpers import make_cohort, make_participant
from lcpa.testing import forget_public_pages

pytestmark = pytest.mark.django_db


def page_of(client, slug: str) -> str:
    response = client.get(reverse("public:learning_community", args=[slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_the_purpose_rendered_from_markdown(client, communities):
    crisis = communities["crisis-systems"]
    crisis.purpose = "Calls about **mental health** deserve a clinician."
    crisis.save()

    page = page_of(client, "crisis-systems")

    assert "<h1>Crisis Systems</h1>" in page
    assert "Calls about <strong>mental health</strong> deserve a clinician." in page


def test_it_names_the_implementing_sector_and_the_minimum_team(client, communities):
    page = page_of(client, "traffic-safety")

    assert "Who should be on the team" in page
    assert "A data coordinator" in page
    assert "traditional first response" in page
    assert "law enforcement, fire or EMS" in page
    assert "implementing sector, transportation" in page


def test_each_area_names_its_own_implementing_sector(client, communities):
    expected = {
        "crisis-systems": "behavioral health",
        "community-violence-intervention": "community violence intervention",
        "school-based-diversion": "education",
    }
    for slug, sector in expected.items():
        assert f"implementing sector, {sector}" in page_of(client, slug)


def test_it_lists_the_five_modules_in_order_with_their_aims(client, communities):
    community = communities["community-violence-intervention"]
    Module.objects.filter(learning_community=community, number=3).update(
        title="Mapping what already exists", aims="Find the *programs* already working."
    )

    page = page_of(client, community.slug)

    positions = [page.index(f"Module {number}:") for number in range(1, 6)]
    assert positions == sorted(positions)
    assert "Module 3: Mapping what already exists" in page
    assert "Find the <em>programs</em> already working." in page
    assert 'class="usa-process-list"' in page


def test_it_shows_upcoming_cohort_dates_for_this_area_only(client, communities):
    cohort = make_cohort(communities["crisis-systems"], "Crisis cohort 7", starts_in_days=60)
    make_cohort(communities["traffic-safety"], "Traffic cohort 2", starts_in_days=60)
    make_cohort(communities["crisis-systems"], "Crisis cohort 1", starts_in_days=-400)

    page = page_of(client, "crisis-systems")

    assert "Crisis cohort 7" in page
    assert cohort.starts_on.strftime("%Y-%m-%d") in page
    assert "Traffic cohort 2" not in page
    assert "Crisis cohort 1" not in page


def test_it_shows_an_empty_state_without_upcoming_cohorts(client, communities):
    assert "No upcoming cohorts are scheduled yet" in page_of(client, "school-based-diversion")


def test_it_answers_404_for_an_unknown_slug(client, communities):
    response = client.get(reverse("public:learning_community", args=["basket-weaving"]))

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_it_never_lets_curriculum_text_run_scripts(client, communities):
    crisis = communities["crisis-systems"]
    crisis.purpose = "Hello <script>alert('x')</script> [link](javascript:alert(1))"
    crisis.tagline = "<b>tag</b>"
    crisis.save()

    page = page_of(client, "crisis-systems")

    assert "<script>alert" not in page
    assert "javascript:alert" not in page
    assert "&lt;b&gt;tag&lt;/b&gt;" in page


def test_it_invites_teams_to_register(client, communities):
    assert reverse("intake:register") in page_of(client, "crisis-systems")


def test_its_query_count_does_not_grow_with_cohorts_and_teams(
    client, communities, django_assert_max_num_queries
):
    url = reverse("public:learning_community", args=["crisis-systems"])
    first = make_cohort(communities["crisis-systems"], "Cohort A", starts_in_days=10)
    make_participant(first, "Amherst", "MA")
    with CaptureQueriesContext(connection) as baseline:
        client.get(url)
    for number in range(6):
        cohort = make_cohort(communities["crisis-systems"], f"Cohort {number}", starts_in_days=20)
        make_participant(cohort, f"Town {number}", "OH")
    forget_public_pages()  # rows written without the services: measure a page built afresh

    with django_assert_max_num_queries(len(baseline)):
        response = client.get(url)

    assert "Cohort 5" in response.content.decode()
