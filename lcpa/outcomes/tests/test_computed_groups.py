"""Computed values stored as a measure's groups as well as its total: the links of
`dataset_rules.yaml` name which keys of a computed row (`race:black`) become which dimension of
the measure, and groups the measure does not allow are left out."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction

from lcpa.outcomes import computed
from lcpa.outcomes.analytics.warehouse import MeasureRow
from lcpa.outcomes.computed import ComputedValue, computed_observations_store, linked_values
from lcpa.outcomes.content import read_directory
from lcpa.outcomes.models import Dataset, DatasetVersion, Observation
from lcpa.testing import choose_measure

JAN = date(2026, 1, 1)

RULES = """
derived: {}
links:
  - kind: stops
    computed: stops_search_rate
    row: ""
    measure: search_rate
    groups:
      - key: race
        dimension: race
        values: {"asian/pacific islander": asian}
      - key: district
        dimension: geography
"""


@pytest.fixture
def rules_file(tmp_path, monkeypatch):
    path = tmp_path / "dataset_rules.yaml"
    path.write_text(RULES, encoding="utf-8")
    monkeypatch.setattr(computed, "RULES_FILE", path)
    computed.dataset_rules.cache_clear()
    yield path
    computed.dataset_rules.cache_clear()


def row(disaggregation, numerator, denominator=10.0):
    return MeasureRow(JAN, "stops_search_rate", disaggregation, numerator, denominator)


def test_a_link_stores_the_total_and_the_groups_it_names(rules_file):
    values = linked_values(
        "stops",
        [
            row("", 5.0, 50.0),
            row("race:black", 3.0),
            row("race:asian/pacific islander", 1.0),
            row("district:  7th   District ", 2.0),
            row("race:black;district:7", 1.0),  # two keys: not a group of one dimension
            row("sex:male", 4.0),  # a key the link does not name
        ],
    )
    assert [(v.disaggregation, v.numerator, v.denominator) for v in values] == [
        ("", Decimal("5.0000"), Decimal("50.0000")),
        ("race:black", Decimal("3.0000"), Decimal("10.0000")),
        ("race:asian", Decimal("1.0000"), Decimal("10.0000")),
        ("geography:7th District", Decimal("2.0000"), Decimal("10.0000")),
    ]
    assert {v.measure for v in values} == {"search_rate"}
    assert linked_values("calls", [row("", 5.0)]) == []


def _version(cast):
    dataset = Dataset.objects.create(
        team=cast.team_a, kind="calls", name="Dispatch", created_by=cast.member_a1
    )
    return DatasetVersion.objects.create(
        dataset=dataset,
        number=1,
        storage_key="k1",
        original_name="calls.csv",
        size=10,
        chunk_size=10,
        uploaded_by=cast.member_a1,
    )


def test_groups_the_measure_allows_are_stored_beside_its_total(cast):
    choose_measure(cast.team_a, "alternative_coverage", by=cast.member_a1)
    version = _version(cast)

    def value(disaggregation, numerator):
        return ComputedValue(
            "alternative_coverage", JAN, Decimal(numerator), Decimal(20), disaggregation
        )

    with transaction.atomic():
        written = computed_observations_store(
            team=cast.team_a,
            version=version,
            values=[
                value("", 8),
                value("race:black", 3),
                value("race:purple", 1),  # not a listed group
                value("disability:idea", 1),  # a dimension the measure does not allow
                value("geography:North", 2),
            ],
            by=cast.member_a1,
        )
    assert written == 3
    stored = {
        o.disaggregation: (o.numerator, o.denominator, o.source)
        for o in Observation.objects.filter(team=cast.team_a)
    }
    assert stored == {
        "": (Decimal(8), Decimal(20), Observation.Source.COMPUTED),
        "race:black": (Decimal(3), Decimal(20), Observation.Source.COMPUTED),
        "geography:North": (Decimal(2), Decimal(20), Observation.Source.COMPUTED),
    }

    # The next version replaces a group's value without touching the total's row.
    with transaction.atomic():
        computed_observations_store(
            team=cast.team_a, version=version, values=[value("race:black", 4)], by=cast.member_a1
        )
    assert Observation.objects.get(team=cast.team_a, disaggregation="race:black").numerator == 4
    assert Observation.objects.get(team=cast.team_a, disaggregation="").numerator == 8


def test_every_link_of_the_rules_file_names_a_group_its_measure_allows():
    allowed = {
        measure.code: set(measure.disaggregations)
        for measure_file in read_directory()
        for measure in measure_file.spec.measures
    }
    for link in computed.dataset_rules().links:
        assert link.measure in allowed, link
        for groups in link.groups:
            assert groups.dimension in allowed[link.measure], (link.measure, groups.dimension)


def test_no_computed_row_feeds_one_measure_twice():
    seen = [(link.kind, link.computed, link.measure) for link in computed.dataset_rules().links]
    assert len(seen) == len(set(seen))
