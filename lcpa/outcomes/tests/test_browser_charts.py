"""In headless Chromium: a data coordinator types a year of values into the grid, saves, and
sees the chart drawn under the Content Security Policy with its signal explained beside it;
the measure page and the outcome dashboard pass axe with no console error; and the same on
IHI rules, with older months, a provisional month, the steps timeline and the brief pages."""

import uuid
from datetime import date

import pytest
from django.test import Client

from lcpa.browser import TIMEOUT_MS, assert_accessible, assert_clean, sign_in_context, watch
from lcpa.cohorts.services import action_step_create
from lcpa.outcomes.briefs import brief_approve, brief_create, brief_submit
from lcpa.outcomes.models import TeamMeasure
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


def test_ihi_rules_provisional_months_older_pages_steps_and_briefs_pass_axe(
    browser, live_server, db
):
    """A coordinator on IHI rules types a year, saves and pages back to the year before
    (saved first), sees the IHI trend explained and the provisional month marked; the
    dashboard with its timeline of steps, the brief preview and the public brief pass axe."""
    cast = make_cast()
    coverage = choose_measure(cast.team_a, by=cast.member_a1)
    coverage.rules = TeamMeasure.Rules.IHI
    coverage.save()
    action_step_create(
        submission_key=uuid.uuid4(),
        team=cast.team_a,
        by=cast.member_a1,
        title="Train the dispatchers",
        due_on=date(2027, 2, 1),
    )
    brief = brief_submit(
        brief=brief_create(
            submission_key=uuid.uuid4(),
            team=cast.team_a,
            by=cast.member_a1,
            headline="A clinician answers the crisis line first",
            what_changed="Clinicians answer the calls officers used to take.",
            for_whom="People in a mental-health crisis and their families.",
            chart_1=coverage,
            chart_2=None,
            quote="We finally reach people before it turns into an emergency.",
            quote_by="A dispatcher",
            next_steps="Cover the night shifts.",
        ),
        by=cast.member_a1,
    )
    published = brief_approve(brief=brief, by=cast.staff)
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    sign_in_context(context, Client(), cast.member_a1, live_server.url)
    page = context.new_page()
    problems = watch(page)
    try:
        page.goto(f"{live_server.url}/teams/{cast.team_a.pk}/measures/{coverage.pk}/")
        # December 2025 to November 2026: steady near 30 %, then five months going up, the
        # last one provisional.
        values = [31, 29, 30, 28, 31, 29, 30, 32, 35, 38, 41, 44]
        for period, value in zip(reversed(months_before(NOW.date())), values, strict=True):
            key = f"{period:%Y-%m}"
            page.locator(f'[name="{key}_numerator"]').fill(str(value))
            page.locator(f'[name="{key}_denominator"]').fill("100")
        page.locator('label[for="id_2026-11_provisional"]').click()
        with page.expect_navigation():
            page.get_by_role("button", name="Save and show the 12 months before").click()

        assert page.get_by_text("Saved 12 values.").count() == 1
        assert page.get_by_role("heading", name="Values from December 2024 to November 2025")
        page.locator('[name="2025-11_numerator"]').fill("30")
        page.locator('[name="2025-11_denominator"]').fill("100")
        with page.expect_navigation():
            page.get_by_role("button", name="Save and show later months").click()

        assert page.get_by_text("Saved 1 value.").count() == 1
        explained = page.get_by_text("7 points in a row going up (May to November 2026)")
        assert explained.count() == 1
        assert page.get_by_text("Hollow points are provisional values").count() == 1
        page.locator(".lc-chart__drawing svg").wait_for()
        assert_accessible(page, "a measure on IHI rules with a provisional month")

        page.goto(f"{live_server.url}/teams/{cast.team_a.pk}/outcomes/")
        page.locator(".lc-chart__drawing svg").wait_for()
        assert page.get_by_text("Train the dispatchers").count() == 1
        assert_accessible(page, "the outcome dashboard with its steps")

        page.goto(f"{live_server.url}/teams/{cast.team_a.pk}/briefs/{published.pk}/")
        assert_accessible(page, "the brief's preview")
        page.goto(f"{live_server.url}/results/briefs/{published.slug}/")
        assert page.get_by_role("heading", name="A clinician answers the crisis line first")
        assert_accessible(page, "the public brief")
        assert_clean(problems, "the chart and brief pages")
    finally:
        context.close()
