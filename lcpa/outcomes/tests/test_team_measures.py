"""A team's Measures page: what it chose for its plan, and choosing another."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from lcpa.outcomes.content import read_directory
from lcpa.outcomes.models import Measure, TeamMeasure
from lcpa.outcomes.services import measures_load
from lcpa.testing import choose_measure


@pytest.fixture
def measures(cast):
    measures_load(files=read_directory())
    return Measure.objects.filter(learning_community=cast.cohort.learning_community)


def page(cast) -> str:
    return reverse("outcomes:team_measures", args=[cast.team_a.pk])


def choice(measure, **changes) -> dict:
    data = {
        "measure": measure.pk,
        "role": "process",
        "baseline_start": "2026-01-01",
        "baseline_end": "2026-06-01",
        "target_value": "12.5",
        "target_date": "2027-06-30",
        "rules": "anhoej",
    }
    return {**data, **changes}


def test_the_team_page_links_to_its_measures(client, cast):
    client.force_login(cast.member_a1)

    response = client.get(reverse("cohorts:workspace", args=[cast.team_a.pk]))

    assert f'href="{page(cast)}"' in response.content.decode()


def test_a_member_chooses_a_measure_with_a_baseline_and_a_target(client, cast, measures):
    backup = measures.get(code="police_backup_rate")
    client.force_login(cast.member_a1)
    form = client.get(page(cast)).content.decode()
    assert "Your team has not chosen a measure yet." in form
    assert "Alternative responses that asked for police backup" in form

    response = client.post(page(cast), choice(backup), follow=True)

    chosen = TeamMeasure.objects.get(team=cast.team_a)
    assert (chosen.measure, chosen.role, chosen.chosen_by) == (backup, "process", cast.member_a1)
    assert (chosen.baseline_start, chosen.baseline_end) == (date(2026, 1, 1), date(2026, 6, 1))
    assert (chosen.target_value, chosen.target_date) == (Decimal("12.5"), date(2027, 6, 30))
    assert response.redirect_chain[-1][0] == reverse(
        "outcomes:team_measure", args=[cast.team_a.pk, chosen.pk]
    )
    assert "is now in your plan" in response.content.decode()
    listing = client.get(page(cast)).content.decode()
    assert "12.5 percent of alternative responses by June 30, 2027" in listing


def test_a_member_chooses_the_ihi_rules_for_a_measures_charts(client, cast, measures):
    backup = measures.get(code="police_backup_rate")
    client.force_login(cast.member_a1)
    form = client.get(page(cast)).content.decode()
    assert "How the charts spot a real change" in form
    assert 'value="anhoej" class="usa-radio__input" id="id_rules_0" required checked' in form

    client.post(page(cast), choice(backup, rules="ihi"))

    chosen = TeamMeasure.objects.get(team=cast.team_a)
    assert chosen.rules == "ihi"
    html = client.get(
        reverse("outcomes:team_measure", args=[cast.team_a.pk, chosen.pk])
    ).content.decode()
    assert "the IHI run-chart rules (Perla, Provost and Murray 2011)" not in html  # no values
    response = client.post(page(cast), choice(backup, rules="nelson"))
    assert "Choose the Anhøj rules or the IHI rules." in response.content.decode()
    assert TeamMeasure.objects.get(team=cast.team_a).rules == "ihi"


def test_choosing_a_measure_again_changes_its_target_and_keeps_history(client, cast, measures):
    backup = measures.get(code="police_backup_rate")
    client.force_login(cast.member_a1)
    client.post(page(cast), choice(backup))
    client.force_login(cast.member_a2)

    client.post(page(cast), choice(backup, target_value="8", role="balancing"))

    chosen = TeamMeasure.objects.get(team=cast.team_a)
    assert (chosen.target_value, chosen.role, chosen.chosen_by) == (
        Decimal(8),
        "balancing",
        cast.member_a2,
    )
    assert [row.target_value for row in chosen.history.order_by("history_date")] == [
        Decimal("12.5"),
        Decimal(8),
    ]
    assert "8 percent of alternative responses" in client.get(page(cast)).content.decode()


def test_bad_choices_keep_what_was_typed_and_say_what_to_fix(client, cast, measures):
    coverage = measures.get(code="alternative_coverage")
    client.force_login(cast.member_a1)

    response = client.post(
        page(cast),
        choice(coverage, baseline_end="2025-12-01", target_value="lots", target_date=""),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "There are 3 problems" in html
    assert "The last month of the baseline must not be before its first." in html
    assert "Enter the target as a number, for example 40." in html
    assert "Enter reach the target by." in html
    assert 'value="lots"' in html
    assert not TeamMeasure.objects.exists()


def test_a_measure_of_another_learning_community_cannot_be_chosen(client, cast, measures):
    traffic = Measure.objects.get(code="non_safety_stop_share")
    client.force_login(cast.member_a1)

    response = client.post(page(cast), choice(traffic))

    assert "Choose measure from the list." in response.content.decode()
    assert not TeamMeasure.objects.exists()


def test_readers_see_the_plan_but_cannot_change_it(client, cast, measures):
    choose_measure(cast.team_a, by=cast.member_a1)
    for reader in (cast.expert, cast.ta_provider):
        client.force_login(reader)
        html = client.get(page(cast)).content.decode()
        assert "Eligible calls answered by an alternative responder" in html
        assert "Save to the plan" not in html

        response = client.post(page(cast), choice(measures.get(code="police_backup_rate")))

        assert response.status_code == 404
    assert TeamMeasure.objects.count() == 1


def test_another_teams_member_gets_404(client, cast, measures):
    choose_measure(cast.team_a, by=cast.member_a1)
    client.force_login(cast.member_b)

    assert client.get(page(cast)).status_code == 404
    assert client.post(page(cast), choice(measures.first())).status_code == 404
    assert not TeamMeasure.objects.filter(team=cast.team_b).exists()
