"""The notification centre: what people see in the bell and on their notifications page, and
which emails they get (per kind: immediately, in a daily or weekly digest, or not at all; never
about what they already opened), with a one-click unsubscribe in every one."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from lcpa.notifications.kinds import IMMEDIATE_KINDS, TIME_BOUND_KINDS, Frequency, Kind
from lcpa.notifications.models import EmailPreference, Notification, OutboundEmail
from lcpa.notifications.services import digests_send, email_preferences_update, notify
from lcpa.notifications.unsubscribe import unsubscribe_token
from lcpa.testing import Client, make_user, run_due_tasks

pytestmark = pytest.mark.django_db

EMAIL_TASK = "lcpa.notifications.tasks.notification_email"
START = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)  # a Monday


@pytest.fixture
def ana():
    return make_user("ana@example.org")


@pytest.fixture
def now(time_machine):
    time_machine.move_to(START, tick=False)
    return time_machine


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """`with commits():` runs what the block left for after the commit (queueing tasks)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def mention(user, title="Ben mentioned you in “Dispatch codes”", group="Spring 2026 cohort"):
    return notify(user=user, kind=Kind.MENTION, title=title, url="/forum/threads/7/", group=group)


def reply(user, title, group):
    return notify(user=user, kind=Kind.REPLY, title=title, url="/forum/threads/8/", group=group)


# Immediate emails --------------------------------------------------------------------------


def test_a_mention_is_emailed_after_the_delay_with_a_one_click_unsubscribe(
    ana, now, commits, settings
):
    settings.SITE_URL = "https://lc.example.org"
    settings.NOTIFICATION_EMAIL_DELAY = timedelta(minutes=10)
    with commits():
        notification = mention(ana)

    run_due_tasks()
    assert OutboundEmail.objects.count() == 0  # not before the delay

    now.move_to(START + timedelta(minutes=10, seconds=1), tick=False)
    with commits():
        run_due_tasks()  # the notification's email is queued...
    run_due_tasks()  # ...and delivered

    [sent] = mail.outbox
    assert sent.to == ["ana@example.org"]
    assert sent.subject == "Ben mentioned you in “Dispatch codes”"
    assert "https://lc.example.org/forum/threads/7/" in sent.body
    token = unsubscribe_token(user_id=ana.pk, what=Kind.MENTION)
    link = "https://lc.example.org" + reverse("notifications:unsubscribe", args=[token])
    assert f"To stop emails about “mentions of you or your team”, open {link}" in sent.body
    assert sent.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    notification.refresh_from_db()
    assert notification.emailed_at == START + timedelta(minutes=10, seconds=1)


def test_a_mention_read_in_the_app_before_the_delay_is_not_emailed(ana, now, commits, client):
    with commits():
        notification = mention(ana)
    assert DBTaskResult.objects.filter(task_path=EMAIL_TASK).count() == 1
    client.force_login(ana)
    now.move_to(START + timedelta(minutes=3), tick=False)
    client.get(reverse("notifications:go", args=[notification.pk]))

    now.move_to(START + timedelta(hours=1), tick=False)
    run_due_tasks()

    assert OutboundEmail.objects.count() == 0
    notification.refresh_from_db()
    assert notification.emailed_at is None


@pytest.mark.parametrize("frequency", [Frequency.OFF, Frequency.DAILY])
def test_a_person_who_chose_otherwise_for_mentions_gets_no_immediate_email(
    ana, now, commits, frequency
):
    EmailPreference.objects.create(user=ana, kind=Kind.MENTION, frequency=frequency)
    with commits():
        mention(ana)
    now.move_to(START + timedelta(hours=1), tick=False)
    run_due_tasks()
    assert OutboundEmail.objects.count() == 0


def test_notify_refuses_a_link_out_of_the_site(ana):
    for url in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"):
        with pytest.raises(ValueError):
            notify(user=ana, kind=Kind.REPLY, title="x", url=url)
    assert Notification.objects.count() == 0


# Unsubscribe -------------------------------------------------------------------------------


