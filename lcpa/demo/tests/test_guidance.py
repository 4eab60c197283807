"""The demo's guidance: the demo expert finds questions, office hours and a case waiting."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from lcpa.accounts.models import User
from lcpa.cohorts.models import ActionStep
from lcpa.guidance.models import Answer, Booking, ImplementationCase, OfficeHourSlot, Question
from lcpa.testing import enrol_totp

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _seeded(settings):
    settings.DEBUG = True  # seed_demo refuses otherwise
    call_command("seed_demo", stdout=StringIO())


def test_the_demo_expert_finds_waiting_questions_and_a_booked_office_hour(client):
    expert = User.objects.get(email="expert@example.org")
    enrol_totp(expert)
    client.force_login(expert)

    page = client.get(reverse("guidance:home"))

    waiting = [question.title for question in page.context["waiting_questions"]]
    assert waiting == [
        "How many cases can one violence interrupter carry?",
        "Who should sit on our community advisory group?",
    ]
    assert [booking.team.jurisdiction.name for booking in page.context["week_bookings"]] == [
        "Oakland"
    ]


def test_the_story_has_an_answered_question_a_presented_case_and_a_step_from_it():
    answered = Question.objects.get(answered_at__isnull=False)
    case = ImplementationCase.objects.get()

    assert Answer.objects.filter(question=answered, by_expert=True).count() == 1
    assert (
        case.status == "scheduled"
        and case.session.ends_at < case.recommendations.first().created_at
    )
    assert ActionStep.objects.get(source="recommendation").team == case.team
    assert OfficeHourSlot.objects.count() == 3 and Booking.objects.count() == 1


def test_seeding_again_adds_no_guidance():
    before = (
        Question.objects.count(),
        OfficeHourSlot.objects.count(),
        ImplementationCase.objects.count(),
    )

    call_command("seed_demo", stdout=StringIO())

    assert (
        (
            Question.objects.count(),
            OfficeHourSlot.objects.count(),
            ImplementationCase.objects.count(),
        )
        == before
        == (3, 3, 1)
    )
