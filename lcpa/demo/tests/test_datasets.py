"""The demo's datasets (content/datasets.yaml): a synthetic export of each kind uploaded, mapped
and processed through the real services, whose computed values are the only values of the
measures they feed, and still show the change that worked."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from lcpa.cohorts.models import Team
from lcpa.curriculum.content import ContentError
from lcpa.demo.content import CONTENT_DIR
from lcpa.demo.datasets import read_datasets
from lcpa.outcomes.charts import OUTSIDE, RUN, measure_chart
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

    # St. Petersburg's non-safety stops and Tulsa's referrals are their datasets' alone (Tulsa's
    # without summer months): each chart shifts down from the team's policy change, not before.
    for place, kind in (("St. Petersburg", "stops"), ("Tulsa", "schools")):
        team = _team(place)
        team_measure = TeamMeasure.objects.get(team=team, measure__code=CHARTED[kind])
        made = measure_chart(team_measure)
        shift = [s for s in made.signals if " points in a row below the centre line " in s.text]
        assert shift and shift[0].verdict == "improvement", made.signals_in_words
        policy = team.policy_changes.get().changed_on
        assert all(row.status in (RUN, OUTSIDE) for row in made.table_rows if row.period >= policy)
        assert all(row.status != RUN for row in made.table_rows if row.period < policy)
        client.force_login(Dataset.objects.get(team=team, kind=kind).versions.get().uploaded_by)
        page = client.get(reverse("outcomes:team_measure", args=[team.pk, team_measure.pk]))
        assert shift[0].text in page.content.decode()
    # Tulsa's roster: the school months of the demo's 21 months, from the first.
    months = {o.period for o in made.observations}
    assert min(months) == date(2025, 3, 1) and not {m.month for m in months} & {6, 7}

    listing = client.get(reverse("outcomes:datasets", args=[team.pk])).content.decode()
    assert "Tulsa student referrals" in listing

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
        text.replace("  seed: 14\n", "  intervention_months_ago: 9\n  seed: 14\n", 1),
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match="intervention_months_ago is for"):
        read_datasets(tmp_path)
