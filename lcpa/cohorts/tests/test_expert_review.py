"""Expert review: the queue of submitted deliverables in the cohorts an expert serves (oldest
first), and the review page where they accept or ask for changes; the team is emailed."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from lcpa.cohorts.models import Deliverable, DeliverableReview
from lcpa.cohorts.services import deliverable_save, deliverable_submit, member_remove
from lcpa.notifications.kinds import Kind
from lcpa.notifications.models import Notification
from lcpa.notifications.services import digests_send
from lcpa.testing import make_expert, make_user, module_of, run_due_tasks

ANSWERS = {
    "vision": "Care-first responses <b>for all</b>.",
    "goals": [["Divert calls", "Share of calls", "June 2027"]],
    "lead": "Dana Ruiz",
}


def submitted(cast, team, by, *, days_ago=0) -> Deliverable:
    deliverable = deliverable_save(
        team=team, module=module_of(team, 1), answers=ANSWERS, base_version=0, by=by
    )
    deliverable = deliverable_submit(deliverable=deliverable, by=by)
    Deliverable.objects.filter(pk=deliverable.pk).update(
        submitted_at=timezone.now() - timedelta(days=days_ago)
    )
    return deliverable


def review_url(deliverable):
    return reverse("cohorts:deliverable_review", args=[deliverable.pk])


def test_the_queue_lists_submitted_deliverables_of_the_experts_cohorts_oldest_first(
    client, cast, cohort
):
    newer = submitted(cast, cast.team_a, cast.member_a1, days_ago=1)
    older = submitted(cast, cast.team_b, cast.member_b, days_ago=5)
    elsewhere = submitted(cast, cast.other_team, cast.outsider, days_ago=9)
    deliverable_save(
        team=cast.team_a,
        module=module_of(cast.team_a, 2),
        answers={},
        base_version=0,
        by=cast.member_a1,
    )  # a draft: not in the queue
    client.force_login(cast.expert)
    response = client.get(reverse("cohorts:review_queue"))
    assert response.status_code == 200
    assert [item.deliverable for item in response.context["items"]] == [older, newer]
    page = response.content.decode()
    assert review_url(older) in page and review_url(newer) in page
    assert review_url(elsewhere) not in page


def test_staff_see_every_cohorts_queue(client, cast, cohort):
    first = submitted(cast, cast.team_a, cast.member_a1, days_ago=1)
    elsewhere = submitted(cast, cast.other_team, cast.outsider, days_ago=2)
    client.force_login(cast.staff)
    items = client.get(reverse("cohorts:review_queue")).context["items"]
    assert [item.deliverable for item in items] == [elsewhere, first]


def test_the_queue_is_empty_for_an_expert_with_nothing_to_review(client, cast, cohort):
    client.force_login(cast.expert)
    response = client.get(reverse("cohorts:review_queue"))
    assert "Nothing is waiting for review" in response.content.decode()


@pytest.mark.parametrize("who", ["member_a1", "ta_provider", "outsider"])
def test_people_who_do_not_review_do_not_get_a_queue(client, cast, cohort, who):
    client.force_login(getattr(cast, who))
    assert client.get(reverse("cohorts:review_queue")).status_code == 404


def test_the_queue_and_review_pages_send_visitors_to_sign_in(client, cast, cohort):
    deliverable = submitted(cast, cast.team_a, cast.member_a1)
    for url in (reverse("cohorts:review_queue"), review_url(deliverable)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_other_experts_and_team_members_cannot_open_the_review_page(client, cast, cohort):
    deliverable = submitted(cast, cast.team_a, cast.member_a1)
    other_expert = make_expert("other-expert@test.example")
    cast.other_cohort.experts.add(other_expert)
    for who in (other_expert, cast.member_a1, cast.member_b, cast.outsider, cast.ta_provider):
        client.force_login(who)
        assert client.get(review_url(deliverable)).status_code == 404
        response = client.post(review_url(deliverable), {"decision": "accept"})
        assert response.status_code == 404
    deliverable.refresh_from_db()
    assert deliverable.status == "submitted"


def test_the_review_page_shows_the_answers_read_only(client, cast, cohort):
    deliverable = submitted(cast, cast.team_a, cast.member_a1)
    client.force_login(cast.expert)
    response = client.get(review_url(deliverable))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Care-first responses &lt;b&gt;for all&lt;/b&gt;." in page
    assert '<td class="lc-user-text" data-label="Goal">Divert calls</td>' in page
    assert 'name="answer_vision"' not in page
    assert 'name="decision"' in page and 'name="comments"' in page


def next_morning_digests(commits) -> list:
    """The digests sent at 07:00 tomorrow in New York (feedback goes in the daily digest)."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    with commits(execute=True):
        digests_send(now=datetime.combine(tomorrow, time(7), tzinfo=ZoneInfo("America/New_York")))
    run_due_tasks()
    return list(mail.outbox)


