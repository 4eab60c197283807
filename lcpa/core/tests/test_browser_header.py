"""The site header in headless Chromium: each role's sign-in lands on its start page, the header
fits on one line per label at 1366 px, and the mobile menu passes axe while open."""

import pytest
from allauth.account.models import EmailAddress

from lcpa.browser import assert_accessible, assert_clean, open_page, sign_in_context
from lcpa.testing import PASSWORD, enrol_totp, make_cast, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


LABELS = (
    ".usa-nav__primary .usa-nav-link span, .usa-nav__secondary-item > a,"
    " .usa-nav__secondary-item button"
)
# How many lines an element's text takes.
LINE_COUNT = (
    "e => Math.round(e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight))"
)


def sign_in_with_the_form(page, user, secret: str | None = None) -> None:
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if secret:
        page.wait_for_url("**/accounts/2fa/authenticate/")
        page.get_by_label("Code").fill(totp_code(secret))
        page.get_by_role("button", name="Sign in").click()


@pytest.mark.parametrize(
    ("who", "start", "heading"),
    [
        ("member_a1", "/teams/{team_a}/", "Amherst team"),
        ("ta_provider", "/ta-requests/", "Your TA requests"),
        ("expert", "/guidance/", "Your guidance work"),
        ("staff", "/staff/", "Follow-up dashboard"),
    ],
)
def test_each_role_lands_on_its_start_page(browser, live_server, who, start, heading):
    cast = make_cast()
    user = getattr(cast, who)
    secret = enrol_totp(user) if who in ("expert", "staff") else None

    with open_page(browser, live_server.url) as (page, problems):
        sign_in_with_the_form(page, user, secret)

        page.wait_for_url(live_server.url + start.format(team_a=cast.team_a.pk))
        assert heading in page.locator("h1").inner_text()
        assert_clean(problems, f"{who}'s sign-in")


def test_the_header_labels_fit_on_one_line_at_1366_px(browser, live_server, client):
    cast = make_cast()
    with open_page(browser, live_server.url) as (page, problems):
        page.set_viewport_size({"width": 1366, "height": 800})
        sign_in_context(page.context, client, cast.staff, live_server.url)
        page.goto("/staff/")

        lines = page.evaluate(
            f"""() => [...document.querySelectorAll({LABELS!r})]
              .map(e => [e.textContent.trim(), ({LINE_COUNT})(e)])"""
        )
        title = page.evaluate(f"({LINE_COUNT})(document.querySelector('.usa-logo__text'))")

        assert [label for label, count in lines if count != 1] == []
        # Six public sections; Staff, Reviews, Forum, Sessions, Notifications, account, sign out.
        assert len(lines) == 13
        assert title <= 2
        assert_clean(problems, "the staff header")


@pytest.mark.parametrize("who", [None, "staff", "member_a1"])
def test_the_mobile_menu_passes_axe_while_open_and_keeps_the_page_landmarks(
    browser, live_server, client, who
):
    cast = make_cast()
    with open_page(browser, live_server.url) as (page, problems):
        page.set_viewport_size({"width": 390, "height": 844})
        if who:
            sign_in_context(page.context, client, getattr(cast, who), live_server.url)
        page.goto("/resources/")

        page.get_by_role("button", name="Menu").click()
        page.locator(".usa-nav.is-visible").wait_for()
        assert page.evaluate("document.activeElement.className") == "usa-nav__close"
        assert page.locator("main h1").count() == 1
        assert page.locator("[aria-hidden=true] a, [aria-hidden=true] button").count() == 0
        assert_accessible(page, f"the open mobile menu ({who or 'visitor'})")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390

        page.keyboard.press("Escape")
        page.locator(".usa-nav.is-visible").wait_for(state="detached")
        assert page.evaluate("document.activeElement.className") == "usa-menu-btn"
        assert_clean(problems, "the mobile menu")


def test_the_header_reflows_at_200_percent_zoom(browser, live_server, client):
    """1366 px at 200 % zoom is a 683 px wide viewport: the menu button, no sideways scroll."""
    cast = make_cast()
    with open_page(browser, live_server.url) as (page, _problems):
        page.set_viewport_size({"width": 683, "height": 384})
        sign_in_context(page.context, client, cast.staff, live_server.url)
        page.goto("/staff/")

        assert page.get_by_role("button", name="Menu").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 683


def test_without_javascript_the_menu_links_are_shown_in_the_page(browser, live_server, client):
    cast = make_cast()
    with open_page(browser, live_server.url, javascript=False) as (page, _problems):
        page.set_viewport_size({"width": 390, "height": 844})
        sign_in_context(page.context, client, cast.member_a1, live_server.url)
        page.goto("/resources/")

        assert not page.get_by_role("button", name="Menu").is_visible()
        menu = page.get_by_role("navigation", name="Main menu")
        for name in ("Learning communities", "Contact", "Your teams", "Your account"):
            assert menu.get_by_role("link", name=name, exact=True).is_visible(), name
        assert menu.get_by_role("button", name="Sign out").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
