"""PDSA cycles on a team's measure: planned, done, studied and acted on; chained; shown on the
measure's chart as annotations."""

import uuid
from datetime import date

import pytest
from django.urls import reverse

from lcpa.outcomes.chart_data import Annotation, chart_annotations
from lcpa.outcomes.models import PDSACycle
from lcpa.outcomes.services import OutcomesError, pdsa_cycle_create, pdsa_cycle_update
from lcpa.testing import choose_measure


@pytest.fixture
def coverage(cast):
    return choose_measure(cast.team_a, by=cast.member_a1)


def cycles_page(team_measure) -> str:
    return reverse("outcomes:pdsa_cycles", args=[team_measure.team_id, team_measure.pk])


def cycle_page(cycle) -> str:
    team_measure = cycle.team_measure
    return reverse("outcomes:pdsa_cycle", args=[team_measure.team_id, team_measure.pk, cycle.pk])


def plan(team_measure, by, idea="Clinician in the 911 centre", **extra) -> PDSACycle:
    return pdsa_cycle_create(
        submission_key=uuid.uuid4(),
        team_measure=team_measure,
        by=by,
        change_idea=idea,
        prediction="More calls go to the responders.",
        **extra,
    )


def test_a_member_plans_a_cycle_and_a_second_click_stores_no_second(client, cast, coverage):
    client.force_login(cast.member_a1)
    data = {
        "submission_key": str(uuid.uuid4()),
        "change_idea": "Clinician in the 911 centre on weekday evenings",
        "prediction": "Coverage rises from 20 to 30 percent.",
        "started_on": "2026-09-01",
    }

    response = client.post(cycles_page(coverage), data, follow=True)

    html = response.content.decode()
    assert "Planned the cycle “Clinician in the 911 centre on weekday evenings”." in html
    assert "now at the do stage" in html
    cycle = PDSACycle.objects.get()
    assert (cycle.team_measure, cycle.created_by) == (coverage, cast.member_a1)
    client.post(cycles_page(coverage), data)
    assert PDSACycle.objects.count() == 1


def test_a_cycle_without_idea_or_prediction_or_with_dates_reversed_is_refused(
    client, cast, coverage
):
    client.force_login(cast.member_a1)

    empty = client.post(cycles_page(coverage), {})
    reversed_dates = client.post(
        cycles_page(coverage),
        {
            "change_idea": "Idea",
            "prediction": "Up",
            "started_on": "2026-09-01",
            "ended_on": "2026-08-01",
            "act": "adopt",
        },
    )

    assert empty.status_code == reversed_dates.status_code == 400
    assert "Write the change you will test in one line." in empty.content.decode()
    html = reversed_dates.content.decode()
    assert "The test cannot end before it started." in html
    assert "Write what the data showed before deciding." in html
    assert not PDSACycle.objects.exists()


def test_study_and_act_are_recorded_with_history(client, cast, coverage):
    cycle = plan(coverage, cast.member_a1, started_on=date(2026, 9, 1))
    client.force_login(cast.member_a2)

    response = client.post(
        cycle_page(cycle),
        {
            "change_idea": cycle.change_idea,
            "prediction": cycle.prediction,
            "started_on": "2026-09-01",
            "ended_on": "2026-10-31",
            "what_happened": "Evenings only; two shifts missed.",
            "what_data_showed": "Coverage rose to **31 percent**.",
            "act": "adopt",
        },
        follow=True,
    )

    html = response.content.decode()
    assert "Saved the cycle." in html and "<strong>31 percent</strong>" in html
    cycle.refresh_from_db()
    assert (cycle.stage, cycle.act, cycle.ended_on) == ("act", "adopt", date(2026, 10, 31))
    assert cycle.history.count() == 2
    assert cycle.history.latest().history_user == cast.member_a2


def test_a_cycle_spawns_the_next_one_in_a_chain(client, cast, coverage):
    first = plan(coverage, cast.member_a1, started_on=date(2026, 6, 1))
    client.force_login(cast.member_a1)

    form = client.get(cycles_page(coverage) + f"?after={first.pk}").content.decode()
    assert f'<option value="{first.pk}" selected>' in form
    client.post(
        cycles_page(coverage),
        {"change_idea": "Clinician on weekends too", "prediction": "Up", "previous": first.pk},
    )

    second = PDSACycle.objects.get(previous=first)
    html = client.get(cycle_page(first)).content.decode()
    assert "Followed by" in html and "Clinician on weekends too" in html
    assert "Follows" in client.get(cycle_page(second)).content.decode()
    # A cycle may not follow itself or one that follows it.
    with pytest.raises(OutcomesError):
        pdsa_cycle_update(cycle=first, by=cast.member_a1, previous=second)


def test_a_cycle_follows_only_a_cycle_of_the_same_measure(cast, coverage):
    other = choose_measure(cast.team_a, "response_time_median", by=cast.member_a1)
    elsewhere = plan(other, cast.member_a1)
    with pytest.raises(OutcomesError):
        plan(coverage, cast.member_a1, previous=elsewhere)


def test_readers_see_cycles_but_only_the_team_writes_and_others_get_404(client, cast, coverage):
    cycle = plan(coverage, cast.member_a1)
    client.force_login(cast.expert)
    html = client.get(cycles_page(coverage)).content.decode()
    assert "Clinician in the 911 centre" in html and "Plan a cycle" not in html
    assert "Update the cycle" not in client.get(cycle_page(cycle)).content.decode()
    assert client.post(cycle_page(cycle), {"change_idea": "x"}).status_code == 404
    client.force_login(cast.member_b)
    assert client.get(cycles_page(coverage)).status_code == 404
    assert client.get(cycle_page(cycle)).status_code == 404
    other_team = choose_measure(cast.team_b, by=cast.member_b)
    wrong_measure = reverse("outcomes:pdsa_cycle", args=[cast.team_b.pk, other_team.pk, cycle.pk])
    assert client.get(wrong_measure).status_code == 404


def test_started_cycles_become_chart_annotations_in_date_order(cast, coverage):
    plan(coverage, cast.member_a1, "Later idea", started_on=date(2026, 10, 1))
    studied = plan(coverage, cast.member_a1, "Earlier idea", started_on=date(2026, 6, 1))
    pdsa_cycle_update(cycle=studied, by=cast.member_a1, what_data_showed="Up", act="adapt")
    plan(coverage, cast.member_a1, "Not started yet")

    assert [note for note in chart_annotations(coverage) if note.kind == "pdsa"] == [
        Annotation(date(2026, 6, 1), "PDSA: Earlier idea (adapt)", "pdsa", coverage.pk),
        Annotation(date(2026, 10, 1), "PDSA: Later idea", "pdsa", coverage.pk),
    ]


def test_the_list_costs_the_same_queries_whatever_the_number_of_cycles(
    client, cast, coverage, django_assert_max_num_queries
):
    client.force_login(cast.member_a1)
    first = plan(coverage, cast.member_a1, started_on=date(2026, 1, 1))
    with django_assert_max_num_queries(40) as few:
        client.get(cycles_page(coverage))
    for month in range(2, 12):
        plan(
            coverage,
            cast.member_a1,
            f"Idea {month}",
            started_on=date(2026, month, 1),
            previous=first,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(cycles_page(coverage))
