"""From a school roster to observations: upload, a mapping proposed with no help, processing,
referral rates by group and the relative rate index stored, and its table on the version's
report page (suppressed cells marked, with why). Numbers counted by hand below."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lcpa.curriculum.models import LearningCommunity
from lcpa.outcomes.models import DatasetVersion, Observation
from lcpa.testing import choose_measure, run_due_tasks

HEADER = (
    "Record ID,Student ID,School ID,Referral Date,Race/Ethnicity,Sex,Disability,"
    "Referred to Law Enforcement,School-Related Arrest,Diversion Offered,Diversion Completed"
)


def students(race, enrolled, referred, arrested=0):
    return [
        f"{race}{n},{race}-{n},A1,2023-10-02,{race},F,N,{'Y' if n < referred else 'N'},"
        f"{'Y' if n < arrested else 'N'},N,N"
        for n in range(enrolled)
    ]


# 2023-24, every referral in October: White 200 enrolled, 10 referred (50 per 1,000);
# Black 100 enrolled, 15 referred (150 per 1,000: index 3); Hispanic 20 enrolled, 1 referred
# (a base under 50: suppressed).
ROSTER = "\n".join(
    [HEADER, *students("WH", 200, 10, 2), *students("BL", 100, 15, 6), *students("HI", 20, 1)]
).encode()
OCTOBER, YEAR = date(2023, 10, 1), date(2023, 7, 1)


@pytest.fixture(autouse=True)
def _temporary_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def schools_team(cast):
    cohort = cast.team_a.cohort
    cohort.learning_community = LearningCommunity.objects.get(slug="school-based-diversion")
    cohort.save()
    choose_measure(cast.team_a, "referral_rate", by=cast.member_a1)
    return cast.team_a


def test_a_school_roster_maps_with_no_help_and_stores_rates_and_the_index(
    client, cast, schools_team, django_capture_on_commit_callbacks
):
    client.force_login(cast.member_a1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("outcomes:dataset_upload", args=[schools_team.pk]),
            {
                "kind": "schools",
                "name": "Referrals",
                "file": SimpleUploadedFile("roster.csv", ROSTER, content_type="text/csv"),
            },
        )
    assert response.status_code == 302
    run_due_tasks()
    version = DatasetVersion.objects.get(dataset__team=schools_team)
    url = reverse("outcomes:dataset_mapping", args=[schools_team.pk, version.pk])
    page = client.get(url)
    assert page.context["screen"].level == "student"
    proposed = {row.column.name: row.source for row in page.context["screen"].columns}
    assert proposed["record_id"] == "Record ID"
    assert proposed["race"] == "Race/Ethnicity"
    assert proposed["referred_to_law_enforcement"] == "Referred to Law Enforcement"
    form = page.context["form"]
    data = {"level": "student"}
    for name in form.fields:
        value = form[name].value()
        if value not in (None, "", []):
            data[name] = value
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(url, data)
    assert saved.status_code == 302, saved.context["form"].errors
    run_due_tasks()
    version.refresh_from_db()
    assert version.status == DatasetVersion.Status.READY, version.status_message

    stored = {
        (o.measure_version.measure.code, o.period, o.disaggregation): (o.numerator, o.denominator)
        for o in Observation.objects.filter(team=schools_team).select_related(
            "measure_version__measure"
        )
    }
    assert stored[("referral_rate", OCTOBER, "")] == (Decimal(26), Decimal(320))
    assert stored[("referral_rate", OCTOBER, "race:black")] == (Decimal(15), Decimal(100))
    assert stored[("referral_rate", OCTOBER, "sex:female")] == (Decimal(26), Decimal(320))
    assert stored[("referral_rate", OCTOBER, "disability:none")] == (Decimal(26), Decimal(320))
    # The index: Black 150 per 1,000 over White 50; students of color (15 + 1) / (100 + 20).
    index = "referral_relative_rate_index"
    assert stored[(index, YEAR, "race:black")] == (Decimal(150), Decimal(50))
    assert stored[(index, YEAR, "")] == (Decimal("133.3333"), Decimal(50))
    assert (index, YEAR, "race:hispanic") not in stored

    report = client.get(reverse("outcomes:dataset_report", args=[schools_team.pk, version.pk]))
    text = report.content.decode()
    assert "School year 2023-24: relative rate index by group and stage" in text
    assert "<strong>3.00</strong>" in text
    assert "Suppressed</span>: fewer than 50 students at the stage before (1 of 20)" in text
    assert (
        "Suppressed</span>: fewer than 50 students at the stage before (2 of 10)" in text
    )  # arrests

    client.force_login(cast.member_b)
    assert client.get(report.request["PATH_INFO"]).status_code == 404
