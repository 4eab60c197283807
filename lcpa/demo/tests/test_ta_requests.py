"""The demo's TA requests: the demo TA provider has work waiting when signing in."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from lcpa.accounts.models import User
from lcpa.assistance.dashboard import ta_dashboard
from lcpa.assistance.models import TAMessage, TARequest, TASurvey
from lcpa.assistance.targets import State, target_statuses
from lcpa.core.business_calendar import business_calendar

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _seeded(settings):
    settings.DEBUG = True  # seed_demo refuses otherwise
    call_command("seed_demo", stdout=StringIO())


def test_the_demo_ta_provider_finds_assigned_and_unassigned_requests(client):
    client.force_login(User.objects.get(email="ta@example.org"))

    html = client.get(reverse("assistance:my_requests")).content.decode()

    mine = html.index("Assigned to you")
    unassigned = html.index("Not assigned yet")
    assert mine < html.index("Counting repeat victims") < unassigned
    assert unassigned < html.index("Which state grants pay")
    assert "Inviting people with lived experience" not in html  # resolved: not open work
    assert "Our CAD export stopped" in html and "First response: overdue" in html
    assert "Teams you support" in html


def test_the_story_is_dated_and_a_resolved_request_can_still_be_reopened(client):
    resolved = TARequest.objects.get(title__startswith="Inviting people with lived experience")
    opened = TARequest.objects.get(title__startswith="Counting repeat victims")

    assert opened.created_at < opened.messages.first().created_at
    assert resolved.resolved_at is not None
    client.force_login(User.objects.get(email="coordinator@example.org"))
    page = client.get(reverse("assistance:request", args=[resolved.pk])).content.decode()
    assert "Reopen request" in page


def test_seeding_again_adds_no_request_or_message():
    before = (TARequest.objects.count(), TAMessage.objects.count())
    surveys = TASurvey.objects.filter(rating__isnull=False).count()

    call_command("seed_demo", stdout=StringIO())

    assert (TARequest.objects.count(), TAMessage.objects.count()) == before == (8, 8)
    assert TASurvey.objects.filter(rating__isnull=False).count() == surveys == 4


def test_the_demo_has_requests_past_their_targets_waiting_on_the_team_and_answered_surveys():
    late = TARequest.objects.get(title__startswith="Our CAD export")
    waiting = TARequest.objects.get(title__startswith="Can outreach workers ride along")
    slow = TARequest.objects.get(title__startswith="Hospital partner wants")
    calendar = business_calendar()
    assert target_statuses(late, calendar)[0].state == State.BREACHED
    assert waiting.clock_stopped_at is not None
    assert [status.state for status in target_statuses(slow, calendar)] == [State.MISSED] * 2
    survey = TASurvey.objects.get(request__title__startswith="Trauma-informed training")
    assert (survey.rating, survey.resolved_by.email) == (5, "ta@example.org")
    board = ta_dashboard(TARequest.objects.all(), TASurvey.objects.all(), calendar)
    assert board.open_count == 4
    assert [row.label for row in board.by_resolver] == ["Kwame Mensah", "Morgan Reyes"]
    assert board.satisfaction.answered == 4


def test_a_demo_request_carries_its_file_which_the_ta_provider_downloads(client):
    request = TARequest.objects.get(title__startswith="Counting repeat victims")
    stored = request.files.get()
    assert (stored.original_name, stored.content_type) == (
        "hospital-visits-by-month.csv",
        "text/csv",
    )
    client.force_login(User.objects.get(email="ta@example.org"))
    page = client.get(reverse("assistance:request", args=[request.pk])).content.decode()
    url = reverse("assistance:request_file", args=[request.pk, stored.pk])
    assert url in page
    download = client.get(url)
    assert b"".join(download.streaming_content).startswith(b"month,gunshot_injury_visits")
