"""The workspace in headless Chromium: a refused save and the review pages pass axe with no
console error or Content-Security-Policy refusal; the table's "Add a row" works without
JavaScript. (Completing module 1 so module 2 opens is in test_browser_workspace.py.)"""

import pytest
from django.test import Client

from lcpa.browser import TIMEOUT_MS, assert_accessible, assert_clean, sign_in_context, watch
from lcpa.cohorts.models import Deliverable
from lcpa.cohorts.services import deliverable_save, deliverable_share, deliverable_submit
from lcpa.testing import give_curriculum, make_cast, module_of

pytestmark = pytest.mark.browser


@pytest.fixture
def site(live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cast = make_cast()
    give_curriculum(cast.cohort)
    shared = deliverable_save(
        team=cast.team_b,
        module=module_of(cast.team_b, 1),
        answers={"vision": "Sacramento's vision", "goals": [["G", "M", "B"]], "lead": "Lee"},
        base_version=0,
        by=cast.member_b,
    )
    deliverable_share(deliverable=shared, shared=True, by=cast.member_b)
    return cast, shared


def signed_in_page(browser, live_server, user, *, javascript=True):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript)
    context.set_default_timeout(TIMEOUT_MS)
    sign_in_context(context, Client(), user, live_server.url)
    page = context.new_page()
    return context, page, watch(page)


def expected_refusal(problems, status: int) -> None:
    """A refused form answers 400 or 409, which Chromium logs as a failed resource."""
    problems.console_errors[:] = [
        message for message in problems.console_errors if f"status of {status}" not in message
    ]


def check(page, problems, path, live_server, status=200):
    response = page.goto(live_server.url + path)
    assert response is not None and response.status == status, path
    assert page.locator("h1").count() == 1, path
    assert_accessible(page, path)
    assert_clean(problems, path)


def test_add_a_row_works_without_javascript(browser, live_server, site):
    cast, _shared = site
    context, page, problems = signed_in_page(browser, live_server, cast.member_a2, javascript=False)
    try:
        page.goto(live_server.url + f"/teams/{cast.team_a.pk}/modules/1/")
        page.get_by_label("Your team's vision").fill("Typed before adding a row")
        with page.expect_navigation():  # the form is sent; wait for its answer
            page.get_by_role("button", name="Add a row").click()
        assert page.get_by_label("Goal, row 4").count() == 1
        assert page.get_by_label("Your team's vision").input_value() == "Typed before adding a row"
        assert not Deliverable.objects.filter(team=cast.team_a).exists()
        # (axe needs JavaScript; the same page is checked with it in the test above.)
        assert_clean(problems, "the module page without JavaScript")
    finally:
        context.close()


def test_a_refused_save_and_the_review_pages_pass_axe(browser, live_server, site):
    cast, _shared = site
    team = cast.team_a.pk
    context, page, problems = signed_in_page(browser, live_server, cast.member_a1)
    try:
        page.goto(live_server.url + f"/teams/{team}/modules/1/")
        deliverable_save(  # someone else saves meanwhile
            team=cast.team_a,
            module=module_of(cast.team_a, 1),
            answers={"vision": "Saved by A2", "goals": [["G", "M", "B"]], "lead": "Sam"},
            base_version=0,
            by=cast.member_a2,
        )
        page.get_by_label("Your team's vision").fill("My unsaved text")
        with page.expect_navigation():  # the form is sent; wait for its answer
            page.get_by_role("button", name="Save draft").click()
        assert page.get_by_text("Someone else saved this deliverable").count() == 1
        assert page.get_by_label("Your team's vision").input_value() == "My unsaved text"
        assert_accessible(page, "the module page after a refused save")
        expected_refusal(problems, 409)
        assert_clean(problems, "the module page after a refused save")
    finally:
        context.close()
    deliverable_submit(
        deliverable=Deliverable.objects.get(team=cast.team_a, module__number=1), by=cast.member_a2
    )
    pk = Deliverable.objects.get(team=cast.team_a, module__number=1).pk
    context, page, problems = signed_in_page(browser, live_server, cast.expert)
    try:
        check(page, problems, "/workspace/", live_server)
        check(page, problems, "/reviews/", live_server)
        check(page, problems, f"/reviews/{pk}/", live_server)
        page.locator("label", has_text="Ask for changes").click()
        with page.expect_navigation():  # the form is sent; wait for its answer
            page.get_by_role("button", name="Send your review").click()
        assert page.get_by_text("Say what should change").count() >= 1
        assert_accessible(page, "the review form with an error")
        expected_refusal(problems, 400)
        page.get_by_label("Comments for the team").fill("Add a measure for repeat calls.")
        with page.expect_navigation():  # the form is sent; wait for its answer
            page.get_by_role("button", name="Send your review").click()
        assert page.get_by_text("The team has been emailed.").count() == 1
        assert_clean(problems, "the review pages")
    finally:
        context.close()
