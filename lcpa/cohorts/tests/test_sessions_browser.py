"""Session, feedback and library pages in headless Chromium: axe finds no WCAG 2.1 A/AA
violation and the browser reports no console error or Content-Security-Policy refusal."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lcpa.browser import assert_accessible, assert_clean, open_page, sign_in_context, watch
from lcpa.cohorts.models import Session
from lcpa.library.models import Resource
from lcpa.testing import make_cast, module_of, tag_module

pytestmark = pytest.mark.browser


@pytest.fixture
def site(live_server):
    cast = make_cast()
    now = timezone.now()
    guide = Resource.objects.create(
        title="Team charter template",
        summary="A fill-in charter.",
        kind=Resource.Kind.TEMPLATE,
        url="https://example.org/charter",
        topics="Team charter, Governance",
        visibility=Resource.Visibility.MEMBERS,
    )
    guide.learning_communities.add(cast.communities["crisis-systems"])
    tag_module(guide, 1)
    Resource.objects.create(title="Public guide", summary="For everyone.", topics="Data")
    upcoming = Session.objects.create(
        cohort=cast.cohort,
        module=module_of(cast.cohort, 1),
        title="Vision and charter",
        starts_at=now + timedelta(days=2),
        ends_at=now + timedelta(days=2, hours=1),
        meeting_url="https://meet.example.org/x",
        agenda="1. Introductions\n2. Charter drafting",
    )
    upcoming.materials.add(guide)
    upcoming.facilitators.add(cast.staff)
    finished = Session.objects.create(
        cohort=cast.cohort,
        module=module_of(cast.cohort, 1),
        title="Kickoff",
        starts_at=now - timedelta(days=5),
        ends_at=now - timedelta(days=5) + timedelta(hours=1),
        recording_url="https://video.example.org/1",
        notes="We met.",
    )
    return cast, upcoming, finished, guide


def test_member_pages_pass_axe_and_report_no_errors(browser, live_server, site):
    cast, upcoming, finished, guide = site
    context = browser.new_context(base_url=live_server.url)
    try:
        sign_in_context(context, Client(), cast.member_a1, live_server.url)
        page = context.new_page()
        problems = watch(page)
        for path in [
            "/sessions/",
            f"/sessions/{upcoming.pk}/",
            f"/sessions/{finished.pk}/",
            f"/sessions/{finished.pk}/feedback/",
            "/resources/",
            "/resources/?q=charter&module=1",
            f"/resources/{guide.pk}/",
        ]:
            response = page.goto(live_server.url + path)
            assert response is not None and response.status == 200, path
            assert page.locator("h1").count() == 1, path
            assert_accessible(page, path)
            assert_clean(problems, path)

        page.goto(live_server.url + f"/sessions/{finished.pk}/feedback/")
        with page.expect_navigation():
            page.get_by_role("button", name="Send feedback").click()
        page.get_by_role("alert").first.wait_for()
        assert_accessible(page, "the feedback form with an error")
        problems.clear()  # the refused form answers 400, which Chromium logs as an error
        page.locator("label", has_text="4: Very useful").click()  # USWDS hides the input
        page.get_by_label("What would make the next session better?").fill("More examples.")
        with page.expect_navigation():
            page.get_by_role("button", name="Send feedback").click()
        page.get_by_text("Your feedback is saved").wait_for()
        assert_clean(problems, "the feedback form")
    finally:
        context.close()


def test_the_library_works_for_a_visitor_without_javascript(browser, live_server, site):
    with open_page(browser, live_server.url, javascript=False) as (page, problems):
        page.goto(live_server.url + "/resources/")
        assert "Team charter template" not in page.content()
        page.get_by_label("Search the library").fill("guide")
        with page.expect_navigation():
            page.get_by_role("button", name="Search").click()
        assert "1 matching resource" in page.content()
        # axe needs JavaScript; the same page is checked with it in the test above.
        assert_clean(problems, "the library")
