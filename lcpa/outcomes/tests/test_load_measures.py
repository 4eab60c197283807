"""`manage.py load_measures`: the measure dictionary from its data files."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from lcpa.outcomes.content import CONTENT_DIR
from lcpa.outcomes.models import Measure, MeasureVersion, Observation
from lcpa.testing import choose_measure


def load(directory: Path = CONTENT_DIR, *args: str) -> str:
    out = StringIO()
    call_command("load_measures", "--directory", str(directory), *args, stdout=out)
    return out.getvalue()


def copy_content(tmp_path: Path) -> Path:
    for path in CONTENT_DIR.glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def test_every_learning_community_gets_at_least_four_standard_measures(communities):
    output = load()

    assert "crisis-systems: added measure alternative_coverage" in output
    for community in communities.values():
        count = Measure.objects.filter(learning_community=community).count()
        assert count >= 4, community.slug
    coverage = Measure.objects.get(code="alternative_coverage").current
    assert coverage.number == 1
    assert (coverage.kind, coverage.better, coverage.chart, coverage.multiplier) == (
        "proportion",
        "up",
        "p",
        100,
    )
    assert coverage.denominator == "Eligible calls from the community"
    assert "race" in coverage.disaggregations


def test_running_it_again_says_nothing_changed(communities):
    load()
    versions = MeasureVersion.objects.count()

    output = load()

    assert output.strip() == "The measures already match their files: nothing changed."
    assert MeasureVersion.objects.count() == versions


def test_a_changed_definition_is_a_new_version_and_old_values_keep_theirs(cast, tmp_path):
    team_measure = choose_measure(cast.team_a, by=cast.member_a1)
    first = team_measure.measure.current
    observation = Observation.objects.create(
        team=cast.team_a,
        measure_version=first,
        period="2026-10-01",
        numerator=4,
        denominator=10,
        entered_by=cast.member_a1,
    )
    directory = copy_content(tmp_path)
    path = directory / "crisis-systems.yaml"
    path.write_text(
        path.read_text().replace("Eligible calls from the community", "Calls we could take"),
        encoding="utf-8",
    )

    output = load(directory)

    assert "crisis-systems: measure alternative_coverage is now version 2" in output
    measure = Measure.objects.get(pk=team_measure.measure_id)
    assert measure.current.number == 2
    assert measure.current.denominator == "Calls we could take"
    assert MeasureVersion.objects.get(pk=first.pk).denominator == (
        "Eligible calls from the community"
    )
    observation.refresh_from_db()
    assert observation.measure_version_id == first.pk


def test_a_broken_file_is_refused_with_its_line_and_nothing_is_loaded(communities, tmp_path):
    directory = copy_content(tmp_path)
    path = directory / "traffic-safety.yaml"
    path.write_text(path.read_text().replace("chart: c\n", "chart: pie\n"), encoding="utf-8")

    with pytest.raises(CommandError) as refused:
        load(directory)

    assert "traffic-safety.yaml, line" in str(refused.value)
    assert "chart" in str(refused.value)
    assert not Measure.objects.exists()


def test_a_count_with_a_denominator_is_refused(communities, tmp_path):
    directory = copy_content(tmp_path)
    path = directory / "community-violence-intervention.yaml"
    text = path.read_text().replace('denominator: ""', "denominator: Residents", 1)
    path.write_text(text, encoding="utf-8")

    with pytest.raises(CommandError, match="a count has no denominator"):
        load(directory)


def test_check_only_validates(communities):
    assert load(CONTENT_DIR, "--check").strip() == "4 measure files are valid."
    assert not Measure.objects.exists()
