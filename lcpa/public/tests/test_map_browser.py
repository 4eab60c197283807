"""The participating-jurisdictions map, drawn by Vega-Lite in headless Chromium under the CSP."""

import pytest

from lcpa.browser import assert_accessible, assert_clean, open_page
from lcpa.cohorts.models import Team
from lcpa.curriculum.models import Jurisdiction
from lcpa.public.tests.helpers import make_cohort, make_participant
from lcpa.testing import make_learning_communities

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STATE_SHAPES = "#jurisdictions-map svg .mark-shape path"
DOTS = "#jurisdictions-map svg .layer_1_marks path"


@pytest.fixture
def places():
    communities = make_learning_communities()
    crisis = make_cohort(communities["crisis-systems"], "Crisis 1", starts_in_days=-100)
    traffic = make_cohort(communities["traffic-safety"], "Traffic 1", starts_in_days=30)
    for name, state, population, latitude, longitude, cohort in [
        ("Amherst", "MA", 39_000, 42.3732, -72.5199, crisis),
        ("Sacramento", "CA", 525_000, 38.5816, -121.4944, traffic),
        ("Redmond", "WA", 77_000, 47.674, -122.1215, crisis),
        ("Huntsville", "AL", 216_000, 34.7304, -86.5861, traffic),
        ("Anchorage", "AK", 291_000, 61.2181, -149.9003, crisis),
    ]:
        make_participant(
            cohort, name, state, population=population, latitude=latitude, longitude=longitude
        )
    unplaced = Jurisdiction.objects.create(name="Somewhere", state="OH", kind="region")
    Team.objects.create(cohort=crisis, jurisdiction=unplaced, name="Somewhere team")


def test_the_map_draws_every_placed_jurisdiction_without_breaking_the_csp(
    browser, live_server, places
):
    with open_page(browser, live_server.url) as (page, problems):
        page.goto(live_server.url + "/jurisdictions/")
        page.wait_for_selector(STATE_SHAPES, state="attached")
        page.wait_for_selector(DOTS, state="attached")

        assert page.locator(STATE_SHAPES).count() >= 50  # the states, DC and territories
        assert page.locator(DOTS).count() == 5  # "Somewhere" has no coordinates
        assert page.locator(".lc-map__fallback").count() == 0
        label = page.locator("#jurisdictions-map").get_attribute("aria-label")
        assert "dot for each of the 6 jurisdictions" in label
        assert page.locator("style").count() == 0, "vega must not inject <style> (CSP)"
        assert_accessible(page, "/jurisdictions/")
        assert_clean(problems, "/jurisdictions/")


def test_the_map_shows_only_the_filtered_jurisdictions(browser, live_server, places):
    with open_page(browser, live_server.url) as (page, problems):
        page.goto(live_server.url + "/jurisdictions/?learning_community=traffic-safety")
        page.wait_for_selector(DOTS, state="attached")

        assert page.locator(DOTS).count() == 2
        assert_clean(problems, "/jurisdictions/ filtered")


def test_the_filters_work_without_javascript(browser, live_server, places):
    with open_page(browser, live_server.url, javascript=False) as (page, problems):
        page.goto(live_server.url + "/jurisdictions/")
        assert "needs JavaScript" in page.locator("#jurisdictions-map").inner_text()

        page.get_by_label("State", exact=True).select_option("CA")
        with page.expect_navigation():
            page.get_by_role("button", name="Show jurisdictions").click()

        assert "state=CA" in page.url
        table = page.locator("table").inner_text()
        assert "Sacramento" in table
        assert "Amherst" not in table
        assert_clean(problems, "/jurisdictions/ without JavaScript")
