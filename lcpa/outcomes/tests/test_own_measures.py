"""A team's own measure: defined with the dictionary's fields and rules, versioned when its
definition changes, private to the team."""

from datetime import date
from decimal import Decimal

from django.urls import reverse

from lcpa.outcomes.models import Measure, MeasureVersion, Observation
from lcpa.outcomes.queries import measures_to_choose
from lcpa.outcomes.services import ObservationValue, observations_record

DEFINITION = {
    "name": "Follow-up visits within 48 hours",
    "definition": "Share of people seen who had a follow-up visit within 48 hours.",
    "kind": "proportion",
    "numerator": "People with a follow-up visit within 48 hours",
    "denominator": "People seen by the team",
    "unit": "percent",
    "multiplier": "100",
    "better": "up",
    "chart": "p",
    "disaggregations": ["sex"],
}
PLAN = {
    "role": "process",
    "baseline_start": "2026-01-01",
    "baseline_end": "2026-06-01",
    "target_value": "90",
    "target_date": "2027-12-31",
    "rules": "ihi",
}


def create(team) -> str:
    return reverse("outcomes:own_measure_create", args=[team.pk])


def test_a_member_defines_a_measure_and_finds_it_in_the_plan(client, cast, communities):
    client.force_login(cast.member_a1)

    response = client.post(create(cast.team_a), {**DEFINITION, **PLAN}, follow=True)

    html = response.content.decode()
    assert "“Follow-up visits within 48 hours” is now in your plan." in html
    measure = Measure.objects.get(team=cast.team_a)
    assert (measure.code, measure.current.number) == ("follow_up_visits_within_48_hours", 1)
    assert measure.current.source_kind == "team_records"
    assert (measure.team_measures.get().target_value, measure.team_measures.get().rules) == (
        Decimal(90),
        "ihi",
    )
    # A second click defines nothing more; another team never sees it.
    client.post(create(cast.team_a), {**DEFINITION, **PLAN})
    assert Measure.objects.filter(team=cast.team_a).count() == 1
    assert measure not in measures_to_choose(cast.team_b)
    assert measure in measures_to_choose(cast.team_a)


def test_a_proportion_without_denominator_and_a_count_with_one_are_refused(
    client, cast, communities
):
    client.force_login(cast.member_a1)

    proportion = client.post(create(cast.team_a), {**DEFINITION, **PLAN, "denominator": ""})
    count = client.post(create(cast.team_a), {**DEFINITION, **PLAN, "kind": "count"})
    empty = client.post(create(cast.team_a), {})

    assert proportion.status_code == count.status_code == empty.status_code == 400
    assert "A proportion needs a denominator." in proportion.content.decode()
    assert "A count has no denominator: leave it empty." in count.content.decode()
    assert "Give the measure a name." in empty.content.decode()
    assert not Measure.objects.filter(team__isnull=False).exists()


def test_a_changed_definition_is_a_new_version_and_values_keep_theirs(client, cast, communities):
    client.force_login(cast.member_a1)
    client.post(create(cast.team_a), {**DEFINITION, **PLAN})
    team_measure = Measure.objects.get(team=cast.team_a).team_measures.get()
    observations_record(
        team_measure=team_measure,
        values=[ObservationValue(date(2026, 11, 1), Decimal(8), Decimal(10), False, "")],
        by=cast.member_a1,
    )
    edit = reverse("outcomes:own_measure_edit", args=[cast.team_a.pk, team_measure.pk])
    assert 'value="Follow-up visits within 48 hours"' in client.get(edit).content.decode()

    changed = client.post(edit, {**DEFINITION, "unit": "share of people"}, follow=True)
    same = client.post(edit, {**DEFINITION, "unit": "share of people"}, follow=True)

    assert "Saved as version 2. Values entered before stay with version 1." in (
        changed.content.decode()
    )
    assert "Nothing changed." in same.content.decode()
    versions = MeasureVersion.objects.filter(measure__team=cast.team_a).order_by("number")
    assert [v.unit for v in versions] == ["percent", "share of people"]
    assert Observation.objects.get().measure_version == versions[0]


def test_others_cannot_define_or_change_the_teams_measures(client, cast, communities):
    client.force_login(cast.member_a1)
    client.post(create(cast.team_a), {**DEFINITION, **PLAN})
    team_measure = Measure.objects.get(team=cast.team_a).team_measures.get()
    edit = reverse("outcomes:own_measure_edit", args=[cast.team_a.pk, team_measure.pk])
    for person in (cast.member_b, cast.expert):
        client.force_login(person)
        assert client.get(create(cast.team_a)).status_code == 404
        assert client.post(edit, {**DEFINITION, "unit": "x"}).status_code == 404
    assert Measure.objects.get(team=cast.team_a).current.number == 1
