"""Two members editing the same draft at once never silently overwrite each other: the second
save is refused, the first person's answers are shown beside the second's unsaved text, and
every change is kept in the history."""

from django.urls import reverse

from lcpa.cohorts.forms_deliverable import form_data_for
from lcpa.cohorts.models import CohortModule, Deliverable

ANSWERS = {
    "vision": "Care-first responses for every crisis call.",
    "goals": [["Divert calls", "Share of calls", "June 2027"]],
    "lead": "Dana Ruiz",
}


def test_the_second_save_from_the_same_version_is_refused_and_shows_the_first(client, cast, cohort):
    url = reverse("cohorts:module", args=[cast.team_a.pk, 1])
    prompts = CohortModule.objects.get(cohort=cohort, number=1).prompts
    first, second = client, client.__class__()
    first.force_login(cast.member_a1)
    second.force_login(cast.member_a2)
    # Both open the page at version 0.
    assert 'name="version" value="0"' in first.get(url).content.decode()
    assert 'name="version" value="0"' in second.get(url).content.decode()

    assert first.post(url, form_data_for(prompts, ANSWERS, version=0)).status_code == 302

    theirs = {**ANSWERS, "vision": "Police respond to everything.", "lead": "Sam Ortiz"}
    response = second.post(url, form_data_for(prompts, theirs, version=0))
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved this deliverable while you were editing" in page
    assert "A1 saved" in page  # who saved
    # Beside each answer that differs (vision and lead), not beside the unchanged goals.
    assert page.count("Saved by A1 while you were editing") == 2
    assert ANSWERS["vision"] in page  # the first person's saved answer, beside the field
    assert "Police respond to everything." in page  # the second person's text, kept
    assert 'value="Sam Ortiz"' in page
    assert 'name="version" value="1"' in page  # saving again now replaces on purpose

    deliverable = Deliverable.objects.get(team=cast.team_a, module__number=1)
    assert {key: deliverable.answers[key] for key in ANSWERS} == ANSWERS  # nothing overwritten
    assert deliverable.version == 1
    assert deliverable.last_edited_by == cast.member_a1

    # The second person decides to keep their text and saves again from version 1.
    assert second.post(url, form_data_for(prompts, theirs, version=1)).status_code == 302
    deliverable.refresh_from_db()
    assert deliverable.answers["lead"] == "Sam Ortiz"
    assert deliverable.version == 2

    editors = [record.history_user for record in deliverable.history.order_by("history_id")]
    assert cast.member_a1 in editors and cast.member_a2 in editors
    saved = [
        (record.history_user, record.version, record.answers.get("lead"))
        for record in deliverable.history.order_by("history_id")
        if record.version > 0
    ]
    assert saved == [(cast.member_a1, 1, "Dana Ruiz"), (cast.member_a2, 2, "Sam Ortiz")]


def test_a_conflicting_save_and_submit_submits_nothing(client, cast, cohort):
    url = reverse("cohorts:module", args=[cast.team_a.pk, 1])
    submit = reverse("cohorts:deliverable_submit", args=[cast.team_a.pk, 1])
    prompts = CohortModule.objects.get(cohort=cohort, number=1).prompts
    client.force_login(cast.member_a1)
    client.post(url, form_data_for(prompts, ANSWERS, version=0))
    other = client.__class__()
    other.force_login(cast.member_a2)
    response = other.post(submit, form_data_for(prompts, {**ANSWERS, "lead": "X"}, version=0))
    assert response.status_code == 409
    deliverable = Deliverable.objects.get(team=cast.team_a)
    assert deliverable.status == "draft"
    assert deliverable.answers["lead"] == "Dana Ruiz"


def test_a_tampered_version_is_treated_as_a_conflict(client, cast, cohort):
    url = reverse("cohorts:module", args=[cast.team_a.pk, 1])
    prompts = CohortModule.objects.get(cohort=cohort, number=1).prompts
    client.force_login(cast.member_a1)
    data = form_data_for(prompts, ANSWERS, version=0)
    data["version"] = "not a number"
    assert client.post(url, data).status_code == 409
    assert not Deliverable.objects.filter(team=cast.team_a).exists()
