"""After sending a form, focus goes where the person must look, in headless Chromium: to the
error summary (at the top, in view) when something is wrong, and to the "saved" note beside
the buttons when a long form was saved. One signed-in browser context per role."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from lcpa.browser import assert_accessible, assert_clean, open_page, sign_in_context
from lcpa.cohorts.models import Attendance, Deliverable, Membership, Session
from lcpa.cohorts.services import (
    attendance_record,
    deliverable_save,
    deliverable_submit,
    session_schedule,
)
from lcpa.core.tests.access_matrix import ANSWERS
from lcpa.intake.models import FollowUp, InterestRegistration
from lcpa.intake.tests.test_queries import make_registration
from lcpa.public.models import ContactMessage
from lcpa.testing import Cast, give_curriculum, make_cast, module_of

pytestmark = pytest.mark.browser


@dataclass
class Scene:
    cast: Cast
    registration: InterestRegistration
    session: Session
    review_of: Deliverable


@pytest.fixture
def scene(live_server) -> Scene:
    cache.clear()  # rate-limit counters live in the cache table, which flushing keeps
    cast = make_cast()
    cast.cohort.experts.add(cast.expert)
    give_curriculum(cast.cohort)
    ended = timezone.now() - timedelta(days=2)
    session = session_schedule(
        by=cast.staff,
        module=module_of(cast.cohort, 1),
        title="Designing the response",
        starts_at=ended - timedelta(hours=1),
        ends_at=ended,
    )
    a1 = Membership.objects.get(user=cast.member_a1)
    attendance_record(session=session, marks={a1.pk: Attendance.Status.PRESENT}, by=cast.staff)
    draft = deliverable_save(
        team=cast.team_b,
        module=module_of(cast.team_b, 1),
        answers=ANSWERS,
        base_version=0,
        by=cast.member_b,
    )
    return Scene(
        cast=cast,
        registration=make_registration(jurisdiction_name="Amherst"),
        session=session,
        review_of=deliverable_submit(deliverable=draft, by=cast.member_b),
    )


def assert_focus_in_view(page, element_id: str, what: str) -> None:
    """The element has focus (autofocus, or site.js) and its top is inside the window. Only
    selectors and boxes: they work with the page's JavaScript off too."""
    focused = page.locator(f"#{element_id}:focus")
    try:
        focused.wait_for(timeout=5_000)
    except PlaywrightTimeout:
        holder = page.locator(":focus").first
        holder = holder.get_attribute("id") if holder.count() else "nothing"
        pytest.fail(f"{what}: #{element_id} should have focus; {holder} has it", pytrace=False)
    top, height = focused.bounding_box()["y"], page.viewport_size["height"]
    assert -1 <= top < height, f"{what}: #{element_id} is out of view (top {top}, window {height})"


