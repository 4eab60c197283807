"""A visitor registers a team in headless Chromium with JavaScript on (members added with htmx),
and the staff pipeline passes axe for a signed-in staff member."""

import pytest
from django.core.cache import cache
from django.test import Client

from lcpa.browser import (
    assert_accessible,
    assert_clean,
    make_site_data,
    open_page,
    sign_in_context,
)
from lcpa.core.tokens import link_token_digest
from lcpa.intake.models import InterestRegistration
from lcpa.testing import make_staff

pytestmark = pytest.mark.browser


@pytest.fixture
def site(live_server):
    cache.clear()  # rate-limit counters live in the cache table, which flushing keeps
    return make_site_data()


def _fill_member(page, index: int, *, name, email, organisation, sector, role) -> None:
    prefix = f"#id_members-{index}-"
    page.locator(f"{prefix}name").fill(name)
    page.locator(f"{prefix}email").fill(email)
    page.locator(f"{prefix}organisation").fill(organisation)
    page.locator(f"{prefix}sector").select_option(sector)
    page.locator(f"{prefix}role").select_option(role)


def _fill_registration(page) -> None:
    page.get_by_label("Name of your city, county, tribal nation or region").fill("Northampton")
    page.get_by_label("State or territory").select_option("MA")
    page.get_by_label("Kind of jurisdiction").select_option("city")
    page.get_by_label("Approximate population").fill("29,000")
    # USWDS tile checkboxes and radios hide the input itself: people click the label.
    page.locator("label", has_text="Crisis Systems").click()
    page.get_by_label("What does your team want to achieve?").fill(
        "Send trained counselors to mental health calls <b>without</b> an officer."
    )
    page.locator("label", has_text="Planning: designing").click()
    page.locator("label", has_text="The next cohort that has room").click()
    page.get_by_label("Full name").fill("Jordan Avery")
    page.get_by_label("Email address", exact=True).last.fill("jordan@northampton.example")


def _submit(page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Register interest").click()


def test_a_visitor_registers_a_team_adding_a_member_with_htmx(browser, live_server, site):
    with open_page(browser, live_server.url) as (page, problems):
        page.goto(live_server.url + "/register-interest/")
        rows = page.locator("[data-member-row]")
        initial_rows = rows.count()
        assert initial_rows >= 1
        _fill_registration(page)
        _fill_member(
            page,
            0,
            name="Jordan Avery",
            email="jordan@northampton.example",
            organisation="City of Northampton",
            sector="local_government",
            role="data_coordinator",
        )
        # A full page load would wipe this marker and what was typed; htmx keeps both.
        page.evaluate("window.lcpaSamePage = true")
        with page.expect_response(lambda r: "/register-interest/member-row/" in r.url):
            page.get_by_role("button", name="Add another member").click()
        new_index = initial_rows
        new_row = page.locator(f"#member-{new_index}")
        new_row.wait_for()
        assert rows.count() == initial_rows + 1
        assert page.evaluate("window.lcpaSamePage === true")
        assert page.locator("#id_members-0-name").input_value() == "Jordan Avery"
        assert page.locator("#id_members-TOTAL_FORMS").input_value() == str(initial_rows + 1)
        assert page.evaluate("document.activeElement.id") == f"id_members-{new_index}-name"
        _fill_member(
            page,
            new_index,
            name="Casey Lin",
            email="casey@northampton.example",
            organisation="Northampton Fire Rescue",
            sector="fire",
            role="first_response",
        )
        _fill_member(
            page,
            1,
            name="Riley Brooks",
            email="riley@clinic.example",
            organisation="Riverside Behavioral Health",
            sector="behavioral_health",
            role="implementing_sector",
        )
        assert_accessible(page, "the register-interest form with an added member row")

        _submit(page)

        assert "/register-interest/thanks/" in page.url
        main = page.locator("main").inner_text()
        assert "Northampton" in main
        assert_accessible(page, "the confirmation page")
        assert_clean(problems, "registering a team")
        registration = InterestRegistration.objects.exclude(pk=site.registration.pk).get()
        token = page.url.rstrip("/").rsplit("/", 1)[-1]
        assert registration.status_token_digest == link_token_digest(token)
        assert f"/registration/{token}/" in page.locator("main").inner_html()

    assert registration.jurisdiction_name == "Northampton"
    assert registration.state == "MA"
    assert registration.population == 29_000
    assert "<b>without</b>" in registration.goals
    assert [c.slug for c in registration.learning_communities.all()] == ["crisis-systems"]
    members = {m.name: (m.sector, m.role) for m in registration.members.all()}
    assert members == {
        "Jordan Avery": ("local_government", "data_coordinator"),
        "Riley Brooks": ("behavioral_health", "implementing_sector"),
        "Casey Lin": ("fire", "first_response"),
    }


def test_a_team_without_a_data_coordinator_sees_the_error_summary_then_registers(
    browser, live_server, site
):
    with open_page(browser, live_server.url) as (page, problems):
        page.goto(live_server.url + "/register-interest/")
        _fill_registration(page)
        _fill_member(
            page,
            0,
            name="Jordan Avery",
            email="jordan@northampton.example",
            organisation="City of Northampton",
            sector="local_government",
            role="executive",
        )
        _fill_member(
            page,
            1,
            name="Casey Lin",
            email="casey@northampton.example",
            organisation="Northampton Fire Rescue",
            sector="fire",
            role="first_response",
        )
        _fill_member(
            page,
            2,
            name="Riley Brooks",
            email="riley@clinic.example",
            organisation="Riverside Behavioral Health",
            sector="behavioral_health",
            role="implementing_sector",
        )

        _submit(page)

        summary = page.locator("#error-summary")
        summary.wait_for()
        assert "data coordinator" in summary.inner_text().lower()
        assert page.evaluate("document.activeElement.id") == "error-summary"
        # What was typed is kept.
        assert page.locator("#id_members-1-name").input_value() == "Casey Lin"
        assert page.get_by_label("Approximate population").input_value() in {"29,000", "29000"}
        assert_accessible(page, "the register-interest form with errors")
        assert InterestRegistration.objects.count() == 1  # only the one made for the status page

        page.locator("#id_members-0-role").select_option("data_coordinator")
        _submit(page)

        assert "/register-interest/thanks/" in page.url
        assert_clean(problems, "registering after fixing the team")

    registration = InterestRegistration.objects.exclude(pk=site.registration.pk).get()
    assert registration.members.count() == 3
    assert registration.members.filter(role="data_coordinator").get().name == "Jordan Avery"


@pytest.mark.parametrize(
    ("path", "shows"),
    [
        ("/staff/registrations/", "Lowell"),
        ("/staff/registrations/{pk}/", "Lowell"),
        ("/staff/", None),
    ],
)
def test_a_staff_page_passes_axe_for_signed_in_staff(browser, live_server, site, path, shows):
    staff = make_staff()
    path = path.format(pk=site.registration.pk)
    with open_page(browser, live_server.url) as (page, problems):
        sign_in_context(page.context, Client(), staff, live_server.url)
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        assert page.url == live_server.url + path, "staff should not be sent elsewhere"
        assert page.locator("h1").count() == 1
        if shows:
            assert shows in page.locator("main").inner_text()
        assert_accessible(page, path)
        assert_clean(problems, path)
