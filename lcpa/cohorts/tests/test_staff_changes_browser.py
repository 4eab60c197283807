"""The staff pages that change sessions and cohorts, remove mistakes and work early-warning
flags, in headless Chromium: axe finds no WCAG 2.1 A/AA violation, the browser reports no
console error or CSP refusal, nothing scrolls sideways on a 390-pixel-wide screen, and a
session can be cancelled with the keyboard-reachable form alone."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lcpa.browser import assert_accessible, assert_clean, open_page, sign_in_context
from lcpa.cohorts.models import Session, TeamContact
from lcpa.cohorts.services import invitation_send, session_schedule
from lcpa.testing import make_cast, module_of

pytestmark = pytest.mark.browser

NARROW = {"width": 390, "height": 844}


@pytest.fixture
def site(live_server):
    cast = make_cast()
    starts = timezone.now() + timedelta(days=20)
    session = session_schedule(
        by=cast.staff,
        module=module_of(cast.cohort, 2),
        title="Data inventory workshop with a rather long title for narrow screens",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        meeting_url="https://meet.example.org/data",
    )
    invitation = invitation_send(
        team=cast.team_a,
        email="ida.invitee.with.a.long.address@test.example",
        full_name="Ida Invitee",
        role="community_partner",
        sector="community_organisation",
        by=cast.staff,
    )
    TeamContact.objects.create(
        team=cast.team_b,
        kind="check_in",
        contacted_on=timezone.localdate(),
        note="Talked about the late deliverable.",
        by=cast.staff,
    )
    return cast, session, invitation


def no_sideways_scroll(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_staff_change_pages_pass_axe_and_fit_a_narrow_screen(browser, live_server, site):
    cast, session, invitation = site
    paths = [
        f"/staff/cohorts/{cast.cohort.pk}/",
        f"/staff/cohorts/{cast.cohort.pk}/edit/",
        f"/staff/sessions/{session.pk}/edit/",
        f"/staff/sessions/{session.pk}/reschedule/",
        f"/staff/sessions/{session.pk}/cancel/",
        f"/staff/sessions/{session.pk}/delete/",
        f"/staff/invitations/{invitation.pk}/revoke/",
        f"/staff/teams/{cast.team_a.pk}/",
        f"/staff/teams/{cast.team_b.pk}/unenrol/",
        f"/staff/teams/{cast.team_b.pk}/check-in/",
        f"/staff/teams/{cast.team_b.pk}/email/?template=quiet",
    ]
    with open_page(browser, live_server.url) as (page, problems):
        sign_in_context(page.context, Client(), cast.staff, live_server.url)
        for size in (None, NARROW):
            if size:
                page.set_viewport_size(size)
            for path in paths:
                response = page.goto(live_server.url + path)
                assert response is not None and response.status == 200, path
                assert page.locator("h1").count() == 1, path
                assert_accessible(page, path)
                assert_clean(problems, path)
                assert no_sideways_scroll(page), f"{path} scrolls sideways at {size}"


def test_staff_cancel_a_session_from_the_dashboard(browser, live_server, site):
    cast, session, _ = site
    with open_page(browser, live_server.url) as (page, problems):
        sign_in_context(page.context, Client(), cast.staff, live_server.url)
        page.goto(live_server.url + f"/staff/cohorts/{cast.cohort.pk}/")
        with page.expect_navigation():
            page.get_by_role("link", name=f"Cancel {session.title}").click()
        with page.expect_navigation():
            page.get_by_role("button", name="Cancel the session and tell members").click()
        assert page.get_by_role("alert").filter(has_text="Give the reason").count() == 1
        problems.clear()  # the refused form answered 400, as it should
        page.get_by_label("Why is the session cancelled?").fill("The presenter is ill.")
        with page.expect_navigation():
            page.get_by_role("button", name="Cancel the session and tell members").click()
        assert page.get_by_text("Cancelled: The presenter is ill.").count() == 1
        assert_accessible(page, "the dashboard after cancelling")
        assert_clean(problems)
    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED
