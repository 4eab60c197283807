"""Briefs: a team writes one, previews it as the public will see it, sends it; staff return it
with a note or approve it, which publishes it at a public address with a PDF. Unpublished
briefs stay with the team, program staff and the cohort's national experts."""

import uuid
from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse

from lcpa.notifications.models import Notification
from lcpa.outcomes.briefs import brief_approve, brief_create, brief_submit
from lcpa.outcomes.models import Brief
from lcpa.outcomes.tests.test_results import LATEST, record
from lcpa.testing import choose_measure

TEXT = {
    "headline": "Clinicians now answer one mental health call in three",
    "what_changed": "We sent **clinicians** to calls <script>alert(1)</script> officers took.",
    "for_whom": "People in a mental health crisis and their families.",
    "quote": "They listened, and nobody was arrested.",
    "quote_by": "A caller's mother",
    "next_steps": "Cover nights and weekends from March.",
}


@pytest.fixture
def coverage(cast):
    """Team A's measure, with a month under 10 and one at 10."""
    team_measure = choose_measure(cast.team_a, by=cast.member_a1)
    record(team_measure, {date(2026, 10, 1): (9, 100), LATEST: (10, 100)}, by=cast.member_a1)
    return team_measure


def make_brief(cast, coverage, **changes) -> Brief:
    return brief_create(
        submission_key=uuid.uuid4(),
        team=cast.team_a,
        by=cast.member_a1,
        **{**TEXT, "chart_1": coverage, "chart_2": None, **changes},
    )


def brief_url(brief, name="outcomes:brief") -> str:
    return reverse(name, args=[brief.team_id, brief.pk])


def form_data(coverage, **changes) -> dict:
    return {
        **TEXT,
        "chart_1": coverage.pk,
        "chart_2": "",
        "submission_key": uuid.uuid4(),
        **changes,
    }


def test_a_member_writes_a_brief_and_previews_it_as_the_public_will_see_it(client, cast, coverage):
    client.force_login(cast.member_a1)
    new = reverse("outcomes:brief_create", args=[cast.team_a.pk])
    assert "Eligible calls answered by an alternative responder" in client.get(new).content.decode()

    response = client.post(new, form_data(coverage), follow=True)

    brief = Brief.objects.get(team=cast.team_a)
    assert (brief.status, brief.written_by, brief.chart_1) == ("draft", cast.member_a1, coverage)
    assert brief.slug is None
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == brief_url(brief)
    assert "This preview shows the brief as the public will see it." in page
    assert "<strong>clinicians</strong>" in page
    assert "<script>alert(1)</script>" not in page
    assert "They listened, and nobody was arrested." in page and "A caller&#x27;s mother" in page
    assert "October 2026" in page and "Suppressed" in page  # 9 of 100
    assert "10 percent of eligible calls" in page  # November: 10 of 100
    assert "9 percent" not in page


def test_sending_the_same_form_twice_stores_one_brief(client, cast, coverage):
    client.force_login(cast.member_a1)
    data = form_data(coverage)
    new = reverse("outcomes:brief_create", args=[cast.team_a.pk])

    client.post(new, data)
    client.post(new, data)

    assert Brief.objects.filter(team=cast.team_a).count() == 1


def test_a_brief_needs_a_headline_a_chart_and_next_steps(client, cast, coverage):
    client.force_login(cast.member_a1)

    response = client.post(
        reverse("outcomes:brief_create", args=[cast.team_a.pk]),
        form_data(coverage, headline="", chart_1="", next_steps="", quote=""),
    )

    page = response.content.decode()
    assert "There are 4 problems with the brief" in page
    assert "Write a headline in one line." in page
    assert "Choose a measure for the first chart." in page
    assert "Say what your team will do next." in page
    assert "Add the quote, or leave who said it empty." in page
    assert not Brief.objects.exists()


def test_a_chart_can_only_show_a_measure_of_the_teams_own_plan(client, cast, coverage):
    other = choose_measure(cast.team_b, by=cast.member_b)
    client.force_login(cast.member_a1)

    response = client.post(
        reverse("outcomes:brief_create", args=[cast.team_a.pk]),
        form_data(coverage, chart_1=other.pk),
    )

    assert "Choose one of the measures in your plan." in response.content.decode()
    assert not Brief.objects.exists()


def test_a_team_without_a_measure_is_asked_to_choose_one_first(client, cast):
    client.force_login(cast.member_a1)

    page = client.get(reverse("outcomes:brief_create", args=[cast.team_a.pk])).content.decode()

    assert "Choose a measure for your plan" in page
    assert "Save and preview" not in page


def test_sending_a_brief_tells_program_staff_and_stops_changes(client, cast, coverage):
    brief = make_brief(cast, coverage)
    client.force_login(cast.member_a1)

    client.post(brief_url(brief, "outcomes:brief_submit"))

    brief.refresh_from_db()
    assert brief.status == "submitted" and brief.submitted_at is not None
    (told,) = Notification.objects.filter(kind="brief")
    assert (told.user, told.title) == (cast.staff, f"A brief to approve: {TEXT['headline']}")
    assert told.url == brief_url(brief)
    assert settings.SITE_URL + brief_url(brief) in told.email_body
    response = client.post(brief_url(brief, "outcomes:brief_edit"), form_data(coverage))
    assert response.status_code == 302
    brief.refresh_from_db()
    assert brief.headline == TEXT["headline"]
    page = client.get(brief_url(brief)).content.decode()
    assert "Send for approval" not in page and "Waiting for staff approval" in page


def test_staff_see_waiting_briefs_and_return_one_with_a_note(client, cast, coverage):
    brief = brief_submit(brief=make_brief(cast, coverage), by=cast.member_a1)
    client.force_login(cast.staff)
    queue = client.get(reverse("outcomes:staff_briefs")).content.decode()
    assert TEXT["headline"] in queue and "1 brief waiting." in queue

    response = client.post(
        brief_url(brief, "outcomes:brief_decide"),
        {"decision": "return", "note": "Say which months the night shift started."},
    )

    assert response.status_code == 302
    brief.refresh_from_db()
    assert brief.status == "returned"
    assert brief.return_note == "Say which months the night shift started."
    told = Notification.objects.filter(title__startswith="Your brief needs changes")
    assert sorted(n.user.email for n in told) == ["a1@test.example", "a2@test.example"]
    assert all("Say which months the night shift started." in n.email_body for n in told)
    assert "1 brief" not in client.get(reverse("outcomes:staff_briefs")).content.decode()


def test_returning_a_brief_needs_a_note(client, cast, coverage):
    brief = brief_submit(brief=make_brief(cast, coverage), by=cast.member_a1)
    client.force_login(cast.staff)

    response = client.post(brief_url(brief, "outcomes:brief_decide"), {"decision": "return"})

    assert "Say what the team should change." in response.content.decode()
    brief.refresh_from_db()
    assert brief.status == "submitted"


def test_a_returned_brief_is_changed_and_sent_again(client, cast, coverage):
    brief = brief_submit(brief=make_brief(cast, coverage), by=cast.member_a1)
    client.force_login(cast.staff)
    client.post(
        brief_url(brief, "outcomes:brief_decide"), {"decision": "return", "note": "Shorter."}
    )
    client.force_login(cast.member_a2)
    form = client.get(brief_url(brief, "outcomes:brief_edit")).content.decode()
    assert "Program staff asked for changes" in form and "Shorter." in form

    client.post(brief_url(brief, "outcomes:brief_edit"), form_data(coverage, headline="Shorter"))
    client.post(brief_url(brief, "outcomes:brief_submit"))

    brief.refresh_from_db()
    assert (brief.headline, brief.status) == ("Shorter", "submitted")
    statuses = [(r.status, r.history_user) for r in brief.history.order_by("history_date")]
    assert [status for status, _ in statuses] == [
        "draft",
        "submitted",
        "returned",
        "returned",
        "submitted",
    ]
    assert statuses[2][1] == cast.staff and statuses[4][1] == cast.member_a2


def test_approving_publishes_the_brief_for_everyone_and_tells_the_team(
    client, cast, coverage, django_capture_on_commit_callbacks
):
    brief = brief_submit(brief=make_brief(cast, coverage), by=cast.member_a1)
    client.force_login(cast.staff)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(brief_url(brief, "outcomes:brief_decide"), {"decision": "approve"})

    brief.refresh_from_db()
    assert brief.status == "published" and brief.published_at is not None
    public = reverse("outcomes:brief_public", args=[brief.slug])
    assert brief.slug.startswith("amherst-ma-")
    told = Notification.objects.filter(title__startswith="Your brief is published")
    assert {n.user for n in told} == {cast.member_a1, cast.member_a2}
    assert all(settings.SITE_URL + public in n.email_body for n in told)
    client.logout()
    page = client.get(public).content.decode()
    assert TEXT["headline"] in page and "Suppressed" in page and "9 percent" not in page
    assert reverse("outcomes:brief_pdf", args=[brief.slug]) in page
    results = client.get(reverse("outcomes:results")).content.decode()
    assert f'href="{public}"' in results


