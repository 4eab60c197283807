"""Progress scores on the IHI scale: set by staff each month with history, beside a score
suggested from the evidence, with its reasons."""

import uuid
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from lcpa.outcomes.models import ProgressScore
from lcpa.outcomes.progress import Evidence, MeasureSeries, scale, suggest
from lcpa.outcomes.queries import progress_evidence
from lcpa.outcomes.services import (
    ObservationValue,
    OutcomesError,
    observations_record,
    pdsa_cycle_create,
    progress_score_set,
)
from lcpa.testing import choose_measure

TODAY = date(2026, 12, 1)


@pytest.fixture
def staff(cast):
    return cast.staff


def team_page(team) -> str:
    return reverse("outcomes:staff_team_progress", args=[team.pk])


def months(first: date, count: int) -> list[date]:
    found, year, month = [], first.year, first.month
    for _ in range(count):
        found.append(date(year, month, 1))
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    return found


def shifted(better="up", target=Decimal(40)) -> MeasureSeries:
    """Six baseline months around 20, then twelve months around 35: a shift upwards."""
    values = [(m, 20.0 + (i % 3)) for i, m in enumerate(months(date(2025, 7, 1), 6))]
    values += [(m, 35.0 + (i % 3)) for i, m in enumerate(months(date(2026, 1, 1), 11))]
    return MeasureSeries("outcome", better, date(2025, 7, 1), date(2025, 12, 1), target, values)


def test_the_scale_has_ten_levels_from_half_to_five():
    assert [str(level.score) for level in scale()] == [
        "0.5",
        "1.0",
        "1.5",
        "2.0",
        "2.5",
        "3.0",
        "3.5",
        "4.0",
        "4.5",
        "5.0",
    ]
    assert scale()[0].name == "Intent to participate"


def test_the_suggestion_climbs_with_the_evidence():
    assert suggest(Evidence(), TODAY).level.score == Decimal("0.5")
    formed = Evidence(members=3)
    assert suggest(formed, TODAY).level.score == Decimal("1.0")
    testing = Evidence(members=3, deliverables_accepted=2, cycles_started=1, measures=[shifted()])
    values = testing.measures[0].values
    testing.measures[0].values = values[:6] + values[-2:]  # recent, but too few to tell
    assert suggest(testing, TODAY).level.score == Decimal("2.5")
    improving = Evidence(members=3, deliverables_accepted=2, cycles_started=1, measures=[shifted()])
    suggestion = suggest(improving, TODAY)
    assert suggestion.level.score == Decimal("3.5")
    assert "1 measure showing an improvement on the run chart." in suggestion.reasons
    assert "2 deliverables accepted." in suggestion.reasons
    at_target = Evidence(
        members=3, deliverables_accepted=2, cycles_started=1, measures=[shifted(target=Decimal(30))]
    )
    assert suggest(at_target, TODAY).level.score == Decimal("4.0")  # nothing adopted yet
    at_target.cycles_adopted = 1
    assert suggest(at_target, TODAY).level.score == Decimal("5.0")


def test_a_shift_the_wrong_way_is_no_improvement():
    assert shifted().improved()
    assert not shifted(better="down").improved()


def test_evidence_is_read_from_the_teams_records_in_constant_queries(
    cast, django_assert_max_num_queries
):
    coverage = choose_measure(cast.team_a, by=cast.member_a1)
    observations_record(
        team_measure=coverage,
        values=[ObservationValue(date(2026, 11, 1), Decimal(30), Decimal(100), False, "")],
        by=cast.member_a1,
    )
    pdsa_cycle_create(
        submission_key=uuid.uuid4(),
        team_measure=coverage,
        by=cast.member_a1,
        change_idea="Clinician at night",
        prediction="Up",
        started_on=date(2026, 9, 1),
    )
    teams = [cast.team_a, cast.team_b, cast.other_team]
    with django_assert_max_num_queries(5):
        evidence = progress_evidence(teams)
    team_a = evidence[cast.team_a.pk]
    assert (team_a.members, team_a.cycles_started) == (2, 1)
    assert team_a.measures[0].values == [(date(2026, 11, 1), 30.0)]
    assert team_a.measures[0].has_recent_data(TODAY)
    assert evidence[cast.team_b.pk].measures == []


def test_staff_score_a_month_and_rescoring_keeps_the_earlier_score(client, cast, staff):
    client.force_login(staff)
    page = client.get(team_page(cast.team_a)).content.decode()
    assert "Suggested: 1.0 Team formed" in page
    assert "2 current members." in page

    client.post(team_page(cast.team_a), {"month": "2026-12-01", "score": "1.5", "note": "Charter"})
    response = client.post(
        team_page(cast.team_a), {"month": "2026-12-01", "score": "2.0", "note": ""}, follow=True
    )

    assert "Scored Amherst team 2.0 for December 2026." in response.content.decode()
    score = ProgressScore.objects.get()
    assert (score.score, score.set_by) == (Decimal("2.0"), staff)
    assert [h.score for h in score.history.order_by("history_date")] == [
        Decimal("1.5"),
        Decimal("2.0"),
    ]
    assert "Every change" in response.content.decode()
    listing = client.get(reverse("outcomes:staff_progress")).content.decode()
    assert "2.0 (December 2026)" in listing and "Differs" in listing


def test_a_score_off_the_scale_or_an_old_month_is_refused(client, cast, staff):
    client.force_login(staff)

    off = client.post(team_page(cast.team_a), {"month": "2026-12-01", "score": "5.5"})
    old = client.post(team_page(cast.team_a), {"month": "2026-01-01", "score": "1.0"})

    assert off.status_code == old.status_code == 400
    assert "Choose a score on the scale." in off.content.decode()
    with pytest.raises(OutcomesError):
        progress_score_set(team=cast.team_a, month=TODAY, score=Decimal("1.2"), note="", by=staff)
    assert not ProgressScore.objects.exists()


def test_only_staff_see_progress_scores(client, cast):
    for person in (cast.member_a1, cast.expert):
        client.force_login(person)
        assert client.get(team_page(cast.team_a)).status_code == 404
        assert client.get(reverse("outcomes:staff_progress")).status_code == 404


def test_the_list_costs_the_same_queries_whatever_the_number_of_teams(
    client, cast, staff, django_assert_max_num_queries
):
    client.force_login(staff)
    choose_measure(cast.team_a, by=staff)
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("outcomes:staff_progress"))
    for team in (cast.team_a, cast.team_b, cast.other_team):
        progress_score_set(team=team, month=TODAY, score=Decimal("1.0"), note="", by=staff)
        choose_measure(team, by=staff)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("outcomes:staff_progress"))
