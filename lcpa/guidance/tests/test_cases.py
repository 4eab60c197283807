"""Implementation cases: written by a team, reviewed by staff, presented, answered by experts,
turned into action-plan steps, and reported back on."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from lcpa.cohorts.models import ActionStep, Membership
from lcpa.cohorts.services import session_schedule
from lcpa.guidance.models import CaseFile, ImplementationCase, Recommendation
from lcpa.guidance.tests.helpers import CSV_BYTES, presented_case, recommend, submit_case
from lcpa.notifications.models import Notification, OutboundEmail
from lcpa.testing import a_staff_member, make_expert, module_of

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script>'


def _session(cohort, *, days: int):
    starts = timezone.now() + timedelta(days=days)
    return session_schedule(
        by=a_staff_member(),
        module=module_of(cohort, 1),
        title="Case clinic",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        meeting_url="https://meet.example/clinic",
    )


def _form(**changes):
    return {
        "submission_key": "6f1c1e0e-4a4e-4a37-9d0e-1c1f0c7a5555",
        "title": "Calls go back to police",
        "context": "One crisis team.",
        "tried": "Weekend shifts.",
        "question": "How do others cover **peaks**?",
        **changes,
    }


def test_the_form_warns_against_personal_data_and_stores_the_case_with_its_data(client, cast):
    client.force_login(cast.member_a1)
    url = reverse("guidance:case_new", args=[cast.team_a.pk])

    page = client.get(url).content.decode()
    response = client.post(url, _form(files=[SimpleUploadedFile("calls.csv", CSV_BYTES)]))

    assert "No personal data about community members." in page
    case = ImplementationCase.objects.get()
    assert response["Location"] == reverse("guidance:case", args=[case.pk])
    assert (case.team, case.status) == (cast.team_a, "submitted")
    stored = CaseFile.objects.get()
    assert (stored.original_name, stored.content_type) == ("calls.csv", "text/csv")
    assert Notification.objects.get().user == cast.staff
    download = client.get(reverse("guidance:case_file", args=[case.pk, stored.pk]))
    assert b"".join(download.streaming_content) == CSV_BYTES


def test_a_web_page_posing_as_data_and_an_empty_case_are_refused(client, cast):
    client.force_login(cast.member_a1)
    url = reverse("guidance:case_new", args=[cast.team_a.pk])
    page = SimpleUploadedFile("data.pdf", b"<html><script>alert(1)</script></html>")

    refused = client.post(url, _form(files=[page]))
    empty = client.post(url, {})

    assert refused.status_code == empty.status_code == 400
    assert "web page code" in refused.content.decode()
    assert "Name the problem in one line." in empty.content.decode()
    assert not ImplementationCase.objects.exists()


def test_experts_see_a_case_only_once_staff_approved_it(client, cast):
    case = submit_case(cast)
    url = reverse("guidance:case", args=[case.pk])
    client.force_login(cast.expert)
    assert client.get(url).status_code == 404

    client.force_login(cast.staff)
    client.post(reverse("guidance:case_review", args=[case.pk]), {"decision": "approve"})

    case.refresh_from_db()
    assert case.status == "approved"
    told = set(
        Notification.objects.filter(title__contains="approved").values_list(
            "user__email", flat=True
        )
    )
    assert told == {"a1@test.example", "a2@test.example"}
    assert Notification.objects.filter(user=cast.expert, kind="case").exists()
    client.force_login(cast.expert)
    assert client.get(url).status_code == 200
    assert [c.pk for c in client.get(reverse("guidance:home")).context["cases_to_read"]] == [
        case.pk
    ]


def test_returning_a_case_needs_a_note_which_the_team_reads(client, cast):
    case = submit_case(cast)
    client.force_login(cast.staff)
    url = reverse("guidance:case_review", args=[case.pk])

    refused = client.post(url, {"decision": "return", "note": ""})
    client.post(url, {"decision": "return", "note": "Remove the *names* in the data."})

    assert refused.status_code == 400
    assert "Say what the team should change." in refused.content.decode()
    case.refresh_from_db()
    assert case.status == "returned"
    client.force_login(cast.member_a1)
    assert "<em>names</em>" in client.get(reverse("guidance:case", args=[case.pk])).content.decode()
    client.force_login(cast.expert)
    assert client.get(reverse("guidance:case", args=[case.pk])).status_code == 404


def test_the_team_rewrites_a_returned_case_and_it_waits_for_review_again(client, cast):
    case = submit_case(cast)
    client.force_login(cast.staff)
    client.post(
        reverse("guidance:case_review", args=[case.pk]),
        {"decision": "return", "note": "Say which hours."},
    )
    Notification.objects.all().delete()
    client.force_login(cast.member_a2)
    url = reverse("guidance:case_edit", args=[case.pk])

    form = client.get(url).content.decode()
    empty = client.post(url, {})
    client.post(url, _form(title="Calls between 6 pm and midnight go back to police"))

    assert "Say which hours." in form and "No personal data" in form
    assert empty.status_code == 400
    case.refresh_from_db()
    assert (case.status, case.title) == (
        "submitted",
        "Calls between 6 pm and midnight go back to police",
    )
    assert Notification.objects.get().user == cast.staff
    again = client.get(url)
    assert again["Location"] == reverse("guidance:case", args=[case.pk])


def test_staff_schedule_a_case_into_a_session_of_its_cohort_only(client, cast):
    case = submit_case(cast)
    client.force_login(cast.staff)
    client.post(reverse("guidance:case_review", args=[case.pk]), {"decision": "approve"})
    session = _session(cast.cohort, days=5)
    foreign = _session(cast.other_cohort, days=5)
    url = reverse("guidance:case_schedule", args=[case.pk])
    day = (timezone.now() + timedelta(days=30)).date().isoformat()

    refused = client.post(url, {"session": foreign.pk, "follow_up_on": day})
    client.post(url, {"session": session.pk, "follow_up_on": day})

    assert refused.status_code == 400
    case.refresh_from_db()
    assert (case.status, case.session, case.follow_up_on.isoformat()) == ("scheduled", session, day)
    assert Notification.objects.filter(
        user=cast.expert, title__startswith="Case scheduled"
    ).exists()


def test_experts_recommend_after_the_session_and_the_team_is_told(client, cast):
    case = presented_case(cast, _session(cast.cohort, days=2))
    Notification.objects.all().delete()
    client.force_login(cast.expert)
    url = reverse("guidance:recommendation_post", args=[case.pk])
    form = {"submission_key": "6f1c1e0e-4a4e-4a37-9d0e-1c1f0c7a6666", "body": "Stagger shifts."}

    early = client.post(url, form)
    with time_machine.travel(timedelta(days=3)):
        client.post(url, form)

    assert early.status_code == 400
    assert "after the case is presented" in early.content.decode()
    assert Recommendation.objects.get().author == cast.expert
    assert sorted(Notification.objects.values_list("user__email", flat=True)) == [
        "a1@test.example",
        "a2@test.example",
    ]


def test_another_cohorts_expert_a_ta_provider_and_another_team_get_404(client, cast, tmp_path):
    case = presented_case(cast, _session(cast.cohort, days=-1))
    other_expert = make_expert("other-expert@test.example")
    cast.other_cohort.experts.add(other_expert)
    stored = case.files.get()
    for user in (other_expert, cast.ta_provider, cast.member_b, cast.outsider):
        client.force_login(user)
        assert client.get(reverse("guidance:case", args=[case.pk])).status_code == 404
        assert (
            client.get(reverse("guidance:case_file", args=[case.pk, stored.pk])).status_code == 404
        )
        assert (
            client.post(
                reverse("guidance:recommendation_post", args=[case.pk]), {"body": "x"}
            ).status_code
            == 404
        )
    assert not Recommendation.objects.exists()


def test_the_team_turns_a_recommendation_into_an_action_plan_step(client, cast):
    case = presented_case(cast, _session(cast.cohort, days=-1))
    recommendation = recommend(cast, case)
    owner = Membership.objects.get(user=cast.member_a2)
    client.force_login(cast.member_a1)
    prefix = f"step-{recommendation.pk}"

    response = client.post(
        reverse("guidance:recommendation_step", args=[recommendation.pk]),
        {
            f"{prefix}-submission_key": "6f1c1e0e-4a4e-4a37-9d0e-1c1f0c7a7777",
            f"{prefix}-title": "Pilot staggered shifts",
            f"{prefix}-owner": owner.pk,
            f"{prefix}-due_on": "2027-02-01",
        },
    )

    step = ActionStep.objects.get()
    assert response["Location"] == reverse("guidance:case", args=[case.pk])
    assert (step.team, step.title, step.owner, step.due_on, step.source) == (
        cast.team_a,
        "Pilot staggered shifts",
        owner,
        date(2027, 2, 1),
        "recommendation",
    )
    assert "Stagger two shifts." in step.details
    recommendation.refresh_from_db()
    assert recommendation.action_step == step
    page = client.get(response["Location"]).content.decode()
    assert "In the action plan:" in page and "Add to the action plan" not in page
    plan = client.get(reverse("cohorts:action_steps", args=[cast.team_a.pk])).content.decode()
    assert "Pilot staggered shifts" in plan


def test_the_expert_cannot_plan_for_the_team(client, cast):
    recommendation = recommend(cast, presented_case(cast, _session(cast.cohort, days=-1)))
    client.force_login(cast.expert)

    response = client.post(reverse("guidance:recommendation_step", args=[recommendation.pk]), {})

    assert response.status_code == 404
    assert not ActionStep.objects.exists()


def test_on_the_follow_up_morning_the_team_is_asked_to_report_back_once(client, cast):
    case = presented_case(cast, _session(cast.cohort, days=-1))
    OutboundEmail.objects.all().delete()
    morning = timezone.datetime.combine(case.follow_up_on, timezone.datetime.min.time()).replace(
        hour=8, tzinfo=timezone.get_default_timezone()
    )

    with time_machine.travel(morning - timedelta(days=1)):
        call_command("send_case_followup_reminders")
    assert not OutboundEmail.objects.exists()
    with time_machine.travel(morning):
        call_command("send_case_followup_reminders")
        call_command("send_case_followup_reminders")

    reminders = Notification.objects.filter(title__contains="report back")
    assert sorted(reminder.user.email for reminder in reminders) == [
        "a1@test.example",
        "a2@test.example",
    ]
    assert "Tell the experts what you did" in reminders[0].email_body
    client.force_login(cast.member_a1)
    client.post(
        reverse("guidance:case_report", args=[case.pk]), {"report": "We ran **two** shifts."}
    )
    case.refresh_from_db()
    assert case.report_back == "We ran **two** shifts."
    assert Notification.objects.filter(user=cast.expert, title__contains="reported back").exists()


def test_case_text_is_escaped_everywhere(client, cast):
    case = presented_case(cast, _session(cast.cohort, days=-1))
    ImplementationCase.objects.filter(pk=case.pk).update(
        title=XSS, context=XSS, tried=XSS, question=XSS, review_note=XSS, report_back=XSS
    )
    recommend(cast, case, body=XSS)
    pages = []
    for user, url in [
        (cast.member_a1, reverse("guidance:case", args=[case.pk])),
        (cast.member_a1, reverse("guidance:team", args=[cast.team_a.pk])),
        (cast.expert, reverse("guidance:case", args=[case.pk])),
        (cast.staff, reverse("guidance:staff_cases")),
    ]:
        client.force_login(user)
        pages.append(client.get(url).content.decode())

    for page in pages:
        assert "<script>alert" not in page


def test_the_staff_queue_costs_the_same_queries_whatever_the_number_of_cases(
    client, cast, django_assert_max_num_queries
):
    submit_case(cast)
    client.force_login(cast.staff)
    url = reverse("guidance:staff_cases")
    client.get(url)
    with django_assert_max_num_queries(40) as one:
        client.get(url)
    for number in range(5):
        submit_case(cast, title=f"Case {number}", files=[])

    with django_assert_max_num_queries(len(one)):
        assert len(client.get(url).context["cases"]) == 6


def test_the_case_page_costs_the_same_queries_whatever_the_number_of_recommendations(
    client, cast, django_assert_max_num_queries
):
    case = presented_case(cast, _session(cast.cohort, days=-1))
    recommend(cast, case)
    client.force_login(cast.member_a1)
    url = reverse("guidance:case", args=[case.pk])
    client.get(url)
    with django_assert_max_num_queries(40) as one:
        client.get(url)
    for number in range(5):
        recommend(cast, case, body=f"Recommendation {number}")

    with django_assert_max_num_queries(len(one)):
        assert client.get(url).content.decode().count("Add to the action plan") == 6