def test_an_unpublished_brief_has_no_public_page(client, cast, coverage):
    brief = brief_submit(brief=make_brief(cast, coverage), by=cast.member_a1)
    Brief.objects.filter(pk=brief.pk).update(slug="amherst-ma-draft")

    assert (
        client.get(reverse("outcomes:brief_public", args=["amherst-ma-draft"])).status_code == 404
    )
    assert client.get(reverse("outcomes:brief_pdf", args=["amherst-ma-draft"])).status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("member_a2", 200),
        ("expert", 200),
        ("staff", 200),
        ("member_b", 404),
        ("outsider", 404),
        ("ta_provider", 404),
    ],
)
def test_an_unpublished_brief_is_private_to_the_team_staff_and_the_cohorts_experts(
    client, cast, coverage, who, status
):
    brief = make_brief(cast, coverage)
    client.force_login(getattr(cast, who))

    assert client.get(brief_url(brief)).status_code == status
    listing = client.get(reverse("outcomes:briefs", args=[cast.team_a.pk]))
    assert listing.status_code == status
    if status == 200:
        assert TEXT["headline"] in listing.content.decode()


def test_another_teams_member_can_neither_send_nor_change_nor_decide(client, cast, coverage):
    brief = make_brief(cast, coverage)
    client.force_login(cast.member_b)

    assert client.post(brief_url(brief, "outcomes:brief_submit")).status_code == 404
    assert (
        client.post(brief_url(brief, "outcomes:brief_edit"), form_data(coverage)).status_code == 404
    )
    assert (
        client.post(brief_url(brief, "outcomes:brief_decide"), {"decision": "approve"}).status_code
        == 404
    )
    brief.refresh_from_db()
    assert brief.status == "draft"


def test_a_national_expert_reads_the_brief_but_cannot_send_it(client, cast, coverage):
    brief = make_brief(cast, coverage)
    client.force_login(cast.expert)

    page = client.get(brief_url(brief)).content.decode()

    assert TEXT["headline"] in page and "Send for approval" not in page
    assert client.post(brief_url(brief, "outcomes:brief_submit")).status_code == 404


def test_only_a_waiting_brief_can_be_approved(client, cast, coverage):
    brief = make_brief(cast, coverage)
    client.force_login(cast.staff)

    response = client.post(
        brief_url(brief, "outcomes:brief_decide"), {"decision": "approve"}, follow=True
    )

    assert "This brief is not waiting for approval." in response.content.decode()
    brief.refresh_from_db()
    assert brief.status == "draft" and brief.slug is None


def test_the_staff_queue_costs_the_same_queries_for_one_brief_or_five(
    client, cast, coverage, django_assert_max_num_queries
):
    brief_submit(brief=make_brief(cast, coverage), by=cast.member_a1)
    client.force_login(cast.staff)
    with django_assert_max_num_queries(20) as one:
        client.get(reverse("outcomes:staff_briefs"))
    for _ in range(4):
        brief_submit(brief=make_brief(cast, coverage), by=cast.member_a1)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse("outcomes:staff_briefs")).content.decode()
    assert "5 briefs waiting." in page


def test_a_published_brief_page_costs_the_same_queries_with_two_charts(
    client, cast, coverage, django_assert_max_num_queries
):
    backup = choose_measure(cast.team_a, "police_backup_rate", by=cast.member_a1)
    record(backup, {date(2026, m, 1): (20, 100) for m in range(1, 12)}, by=cast.member_a1)
    one = brief_approve(
        brief=brief_submit(brief=make_brief(cast, coverage), by=cast.member_a1), by=cast.staff
    )
    two = brief_approve(
        brief=brief_submit(brief=make_brief(cast, coverage, chart_2=backup), by=cast.member_a1),
        by=cast.staff,
    )
    with django_assert_max_num_queries(12) as first:
        client.get(reverse("outcomes:brief_public", args=[one.slug]))
    with django_assert_max_num_queries(len(first.captured_queries)):
        page = client.get(reverse("outcomes:brief_public", args=[two.slug])).content.decode()
    assert "Alternative responses that asked for police backup" in page


def test_the_teams_brief_list_costs_the_same_queries_for_one_brief_or_four(
    client, cast, coverage, django_assert_max_num_queries
):
    make_brief(cast, coverage)
    client.force_login(cast.member_a1)
    listing = reverse("outcomes:briefs", args=[cast.team_a.pk])
    with django_assert_max_num_queries(20) as one:
        client.get(listing)
    for _ in range(3):
        make_brief(cast, coverage)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(listing).content.decode()
    assert page.count(TEXT["headline"]) == 4
    assert "Your team's measures are not on the public results page." in page
