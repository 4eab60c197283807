"""The demo's datasets (content/datasets.yaml): a synthetic export uploaded, mapped and
processed through the real services, whose computed values replace the team's hand-made
ones and still show the change that worked."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from lcpa.cohorts.models import Team
from lcpa.outcomes.models import ColumnMapping, Dataset, DatasetVersion, Observation

pytestmark = pytest.mark.django_db


def test_the_amherst_team_has_a_processed_calls_export_feeding_its_charts(client, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())

    team = Team.objects.get(name__startswith="Amherst", cohort__name="Crisis Systems cohort 1")
    dataset = Dataset.objects.get(team=team, kind="calls")
    version = dataset.versions.get()
    assert version.status == DatasetVersion.Status.READY, version.status_message
    assert version.report["rows_read"] == 21_000
    assert ColumnMapping.objects.get(team=team, kind="calls").confirmed_by is not None

    computed = Observation.objects.filter(team=team, source=Observation.Source.COMPUTED)
    coverage = computed.filter(
        measure_version__measure__code="alternative_coverage", disaggregation=""
    ).order_by("period")
    assert coverage.count() == 21
    assert {o.dataset_version_id for o in computed} == {version.pk}
    # Before the alternative team started (10 months back) it took no call; after, about 45 %.
    shares = [float(o.numerator / o.denominator) for o in coverage if o.denominator]
    assert max(shares[:11]) == 0 and min(shares[-9:]) > 0.3

    coordinator = version.uploaded_by
    client.force_login(coordinator)
    page = client.get(reverse("outcomes:dataset", args=[team.pk, dataset.pk]))
    assert page.status_code == 200 and "Amherst 911 calls for service" in page.content.decode()
    report = client.get(reverse("outcomes:dataset_report", args=[team.pk, version.pk]))
    assert "Rows read: 21,000" in report.content.decode()

    # A second run adds nothing.
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert Dataset.objects.filter(team=team).count() == 1
    assert "Nothing changed" in out.getvalue()
