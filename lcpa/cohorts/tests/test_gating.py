"""Modules open in order, per team: module 2 opens when module 1 is submitted (not necessarily
accepted); changes requested keeps it open; staff can open a module early, with a recorded
reason."""

import pytest
from django.urls import reverse

from lcpa.cohorts.forms_deliverable import form_data_for
from lcpa.cohorts.gating import module_is_open, module_reached, module_states
from lcpa.cohorts.models import CohortModule, Deliverable, ModuleUnlock
from lcpa.cohorts.services import (
    CohortError,
    deliverable_review,
    deliverable_save,
    deliverable_submit,
    module_unlock,
)
from lcpa.testing import module_of

ANSWERS = {
    "vision": "Care-first responses.",
    "goals": [["Divert calls", "Share of calls", "June 2027"]],
    "lead": "Dana Ruiz",
}


def module_2(client, team):
    return client.get(reverse("cohorts:module", args=[team.pk, 2])).content.decode()


def save_baseline(client, cohort, team, version=0):
    prompts = CohortModule.objects.get(cohort=cohort, number=2).prompts
    return client.post(
        reverse("cohorts:module", args=[team.pk, 2]),
        form_data_for(prompts, {"baseline": "2,400 crisis calls a year"}, version=version),
    )


def submit_module_1(cast, team=None):
    team = team or cast.team_a
    deliverable_save(
        team=team, module=module_of(team, 1), answers=ANSWERS, base_version=0, by=cast.member_a1
    )
    deliverable = Deliverable.objects.get(team=team, module__number=1)
    return deliverable_submit(deliverable=deliverable, by=cast.member_a1)


def test_module_1_is_open_and_module_2_is_locked_at_the_start(client, cast, cohort):
    client.force_login(cast.member_a1)
    assert (
        "Save draft"
        in client.get(reverse("cohorts:module", args=[cast.team_a.pk, 1])).content.decode()
    )
    page = module_2(client, cast.team_a)
    assert "This module is locked for now" in page
    assert save_baseline(client, cohort, cast.team_a).status_code == 409
    assert not Deliverable.objects.filter(module__number=2).exists()


def test_a_draft_of_module_1_does_not_open_module_2(client, cast, cohort):
    deliverable_save(
        team=cast.team_a,
        module=module_of(cast.team_a, 1),
        answers=ANSWERS,
        base_version=0,
        by=cast.member_a1,
    )
    client.force_login(cast.member_a1)
    assert "This module is locked for now" in module_2(client, cast.team_a)
    with pytest.raises(CohortError, match="opens when the team submits"):
        deliverable_save(
            team=cast.team_a,
            module=module_of(cast.team_a, 2),
            answers={},
            base_version=0,
            by=cast.member_a1,
        )


def test_submitting_module_1_opens_module_2_before_any_review(client, cast, cohort):
    submit_module_1(cast)
    client.force_login(cast.member_a2)  # gating is per team, not per person
    page = module_2(client, cast.team_a)
    assert "This module is locked" not in page
    assert 'name="answer_baseline"' in page
    assert save_baseline(client, cohort, cast.team_a).status_code == 302
    assert Deliverable.objects.get(team=cast.team_a, module__number=2).answers["baseline"]


def test_gating_is_per_team(client, cast, cohort):
    submit_module_1(cast)
    client.force_login(cast.member_b)
    assert "This module is locked for now" in module_2(client, cast.team_b)
    assert save_baseline(client, cohort, cast.team_b).status_code == 409


def test_changes_requested_on_module_1_keeps_module_2_open(client, cast, cohort):
    deliverable = submit_module_1(cast)
    client.force_login(cast.member_a1)
    save_baseline(client, cohort, cast.team_a)
    deliverable_review(
        deliverable=deliverable, reviewer=cast.staff, decision="changes", comments="More detail."
    )
    page = module_2(client, cast.team_a)
    assert "This module is locked" not in page
    assert "2,400 crisis calls a year" in page
    assert save_baseline(client, cohort, cast.team_a, version=1).status_code == 302


def test_staff_unlock_opens_a_module_and_records_who_and_why(client, cast, cohort):
    unlock = module_unlock(
        team=cast.team_a,
        module=module_of(cast.team_a, 2),
        reason="The team's data work started before the charter.",
        by=cast.staff,
    )
    recorded = ModuleUnlock.objects.get(team=cast.team_a, module__number=2)
    assert recorded == unlock
    assert recorded.reason == "The team's data work started before the charter."
    assert recorded.unlocked_by == cast.staff
    assert recorded.created_at
    client.force_login(cast.member_a1)
    page = module_2(client, cast.team_a)
    assert "Program staff opened this module for your team early." in page
    assert save_baseline(client, cohort, cast.team_a).status_code == 302
    # Module 3 is still locked: the unlock opened one module only.
    module_3 = client.get(reverse("cohorts:module", args=[cast.team_a.pk, 3])).content.decode()
    assert "This module is locked for now" in module_3


def test_an_unlock_needs_a_reason_and_happens_once(cast, cohort):
    with pytest.raises(CohortError, match="Give a reason"):
        module_unlock(
            team=cast.team_a, module=module_of(cast.team_a, 2), reason="  ", by=cast.staff
        )
    module_unlock(
        team=cast.team_a, module=module_of(cast.team_a, 2), reason="Early start", by=cast.staff
    )
    with pytest.raises(CohortError, match="already unlocked"):
        module_unlock(
            team=cast.team_a, module=module_of(cast.team_a, 2), reason="Again", by=cast.staff
        )
    assert ModuleUnlock.objects.count() == 1


def test_the_gating_rules_as_pure_functions():
    assert module_is_open(1, {}, set())
    assert not module_is_open(2, {1: "draft"}, set())
    for status in ("submitted", "changes_requested", "accepted"):
        assert module_is_open(2, {1: status}, set())
    assert module_is_open(4, {}, {4})
    states = module_states({1: "accepted", 2: "submitted"}, set())
    assert [state.is_open for state in states] == [True, True, True, False, False]
    assert module_reached(states) == 3
