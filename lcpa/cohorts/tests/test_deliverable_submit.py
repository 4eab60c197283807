"""Submitting a deliverable for review (with the list of missing answers) and sharing it with
the cohort."""

from django.urls import reverse

from lcpa.cohorts.forms_deliverable import form_data_for
from lcpa.cohorts.models import CohortModule, Deliverable
from lcpa.cohorts.services import deliverable_save
from lcpa.notifications.kinds import Kind
from lcpa.notifications.models import Notification
from lcpa.testing import module_of

ANSWERS = {
    "vision": "Care-first responses for every crisis call.",
    "goals": [["Divert calls", "Share of calls", "June 2027"]],
    "lead": "Dana Ruiz",
}


def submit_url(team, number=1):
    return reverse("cohorts:deliverable_submit", args=[team.pk, number])


def prompts(cohort, number=1):
    return CohortModule.objects.get(cohort=cohort, number=number).prompts


def test_submitting_with_missing_answers_lists_them_and_keeps_the_draft(client, cast, cohort):
    client.force_login(cast.member_a1)
    data = form_data_for(prompts(cohort), {"vision": "Only the vision so far"}, version=0)
    response = client.post(submit_url(cast.team_a), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Answer these 2 questions before you submit" in page
    assert '<a href="#id_answer_goals__0_0">Goals</a>' in page
    assert '<a href="#id_answer_lead">Who leads the work</a>' in page
    assert "Your team&#x27;s vision</a>" not in page
    deliverable = Deliverable.objects.get(team=cast.team_a)
    assert deliverable.status == "draft"
    assert deliverable.answers["vision"] == "Only the vision so far"  # the draft was saved
    assert 'name="version" value="1"' in page


def test_submitting_nothing_lists_every_required_question(client, cast, cohort):
    client.force_login(cast.member_a1)
    response = client.post(submit_url(cast.team_a))
    assert response.status_code == 400
    assert "Answer these 3 questions before you submit" in response.content.decode()
    assert not Deliverable.objects.exists()


def test_a_complete_deliverable_is_submitted_and_the_next_module_opens(client, cast, cohort):
    client.force_login(cast.member_a1)
    response = client.post(
        submit_url(cast.team_a), form_data_for(prompts(cohort), ANSWERS, version=0)
    )
    assert response.status_code == 302
    deliverable = Deliverable.objects.get(team=cast.team_a)
    assert deliverable.status == "submitted" and deliverable.submitted_at
    page = client.get(response["Location"]).content.decode()
    assert "You submitted Deliverable 1 for review. Module 2 is open now." in page
    module_2 = client.get(reverse("cohorts:module", args=[cast.team_a.pk, 2])).content.decode()
    assert 'name="answer_baseline"' in module_2
    [told] = Notification.objects.filter(kind=Kind.DELIVERABLE)  # in the daily digest
    assert told.user == cast.expert
    assert told.url == reverse("cohorts:deliverable_review", args=[deliverable.pk])
    assert told.url in told.email_body


def test_a_submitted_deliverable_cannot_be_submitted_again(client, cast, cohort):
    client.force_login(cast.member_a1)
    client.post(submit_url(cast.team_a), form_data_for(prompts(cohort), ANSWERS, version=0))
    first = Deliverable.objects.get(team=cast.team_a)
    assert first.status == Deliverable.Status.SUBMITTED
    response = client.post(submit_url(cast.team_a))
    assert response.status_code == 409
    assert "already been submitted" in response.content.decode()
    again = Deliverable.objects.get(team=cast.team_a)
    assert (again.status, again.submitted_at, again.version) == (
        first.status,
        first.submitted_at,
        first.version,
    )
    assert again.history.count() == first.history.count()


def test_submit_only_answers_a_post(client, cast, cohort):
    client.force_login(cast.member_a1)
    assert client.get(submit_url(cast.team_a)).status_code == 405


def test_members_share_a_deliverable_with_the_cohort_and_stop_sharing(client, cast, cohort):
    deliverable_save(
        team=cast.team_a,
        module=module_of(cast.team_a, 1),
        answers=ANSWERS,
        base_version=0,
        by=cast.member_a1,
    )
    share = reverse("cohorts:deliverable_share", args=[cast.team_a.pk, 1])
    client.force_login(cast.member_a2)
    response = client.post(share, {"shared": "1"})
    assert response.status_code == 302
    deliverable = Deliverable.objects.get(team=cast.team_a)
    assert deliverable.shared_with_cohort
    peer = client.__class__()
    peer.force_login(cast.member_b)
    shared_url = reverse("cohorts:shared_deliverable", args=[cast.team_b.pk, deliverable.pk])
    assert ANSWERS["vision"] in peer.get(shared_url).content.decode()
    client.post(share, {"shared": "0"})
    deliverable.refresh_from_db()
    assert not deliverable.shared_with_cohort
    assert peer.get(shared_url).status_code == 404
    actions = [
        entry.action
        for entry in client.get(reverse("cohorts:module", args=[cast.team_a.pk, 1])).context[
            "history"
        ]
    ]
    assert actions[:2] == ["Stopped sharing", "Shared with the cohort"]


def test_only_members_and_staff_can_share(client, cast, cohort):
    deliverable_save(
        team=cast.team_a,
        module=module_of(cast.team_a, 1),
        answers=ANSWERS,
        base_version=0,
        by=cast.member_a1,
    )
    share = reverse("cohorts:deliverable_share", args=[cast.team_a.pk, 1])
    for who in (cast.expert, cast.member_b):
        client.force_login(who)
        assert client.post(share, {"shared": "1"}).status_code == 404
    assert not Deliverable.objects.get(team=cast.team_a).shared_with_cohort
    client.force_login(cast.staff)
    assert client.post(share, {"shared": "1"}).status_code == 302


def test_sharing_a_deliverable_that_was_never_started_is_not_found(client, cast, cohort):
    client.force_login(cast.member_a1)
    share = reverse("cohorts:deliverable_share", args=[cast.team_a.pk, 1])
    assert client.post(share, {"shared": "1"}).status_code == 404
    assert not Deliverable.objects.filter(team=cast.team_a).exists()
