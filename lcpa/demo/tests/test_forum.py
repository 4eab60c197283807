"""The demo's forum: in every demo cohort, a question with replies, a mention, helpful marks
and an accepted answer, dated in the past."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from lcpa.accounts.models import User
from lcpa.cohorts.models import Cohort
from lcpa.community.models import Post, Reaction, Thread
from lcpa.notifications.kinds import Kind
from lcpa.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _seeded(settings, tmp_path):
    settings.DEBUG = True  # seed_demo refuses otherwise
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=StringIO())


def test_every_demo_cohort_has_an_answered_question_with_replies_and_helpful_marks():
    for cohort in Cohort.objects.all():
        thread = Thread.objects.get(space__cohort=cohort)
        assert thread.is_question and thread.accepted_post is not None, cohort
        assert thread.posts.count() >= 3
        assert Reaction.objects.filter(post__thread=thread).exists()
        assert thread.last_activity_at == thread.posts.order_by("-created_at").first().created_at
    assert Notification.objects.filter(kind=Kind.MENTION).count() >= 4


def test_the_coordinator_sees_the_cohort_thread_with_its_accepted_answer(client):
    coordinator = User.objects.get(email="coordinator@example.org")
    thread = Thread.objects.get(title__startswith="Keeping outreach workers")
    client.force_login(coordinator)
    page = client.get(reverse("community:thread", args=[thread.pk])).content.decode()
    assert "Accepted answer, by" in page and "2 people find this helpful" in page
    assert Notification.objects.filter(user=coordinator, kind=Kind.MENTION).exists()


def test_seeding_again_adds_no_thread_or_post():
    before = (Thread.objects.count(), Post.objects.count(), Reaction.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (Thread.objects.count(), Post.objects.count(), Reaction.objects.count()) == before
