"""From a Stanford Open Policing-layout stops file to measures by race: the no-JavaScript
upload, the mapping proposed with no help and confirmed as it is, the processing task, the
observations of the Traffic Safety measures by race (checked against counts made by hand below),
next month's file with no mapping, and the veil-of-darkness test stored on the version and shown
on its page: not run, and why, on a small file; run on synthetic stops with a known effect."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lcpa.curriculum.models import LearningCommunity
from lcpa.outcomes.analytics.samples.stops import write_csv
from lcpa.outcomes.models import ColumnMapping, DatasetVersion, Observation
from lcpa.testing import choose_measure, run_due_tasks

HEADER = (
    "raw_row_number,date,time,location,lat,lng,district,subject_age,subject_race,subject_sex,"
    "officer_id_hash,type,violation,arrest_made,citation_issued,warning_issued,outcome,"
    "contraband_found,frisk_performed,search_conducted,search_basis,reason_for_stop,vehicle_make"
)
REASONS = {
    "equipment": "Vehicle Equipment Violation",
    "registration": "Vehicle Regulatory Violation",
    "speeding": "Speed Limit Violation",
}


def row(number, day, race, reason, searched, basis, found, outcome, *, month=1):
    """One vehicular stop at 17:30 on `day` of `month` 2024."""
    flags = [str(outcome == kind).upper() for kind in ("arrest", "citation", "warning")]
    return (
        f"{number},2024-{month:02}-{day:02},17:30:00,100 BLOCK OF MAIN ST,36.16,-86.78,1,30,"
        f"{race},male,9a1b2c3d4e,vehicular,{REASONS[reason].upper()},{','.join(flags)},{outcome},"
        f"{found},FALSE,{searched},{basis},{REASONS[reason]},TOYOTA"
    )


# January 2024: 8 stops. Black 4, White 3, Asian/Pacific Islander 1.
# Non-safety (equipment, registration): 1, 2, 3, 7: black 3 of 4, white 1 of 3, total 4 of 8.
# Searches: 1, 2, 4, 6: black 3 of 4, white 1 of 3, total 4 of 8.
# Discretionary searches (search 2 is an "other" one: left out): 1, 4, 6, hits 1 and 6:
# black 1 of 2, white 1 of 1, total 2 of 3.
JANUARY = [
    row(1, 2, "black", "equipment", "TRUE", "consent", "TRUE", "arrest"),
    row(2, 3, "black", "equipment", "TRUE", "other", "FALSE", "arrest"),
    row(3, 4, "black", "registration", "FALSE", "NA", "NA", "citation"),
    row(4, 5, "black", "speeding", "TRUE", "probable cause", "FALSE", "citation"),
    row(5, 6, "white", "speeding", "FALSE", "NA", "NA", "warning"),
    row(6, 7, "white", "speeding", "TRUE", "k9", "TRUE", "citation"),
    row(7, 8, "white", "registration", "FALSE", "NA", "NA", "warning"),
    row(8, 9, "asian/pacific islander", "speeding", "FALSE", "NA", "NA", "citation"),
]
# February 2024: 2 stops of Black drivers, 1 for equipment, 1 searched (no hit).
FEBRUARY = [
    row(9, 1, "black", "equipment", "FALSE", "NA", "NA", "warning", month=2),
    row(10, 2, "black", "speeding", "TRUE", "consent", "FALSE", "citation", month=2),
]
WINTER = "\n".join([HEADER, *JANUARY, *FEBRUARY]).encode() + b"\n"
# March 2024, next month's file: 2 stops, 1 of a White driver for equipment.
MARCH = "\n".join(
    [
        HEADER,
        row(11, 1, "white", "equipment", "FALSE", "NA", "NA", "warning", month=3),
        row(12, 2, "black", "speeding", "FALSE", "NA", "NA", "citation", month=3),
    ]
).encode()
JAN, FEB, MAR = date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1)


@pytest.fixture(autouse=True)
def _temporary_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def traffic_team(cast):
    """Team A in a Traffic Safety cohort, its jurisdiction in Tennessee (Central time, as the
    synthetic city)."""
    cast.cohort.learning_community = LearningCommunity.objects.get(slug="traffic-safety")
    cast.cohort.save()
    jurisdiction = cast.team_a.jurisdiction
    jurisdiction.state = "TN"
    jurisdiction.save()
    cast.team_a.refresh_from_db()
    choose_measure(cast.team_a, "search_rate", by=cast.member_a1)
    return cast.team_a


def upload(client, team, content, capture, name="stops.csv"):
    with capture(execute=True):
        response = client.post(
            reverse("outcomes:dataset_upload", args=[team.pk]),
            {
                "kind": "stops",
                "name": "Traffic stops",
                "file": SimpleUploadedFile(name, content, content_type="text/csv"),
            },
        )
    assert response.status_code == 302, response.content.decode()
    run_due_tasks()
    return DatasetVersion.objects.filter(dataset__team=team).order_by("-number").first()


def mapping_url(version):
    return reverse("outcomes:dataset_mapping", args=[version.dataset.team.pk, version.pk])


def report_url(version):
    return reverse("outcomes:dataset_report", args=[version.dataset.team.pk, version.pk])


def confirm_as_proposed(client, version, capture):
    """Open the mapping page and save it with every field as the platform proposed it."""
    page = client.get(mapping_url(version))
    form = page.context["form"]
    data = {"level": page.context["screen"].level}
    for name in form.fields:
        value = form[name].value()
        if value not in (None, "", []):
            data[name] = value
    with capture(execute=True):
        saved = client.post(mapping_url(version), data)
    assert saved.status_code == 302, saved.context["form"].errors
    run_due_tasks()
    version.refresh_from_db()
    return page


def observations(team):
    return {
        (o.measure_version.measure.code, o.period, o.disaggregation): (o.numerator, o.denominator)
        for o in Observation.objects.filter(team=team).select_related("measure_version__measure")
    }


def test_a_stanford_file_is_mapped_with_no_help_and_gives_the_measures_by_race(
    client, cast, traffic_team, django_capture_on_commit_callbacks
):
    client.force_login(cast.member_a1)
    version = upload(client, traffic_team, WINTER, django_capture_on_commit_callbacks)
    assert version.status == DatasetVersion.Status.WAITING_FOR_MAPPING

    page = confirm_as_proposed(client, version, django_capture_on_commit_callbacks)
    assert "Stanford Open Policing" in page.content.decode()
    proposed = {row.column.name: row for row in page.context["screen"].columns}
    assert proposed["subject_race"].source == "subject_race"
    assert proposed["search_basis"].confidence == 1.0
    assert version.status == DatasetVersion.Status.READY, version.status_message
    saved = ColumnMapping.objects.get(team=traffic_team, kind="stops")
    assert saved.mapping["stop_reason_class"] == "reason_for_stop"
    assert saved.value_mappings["stop_reason_class"]["Vehicle Equipment Violation"] == "equipment"

    values = observations(traffic_team)
    d = Decimal
    expected = {
        ("stops_by_race", JAN, ""): (d(8), None),
        ("stops_by_race", JAN, "race:black"): (d(4), None),
        ("stops_by_race", JAN, "race:white"): (d(3), None),
        ("stops_by_race", JAN, "race:asian_pacific_islander"): (d(1), None),
        ("stops_by_race", FEB, ""): (d(2), None),
        ("stops_by_race", FEB, "race:black"): (d(2), None),
        ("non_safety_stop_share", JAN, ""): (d(4), d(8)),
        ("non_safety_stop_share", JAN, "race:black"): (d(3), d(4)),
        ("non_safety_stop_share", JAN, "race:white"): (d(1), d(3)),
        ("non_safety_stop_share", JAN, "race:asian_pacific_islander"): (d(0), d(1)),
        ("non_safety_stop_share", FEB, ""): (d(1), d(2)),
        ("non_safety_stop_share", FEB, "race:black"): (d(1), d(2)),
        ("search_rate", JAN, ""): (d(4), d(8)),
        ("search_rate", JAN, "race:black"): (d(3), d(4)),
        ("search_rate", JAN, "race:white"): (d(1), d(3)),
        ("search_rate", JAN, "race:asian_pacific_islander"): (d(0), d(1)),
        ("search_rate", FEB, ""): (d(1), d(2)),
        ("search_rate", FEB, "race:black"): (d(1), d(2)),
        ("hit_rate", JAN, ""): (d(2), d(3)),
        ("hit_rate", JAN, "race:black"): (d(1), d(2)),
        ("hit_rate", JAN, "race:white"): (d(1), d(1)),
        ("hit_rate", FEB, ""): (d(0), d(1)),
        ("hit_rate", FEB, "race:black"): (d(0), d(1)),
    }
    # Per 1,000 residents: the jurisdiction's population (40,000) is the denominator.
    expected[("stops_per_1000_residents", JAN, "")] = (d(8), d(40_000))
    expected[("stops_per_1000_residents", FEB, "")] = (d(2), d(40_000))
    # A race with no stop in February is stored as 0 stops (a count chart needs its zeros).
    expected[("stops_by_race", FEB, "race:white")] = (d(0), None)
    expected[("stops_by_race", FEB, "race:asian_pacific_islander")] = (d(0), None)
    # How the stops ended: January's arrests 1 and 2 and warnings 5 and 7, of 8 stops;
    # February's warning 9 and no arrest, of 2 (0 is stored: a share chart needs its zeros).
    expected[("stops_ending_in_arrest", JAN, "")] = (d(2), d(8))
    expected[("stops_ending_in_arrest", FEB, "")] = (d(0), d(2))
    expected[("stops_ending_in_warning", JAN, "")] = (d(2), d(8))
    expected[("stops_ending_in_warning", FEB, "")] = (d(1), d(2))
    assert values == expected
    stored = Observation.objects.filter(team=traffic_team)
    assert {o.source for o in stored} == {Observation.Source.COMPUTED}
    assert {o.dataset_version_id for o in stored} == {version.pk}

    # Ten stops are far too few for the veil-of-darkness test: the page says so.
    assert version.veil_of_darkness["ran"] is False
    assert "Too few stops in the hours around dusk" in version.veil_of_darkness["reason"]
    report = client.get(report_url(version)).content.decode()
    assert "Veil-of-darkness test" in report
    assert "The test was not run. Too few stops in the hours around dusk" in report

    # Next month's file, with the same columns, needs no mapping.
    march = upload(client, traffic_team, MARCH, django_capture_on_commit_callbacks, "m.csv")
    assert march.status == DatasetVersion.Status.READY, march.status_message
    values = observations(traffic_team)
    assert values[("non_safety_stop_share", MAR, "")] == (d(1), d(2))
    assert values[("non_safety_stop_share", MAR, "race:white")] == (d(1), d(1))
    assert values[("stops_by_race", MAR, "race:black")] == (d(1), None)
    assert values[("stops_ending_in_warning", MAR, "")] == (d(1), d(2))
    assert values[("search_rate", JAN, "")] == (d(4), d(8))
    assert ColumnMapping.objects.get().history.count() == 1


def test_a_file_without_times_says_why_the_test_was_not_run(
    client, cast, traffic_team, django_capture_on_commit_callbacks
):
    client.force_login(cast.member_a1)
    untimed = WINTER.replace(b",17:30:00,", b",NA,")
    version = upload(client, traffic_team, untimed, django_capture_on_commit_callbacks)
    confirm_as_proposed(client, version, django_capture_on_commit_callbacks)
    assert version.status == DatasetVersion.Status.READY, version.status_message
    assert version.veil_of_darkness == {
        "ran": False,
        "reason": "The file has no stop times: the test compares stops made at the same time "
        "of day, so map the column that holds the time of each stop.",
        "time_zone": "America/Chicago",
    }
    assert "The file has no stop times" in client.get(report_url(version)).content.decode()


def test_the_veil_of_darkness_test_recovers_the_injected_effect_through_processing(
    client, cast, traffic_team, django_capture_on_commit_callbacks, tmp_path
):
    source = tmp_path / "synthetic.csv"
    write_csv(source, 20_000, seed=5, start=date(2022, 1, 1), end=date(2022, 12, 31), effect=-0.5)
    client.force_login(cast.member_a1)
    version = upload(client, traffic_team, source.read_bytes(), django_capture_on_commit_callbacks)
    confirm_as_proposed(client, version, django_capture_on_commit_callbacks)
    assert version.status == DatasetVersion.Status.READY, version.status_message

    result = version.veil_of_darkness
    assert result["ran"] is True, result
    assert -0.8 < result["coefficient"] < -0.2  # the injected effect is -0.5
    assert result["ci_low"] < result["coefficient"] < result["ci_high"] < 0
    assert result["finding"] == "lower_after_dark"
    assert result["n"] == result["n_black"] + result["n_white"] > 1000
    assert result["time_zone"] == "America/Chicago"
    assert result["dropped"]["driver neither Black nor White"] > 1000

    dataset = client.get(reverse("outcomes:dataset", args=[traffic_team.pk, version.dataset_id]))
    assert "Validation report and veil-of-darkness test" in dataset.content.decode()
    page = client.get(report_url(version)).content.decode()
    assert "stops of Black drivers were less likely after dark, when race is harder to see" in page
    assert f"{result['coefficient']:.3f}" in page
    assert "It is a sign, not proof." in page
    assert "Stops the test left out" in page
