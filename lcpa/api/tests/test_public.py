"""Public API routes: no sign-in or token needed; only program data, never registrations."""

from decimal import Decimal

import pytest

from lcpa.cohorts.models import Cohort, Team
from lcpa.curriculum.models import Jurisdiction
from lcpa.testing import Cast


@pytest.fixture
def places(cast: Cast) -> Cast:
    """Coordinates for Amherst, a traffic-safety team in Sacramento, a place with no team."""
    Jurisdiction.objects.filter(name="Amherst").update(
        latitude=Decimal("42.37320"), longitude=Decimal("-72.51990")
    )
    traffic = Cohort.objects.create(
        learning_community=cast.communities["traffic-safety"],
        name="Traffic Safety cohort 1",
        starts_on=cast.cohort.starts_on,
        ends_on=cast.cohort.ends_on,
    )
    Team.objects.create(
        cohort=traffic, jurisdiction=cast.team_b.jurisdiction, name="Sacramento traffic"
    )
    Jurisdiction.objects.create(name="Nowhere", state="MA", population=10)
    return cast


def test_it_lists_the_learning_communities_in_order_with_their_modules(client, communities):
    response = client.get("/api/v1/learning-communities")

    assert response.status_code == 200
    body = response.json()
    assert [c["slug"] for c in body] == [
        "crisis-systems",
        "traffic-safety",
        "community-violence-intervention",
        "school-based-diversion",
    ]
    crisis = body[0]
    assert crisis["implementing_sector"] == "behavioral_health"
    assert crisis["implementing_sector_label"] == "Behavioral health"
    assert [m["number"] for m in crisis["modules"]] == [1, 2, 3, 4, 5]
    assert crisis["modules"][0]["title"] == "Module 1 of Crisis systems"


def test_it_shows_one_learning_community_by_slug(client, communities):
    response = client.get("/api/v1/learning-communities/school-based-diversion")

    assert response.status_code == 200
    assert response.json()["name"] == "School-Based Diversion"
    assert response.json()["implementing_sector"] == "education"


def test_it_answers_404_for_an_unknown_learning_community(client, communities):
    response = client.get("/api/v1/learning-communities/no-such-thing")

    assert response.status_code == 404
    assert response.json()["detail"].startswith("Not Found")


def test_it_lists_only_jurisdictions_with_a_team(client, places):
    response = client.get("/api/v1/jurisdictions")

    assert response.status_code == 200
    names = [j["name"] for j in response.json()]
    assert names == ["Sacramento", "Amherst", "Redmond"]  # by state: CA, MA, WA
    amherst = response.json()[1]
    assert amherst["latitude"] == pytest.approx(42.3732)
    assert amherst["longitude"] == pytest.approx(-72.5199)
    assert amherst["kind"] == "city"
    sacramento = response.json()[0]
    assert [c["slug"] for c in sacramento["learning_communities"]] == [
        "crisis-systems",
        "traffic-safety",
    ]


def test_it_filters_jurisdictions_by_learning_community_and_state(client, places):
    by_community = client.get("/api/v1/jurisdictions?learning_community=traffic-safety")
    by_state = client.get("/api/v1/jurisdictions?state=wa")
    both = client.get("/api/v1/jurisdictions?learning_community=traffic-safety&state=MA")

    assert [j["name"] for j in by_community.json()] == ["Sacramento"]
    assert [j["name"] for j in by_state.json()] == ["Redmond"]
    assert both.json() == []


def test_public_routes_ignore_a_bad_token_and_need_no_sign_in(client, places):
    response = client.get("/api/v1/jurisdictions", headers={"Authorization": "Bearer lcpa_made-up"})

    assert response.status_code == 200


def test_the_jurisdiction_list_costs_the_same_queries_however_many_there_are(
    client, places, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        client.get("/api/v1/jurisdictions")
    for number in range(5):
        jurisdiction = Jurisdiction.objects.create(name=f"Town {number}", state="NY")
        Team.objects.create(cohort=places.cohort, jurisdiction=jurisdiction, name=f"T{number}")
    with django_assert_max_num_queries(3):
        response = client.get("/api/v1/jurisdictions")
    assert len(response.json()) == 8