def test_unsubscribe_asks_on_get_and_stops_on_a_post_without_signing_in_or_csrf(ana):
    url = reverse(
        "notifications:unsubscribe", args=[unsubscribe_token(user_id=ana.pk, what="reply")]
    )
    strict = Client(enforce_csrf_checks=True)

    page = strict.get(url)
    assert page.status_code == 200
    assert "You will no longer get emails about “replies in threads you follow”" in page.text
    assert not EmailPreference.objects.exists()

    done = strict.post(url, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert "Replies in threads you follow" in done.text
    assert EmailPreference.objects.get(user=ana, kind="reply").frequency == Frequency.OFF


def test_a_digest_unsubscribe_turns_off_every_kind_in_that_digest(ana):
    EmailPreference.objects.create(user=ana, kind=Kind.CASE, frequency=Frequency.WEEKLY)
    url = reverse(
        "notifications:unsubscribe", args=[unsubscribe_token(user_id=ana.pk, what="daily")]
    )
    Client(enforce_csrf_checks=True).post(url)
    chosen = dict(EmailPreference.objects.filter(user=ana).values_list("kind", "frequency"))
    assert chosen[Kind.CASE] == Frequency.WEEKLY
    assert Kind.MENTION not in chosen  # sent immediately by default: left alone
    assert {kind for kind, value in chosen.items() if value == Frequency.OFF} == set(
        Kind.values
    ) - {Kind.CASE, *IMMEDIATE_KINDS}


@pytest.mark.parametrize("token", ["nonsense", "WzEsInJlcGx5Il0:1:forged"])
def test_a_forged_unsubscribe_link_is_a_404_and_changes_nothing(ana, token):
    response = Client(enforce_csrf_checks=True).post(
        reverse("notifications:unsubscribe", args=[token])
    )
    assert response.status_code == 404
    assert not EmailPreference.objects.exists()


def test_csrf_is_still_checked_on_the_other_pages(ana):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(ana)
    assert strict.post(reverse("notifications:mark_all_read")).status_code == 403


# In the app --------------------------------------------------------------------------------


def test_the_bell_shows_the_unread_count_and_links_to_the_page(ana, client):
    mention(ana)
    reply(ana, "Cy replied", "Spring 2026 cohort")
    client.force_login(ana)
    page = client.get(reverse("accounts:profile"))
    bell = reverse("notifications:list")
    assert f'<a href="{bell}" id="notification-bell"' in page.text
    assert '2<span class="usa-sr-only"> unread</span>' in page.text
    partial = client.get(reverse("notifications:bell"))
    assert partial.text.strip().startswith(f'<a href="{bell}" id="notification-bell"')
    assert "2<span" in partial.text


def test_the_bell_adds_one_count_query_whatever_the_number_of_notifications(
    ana, client, django_assert_num_queries
):
    client.force_login(ana)
    client.get(reverse("accounts:profile"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("accounts:profile"))
    for number in range(30):
        reply(ana, f"Reply {number}", "Spring 2026 cohort")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("accounts:profile"))
    assert len(many) == len(few)
    counts = [q["sql"] for q in many if "notifications_notification" in q["sql"]]
    assert len(counts) == 1 and "COUNT(" in counts[0]


def test_the_page_lists_unread_first_and_marks_all_read(ana, client, now):
    old = reply(ana, "An old reply", "Spring 2026 cohort")
    now.move_to(START + timedelta(hours=1), tick=False)
    newer_read = reply(ana, "A newer one already read", "Spring 2026 cohort")
    newer_read.read_at = START + timedelta(hours=1)
    newer_read.save()
    reply(make_user("ben@example.org"), "Ben's own", "Spring 2026 cohort")
    client.force_login(ana)

    page = client.get(reverse("notifications:list"))
    assert page.text.index("An old reply") < page.text.index("A newer one already read")
    assert "Ben's own" not in page.text
    assert "1 unread." in page.text

    done = client.post(reverse("notifications:mark_all_read"), follow=True)
    assert "Marked 1 notification read." in done.text
    old.refresh_from_db()
    assert old.read_at is not None
    assert "Nothing unread." in done.text


def test_opening_a_notification_marks_it_read_and_goes_there(ana, client):
    notification = mention(ana)
    client.force_login(ana)
    response = client.get(reverse("notifications:go", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/forum/threads/7/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_someone_elses_notification_is_a_404(ana, client):
    notification = mention(ana)
    client.force_login(make_user("ben@example.org"))
    assert client.get(reverse("notifications:go", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_a_stored_link_out_of_the_site_is_never_followed(ana, client):
    notification = Notification.objects.create(
        user=ana, kind=Kind.REPLY, title="Old", url="//evil.example/"
    )
    client.force_login(ana)
    response = client.get(reverse("notifications:go", args=[notification.pk]))
    assert response["Location"] == reverse("notifications:list")


def test_the_list_pages_in_constant_queries(ana, client, django_assert_max_num_queries):
    for number in range(45):
        reply(ana, f"Reply {number}", "Spring 2026 cohort")
    client.force_login(ana)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("notifications:list"), {"page": 2})
    assert page.text.count('href="/notifications/') >= 20


def test_email_settings_show_defaults_and_save_choices(ana, client):
    client.force_login(ana)
    page = client.get(reverse("notifications:settings"))
    assert '<option value="immediately" selected>Immediately</option>' in page.text
    data = {kind: Frequency.DAILY for kind in Kind.values} | {"mention": "weekly", "case": "off"}
    data |= dict.fromkeys(TIME_BOUND_KINDS, Frequency.OFF)

    saved = client.post(reverse("notifications:settings"), data, follow=True)

    assert "Your email settings are saved." in saved.text
    chosen = dict(EmailPreference.objects.filter(user=ana).values_list("kind", "frequency"))
    assert chosen["mention"] == "weekly" and chosen["case"] == "off"
    assert client.get(reverse("accounts:profile")).text.count(reverse("notifications:settings"))


def test_email_settings_refuse_an_unknown_choice(ana, client):
    client.force_login(ana)
    data = {kind: Frequency.DAILY for kind in Kind.values} | {"mention": "hourly"}
    data |= dict.fromkeys(TIME_BOUND_KINDS, Frequency.OFF)
    page = client.post(reverse("notifications:settings"), data)
    assert page.status_code == 200
    assert "from the list." in page.text
    assert not EmailPreference.objects.exists()


def test_reminders_offer_only_right_away_or_off(ana, client):
    client.force_login(ana)
    page = client.get(reverse("notifications:settings")).text
    reminders = page.split('name="session_reminder"')[1].split("</select>")[0]
    assert '<option value="immediately" selected>Immediately</option>' in reminders
    assert '<option value="off">Off</option>' in reminders
    assert "daily" not in reminders and "weekly" not in reminders
    assert "right away or not at all" in page
    mentions = page.split('name="mention"')[1].split("</select>")[0]
    assert '<option value="daily">Daily digest</option>' in mentions


@pytest.mark.parametrize("kind", sorted(TIME_BOUND_KINDS))
def test_a_digest_for_reminders_is_refused_and_nothing_is_saved(ana, client, kind):
    client.force_login(ana)
    data = {kind_: Frequency.IMMEDIATELY for kind_ in Kind.values} | {kind: Frequency.DAILY}
    page = client.post(reverse("notifications:settings"), data)
    assert page.status_code == 200
    assert "from the list." in page.text
    assert not EmailPreference.objects.exists()


def test_the_service_refuses_a_digest_for_reminders(ana):
    with pytest.raises(ValidationError):
        email_preferences_update(user=ana, frequencies={Kind.SESSION_REMINDER: Frequency.WEEKLY})
    assert not EmailPreference.objects.exists()


def test_a_digest_stored_for_reminders_still_emails_them_at_once_and_never_in_a_digest(
    ana, now, commits
):
    EmailPreference.objects.create(user=ana, kind=Kind.SESSION_REMINDER, frequency="daily")
    with commits():
        notify(user=ana, kind=Kind.SESSION_REMINDER, title="In one hour: Charter", url="/s/1/")
    now.move_to(START + timedelta(hours=1), tick=False)
    run_due_tasks()
    [email] = OutboundEmail.objects.all()
    assert email.subject == "In one hour: Charter"
    assert digests_send(now=START + timedelta(days=2)) == 0
