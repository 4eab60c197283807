"""The demo's TA requests: the demo TA provider has work waiting when signing in."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from lcpa.accounts.models import User
from lcpa.assistance.models import TAMessage, TARequest

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


def test_the_story_is_dated_and_a_resolved_request_can_still_be_reopened(client):
    resolved = TARequest.objects.get(status=TARequest.Status.RESOLVED)
    opened = TARequest.objects.get(title__startswith="Counting repeat victims")

    assert opened.created_at < opened.messages.first().created_at
    assert resolved.resolved_at is not None
    client.force_login(User.objects.get(email="coordinator@example.org"))
    page = client.get(reverse("assistance:request", args=[resolved.pk])).content.decode()
    assert "Reopen request" in page


def test_seeding_again_adds_no_request_or_message():
    before = (TARequest.objects.count(), TAMessage.objects.count())

    call_command("seed_demo", stdout=StringIO())

    assert (TARequest.objects.count(), TAMessage.objects.count()) == before == (3, 3)
