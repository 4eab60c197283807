"""The short survey after a session: usefulness 1 to 5 and what to improve."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lcpa.cohorts.models import Membership, Session, SessionFeedback
from lcpa.cohorts.services import CohortError, feedback_submit
from lcpa.testing import module_of


def make_session(cohort, *, starts_in: timedelta) -> Session:
    starts_at = timezone.now() + starts_in
    return Session.objects.create(
        cohort=cohort,
        module=module_of(cohort, 1),
        title="Vision and charter",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
    )


@pytest.fixture
def finished(cast):
    return make_session(cast.cohort, starts_in=-timedelta(days=1))


def url(session):
    return reverse("cohorts:session_feedback", args=[session.pk])


def test_an_anonymous_visitor_is_sent_to_sign_in(client, finished):
    response = client.get(url(finished))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_member_of_another_cohort_gets_not_found(client, cast, finished):
    client.force_login(cast.outsider)
    assert client.get(url(finished)).status_code == 404
    assert client.post(url(finished), {"usefulness": "5"}).status_code == 404
    assert not SessionFeedback.objects.exists()


def test_the_form_offers_five_labelled_choices_and_a_text_box(client, cast, finished):
    client.force_login(cast.member_a1)
    response = client.get(url(finished))
    assert response.status_code == 200
    page = response.content.decode()
    for label in ["1: Not useful", "3: Fairly useful", "5: Extremely useful"]:
        assert label in page
    assert 'type="radio"' in page
    assert '<label class="usa-label" for="id_improve">' in page


def test_a_member_gives_feedback_once_and_can_change_it(client, cast, finished):
    client.force_login(cast.member_a1)
    response = client.post(url(finished), {"usefulness": "4", "improve": "More time for teams."})
    assert response.status_code == 302
    assert response["Location"] == reverse("cohorts:session", args=[finished.pk])
    feedback = SessionFeedback.objects.get(session=finished, user=cast.member_a1)
    assert (feedback.usefulness, feedback.improve) == (4, "More time for teams.")

    page = client.get(url(finished)).content.decode()
    assert "Change your feedback" in page
    assert "More time for teams." in page
    client.post(url(finished), {"usefulness": "2", "improve": ""})
    assert SessionFeedback.objects.filter(session=finished, user=cast.member_a1).count() == 1
    assert SessionFeedback.objects.get(session=finished, user=cast.member_a1).usefulness == 2


def test_members_of_both_teams_each_give_their_own(client, cast, finished):
    for member in (cast.member_a1, cast.member_b):
        client.force_login(member)
        client.post(url(finished), {"usefulness": "5"})
    assert SessionFeedback.objects.filter(session=finished).count() == 2


def test_it_requires_a_rating_and_shows_the_error_summary(client, cast, finished):
    client.force_login(cast.member_a1)
    response = client.post(url(finished), {"improve": "Shorter breaks"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'href="#id_usefulness_0"' in page
    assert "Choose how useful the session was, from 1 to 5." in page
    assert not SessionFeedback.objects.exists()


@pytest.mark.parametrize("value", ["0", "6", "useful"])
def test_it_rejects_a_rating_outside_one_to_five(client, cast, finished, value):
    client.force_login(cast.member_a1)
    assert client.post(url(finished), {"usefulness": value}).status_code == 400
    assert not SessionFeedback.objects.exists()


def test_it_rejects_suggestions_over_2000_characters(client, cast, finished):
    client.force_login(cast.member_a1)
    response = client.post(url(finished), {"usefulness": "3", "improve": "x" * 2001})
    assert response.status_code == 400
    assert "Keep your suggestions under 2000 characters." in response.content.decode()
    assert not SessionFeedback.objects.exists()


def test_feedback_waits_until_the_session_has_ended(client, cast):
    upcoming = make_session(cast.cohort, starts_in=timedelta(days=2))
    client.force_login(cast.member_a1)
    page = client.get(url(upcoming)).content.decode()
    assert "Feedback opens when the session has ended." in page
    assert 'name="usefulness"' not in page
    response = client.post(url(upcoming), {"usefulness": "5"})
    assert response.status_code == 400
    assert "Feedback opens when the session has ended." in response.content.decode()
    assert not SessionFeedback.objects.exists()


def test_experts_of_the_cohort_see_the_session_but_cannot_give_feedback(client, cast, finished):
    client.force_login(cast.expert)
    response = client.post(url(finished), {"usefulness": "5"})
    assert response.status_code == 400
    assert "Only members of the cohort" in response.content.decode()
    assert not SessionFeedback.objects.exists()


def test_the_service_refuses_a_removed_member(cast, finished):
    Membership.objects.filter(user=cast.member_a2).update(removed_at=timezone.now())
    with pytest.raises(CohortError, match="Only members"):
        feedback_submit(session=finished, user=cast.member_a2, usefulness=4, improve="")


def test_the_service_stores_one_row_per_person(cast, finished):
    feedback_submit(session=finished, user=cast.member_a1, usefulness=4, improve="a")
    feedback_submit(session=finished, user=cast.member_a1, usefulness=5, improve="b")
    stored = SessionFeedback.objects.get()
    assert (stored.usefulness, stored.improve, stored.user) == (5, "b", cast.member_a1)