def send(page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


def assert_clean_but_for_refusals(problems, what: str) -> None:
    """Like assert_clean, with the 400 answers a refused form gets (Chromium logs each)."""
    problems.console_errors[:] = [
        message for message in problems.console_errors if "status of 400" not in message
    ]
    assert_clean(problems, what)


def assert_error_summary_focused(page, what: str, *, says: str) -> None:
    assert_focus_in_view(page, "error-summary", what)
    summary = page.locator("#error-summary")
    assert summary.get_by_role("heading", level=2).count() == 1, f"{what}: a heading"
    assert says in summary.inner_text(), f"{what}: {summary.inner_text()!r}"
    assert page.locator("[autofocus]").count() == 1, f"{what}: one autofocus on the page"


def test_every_form_sent_empty_or_wrong_puts_focus_on_its_error_summary(
    browser, live_server, scene
):
    cast, url = scene.cast, live_server.url

    with open_page(browser, url) as (page, problems):
        page.goto(f"{url}/register-interest/")
        send(page, "Register interest")
        assert_error_summary_focused(page, "register interest", says="Enter the name of your")

        page.goto(f"{url}/contact/")
        page.get_by_label("Your email address").fill("not an email")
        send(page, "Send message")
        assert_error_summary_focused(page, "contact", says="Enter an email address in the right")
        assert_accessible(page, "the contact form with errors")

        page.goto(f"{url}/accounts/login/")
        page.get_by_label("Email").fill(cast.member_a1.email)
        page.get_by_label("Password").fill("not the password")
        send(page, "Sign in")
        assert_error_summary_focused(page, "sign-in", says="not correct")
        assert_accessible(page, "the sign-in form with errors")
        assert_clean(problems, "the public forms")
    assert not ContactMessage.objects.exists()
    assert not InterestRegistration.objects.exclude(pk=scene.registration.pk).exists()

    with open_page(browser, url) as (page, problems):
        sign_in_context(page.context, Client(), cast.member_a1, url)
        page.goto(f"{url}/teams/{cast.team_a.pk}/modules/1/")
        send(page, "Save and submit for review")
        assert_error_summary_focused(page, "deliverable", says="Your team's vision")

        page.goto(f"{url}/sessions/{scene.session.pk}/feedback/")
        send(page, "Send feedback")
        assert_error_summary_focused(page, "session feedback", says="Choose how useful")
        assert_accessible(page, "session feedback with errors")
        assert_clean_but_for_refusals(problems, "the member's forms")
    assert Deliverable.objects.get(team=cast.team_a).status == Deliverable.Status.DRAFT
    assert not scene.session.feedback.exists()

    with open_page(browser, url) as (page, problems):
        sign_in_context(page.context, Client(), cast.staff, url)
        page.goto(f"{url}/staff/cohorts/{cast.cohort.pk}/sessions/new/")
        send(page, "Schedule the session")
        assert_error_summary_focused(page, "schedule a session", says="Give the session a title")
        assert_accessible(page, "schedule a session with errors")

        page.goto(f"{url}/staff/registrations/{scene.registration.pk}/")
        send(page, "Save follow-up")
        assert_error_summary_focused(page, "follow-up", says="Write what happened")

        page.goto(f"{url}/staff/sessions/{scene.session.pk}/attendance/")
        a1 = Membership.objects.get(user=cast.member_a1)
        page.locator(f'label[for="id_status_{a1.pk}_1"]').click()  # absent, without a reason
        send(page, "Save attendance")
        assert_error_summary_focused(page, "attendance", says="give a reason")
        assert_clean_but_for_refusals(problems, "the staff forms")
    assert not scene.registration.follow_ups.filter(kind=FollowUp.Kind.CALL).exists()
    assert scene.session.attendance.get().status == Attendance.Status.PRESENT

    with open_page(browser, url) as (page, problems):
        sign_in_context(page.context, Client(), cast.expert, url)
        page.goto(f"{url}/reviews/{scene.review_of.pk}/")
        send(page, "Send your review")
        assert_error_summary_focused(page, "expert review", says="Choose whether to accept")
        # The summary's link moves focus to the first radio button of the group.
        page.locator("#error-summary a").first.click()
        page.locator("#id_decision_0:focus").wait_for()
        assert_accessible(page, "the expert review with errors")
        assert_clean_but_for_refusals(problems, "the expert's form")
    scene.review_of.refresh_from_db()
    assert scene.review_of.status == Deliverable.Status.SUBMITTED


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_saving_a_draft_puts_the_confirmation_beside_the_buttons_in_view_and_focused(
    browser, live_server, scene, javascript
):
    cast, url = scene.cast, live_server.url
    with open_page(browser, url, javascript=javascript) as (page, problems):
        sign_in_context(page.context, Client(), cast.member_a1, url)
        page.goto(f"{url}/teams/{cast.team_a.pk}/modules/1/")
        page.get_by_label("Your team's vision").fill("Counselors answer crisis calls.")
        send(page, "Save draft")

        assert_focus_in_view(page, "saved-note", "the draft's confirmation")
        note = page.locator("#saved-note")
        assert note.inner_text().strip() == "Your draft is saved."
        # Beside the buttons, not at the top of the page, and only there.
        buttons = page.get_by_role("button", name="Save draft").bounding_box()
        assert abs(note.bounding_box()["y"] - buttons["y"]) < 200
        assert page.get_by_text("Your draft is saved.").count() == 1
        assert page.locator("[autofocus]").count() == 1
        if javascript:  # axe runs as a script in the page
            assert_accessible(page, "the module page after saving")
        assert_clean(problems, "the module page")
    deliverable = Deliverable.objects.get(team=cast.team_a)
    assert deliverable.status == Deliverable.Status.DRAFT
    assert deliverable.answers["vision"] == "Counselors answer crisis calls."
