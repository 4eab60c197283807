"""From an NYC-layout crash file and an NYPD-layout shooting file to stored observations: the
upload, the mapping the page proposes with no help (the public layout recognised, NYPD's
victim level chosen, its victims numbered within their incidents), the processing task and the
values of the traffic-safety and community-violence-intervention measures, checked against
counts made by hand below. Also a plain NYC file, whose "Injured" is not on the KABCO scale:
it is read as an injury of unknown severity, so only deaths are counted and the report says
why KSI is not."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lcpa.accounts.models import User
from lcpa.cohorts.models import Membership, Team
from lcpa.cohorts.services import cohort_create
from lcpa.curriculum.models import Jurisdiction, Sector, TeamRole
from lcpa.outcomes.models import ColumnMapping, DatasetVersion, Observation
from lcpa.testing import choose_measure, make_user, run_due_tasks

NYC_HEADER = (
    "UNIQUE_ID,COLLISION_ID,CRASH_DATE,CRASH_TIME,PERSON_ID,PERSON_TYPE,PERSON_INJURY,"
    "VEHICLE_ID,PERSON_AGE,EJECTION,EMOTIONAL_STATUS,BODILY_INJURY,POSITION_IN_VEHICLE,"
    "SAFETY_EQUIPMENT,PED_LOCATION,PED_ACTION,COMPLAINT,PED_ROLE,CONTRIBUTING_FACTOR_1,"
    "CONTRIBUTING_FACTOR_2,PERSON_SEX"
)
WORDS = {"K": "Killed", "A": "Injured", "B": "Injured", "C": "Injured", "O": "Unspecified"}


def person(uid, collision, day, mode, kabco, *, age="40", month=3, kabco_column=True, year=2024):
    injury = WORDS.get(kabco, "Unspecified")
    row = (
        f"{uid},{collision},{month:02}/{day:02}/{year},14:05,p-{uid}-x,{mode},{injury},,{age},,"
        f"Conscious,Head,Driver,None,,,Minor Bleeding,Driver,Unsafe Speed,Unspecified,M"
    )
    return row + (f",{kabco}" if kabco_column else "")


# March 2024: 3 people killed or seriously injured (a pedestrian K, a cyclist A, an occupant A)
# and two not (O, B). April: 1 (a pedestrian A), one C; a person with no KABCO and one aged
# 9999 are rejected, and a repeated row is a duplicate.
CRASH_ROWS = [
    person(1, 401, 2, "Pedestrian", "K"),
    person(2, 401, 2, "Occupant", "O"),
    person(3, 402, 9, "Bicyclist", "A"),
    person(4, 403, 20, "Occupant", "B"),
    person(5, 403, 20, "Occupant", "A"),
    person(6, 404, 1, "Pedestrian", "A", month=4),
    person(7, 405, 8, "Occupant", "C", month=4),
    person(8, 405, 8, "Occupant", "", month=4),
    person(9, 406, 15, "Occupant", "K", age="9999", month=4),
    person(6, 404, 1, "Pedestrian", "A", month=4),
]
CRASHES = "\n".join([NYC_HEADER + ",KABCO", *CRASH_ROWS]).encode() + b"\n"

NYPD_HEADER = (
    "INCIDENT_KEY,OCCUR_DATE,OCCUR_TIME,BORO,PRECINCT,JURISDICTION_CODE,LOCATION_DESC,"
    "STATISTICAL_MURDER_FLAG,PERP_AGE_GROUP,PERP_SEX,PERP_RACE,VIC_AGE_GROUP,VIC_SEX,VIC_RACE,"
    "X_COORD_CD,Y_COORD_CD,Latitude,Longitude"
)


def victim(key, day, precinct, fatal, *, month=1, age="25-44"):
    return (
        f"{key},{month:02}/{day:02}/2024,21:30:00,BROOKLYN,{precinct},0,,{fatal},(null),(null),"
        f"(null),{age},M,BLACK,1008000,180000,40.67,-73.88"
    )


# January 2024: incident 1001 in precinct 75 killed one and wounded one (two rows, no victim
# number), 1002 in 73 wounded one, 1003 in 75 wounded one (its age group "1022", NYPD's typo).
# February: 1004 in 73 killed one, 1005 in 73 wounded one.
SHOOTINGS = (
    "\n".join(
        [
            NYPD_HEADER,
            victim(1001, 5, 75, "true"),
            victim(1001, 5, 75, "false", age="18-24"),
            victim(1002, 12, 73, "false"),
            victim(1003, 20, 75, "false", age="1022"),
            victim(1004, 3, 73, "true", month=2),
            victim(1005, 17, 73, "false", month=2),
        ]
    ).encode()
    + b"\n"
)
JAN, FEB, MAR, APR = (date(2024, m, 1) for m in (1, 2, 3, 4))


@pytest.fixture(autouse=True)
def _temporary_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def coordinator_of(cast, slug: str, population: int | None) -> tuple[Team, User]:
    cohort = cohort_create(
        learning_community=cast.communities[slug],
        name=f"{slug} cohort",
        starts_on=date(2026, 9, 1),
        ends_on=date(2027, 3, 1),
    )
    place = Jurisdiction.objects.create(name="Riverton", state="NY", population=population)
    team = Team.objects.create(cohort=cohort, jurisdiction=place, name="Riverton team")
    user = make_user(f"{slug}@test.example")
    Membership.objects.create(
        team=team, user=user, role=TeamRole.DATA_COORDINATOR, sector=Sector.PUBLIC_HEALTH
    )
    return team, user


def upload(client, team, kind, name, content, capture):
    with capture(execute=True):
        response = client.post(
            reverse("outcomes:dataset_upload", args=[team.pk]),
            {
                "kind": kind,
                "name": f"{kind} records",
                "file": SimpleUploadedFile(name, content, content_type="text/csv"),
            },
        )
    assert response.status_code == 302, response.content.decode()
    run_due_tasks()
    version = DatasetVersion.objects.get(dataset__team=team)
    assert version.status == DatasetVersion.Status.WAITING_FOR_MAPPING
    return version


def form_data(response) -> dict:
    form = response.context["form"]
    data = {"level": response.context["screen"].level}
    for name in form.fields:
        value = form[name].value()
        if value not in (None, "", []):
            data[name] = value
    return data


def confirm_as_proposed(client, version, capture):
    url = reverse("outcomes:dataset_mapping", args=[version.dataset.team.pk, version.pk])
    page = client.get(url)
    with capture(execute=True):
        saved = client.post(url, form_data(page))
    assert saved.status_code == 302, saved.context["form"].errors
    run_due_tasks()
    version.refresh_from_db()
    assert version.status == DatasetVersion.Status.READY, version.status_message
    return page


def stored(team) -> dict:
    return {
        (o.measure_version.measure.code, o.period, o.disaggregation): (o.numerator, o.denominator)
        for o in Observation.objects.filter(team=team).select_related("measure_version__measure")
    }


def test_an_nyc_crash_file_is_mapped_with_no_help_and_gives_ksi_and_its_rate(
    client, cast, django_capture_on_commit_callbacks
):
    team, coordinator = coordinator_of(cast, "traffic-safety", 250_000)
    choose_measure(team, "ksi_count", by=coordinator)
    client.force_login(coordinator)
    version = upload(
        client, team, "crashes", "persons.csv", CRASHES, django_capture_on_commit_callbacks
    )
    page = confirm_as_proposed(client, version, django_capture_on_commit_callbacks)
    assert "NYC Motor Vehicle Collisions - Person" in page.content.decode()
    proposed = {row.column.name: row.source for row in page.context["screen"].columns}
    assert proposed["injury_severity"] == "KABCO"
    assert proposed["mode"] == "PERSON_TYPE" and proposed["crash_id"] == "COLLISION_ID"
    mapping = ColumnMapping.objects.get(team=team, kind="crashes")
    assert mapping.value_mappings["mode"]["Bicyclist"] == "cyclist"

    assert stored(team) == {
        ("ksi_count", MAR, ""): (Decimal(3), None),
        ("ksi_count", APR, ""): (Decimal(1), None),
        ("ksi_rate", MAR, ""): (Decimal(3), Decimal(250_000)),
        ("ksi_rate", APR, ""): (Decimal(1), Decimal(250_000)),
    }
    assert version.report["rows_read"] == 10 and version.report["rows_written"] == 7
    assert version.report["rows_rejected"] == 2 and version.report["duplicates"] == 1
    report = client.get(
        reverse("outcomes:dataset_report", args=[team.pk, version.pk])
    ).content.decode()
    assert "age (your column “PERSON_AGE”): outside 0 to 120" in report
    assert "injury_severity (your column “KABCO”): missing" in report


# Five years and a month of crashes, May 2019 to May 2024. Deaths (K) counted by hand: May 2019
# 2 (two crashes), June 2019 2 (one crash), March 2022 1, April 2024 1 (an A the same day is
# not a death), May 2024 1. The 60 months ending April 2024 (May 2019 - April 2024) hold
# 2 + 2 + 1 + 1 = 6 deaths: 6 / 5 = 1.2 a year. Those ending May 2024 (June 2019 - May 2024)
# hold 2 + 1 + 1 + 1 = 5: 1.0. Earlier months close fewer than 60 months and give nothing.
FIVE_YEARS = [
    person(1, 501, 3, "Occupant", "K", month=5, year=2019),
    person(9, 507, 28, "Pedestrian", "K", month=5, year=2019),
    person(2, 502, 11, "Pedestrian", "K", month=6, year=2019),
    person(3, 502, 11, "Occupant", "K", month=6, year=2019),
    person(4, 503, 20, "Occupant", "B", month=1, year=2021),
    person(5, 504, 7, "Bicyclist", "K", month=3, year=2022),
    person(6, 505, 15, "Occupant", "K", month=4, year=2024),
    person(7, 505, 15, "Occupant", "A", month=4, year=2024),
    person(8, 506, 30, "Pedestrian", "K", month=5, year=2024),
]


def test_fatalities_are_stored_as_a_five_year_rolling_average_that_matches_a_hand_count(
    client, cast, django_capture_on_commit_callbacks
):
    team, coordinator = coordinator_of(cast, "traffic-safety", 250_000)
    choose_measure(team, "fatalities_5yr_average", by=coordinator)
    client.force_login(coordinator)
    content = "\n".join([NYC_HEADER + ",KABCO", *FIVE_YEARS]).encode() + b"\n"
    version = upload(
        client, team, "crashes", "persons.csv", content, django_capture_on_commit_callbacks
    )
    confirm_as_proposed(client, version, django_capture_on_commit_callbacks)
    fatalities = {
        (period, disaggregation): value
        for (code, period, disaggregation), value in stored(team).items()
        if code == "fatalities_5yr_average"
    }
    assert fatalities == {
        (date(2024, 4, 1), ""): (Decimal("1.2"), None),
        (date(2024, 5, 1), ""): (Decimal("1.0"), None),
    }


def test_without_a_population_the_ksi_rate_is_left_out(
    client, cast, django_capture_on_commit_callbacks
):
    team, coordinator = coordinator_of(cast, "traffic-safety", None)
    choose_measure(team, "ksi_count", by=coordinator)
    client.force_login(coordinator)
    version = upload(
        client, team, "crashes", "persons.csv", CRASHES, django_capture_on_commit_callbacks
    )
    confirm_as_proposed(client, version, django_capture_on_commit_callbacks)
    assert {code for code, _p, _d in stored(team)} == {"ksi_count"}


def test_a_plain_nyc_file_maps_what_it_can_and_says_ksi_needs_graded_injuries(
    client, cast, django_capture_on_commit_callbacks
):
    team, coordinator = coordinator_of(cast, "traffic-safety", 250_000)
    choose_measure(team, "ksi_count", by=coordinator)
    client.force_login(coordinator)
    # NYC's own PERSON_INJURY only: a pedestrian killed, two people injured (how badly, the
    # file does not say) and one Unspecified.
    rows = [
        person(n, 500 + n, 3, mode, kabco, kabco_column=False)
        for n, (mode, kabco) in enumerate(
            [("Pedestrian", "K"), ("Bicyclist", "A"), ("Occupant", "B"), ("Occupant", "O")]
        )
    ]
    plain = "\n".join([NYC_HEADER, *rows]).encode()
    version = upload(
        client, team, "crashes", "plain.csv", plain, django_capture_on_commit_callbacks
    )
    page = confirm_as_proposed(client, version, django_capture_on_commit_callbacks)
    proposed = {row.column.name: row.source for row in page.context["screen"].columns}
    assert proposed["injury_severity"] == "PERSON_INJURY"
    mapping = ColumnMapping.objects.get(team=team, kind="crashes")
    assert mapping.value_mappings["injury_severity"] == {
        "Killed": "K",
        "Injured": "injured, severity unknown",
        "Unspecified": "unknown",
    }

    assert version.report["rows_written"] == 4 and version.report["rows_rejected"] == 0
    assert not Observation.objects.filter(team=team).exists()
    assert "People killed or seriously injured, by mode (no injury_severity A, B or C)" in (
        version.status_message
    )
    assert "only deaths are counted" in version.status_message
    report = client.get(
        reverse("outcomes:dataset_report", args=[team.pk, version.pk])
    ).content.decode()
    assert "Measures this file cannot give" in report
    assert "serious injuries cannot be told from minor ones" in report
    assert "Fatalities, 5-year rolling average" not in report  # deaths are counted


def test_an_nypd_shooting_file_is_mapped_with_no_help_at_the_victim_level(
    client, cast, django_capture_on_commit_callbacks
):
    team, coordinator = coordinator_of(cast, "community-violence-intervention", 50_000)
    choose_measure(team, "fatal_shooting_victims", by=coordinator)
    client.force_login(coordinator)
    version = upload(
        client, team, "shootings", "nypd.csv", SHOOTINGS, django_capture_on_commit_callbacks
    )
    page = confirm_as_proposed(client, version, django_capture_on_commit_callbacks)
    assert "NYPD Shooting Incident Data" in page.content.decode()
    assert page.context["screen"].level == "victim"
    proposed = {row.column.name: row.source for row in page.context["screen"].columns}
    assert proposed["victim_id"] == "" and proposed["fatal"] == "STATISTICAL_MURDER_FLAG"
    assert proposed["area"] == "PRECINCT"
    mapping = ColumnMapping.objects.get(team=team, kind="shootings")
    assert mapping.level == "victim"
    assert mapping.value_mappings["victim_age_group"]["1022"] == "unknown"

    assert version.report["rows_written"] == 6 and version.report["duplicates"] == 0
    assert stored(team) == {
        ("fatal_shooting_victims", JAN, ""): (Decimal(1), None),
        ("fatal_shooting_victims", JAN, "geography:75"): (Decimal(1), None),
        ("fatal_shooting_victims", FEB, ""): (Decimal(1), None),
        ("fatal_shooting_victims", FEB, "geography:73"): (Decimal(1), None),
        ("nonfatal_shooting_victims", JAN, ""): (Decimal(3), None),
        ("nonfatal_shooting_victims", JAN, "geography:75"): (Decimal(2), None),
        ("nonfatal_shooting_victims", JAN, "geography:73"): (Decimal(1), None),
        ("nonfatal_shooting_victims", FEB, ""): (Decimal(1), None),
        ("nonfatal_shooting_victims", FEB, "geography:73"): (Decimal(1), None),
        ("shooting_victim_rate", JAN, ""): (Decimal(4), Decimal(50_000)),
        ("shooting_victim_rate", FEB, ""): (Decimal(2), Decimal(50_000)),
    }