def test_an_expert_accepts_and_the_team_is_told(
    client, cast, cohort, django_capture_on_commit_callbacks
):
    deliverable = submitted(cast, cast.team_a, cast.member_a1)
    removed = make_user("removed@test.example")
    membership = cast.team_a.memberships.create(user=removed, role="other", sector="fire")
    member_remove(membership=membership, by=cast.staff)
    mail.outbox.clear()
    client.force_login(cast.expert)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review_url(deliverable), {"decision": "accept", "comments": ""})
    assert response.status_code == 302
    assert response["Location"] == reverse("cohorts:review_queue")
    deliverable.refresh_from_db()
    assert deliverable.status == "accepted" and deliverable.accepted_at
    review = DeliverableReview.objects.get()
    assert (review.reviewer, review.decision) == (cast.expert, "accept")
    told = Notification.objects.filter(kind=Kind.DELIVERABLE, title__contains="Feedback on")
    assert sorted(n.user.email for n in told) == [cast.member_a1.email, cast.member_a2.email]
    assert all("accepted" in n.email_body for n in told)
    assert reverse("cohorts:module", args=[cast.team_a.pk, 1]) in told[0].email_body
    # one email each: members never see each other's addresses
    sent = next_morning_digests(django_capture_on_commit_callbacks)
    feedback = [m.to for m in sent if "Feedback on your module 1 deliverable" in m.body]
    assert sorted(feedback) == [[cast.member_a1.email], [cast.member_a2.email]]
    queue = client.get(reverse("cohorts:review_queue"))
    assert queue.context["items"] == []


def test_asking_for_changes_needs_comments(client, cast, cohort):
    deliverable = submitted(cast, cast.team_a, cast.member_a1)
    client.force_login(cast.expert)
    response = client.post(review_url(deliverable), {"decision": "changes", "comments": "  "})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Your review was not saved" in page
    assert "Say what should change" in page
    assert 'href="#id_comments"' in page
    assert 'aria-describedby="id_comments_helptext id_comments_error"' in page
    response = client.post(review_url(deliverable), {})
    assert "Choose whether to accept it or ask for changes." in response.content.decode()
    deliverable.refresh_from_db()
    assert deliverable.status == "submitted"
    assert not DeliverableReview.objects.exists()


def test_asking_for_changes_reopens_the_draft_and_emails_the_comments(
    client, cast, cohort, django_capture_on_commit_callbacks
):
    deliverable = submitted(cast, cast.team_a, cast.member_a1)
    mail.outbox.clear()
    client.force_login(cast.expert)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            review_url(deliverable),
            {"decision": "changes", "comments": "Add a measure for repeat calls."},
        )
    assert response.status_code == 302
    deliverable.refresh_from_db()
    assert deliverable.status == "changes_requested"
    told = Notification.objects.get(user=cast.member_a2, title__contains="Feedback on")
    assert "changes requested" in told.email_body
    assert "Add a measure for repeat calls." in told.email_body
    # The team sees the comments and can edit again; module 2 stays open.
    client.force_login(cast.member_a2)
    page = client.get(reverse("cohorts:module", args=[cast.team_a.pk, 1])).content.decode()
    assert "Add a measure for repeat calls." in page and "Save draft" in page
    module_2 = client.get(reverse("cohorts:module", args=[cast.team_a.pk, 2])).content.decode()
    assert "This module is locked" not in module_2
    # The expert's review page now shows no form, only the history.
    client.force_login(cast.expert)
    page = client.get(review_url(deliverable)).content.decode()
    assert 'name="decision"' not in page
    assert "Add a measure for repeat calls." in page
    again = client.post(review_url(deliverable), {"decision": "accept"})
    assert again.status_code == 409
    assert DeliverableReview.objects.count() == 1


def test_facilitators_review_too(client, cast, cohort):
    facilitator = make_user("facilitator@test.example")
    cohort.facilitators.add(facilitator)
    deliverable = submitted(cast, cast.team_a, cast.member_a1)
    client.force_login(facilitator)
    assert "Amherst team" in client.get(reverse("cohorts:review_queue")).content.decode()
    assert client.post(review_url(deliverable), {"decision": "accept"}).status_code == 302
    review = DeliverableReview.objects.get(deliverable=deliverable)
    assert (review.reviewer, review.decision) == (facilitator, "accept")
    deliverable.refresh_from_db()
    assert deliverable.status == Deliverable.Status.ACCEPTED
