"""Sign-in, account, token and two-step verification pages in headless Chromium: no CSP
refusals or script errors, and no WCAG 2.1 A/AA violations found by axe."""

import pytest
from allauth.account.models import EmailAddress

from lcpa.accounts.models import User
from lcpa.browser import assert_accessible, assert_clean, open_page, sign_in_context
from lcpa.testing import PASSWORD, enrol_totp, make_staff, make_user, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_account_pages_work_and_pass_axe_for_new_staff(browser, live_server):
    staff = make_user("new-staff@test.example", User.Role.PROGRAM_STAFF, is_staff=True)
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)

    with open_page(browser, live_server.url) as (page, problems):
        page.goto("/accounts/password/reset/")
        assert_accessible(page, "the password reset page")

        page.goto("/accounts/login/")
        page.get_by_label("Email").fill(staff.email)
        page.get_by_label("Password").fill("not-the-password")
        page.get_by_role("button", name="Sign in").click()
        page.get_by_text("are not correct").wait_for()
        assert_accessible(page, "the sign-in page with an error")

        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        # Staff set up an authenticator app before any other page; allauth asks for the
        # password again before an app is added.
        page.wait_for_url("**/accounts/reauthenticate/**")
        assert_accessible(page, "the password confirmation page")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Confirm").click()
        page.wait_for_url("**/2fa/totp/activate/")
        page.get_by_role("img", name="QR code for your authenticator app").wait_for()
        assert_accessible(page, "the authenticator activation page")

        secret = page.get_by_label("Authenticator secret").input_value()
        page.get_by_label("Authenticator code").fill(totp_code(secret))
        page.get_by_role("button", name="Activate").click()
        page.wait_for_url("**/2fa/recovery-codes/")
        page.goto("/account/")  # the code typed at activation was this session's second factor
        page.get_by_role("heading", name="Your account").wait_for()
        assert_accessible(page, "the account page")
        page.goto("/accounts/2fa/")
        assert_accessible(page, "the two-step verification page")
        assert_clean(problems, "the account pages")


def test_staff_whose_session_has_no_code_yet_enter_one_and_go_on(browser, live_server, client):
    staff = make_staff()
    secret = enrol_totp(staff)
    with open_page(browser, live_server.url) as (page, problems):
        sign_in_context(page.context, client, staff, live_server.url, second_factor=False)
        page.goto("/staff/registrations/")
        page.wait_for_url("**/2fa/reauthenticate/**")
        assert_accessible(page, "the authenticator code page")
        page.get_by_label("Code").fill(totp_code(secret))
        page.get_by_role("button", name="Confirm").click()
        page.wait_for_url("**/staff/registrations/")
        assert_clean(problems, "the authenticator code page")


def test_staff_create_a_token_in_the_browser_and_see_it_once(browser, live_server, client):
    staff = make_staff()
    with open_page(browser, live_server.url) as (page, problems):
        sign_in_context(page.context, client, staff, live_server.url)
        page.goto("/account/")
        page.get_by_label("Token name").fill("Monthly report")
        page.get_by_role("button", name="Create token").click()
        page.wait_for_url("**/account/tokens/new/")
        token = page.get_by_label("Token “Monthly report”").input_value()
        assert token.startswith("lcpa_")
        assert_accessible(page, "the new token page")

        page.get_by_role("link", name="I have copied it").click()
        page.wait_for_url("**/account/")
        page.get_by_role("button", name="Revoke Monthly report").wait_for()
        assert token not in page.content()
        assert_accessible(page, "the account page with a token")
        assert_clean(problems, "the token pages")
