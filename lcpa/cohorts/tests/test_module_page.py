"""A module page: aims and guidance, the module's sessions and resources, the deliverable form
built from the cohort's prompts, earlier answers beside the prompts that refer to them,
reviews and the history of every change."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lcpa.cohorts.forms_deliverable import form_data_for
from lcpa.cohorts.models import CohortModule, Deliverable, DeliverableReview, Session
from lcpa.cohorts.services import deliverable_review, deliverable_save, deliverable_submit
from lcpa.library.models import Resource
from lcpa.testing import module_of, tag_module

FULL_MODULE_1 = {
    "vision": "Every crisis call gets a care-first response.",
    "goals": [["Divert calls", "Share of calls", "June 2027"]],
    "lead": "Dana Ruiz",
}


def module_url(team, number):
    return reverse("cohorts:module", args=[team.pk, number])


def prompts(cohort, number):
    return CohortModule.objects.get(cohort=cohort, number=number).prompts


def test_it_shows_the_aims_and_guidance_as_sanitised_markdown(client, cast, cohort):
    CohortModule.objects.filter(cohort=cohort, number=1).update(
        aims="Agree a **shared vision**.",
        guidance="## Steps\n\n1. Meet\n\n<script>alert(1)</script>",
    )
    client.force_login(cast.member_a1)
    page = client.get(module_url(cast.team_a, 1)).content.decode()
    assert "<strong>shared vision</strong>" in page
    assert "<h2>Steps</h2>" in page
    assert "<script>alert(1)</script>" not in page


def test_it_lists_the_modules_sessions_and_resources_including_members_only_ones(
    client, cast, cohort
):
    crisis = cohort.learning_community
    public = Resource.objects.create(title="Call-type guide", summary="Which calls")
    members = Resource.objects.create(
        title="Roster template", summary="Fill it in", visibility="members"
    )
    other_module = Resource.objects.create(title="Funding guide", summary="Money")
    for resource, number in ((public, 1), (members, 1), (other_module, 5)):
        resource.learning_communities.add(crisis)
        tag_module(resource, number)
    starts = timezone.now() + timedelta(days=3)
    session = Session.objects.create(
        cohort=cohort,
        module=module_of(cohort, 1),
        title="Vision workshop",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
    )
    Session.objects.create(
        cohort=cohort,
        module=module_of(cohort, 2),
        title="Data session",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
    )
    client.force_login(cast.member_a1)
    page = client.get(module_url(cast.team_a, 1)).content.decode()
    assert "Call-type guide" in page and "Roster template" in page
    assert "Funding guide" not in page
    assert reverse("cohorts:session", args=[session.pk]) in page
    assert "Data session" not in page


def test_it_builds_the_form_from_the_cohorts_prompts(client, cast, cohort):
    client.force_login(cast.member_a1)
    response = client.get(module_url(cast.team_a, 1))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="answer_vision"' in page and "<textarea" in page
    assert 'name="answer_lead"' in page and 'maxlength="500"' in page
    assert 'name="answer_goals__0_0"' in page and 'name="answer_goals__2_2"' in page
    assert 'name="answer_goals__rows" value="3"' in page
    assert 'type="radio" name="answer_approach"' in page and "Co-responder" in page
    assert 'type="date"' in page and 'name="answer_start_date"' in page
    assert 'type="number"' in page and 'name="answer_budget"' in page
    assert 'type="file"' in page and 'enctype="multipart/form-data"' in page
    assert 'name="version" value="0"' in page
    assert "Goal, row 1" in page  # every grid cell has a label


def test_it_saves_every_kind_of_answer(client, cast, cohort):
    client.force_login(cast.member_a1)
    data = form_data_for(
        prompts(cohort, 1),
        {
            **FULL_MODULE_1,
            "start_date": "2026-10-01",
            "budget": "125000.50",
            "approach": "Co-responder",
        },
        version=0,
    )
    data["answer_goals__1_0"] = "Cut repeat calls"
    response = client.post(module_url(cast.team_a, 1), data)
    assert response.status_code == 302
    deliverable = Deliverable.objects.get(team=cast.team_a, module__number=1)
    assert deliverable.answers == {
        "vision": FULL_MODULE_1["vision"],
        "goals": [["Divert calls", "Share of calls", "June 2027"], ["Cut repeat calls", "", ""]],
        "lead": "Dana Ruiz",
        "start_date": "2026-10-01",
        "budget": 125000.5,
        "approach": "Co-responder",
    }
    assert deliverable.version == 1
    assert deliverable.last_edited_by == cast.member_a1
    page = client.get(module_url(cast.team_a, 1)).content.decode()
    assert "Your draft is saved." in page
    assert 'value="Cut repeat calls"' in page
    assert 'name="version" value="1"' in page


def test_add_a_row_works_without_javascript_and_keeps_what_was_typed(client, cast, cohort):
    client.force_login(cast.member_a1)
    data = form_data_for(prompts(cohort, 1), FULL_MODULE_1, version=0)
    data["answer_vision"] = "Typed but not saved"
    data["add_row"] = "goals"
    response = client.post(module_url(cast.team_a, 1), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="answer_goals__3_0"' in page
    assert 'name="answer_goals__rows" value="4"' in page
    assert "Typed but not saved" in page
    assert "A row was added" in page
    assert not Deliverable.objects.filter(team=cast.team_a).exists()


def test_it_drops_empty_table_rows(client, cast, cohort):
    client.force_login(cast.member_a1)
    data = form_data_for(prompts(cohort, 1), FULL_MODULE_1, version=0)
    data.update({"answer_goals__rows": "4", "answer_goals__3_1": "Only in row four"})
    client.post(module_url(cast.team_a, 1), data)
    goals = Deliverable.objects.get(team=cast.team_a).answers["goals"]
    assert goals == [FULL_MODULE_1["goals"][0], ["", "Only in row four", ""]]


def test_it_refuses_answers_that_are_too_long_and_keeps_the_text(client, cast, cohort):
    client.force_login(cast.member_a1)
    data = form_data_for(prompts(cohort, 1), FULL_MODULE_1, version=0)
    data["answer_lead"] = "x" * 501
    data["answer_vision"] = "v" * 10_001
    response = client.post(module_url(cast.team_a, 1), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There are 2 problems with your answers" in page
    assert 'href="#id_answer_lead"' in page and 'href="#id_answer_vision"' in page
    assert 'aria-describedby="error-lead"' in page
    assert "x" * 501 in page
    assert not Deliverable.objects.exists()


def test_it_rejects_a_choice_that_is_not_offered(client, cast, cohort):
    client.force_login(cast.member_a1)
    data = form_data_for(prompts(cohort, 1), {"approach": "Something else"}, version=0)
    response = client.post(module_url(cast.team_a, 1), data)
    assert response.status_code == 400
    assert not Deliverable.objects.exists()


def test_it_shows_answers_escaped(client, cast, cohort):
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    deliverable_save(
        team=cast.team_a,
        module=module_of(cast.team_a, 1),
        answers={"vision": attack, "lead": attack, "goals": [[attack, "", ""]]},
        base_version=0,
        by=cast.member_a1,
    )
    client.force_login(cast.member_a1)
    page = client.get(module_url(cast.team_a, 1)).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    deliverable = Deliverable.objects.get(team=cast.team_a)
    deliverable_submit(deliverable=deliverable, by=cast.member_a1)
    for url in (
        module_url(cast.team_a, 1),
        reverse("cohorts:action_plan", args=[cast.team_a.pk]),
    ):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page and "<img src=x" not in page, url
    client.force_login(cast.expert)
    page = client.get(reverse("cohorts:deliverable_review", args=[deliverable.pk])).content
    assert b"<script>alert" not in page and b"<img src=x" not in page


def test_it_shows_the_earlier_answer_beside_a_prompt_that_refers_to_it(client, cast, cohort):
    deliverable_save(
        team=cast.team_a,
        module=module_of(cast.team_a, 1),
        answers=FULL_MODULE_1,
        base_version=0,
        by=cast.member_a1,
    )
    deliverable_submit(deliverable=Deliverable.objects.get(team=cast.team_a), by=cast.member_a1)
    client.force_login(cast.member_a2)
    page = client.get(module_url(cast.team_a, 2)).content.decode()
    assert "usa-summary-box" in page
    assert "Your team's answer in module 1: Your team&#x27;s vision" in page
    assert FULL_MODULE_1["vision"] in page
    assert 'name="answer_baseline"' in page


def test_a_locked_module_explains_why_and_shows_no_form(client, cast, cohort):
    client.force_login(cast.member_a1)
    response = client.get(module_url(cast.team_a, 2))
    assert response.status_code == 200
    page = response.content.decode()
    assert "This module is locked for now" in page
    assert "opens as soon as your team submits the module 1 deliverable" in page
    assert 'name="answer_baseline"' not in page
    assert "Save draft" not in page


def test_a_locked_module_refuses_a_save(client, cast, cohort):
    client.force_login(cast.member_a1)
    data = form_data_for(prompts(cohort, 2), {"baseline": "Sneaking in"}, version=0)
    response = client.post(module_url(cast.team_a, 2), data)
    assert response.status_code == 409
    assert "Nothing was saved" in response.content.decode()
    assert not Deliverable.objects.filter(team=cast.team_a, module__number=2).exists()
    submit = reverse("cohorts:deliverable_submit", args=[cast.team_a.pk, 2])
    assert client.post(submit, data).status_code == 409
    assert not Deliverable.objects.filter(team=cast.team_a, module__number=2).exists()


def test_a_module_that_does_not_exist_is_not_found(client, cast, cohort):
    client.force_login(cast.member_a1)
    assert client.get(module_url(cast.team_a, 6)).status_code == 404
    assert client.get(module_url(cast.team_a, 0)).status_code == 404


def test_experts_and_ta_providers_read_the_deliverable_but_cannot_edit_it(client, cast, cohort):
    deliverable_save(
        team=cast.team_a,
        module=module_of(cast.team_a, 1),
        answers=FULL_MODULE_1,
        base_version=0,
        by=cast.member_a1,
    )
    data = form_data_for(prompts(cohort, 1), {"vision": "Overwritten"}, version=1)
    for reader in (cast.expert, cast.ta_provider):
        client.force_login(reader)
        response = client.get(module_url(cast.team_a, 1))
        page = response.content.decode()
        assert response.status_code == 200
        assert FULL_MODULE_1["vision"] in page
        assert "Save draft" not in page and "Only members of the team edit it" in page
        assert client.post(module_url(cast.team_a, 1), data).status_code == 404
    assert Deliverable.objects.get(team=cast.team_a).answers["vision"] == FULL_MODULE_1["vision"]


def test_staff_may_edit_a_teams_draft(client, cast, cohort):
    client.force_login(cast.staff)
    data = form_data_for(prompts(cohort, 1), FULL_MODULE_1, version=0)
    assert client.post(module_url(cast.team_a, 1), data).status_code == 302
    assert Deliverable.objects.get(team=cast.team_a).last_edited_by == cast.staff


def test_after_submitting_the_form_is_read_only_and_shows_the_status(client, cast, cohort):
    deliverable_save(
        team=cast.team_a,
        module=module_of(cast.team_a, 1),
        answers=FULL_MODULE_1,
        base_version=0,
        by=cast.member_a1,
    )
    deliverable_submit(deliverable=Deliverable.objects.get(team=cast.team_a), by=cast.member_a1)
    client.force_login(cast.member_a1)
    page = client.get(module_url(cast.team_a, 1)).content.decode()
    assert "waiting for review" in page
    assert 'name="answer_vision"' not in page
    assert FULL_MODULE_1["vision"] in page
    assert '<th scope="col">Goal</th>' in page  # the table is shown as a table
    data = form_data_for(prompts(cohort, 1), {**FULL_MODULE_1, "lead": "Changed"}, version=2)
    response = client.post(module_url(cast.team_a, 1), data)
    assert response.status_code == 409
    assert Deliverable.objects.get(team=cast.team_a).answers["lead"] == "Dana Ruiz"


def test_changes_requested_shows_the_comments_and_reopens_editing(client, cast, cohort):
    deliverable_save(
        team=cast.team_a,
        module=module_of(cast.team_a, 1),
        answers=FULL_MODULE_1,
        base_version=0,
        by=cast.member_a1,
    )
    deliverable = Deliverable.objects.get(team=cast.team_a)
    deliverable_submit(deliverable=deliverable, by=cast.member_a1)
    deliverable_review(
        deliverable=deliverable,
        reviewer=cast.expert,
        decision=DeliverableReview.Decision.CHANGES,
        comments="Add a measure for <repeat> calls.",
    )
    client.force_login(cast.member_a2)
    page = client.get(module_url(cast.team_a, 1)).content.decode()
    assert "Expert asked for changes" in page
    assert "Add a measure for &lt;repeat&gt; calls." in page
    assert "Changes requested" in page
    assert 'name="answer_vision"' in page and "Save draft" in page
    assert "Ask for changes" in page  # the review history
    deliverable.refresh_from_db()
    data = form_data_for(
        prompts(cohort, 1), {**FULL_MODULE_1, "lead": "Sam"}, version=deliverable.version
    )
    assert client.post(module_url(cast.team_a, 1), data).status_code == 302
    assert Deliverable.objects.get(team=cast.team_a).answers["lead"] == "Sam"


def test_it_lists_who_changed_the_deliverable_and_when(client, cast, cohort):
    client.force_login(cast.member_a1)
    client.post(
        module_url(cast.team_a, 1), form_data_for(prompts(cohort, 1), FULL_MODULE_1, version=0)
    )
    client.force_login(cast.member_a2)
    data = form_data_for(prompts(cohort, 1), {**FULL_MODULE_1, "lead": "Sam"}, version=1)
    client.post(module_url(cast.team_a, 1), data)
    client.post(reverse("cohorts:deliverable_submit", args=[cast.team_a.pk, 1]))
    response = client.get(module_url(cast.team_a, 1))
    history = response.context["history"]
    assert [(entry.who, entry.action) for entry in history[:3]] == [
        (cast.member_a2, "Submitted for review"),
        (cast.member_a2, "Saved the answers"),
        (cast.member_a1, "Saved the answers"),
    ]
    page = response.content.decode()
    assert "Every change to this deliverable" in page and "A1" in page and "A2" in page


def _grow(cohort, team, count):
    crisis = cohort.learning_community
    starts = timezone.now() + timedelta(days=1)
    for index in range(count):
        resource = Resource.objects.create(
            title=f"Guide {index}", summary="s", visibility="members"
        )
        resource.learning_communities.add(crisis)
        tag_module(resource, 1)
        Session.objects.create(
            cohort=cohort,
            module=module_of(cohort, 1),
            title=f"S{index}",
            starts_at=starts + timedelta(days=index),
            ends_at=starts + timedelta(days=index, hours=1),
        )


def test_the_module_page_runs_the_same_number_of_queries_as_data_grows(client, cast, cohort):
    deliverable_save(
        team=cast.team_a,
        module=module_of(cast.team_a, 1),
        answers=FULL_MODULE_1,
        base_version=0,
        by=cast.member_a1,
    )
    client.force_login(cast.member_a1)
    _grow(cohort, cast.team_a, 2)
    client.get(module_url(cast.team_a, 1))
    with CaptureQueriesContext(connection) as small:
        client.get(module_url(cast.team_a, 1))
    _grow(cohort, cast.team_a, 8)
    for version in range(1, 5):
        deliverable_save(
            team=cast.team_a,
            module=module_of(cast.team_a, 1),
            answers={**FULL_MODULE_1, "lead": f"v{version}"},
            base_version=version,
            by=cast.member_a2,
        )
    with CaptureQueriesContext(connection) as large:
        client.get(module_url(cast.team_a, 1))
    assert len(large.captured_queries) == len(small.captured_queries)


def test_it_stores_line_breaks_the_same_way_whatever_the_browser_sends(client, cast, cohort):
    client.force_login(cast.member_a1)
    data = form_data_for(prompts(cohort, 1), {"vision": "First line\r\nSecond line"}, version=0)
    client.post(module_url(cast.team_a, 1), data)
    assert Deliverable.objects.get(team=cast.team_a).answers["vision"] == "First line\nSecond line"
