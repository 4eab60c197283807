import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lcpa.cohorts.models import Team
from lcpa.curriculum.models import Jurisdiction
from lcpa.public.tests.helpers import make_cohort, make_participant
from lcpa.testing import forget_public_pages

pytestmark = pytest.mark.django_db

URL = reverse("public:jurisdictions")


@pytest.fixture
def participants(communities):
    crisis = make_cohort(communities["crisis-systems"], "Crisis 1", starts_in_days=-100)
    traffic = make_cohort(communities["traffic-safety"], "Traffic 1", starts_in_days=30)
    amherst = make_participant(
        crisis, "Amherst", "MA", population=39_263, latitude=42.37, longitude=-72.52
    )
    Team.objects.create(cohort=traffic, jurisdiction=amherst, name="Amherst traffic team")
    make_participant(traffic, "Sacramento", "CA", population=524_943)
    make_participant(
        crisis, "Sacramento County", "CA", kind=Jurisdiction.Kind.COUNTY, population=None
    )
    make_participant(traffic, "Huntsville", "AL", latitude=None, longitude=None)
    Jurisdiction.objects.create(name="Nowhere Yet", state="TX", population=1000)
    return {"crisis": crisis, "traffic": traffic}


def table_of(page: str) -> str:
    return page[page.index("<table") : page.index("</table>")]


def map_points(page: str) -> list[dict]:
    match = re.search(
        r'<script id="jurisdiction-points" type="application/json">(.*?)</script>', page, re.S
    )
    assert match, "the map's data is missing"
    return json.loads(match.group(1))


def test_it_lists_participating_jurisdictions_in_an_accessible_table(client, participants):
    response = client.get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    table = table_of(page)
    assert "<caption>Participating jurisdictions</caption>" in table
    for header in ("Jurisdiction", "State", "Kind", "Population", "Learning communities"):
        assert re.search(rf'<th scope="col"[^>]*>{header}</th>', table), header
    assert '<th scope="row">Amherst</th>' in table
    assert "Massachusetts" in table
    assert "39,263" in table
    assert "County" in table
    assert "Not known" in table
    assert "Crisis Systems, Policing Alternatives to Traffic Safety" in table
    assert "Showing 4 participating jurisdictions." in page


def test_it_leaves_out_jurisdictions_without_a_team(client, participants):
    assert "Nowhere Yet" not in client.get(URL).content.decode()


def test_it_filters_by_learning_community(client, participants):
    page = client.get(URL, {"learning_community": "crisis-systems"}).content.decode()
    table = table_of(page)

    assert "Amherst" in table
    assert "Sacramento County" in table
    assert ">Sacramento<" not in table
    assert "Huntsville" not in table
    assert "Showing 2 participating jurisdictions that match your filters." in page
    assert '<option value="crisis-systems" selected>' in page


def test_it_filters_by_state(client, participants):
    table = table_of(client.get(URL, {"state": "CA"}).content.decode())

    assert ">Sacramento<" in table
    assert "Sacramento County" in table
    assert "Amherst" not in table


def test_it_filters_by_learning_community_and_state_together(client, participants):
    table = table_of(
        client.get(URL, {"learning_community": "traffic-safety", "state": "CA"}).content.decode()
    )

    assert ">Sacramento<" in table
    assert "Sacramento County" not in table


def test_it_offers_only_states_that_take_part(client, participants):
    page = client.get(URL).content.decode()

    assert '<option value="MA">Massachusetts</option>' in page
    assert '<option value="TX">' not in page


def test_it_says_so_when_nothing_matches(client, participants, communities):
    response = client.get(URL, {"learning_community": "school-based-diversion"})

    page = response.content.decode()
    assert "No participating jurisdictions match your filters." in page
    assert "<table" not in page
    assert 'id="jurisdictions-map"' not in page


def test_it_shows_an_error_for_an_unknown_filter_value_and_lists_everyone(client, participants):
    page = client.get(URL, {"state": "ZZ"}).content.decode()

    assert "Choose a state from the list." in page
    assert "Amherst" in table_of(page)


def test_it_gives_the_map_its_data_and_a_text_alternative(client, participants):
    page = client.get(URL).content.decode()

    assert 'id="jurisdictions-map"' in page
    assert 'role="img"' in page
    assert 'aria-label="Map of the United States with a dot for each of the 4' in page
    assert 'data-atlas-url="/static/vendor/us-atlas/states-10m.json"' in page
    points = {point["name"]: point for point in map_points(page)}
    assert points["Amherst"]["latitude"] == 42.37
    assert points["Amherst"]["longitude"] == -72.52
    assert points["Amherst"]["population"] == 39_263
    assert points["Huntsville"]["latitude"] is None
    assert "Nowhere Yet" not in points


def test_it_loads_the_map_from_static_files_without_inline_scripts(client, participants):
    page = client.get(URL).content.decode()

    for tag in re.findall(r"<script[^>]*>", page):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "/static/js/map.js" in page
    assert "/static/vendor/vega-embed/vega-embed.min.js" in page
    assert "style=" not in page


def test_it_serves_the_us_atlas_file_the_map_draws(client):
    response = client.get("/static/vendor/us-atlas/states-10m.json")

    assert response.status_code == 200
    assert b'"states"' in b"".join(response.streaming_content)


def test_it_shows_jurisdiction_names_as_text(client, communities):
    cohort = make_cohort(communities["crisis-systems"], "Crisis 1", starts_in_days=10)
    make_participant(cohort, "<script>alert(1)</script>ville", "OR")

    page = client.get(URL).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;ville" in page
    assert map_points(page)[0]["name"] == "<script>alert(1)</script>ville"


def test_its_query_count_does_not_grow_with_jurisdictions_and_cohorts(
    client, participants, communities, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as baseline:
        client.get(URL)
    for number in range(10):
        community = list(communities.values())[number % 4]
        cohort = make_cohort(community, f"Cohort {number}", starts_in_days=number)
        make_participant(cohort, f"Town {number}", "OH")
        Team.objects.create(
            cohort=participants["traffic"],
            jurisdiction=Jurisdiction.objects.get(name=f"Town {number}"),
            name=f"Town {number} traffic",
        )
    forget_public_pages()  # rows written without the services: measure a page built afresh

    with django_assert_max_num_queries(len(baseline)):
        response = client.get(URL)

    assert "Showing 14 participating jurisdictions." in response.content.decode()


def test_its_query_count_stays_flat_when_filtered(
    client, participants, communities, django_assert_max_num_queries
):
    query = {"learning_community": "traffic-safety", "state": "OH"}
    with CaptureQueriesContext(connection) as baseline:
        client.get(URL, query)
    for number in range(6):
        make_participant(participants["traffic"], f"Village {number}", "OH")
    forget_public_pages()  # rows written without the services: measure a page built afresh

    with django_assert_max_num_queries(len(baseline)):
        client.get(URL, query)
