"""In headless Chromium: a data coordinator types a year of values into the grid, saves, and
sees the chart drawn under the Content Security Policy with its signal explained beside it;
the measure page and the outcome dashboard pass axe with no console error."""

import pytest
from django.test import Client

from lcpa.browser import TIMEOUT_MS, assert_accessible, assert_clean, sign_in_context, watch
from lcpa.outcomes.queries import months_before
from lcpa.testing import NOW, choose_measure, make_cast

pytestmark = pytest.mark.browser


def test_a_coordinator_enters_a_year_and_sees_a_signal_explained(browser, live_server, db):
    cast = make_cast()
    coverage = choose_measure(cast.team_a, by=cast.member_a1)
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    sign_in_context(context, Client(), cast.member_a1, live_server.url)
    page = context.new_page()
    problems = watch(page)
    try:
        page.goto(f"{live_server.url}/teams/{cast.team_a.pk}/measures/{coverage.pk}/")
        assert page.get_by_text("The chart appears once the team has entered a value.").count()
        # December 2025 to June 2026 (the baseline) near 30 %, then five months at 60 %.
        for period in months_before(NOW.date()):
            key = f"{period:%Y-%m}"
            after_baseline = period > coverage.baseline_end
            page.locator(f'[name="{key}_numerator"]').fill("60" if after_baseline else "30")
            page.locator(f'[name="{key}_denominator"]').fill("100")
        with page.expect_navigation():
            page.get_by_role("button", name="Save the values").click()

        assert page.get_by_text("Saved 12 values.").count() == 1
        explained = page.get_by_text("5 points above the upper limit (July to November 2026)")
        assert explained.count() == 1
        assert "a sign of improvement (higher is better)" in explained.inner_text()
        page.locator(".lc-chart__drawing svg").wait_for()
        assert page.locator(".lc-chart__fallback").count() == 0
        assert_accessible(page, "the measure page with its chart")

        page.goto(f"{live_server.url}/teams/{cast.team_a.pk}/outcomes/")
        page.locator(".lc-chart__drawing svg").wait_for()
        assert page.get_by_text("5 points above the upper limit").count() == 1
        assert_accessible(page, "the outcome dashboard")
        assert_clean(problems, "the chart pages")
    finally:
        context.close()
