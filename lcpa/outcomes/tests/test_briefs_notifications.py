"""What people hear about briefs: staff when a team sends one, the team's members when staff
return or publish it. Through the notification centre like every other kind: in the app, and by
email as each person chose for briefs (at once by default, in a digest, or not at all), with a
one-click unsubscribe, and no email about what they opened in the app first."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.urls import reverse

from lcpa.accounts.models import User
from lcpa.cohorts.models import Membership
from lcpa.notifications.kinds import Frequency, Kind
from lcpa.notifications.models import EmailPreference, Notification, OutboundEmail
from lcpa.notifications.services import digests_send
from lcpa.notifications.unsubscribe import unsubscribe_token
from lcpa.outcomes.briefs import brief_approve, brief_return, brief_submit
from lcpa.outcomes.tests.test_briefs import TEXT, brief_url, make_brief
from lcpa.outcomes.tests.test_results import LATEST, record
from lcpa.testing import NOW, choose_measure, make_staff, run_due_tasks

pytestmark = pytest.mark.django_db

DELAY = timedelta(minutes=10)
HEADLINE = TEXT["headline"]


@pytest.fixture
def coverage(cast):
    """Team A's measure, with a month under 10 and one at 10 (as in test_briefs)."""
    team_measure = choose_measure(cast.team_a, by=cast.member_a1)
    record(team_measure, {date(2026, 10, 1): (9, 100), LATEST: (10, 100)}, by=cast.member_a1)
    return team_measure


@pytest.fixture
def worker(settings, time_machine, django_capture_on_commit_callbacks):
    """worker(action): do it at NOW, then let the worker run once the email delay is over."""
    settings.NOTIFICATION_EMAIL_DELAY = DELAY

    def run(action):
        time_machine.move_to(NOW, tick=False)
        with django_capture_on_commit_callbacks(execute=True):
            result = action()
        time_machine.move_to(NOW + DELAY + timedelta(seconds=1), tick=False)
        run_due_tasks()
        return result

    return run


def emails_to(address: str) -> list[OutboundEmail]:
    return [email for email in OutboundEmail.objects.order_by("pk") if email.to == [address]]


def test_every_staff_member_is_told_of_a_brief_to_approve_in_the_app_and_by_email(
    cast, coverage, worker
):
    other = make_staff("robin@test.example")
    brief = make_brief(cast, coverage)

    worker(lambda: brief_submit(brief=brief, by=cast.member_a1))

    told = Notification.objects.filter(kind=Kind.BRIEF).order_by("user__email")
    assert [n.user for n in told] == [other, cast.staff]
    assert {n.group for n in told} == {cast.team_a.cohort.name}
    [email] = emails_to(cast.staff.email)
    assert email.subject == f"A brief to approve: {HEADLINE}"
    assert settings.SITE_URL + brief_url(brief) in email.body
    assert f"of {cast.team_a.name} sent a brief for approval" in email.body
    token = unsubscribe_token(user_id=cast.staff.pk, what=Kind.BRIEF)
    link = settings.SITE_URL + reverse("notifications:unsubscribe", args=[token])
    label = "briefs sent for approval, returned or published"
    assert f"To stop emails about “{label}”, open {link}" in email.body
    assert email.headers["List-Unsubscribe"] == f"<{link}>"
    assert not emails_to(settings.PROGRAM_EMAIL)  # the shared inbox is not told twice


def test_without_any_staff_member_the_programs_inbox_hears_of_the_brief(cast, coverage, worker):
    User.objects.filter(role=User.Role.PROGRAM_STAFF).update(is_active=False)
    brief = make_brief(cast, coverage)

    worker(lambda: brief_submit(brief=brief, by=cast.member_a1))

    assert not Notification.objects.exists()
    [email] = emails_to(settings.PROGRAM_EMAIL)
    assert email.subject == f"A brief to approve: {HEADLINE}"
    assert settings.SITE_URL + brief_url(brief) in email.body


def test_a_staff_member_who_opened_it_in_the_app_first_gets_no_email(
    cast, coverage, worker, client
):
    brief = make_brief(cast, coverage)

    def submit_and_open():
        brief_submit(brief=brief, by=cast.member_a1)
        client.force_login(cast.staff)
        client.get(reverse("notifications:go", args=[Notification.objects.get().pk]))

    worker(submit_and_open)

    assert not OutboundEmail.objects.exists()


def test_the_team_hears_of_a_returned_brief_with_the_note_but_removed_members_do_not(
    cast, coverage, worker
):
    brief = brief_submit(brief=make_brief(cast, coverage), by=cast.member_a1)
    Membership.objects.filter(user=cast.member_a2).update(removed_at=NOW)

    worker(lambda: brief_return(brief=brief, by=cast.staff, note="Name the months."))

    told = Notification.objects.filter(kind=Kind.BRIEF, title__startswith="Your brief needs")
    assert [n.user for n in told] == [cast.member_a1]
    [email] = emails_to(cast.member_a1.email)
    assert email.subject == f"Your brief needs changes: {HEADLINE}"
    assert "Name the months." in email.body
    assert settings.SITE_URL + brief_url(brief) in email.body
    assert not emails_to(cast.member_a2.email)
    assert not emails_to(cast.member_b.email)  # another team hears nothing


def test_a_member_who_chose_the_daily_digest_gets_the_published_brief_in_it(cast, coverage, worker):
    EmailPreference.objects.create(user=cast.member_a2, kind=Kind.BRIEF, frequency=Frequency.DAILY)
    brief = brief_submit(brief=make_brief(cast, coverage), by=cast.member_a1)

    worker(lambda: brief_approve(brief=brief, by=cast.staff))

    brief.refresh_from_db()
    public = settings.SITE_URL + reverse("outcomes:brief_public", args=[brief.slug])
    [alone] = emails_to(cast.member_a1.email)
    assert alone.subject == f"Your brief is published: {HEADLINE}"
    assert public in alone.body
    assert not emails_to(cast.member_a2.email)  # it waits for the digest

    assert digests_send(now=NOW + timedelta(days=1)) == 1
    [digest] = emails_to(cast.member_a2.email)
    assert f"Your brief is published: {HEADLINE}" in digest.body


def test_a_member_who_turned_brief_emails_off_sees_it_only_in_the_app(cast, coverage, worker):
    EmailPreference.objects.create(user=cast.member_a1, kind=Kind.BRIEF, frequency=Frequency.OFF)
    brief = brief_submit(brief=make_brief(cast, coverage), by=cast.member_a1)

    worker(lambda: brief_approve(brief=brief, by=cast.staff))

    assert Notification.objects.filter(user=cast.member_a1, kind=Kind.BRIEF).exists()
    assert not emails_to(cast.member_a1.email)
    assert emails_to(cast.member_a2.email)
