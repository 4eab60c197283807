"""Staff read the feedback survey's results for a session."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from lcpa.cohorts.models import Session
from lcpa.cohorts.services import feedback_submit
from lcpa.testing import module_of


def make_session(cast) -> Session:
    starts = timezone.now() - timedelta(days=1)
    return Session.objects.create(
        cohort=cast.cohort,
        module=module_of(cast.cohort, 1),
        title="Charter workshop",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
    )


def test_staff_see_the_count_average_distribution_and_comments(client, cast):
    session = make_session(cast)
    feedback_submit(session=session, user=cast.member_a1, usefulness=5, improve="More time")
    feedback_submit(session=session, user=cast.member_a2, usefulness=4, improve="")
    feedback_submit(
        session=session, user=cast.member_b, usefulness=2, improve="<script>x()</script>Slides"
    )
    client.force_login(cast.staff)
    page = client.get(reverse("cohorts:staff_feedback", args=[session.pk])).content.decode()
    assert page.count("<h1") == 1
    assert "<strong>3</strong> responses" in page
    assert "3.7 out of 5" in page
    assert '<th scope="row">5: Extremely useful</th><td>1</td><td>33%</td>' in page
    assert '<th scope="row">3: Fairly useful</th><td>0</td><td>0%</td>' in page
    assert "More time" in page
    assert "&lt;script&gt;x()&lt;/script&gt;Slides" in page
    assert "<script>x()" not in page


def test_a_session_without_answers_says_so(client, cast):
    session = make_session(cast)
    client.force_login(cast.staff)
    page = client.get(reverse("cohorts:staff_feedback", args=[session.pk])).content.decode()
    assert "Nobody has answered the survey for this session yet." in page


def test_members_and_experts_cannot_see_the_results_page(client, cast):
    session = make_session(cast)
    for person in (cast.member_a1, cast.expert):
        client.force_login(person)
        assert client.get(reverse("cohorts:staff_feedback", args=[session.pk])).status_code == 404
