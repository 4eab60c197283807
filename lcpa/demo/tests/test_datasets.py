"""The demo's datasets (content/datasets.yaml): a synthetic export of each kind uploaded, mapped
and processed through the real services, whose computed values are the only values of the
measures they feed, and still show the change that worked."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from lcpa.cohorts.models import Team
from lcpa.curriculum.content import ContentError
from lcpa.demo.content import CONTENT_DIR
from lcpa.demo.datasets import read_datasets
from lcpa.outcomes.models import ColumnMapping, Dataset, DatasetVersion, Observation, TeamMeasure

pytestmark = pytest.mark.django_db

# What each demo dataset feeds, at least: a standard measure the team charts.
CHARTED = {
    "calls": "alternative_coverage",
    "stops": "non_safety_stop_share",
    "crashes": "ksi_rate",
    "shootings": "nonfatal_shooting_victims",
    "participants": "participants_enrolled",
    "schools": "referral_rate",
}


def _team(place: str) -> Team:
    return Team.objects.get(name__startswith=place.split(",")[0])


def test_every_demo_team_dataset_is_processed_and_is_all_its_measures_show(client, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())

    plans = read_datasets().datasets
    assert {plan.kind for plan in plans} == set(CHARTED)
    for plan in plans:
        team = _team(plan.place)
        version = Dataset.objects.get(team=team, kind=plan.kind, name=plan.name).versions.get()
        assert version.status == DatasetVersion.Status.READY, version.status_message
        assert version.report["rows_read"] == plan.rows
        assert ColumnMapping.objects.get(team=team, kind=plan.kind).confirmed_by is not None
        fed = Observation.objects.filter(
            team=team, measure_version__measure__code=CHARTED[plan.kind], disaggregation=""
        )
        assert fed.count() >= 9 and {o.dataset_version_id for o in fed} == {version.pk}

    amherst = _team("Amherst")
    computed = Observation.objects.filter(team=amherst, source=Observation.Source.COMPUTED)
    coverage = computed.filter(
        measure_version__measure__code="alternative_coverage", disaggregation=""
    ).order_by("period")
    assert coverage.count() == 21
    # Before the alternative team started (10 months back) it took no call; after, about 45 %.
    shares = [float(o.numerator / o.denominator) for o in coverage if o.denominator]
    assert max(shares[:11]) == 0 and min(shares[-9:]) > 0.3
    # Its response time exists only since then, and no hand-made month stands before it.
    response = Observation.objects.filter(
        team=amherst, measure_version__measure__code="response_time_median"
    )
    assert response.exclude(source=Observation.Source.COMPUTED).count() == 0
    assert min(o.period for o in response) == coverage[11].period

    # Tulsa's roster holds two school years: its referrals fall after the code of conduct
    # changed (9 months back), and its chart is the file's alone, summer months left empty.
    tulsa = _team("Tulsa")
    referral = TeamMeasure.objects.get(team=tulsa, measure__code="referral_rate")
    rates = {
        o.period: float(o.numerator / o.denominator)
        for o in Observation.objects.filter(
            team=tulsa, measure_version=referral.measure.current, disaggregation=""
        )
    }
    assert all(period.month not in (6, 7) for period in rates)
    policy = tulsa.policy_changes.get().changed_on
    before = [rate for period, rate in rates.items() if period < policy]
    after = [rate for period, rate in rates.items() if period >= policy]
    assert len(after) >= 2 and max(after) < sum(before) / len(before)

    coordinator = Dataset.objects.get(team=tulsa).versions.get().uploaded_by
    client.force_login(coordinator)
    listing = client.get(reverse("outcomes:datasets", args=[tulsa.pk])).content.decode()
    assert "Tulsa student referrals" in listing
    chart = client.get(reverse("outcomes:team_measure", args=[tulsa.pk, referral.pk]))
    assert chart.status_code == 200
    assert "August 2024" in chart.content.decode()  # the roster's first month

    baltimore = _team("Baltimore")
    client.force_login(Dataset.objects.filter(team=baltimore).first().versions.get().uploaded_by)
    listing = client.get(reverse("outcomes:datasets", args=[baltimore.pk])).content.decode()
    assert "Baltimore shooting victims" in listing and "Baltimore program participants" in listing

    # A second run adds nothing.
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert Dataset.objects.count() == len(plans)
    assert "Nothing changed" in out.getvalue()


def test_a_dataset_plan_takes_only_the_arguments_of_its_kind(tmp_path):
    text = (CONTENT_DIR / "datasets.yaml").read_text(encoding="utf-8")
    (tmp_path / "datasets.yaml").write_text(
        text.replace("  effect: -0.3\n", "  effect: -0.3\n  intervention_months_ago: 9\n", 1),
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match="intervention_months_ago is for"):
        read_datasets(tmp_path)
