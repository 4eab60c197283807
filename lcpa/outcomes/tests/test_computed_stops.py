"""The stops measures feed the Traffic Safety standard measures through dataset_rules.yaml,
their race rows renamed to the race groups of disaggregations.yaml."""

from datetime import date
from decimal import Decimal

from lcpa.outcomes.analytics.warehouse import MeasureRow
from lcpa.outcomes.computed import linked_values
from lcpa.outcomes.content import read_directory
from lcpa.outcomes.disaggregations import groups

JAN = date(2024, 1, 1)


def test_stanford_race_values_become_the_race_groups_of_the_standard_measures():
    rows = [
        MeasureRow(JAN, "stops_search_rate", "", 4.0, 9.0),
        MeasureRow(JAN, "stops_search_rate", "race:asian/pacific islander", 0.0, 1.0),
        MeasureRow(JAN, "stops_hit_rate", "race:black", 1.0, 2.0),
        MeasureRow(JAN, "stops_rate_by_race", "race:white", 3.0, None),
        MeasureRow(JAN, "stops_rate_by_race", "", 10.0, None),
        MeasureRow(JAN, "stops_per_1000_residents", "", 10.0, 48_000.0),
        MeasureRow(JAN, "stops_non_safety_share", "race:unknown", 1.0, 1.0),
        MeasureRow(JAN, "stops_outcome_mix", "outcome:arrest", 2.0, 10.0),
        MeasureRow(JAN, "stops_outcome_mix", "outcome:warning", 3.0, 10.0),
        MeasureRow(JAN, "stops_outcome_mix", "outcome:citation", 5.0, 10.0),  # no standard measure
    ]
    linked = linked_values("stops", rows)
    values = {(v.measure, v.disaggregation): (v.numerator, v.denominator) for v in linked}
    assert values == {
        ("search_rate", ""): (Decimal(4), Decimal(9)),
        ("search_rate", "race:asian_pacific_islander"): (Decimal(0), Decimal(1)),
        ("hit_rate", "race:black"): (Decimal(1), Decimal(2)),
        ("stops_by_race", "race:white"): (Decimal(3), None),
        ("stops_by_race", ""): (Decimal(10), None),
        ("stops_per_1000_residents", ""): (Decimal(10), Decimal(48_000)),
        ("non_safety_stop_share", "race:unknown"): (Decimal(1), Decimal(1)),
        ("stops_ending_in_arrest", ""): (Decimal(2), Decimal(10)),
        ("stops_ending_in_warning", ""): (Decimal(3), Decimal(10)),
    }


def test_every_stanford_race_has_a_race_group():
    keys = {group.key for group in groups().race}
    renamed = {"asian/pacific islander": "asian_pacific_islander"}
    for value in ("asian/pacific islander", "black", "hispanic", "white", "other", "unknown"):
        assert renamed.get(value, value) in keys


def test_the_new_traffic_safety_measures_are_a_count_and_a_proportion_by_race():
    measures = {
        m.code: m
        for f in read_directory()
        if f.spec.learning_community == "traffic-safety"
        for m in f.spec.measures
    }
    assert measures["stops_by_race"].kind == "count" and not measures["stops_by_race"].denominator
    assert "population by race" in measures["stops_by_race"].definition
    assert (
        measures["hit_rate"].kind == "proportion" and "race" in measures["hit_rate"].disaggregations
    )
