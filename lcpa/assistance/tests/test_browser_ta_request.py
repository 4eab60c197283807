"""A TA request in headless Chromium, from opening to resolution and reopening: each page passes
axe, logs no console error or CSP refusal, and does not scroll sideways on a phone (390 px) or
at 200 % zoom (640 px)."""

import pytest
from django.test import Client
from django.urls import reverse

from lcpa.assistance.models import TARequest, TASurvey
from lcpa.browser import assert_accessible, assert_clean, open_page, sign_in_context
from lcpa.testing import link_in_email, make_cast

pytestmark = pytest.mark.browser

NARROW = ({"width": 390, "height": 844}, {"width": 640, "height": 400})


def check_page(page, what: str) -> None:
    page.wait_for_load_state()
    assert page.locator("h1").count() == 1, what
    for viewport in NARROW:
        page.set_viewport_size(viewport)
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], f"{what} scrolls sideways at {viewport['width']} px"
    page.set_viewport_size(NARROW[0])
    assert_accessible(page, what)


def test_a_team_asks_for_help_and_a_ta_provider_resolves_it(browser, live_server, db):
    cast = make_cast()
    base = live_server.url

    with open_page(browser, base) as (page, problems):
        sign_in_context(page.context, Client(), cast.member_a1, base)
        page.goto(f"{base}/teams/{cast.team_a.pk}/")
        page.get_by_role("link", name="Help requests").click()
        check_page(page, "the team's help requests, empty")
        page.get_by_role("link", name="Ask for help").click()
        page.get_by_role("button", name="Send request").click()  # nothing filled in
        page.get_by_text("Describe what you need.").first.wait_for()
        check_page(page, "the request form with its problems")
        page.get_by_label("What do you need help with?").fill(
            "Matching 911 call codes to behavioral health categories across two dispatch centers"
        )
        page.get_by_label("Topic").select_option(label="Data and measures")
        page.locator("label[for=id_urgency_2]").click()  # USWDS hides the radio itself
        page.get_by_label("Details").fill("We have **two** code lists that do not match.")
        page.get_by_role("button", name="Send request").click()
        page.get_by_text("Your request is sent").wait_for()
        check_page(page, "the new request")
        problems.console_errors[:] = [m for m in problems.console_errors if "400" not in m]
        assert_clean(problems, "the team's pages")
    request = TARequest.objects.get()
    assert (request.urgency, request.status) == ("urgent", "new")

    with open_page(browser, base) as (page, problems):
        sign_in_context(page.context, Client(), cast.ta_provider, base)
        page.goto(f"{base}/ta-requests/")
        check_page(page, "the TA provider's requests")
        page.get_by_role("link", name="Matching 911 call codes").click()
        page.get_by_label("Who works on it").select_option(label=str(cast.ta_provider))
        page.get_by_role("button", name="Assign").click()
        page.get_by_label("Your reply").fill("Send me both lists and I will map them.")
        page.get_by_role("button", name="Post reply").click()
        page.get_by_label("Status").select_option(label="Resolved")
        page.get_by_role("button", name="Change status").click()
        page.get_by_text("The status is now “Resolved”.").wait_for()
        check_page(page, "the request, resolved")
        assert_clean(problems, "the TA provider's pages")

    with open_page(browser, base) as (page, problems):
        sign_in_context(page.context, Client(), cast.member_a2, base)
        page.goto(f"{base}/ta-requests/{request.pk}/")
        page.get_by_text("Send me both lists").wait_for()
        page.get_by_role("button", name="Reopen request").click()
        page.get_by_text("The request is open again.").wait_for()
        assert_clean(problems, "reopening")
    request.refresh_from_db()
    assert (request.assigned_to, request.status) == (cast.ta_provider, "in_progress")


def test_a_request_goes_from_opening_through_triage_and_resolution_to_the_emailed_survey(
    browser, live_server, db, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    cast = make_cast()
    base = live_server.url
    csv = tmp_path / "calls-by-month.csv"
    csv.write_text("month,calls\n2026-09,120\n")

    with open_page(browser, base) as (page, problems):
        sign_in_context(page.context, Client(), cast.member_a1, base)
        page.goto(f"{base}/teams/{cast.team_a.pk}/ta-requests/new/")
        page.get_by_label("What do you need help with?").fill("Counting repeat callers")
        page.get_by_label("Topic").select_option(label="Data and measures")
        page.get_by_label("Details").fill("Our monthly totals are attached.")
        page.locator("input[name=files]").set_input_files(str(csv))  # USWDS renames it
        page.get_by_role("button", name="Send request").click()
        page.get_by_text("Your request is sent").wait_for()
        page.get_by_role("link", name="calls-by-month.csv").wait_for()
        assert_clean(problems, "opening the request")
    request = TARequest.objects.get()
    assert request.files.get().original_name == "calls-by-month.csv"

    with open_page(browser, base) as (page, problems):
        sign_in_context(page.context, Client(), cast.staff, base)
        page.goto(f"{base}/staff/ta-requests/")
        page.get_by_role("link", name="Counting repeat callers").click()
        page.get_by_role("heading", name="Peer teams who may help").wait_for()
        page.get_by_label("Who works on it").select_option(label=str(cast.ta_provider))
        page.get_by_role("button", name="Assign").click()
        page.get_by_text(f"Assigned to {cast.ta_provider}.").wait_for()
        check_page(page, "the request, triaged by staff")
        assert_clean(problems, "triage")
    request.refresh_from_db()
    assert (request.status, request.assigned_to) == ("triaged", cast.ta_provider)

    with open_page(browser, base) as (page, problems):
        sign_in_context(page.context, Client(), cast.ta_provider, base)
        page.goto(f"{base}/ta-requests/")
        page.get_by_role("link", name="Counting repeat callers").click()
        page.get_by_label("Your reply").fill("Count distinct caller numbers per month.")
        page.get_by_role("button", name="Post reply").click()
        page.get_by_text("Your reply is posted.").wait_for()
        page.get_by_label("Status").select_option(label="Resolved")
        page.get_by_role("button", name="Change status").click()
        page.get_by_text("The status is now “Resolved”.").wait_for()
        assert_clean(problems, "the TA provider's reply and resolution")

    marker = "0" * 43
    prefix = reverse("assistance:survey", args=[marker]).split(marker)[0]
    link = link_in_email(prefix, to=cast.member_a1.email)
    with open_page(browser, base) as (page, problems):  # no sign-in: the link is the key
        page.goto(f"{base}{link}")
        check_page(page, "the satisfaction survey")
        page.get_by_role("button", name="Send my answer").click()  # nothing chosen
        page.get_by_text("Choose how satisfied you are.").first.wait_for()
        problems.console_errors[:] = [m for m in problems.console_errors if "400" not in m]
        page.locator("label", has_text="Very satisfied").click()
        page.get_by_role("button", name="Send my answer").click()
        page.get_by_text("Thank you: your answer is recorded").wait_for()
        check_page(page, "the answered survey")
        assert_clean(problems, "the survey")
    survey = TASurvey.objects.get()
    assert (survey.rating, survey.resolved_by) == (5, cast.ta_provider)
