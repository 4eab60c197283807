"""From a New Orleans-layout export to computed measures: the no-JavaScript upload, the
column-mapping page (proposal, corrections, value mappings, what it refuses), the processing
task, the validation report and its CSV, the observations computed (checked against counts made
by hand below), next month's file with no mapping, a failed file that keeps the old values, and
another team's 404s."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lcpa.outcomes import datasets
from lcpa.outcomes.analytics.calltypes import classify_call_type
from lcpa.outcomes.dataset_tasks import process_dataset_version
from lcpa.outcomes.forms_datasets import NOT_IN_FILE
from lcpa.outcomes.models import ColumnMapping, DatasetVersion, Observation
from lcpa.testing import choose_measure, run_due_tasks

HEADER = (
    "NOPD_Item,Type,TypeText,Priority,InitialType,InitialTypeText,InitialPriority,MapX,MapY,"
    "TimeCreate,TimeDispatch,TimeArrive,TimeClosed,Disposition,DispositionText,SelfInitiated,"
    "Beat,BLOCK_ADDRESS,Zip,PoliceDistrict,Location,Unit,Backup"
)
TYPES = {
    "MENTAL PATIENT": "103M",
    "WELFARE CHECK": "21W",
    "SUICIDE THREAT": "103S",
    "THEFT": "67",
    "COMPLAINT OTHER": "21",
    "AGGRAVATED BATTERY BY SHOOTING": "34S",
    "PSYCHIATRIC EMERGENCY": "103P",
}


def row(item, text, day, minutes, *, month=1, unit="NOPD", backup="", self_initiated="N"):
    """One call received at 10:00 on `day`, its first unit arriving `minutes` later."""
    created = f"{month:02}/{day:02}/2024 10:00:00 AM"
    arrived = f"{month:02}/{day:02}/2024 10:{minutes:02}:00 AM" if minutes is not None else ""
    return (
        f"{item},{TYPES[text]},{text},2A,{TYPES[text]},{text},2A,3679314,533188,{created},"
        f"{created},{arrived},,NAT,Necessary Action Taken,{self_initiated},7L04,"
        f"027XX Dauphine St,70117,7,POINT (-90.04 29.96),{unit},{backup}"
    )


# January 2024: 14 calls from the community, 2 officer-initiated.
# Eligible (mental patient, welfare check): 8, of which the alternative team answered 5
# (coverage 5/8); 1 of its 5 responses asked for backup (1/5); its arrival times 10, 20, 30,
# 40 and 15 minutes have the median 20.
JANUARY = [
    row("J01", "MENTAL PATIENT", 2, 10, unit="ALT", backup="Y"),
    row("J02", "MENTAL PATIENT", 3, 20, unit="ALT", backup="N"),
    row("J03", "MENTAL PATIENT", 4, 30, unit="ALT", backup="N"),
    row("J04", "MENTAL PATIENT", 5, 40, unit="ALT", backup="N"),
    row("J05", "MENTAL PATIENT", 6, 12),
    row("J06", "MENTAL PATIENT", 7, 14),
    row("J07", "WELFARE CHECK", 8, 15, unit="ALT", backup="N"),
    row("J08", "WELFARE CHECK", 9, 25),
    *(row(f"J1{n}", "THEFT", 10 + n, 30) for n in range(5)),
    row("J15", "AGGRAVATED BATTERY BY SHOOTING", 16, 5),
    row("J16", "COMPLAINT OTHER", 17, None, self_initiated="Y"),
    row("J17", "COMPLAINT OTHER", 18, None, self_initiated="Y"),
]
# February 2024: eligible 6 (4 mental patient, 2 suicide threat), the alternative team
# answered the 4 mental-patient calls (4/6), 2 of them with backup (2/4), in 5, 7, 9 and 11
# minutes (median 8).
FEBRUARY = [
    row("F01", "MENTAL PATIENT", 1, 5, month=2, unit="ALT", backup="Y"),
    row("F02", "MENTAL PATIENT", 2, 7, month=2, unit="ALT", backup="Y"),
    row("F03", "MENTAL PATIENT", 3, 9, month=2, unit="ALT", backup="N"),
    row("F04", "MENTAL PATIENT", 4, 11, month=2, unit="ALT", backup="N"),
    row("F05", "SUICIDE THREAT", 5, 6, month=2),
    row("F06", "SUICIDE THREAT", 6, 8, month=2),
    *(row(f"F1{n}", "THEFT", 10 + n, 20, month=2) for n in range(6)),
    row("F16", "COMPLAINT OTHER", 17, None, month=2, self_initiated="Y"),
    row("F17", "COMPLAINT OTHER", 18, None, month=2, self_initiated="Y"),
]
# A row repeating J01 (a duplicate) and one whose time cannot be read (rejected).
BROKEN = [
    row("J01", "MENTAL PATIENT", 2, 10, unit="ALT", backup="Y"),
    row("J99", "THEFT", 20, 30).replace("01/20/2024 10:00:00 AM", "sometime", 1),
]
WINTER = "\n".join([HEADER, *JANUARY, *FEBRUARY, *BROKEN]).encode() + b"\n"
# March: 2 eligible calls, both answered by the alternative team, one with backup.
MARCH = "\n".join(
    [
        HEADER,
        row("M01", "MENTAL PATIENT", 1, 6, month=3, unit="ALT", backup="Y"),
        row("M02", "WELFARE CHECK", 2, 10, month=3, unit="ALT", backup="N"),
        row("M03", "THEFT", 3, 30, month=3),
    ]
).encode()


@pytest.fixture(autouse=True)
def _temporary_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def measures(cast):
    choose_measure(cast.team_a, "alternative_coverage", by=cast.member_a1)


def upload(client, team, content, django_capture_on_commit_callbacks, name="calls.csv"):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("outcomes:dataset_upload", args=[team.pk]),
            {
                "kind": "calls",
                "name": "CAD calls",
                "file": SimpleUploadedFile(name, content, content_type="text/csv"),
            },
        )
    assert response.status_code == 302, response.content.decode()
    run_due_tasks()
    return DatasetVersion.objects.filter(dataset__team=team).order_by("-number").first()


def form_data(response) -> dict:
    """What the page's form would send as it is (every field at its shown value)."""
    form = response.context["form"]
    data = {"level": response.context["screen"].level}
    for name in form.fields:
        value = form[name].value()
        if value not in (None, "", []):
            data[name] = value
    return data


def values_of(response, target: str) -> dict[str, str]:
    return {field.label: field.name for field in response.context["form"].value_fields(target)}


def mapping_url(version):
    return reverse("outcomes:dataset_mapping", args=[version.dataset.team.pk, version.pk])


def observations(team, disaggregation=""):
    """The team's stored values of the total (or of one group): (code, period): (num, den)."""
    return {
        (o.measure_version.measure.code, o.period): (o.numerator, o.denominator)
        for o in Observation.objects.filter(
            team=team, disaggregation=disaggregation
        ).select_related("measure_version__measure")
    }


def map_and_process(client, version, django_capture_on_commit_callbacks):
    page = client.get(mapping_url(version))
    data = form_data(page)
    data |= {"column_responder_type": "Unit", "column_backup_requested": "Backup"}
    relisted = client.post(mapping_url(version), data)
    assert relisted.status_code == 200
    assert "The values of responder_type are now those of the column you chose" in (
        relisted.content.decode()
    )
    data = form_data(relisted)
    units = values_of(relisted, "responder_type")
    data |= {units["ALT"]: "alternative", units["NOPD"]: "police"}
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(mapping_url(version), data)
    assert saved.status_code == 302, saved.context["form"].errors
    version.refresh_from_db()
    assert version.status == DatasetVersion.Status.PROCESSING
    run_due_tasks()
    version.refresh_from_db()
    return page


def test_a_coordinator_maps_a_new_orleans_export_once_and_sees_its_measures(
    client, cast, measures, django_capture_on_commit_callbacks
):
    client.force_login(cast.member_a1)
    version = upload(client, cast.team_a, WINTER, django_capture_on_commit_callbacks)
    assert version.status == DatasetVersion.Status.WAITING_FOR_MAPPING
    dataset_page = client.get(
        reverse("outcomes:dataset", args=[cast.team_a.pk, version.dataset_id])
    ).content.decode()
    assert "Map the columns" in dataset_page

    page = map_and_process(client, version, django_capture_on_commit_callbacks)
    text = page.content.decode()
    assert "public export of New Orleans" in text
    proposed = {row.column.name: row for row in page.context["screen"].columns}
    assert proposed["call_type_final"].source == "TypeText"
    assert proposed["t_received"].source == "TimeCreate"
    assert proposed["event_id"].confidence == 1.0
    assert "MENTAL PATIENT" in proposed["call_type_final"].samples
    assert "block_address is hashed" in text and "Keep block_address" in text
    categories = dict(
        next(r for r in page.context["screen"].values if r.column.name == "call_category").values
    )
    assert categories["MENTAL PATIENT"] == "Behavioral Health"
    assert categories["THEFT"] == "Property Crime"

    assert version.status == DatasetVersion.Status.READY, version.status_message
    saved = ColumnMapping.objects.get(team=cast.team_a, kind="calls")
    assert saved.mapping["call_category"] == saved.mapping["call_type_final"] == "TypeText"
    assert saved.value_mappings["alt_eligible"]["WELFARE CHECK"] == "yes"
    assert saved.value_mappings["responder_type"] == {"NOPD": "police", "ALT": "alternative"}
    assert len(saved.salt) == 64 and saved.keep == []
    assert saved.columns == HEADER.split(",")
    assert saved.history.count() == 1

    jan, feb = date(2024, 1, 1), date(2024, 2, 1)
    assert observations(cast.team_a) == {
        ("alternative_coverage", jan): (Decimal(5), Decimal(8)),
        ("alternative_coverage", feb): (Decimal(4), Decimal(6)),
        ("police_backup_rate", jan): (Decimal(1), Decimal(5)),
        ("police_backup_rate", feb): (Decimal(2), Decimal(4)),
        ("response_time_median", jan): (Decimal(20), None),
        ("response_time_median", feb): (Decimal(8), None),
        # January: 5 of the 14 community calls went to the alternative team; February 4 of 12.
        ("alternative_share_all_calls", jan): (Decimal(5), Decimal(14)),
        ("alternative_share_all_calls", feb): (Decimal(4), Decimal(12)),
        ("eligible_call_share", jan): (Decimal(8), Decimal(14)),
        ("eligible_call_share", feb): (Decimal(6), Decimal(12)),
        # The alternative team's times: 10, 15, 20, 30, 40 (30 + 0.6 x 10) and 5, 7, 9, 11.
        ("response_time_p90", jan): (Decimal(36), None),
        ("response_time_p90", feb): (Decimal("10.4"), None),
        # Every call ended "Necessary Action Taken": no arrest, no citation.
        ("enforcement_outcome_rate", jan): (Decimal(0), Decimal(14)),
        ("enforcement_outcome_rate", feb): (Decimal(0), Decimal(12)),
        # "Necessary Action Taken" is Vera's enforcement activity: neither help with no
        # enforcement nor an arrest, so both shares of the disposition mix are 0.
        ("calls_resolved_without_enforcement", jan): (Decimal(0), Decimal(14)),
        ("calls_resolved_without_enforcement", feb): (Decimal(0), Decimal(12)),
        ("calls_ending_in_arrest", jan): (Decimal(0), Decimal(14)),
        ("calls_ending_in_arrest", feb): (Decimal(0), Decimal(12)),
        # Every call came from one block: from 30 days after the first call (J01, 2 January),
        # each of February's 12 community calls had another in the 30 days before.
        ("repeat_call_rate", feb): (Decimal(12), Decimal(12)),
    }
    # The file's police district (7) is an area of the measures that allow areas.
    assert observations(cast.team_a, "geography:7") == {
        ("alternative_coverage", jan): (Decimal(5), Decimal(8)),
        ("alternative_coverage", feb): (Decimal(4), Decimal(6)),
        ("alternative_share_all_calls", jan): (Decimal(5), Decimal(14)),
        ("alternative_share_all_calls", feb): (Decimal(4), Decimal(12)),
    }
    stored = Observation.objects.filter(team=cast.team_a)
    assert {o.source for o in stored} == {Observation.Source.COMPUTED}
    assert {o.dataset_version_id for o in stored} == {version.pk}

    report_url = reverse("outcomes:dataset_report", args=[cast.team_a.pk, version.pk])
    assert (
        report_url
        in client.get(
            reverse("outcomes:dataset", args=[cast.team_a.pk, version.dataset_id])
        ).content.decode()
    )
    report = client.get(report_url).content.decode()
    assert "Rows read: 32" in report and "Rows kept: 30" in report
    assert "Rows rejected: 1" in report and "Duplicates" in report
    assert "Hashed: block_address" in report
    # The reasons and the missing values name the coordinator's own columns too.
    assert "t_received (your column “TimeCreate”): not a date and time" in report
    assert (
        '<th scope="row" data-label="Standard column">t_arrived</th>'
        '<td data-label="Your column" class="lc-user-text">TimeArrive</td>'
    ) in report
    download = client.get(reverse("outcomes:dataset_report_csv", args=[cast.team_a.pk, version.pk]))
    assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")
    assert "summary,rows read,32," in download.content.decode()


def test_next_months_file_needs_no_mapping_and_a_failed_one_keeps_the_values(
    client, cast, measures, django_capture_on_commit_callbacks
):
    client.force_login(cast.member_a1)
    first = upload(client, cast.team_a, WINTER, django_capture_on_commit_callbacks)
    map_and_process(client, first, django_capture_on_commit_callbacks)
    march = upload(client, cast.team_a, MARCH, django_capture_on_commit_callbacks, "march.csv")
    assert march.status == DatasetVersion.Status.READY, march.status_message
    values = observations(cast.team_a)
    assert values[("alternative_coverage", date(2024, 3, 1))] == (Decimal(2), Decimal(2))
    assert values[("alternative_coverage", date(2024, 1, 1))] == (Decimal(5), Decimal(8))
    assert ColumnMapping.objects.get().history.count() == 1  # reused as it was

    # The same columns, but no line the reader can read: processed at once, and it fails. (A
    # file of column names alone is refused at upload already.)
    empty = upload(
        client,
        cast.team_a,
        (HEADER + "\nA1,THEFT\nA2,ASSAULT\n").encode(),
        django_capture_on_commit_callbacks,
        "april.csv",
    )
    assert empty.status == DatasetVersion.Status.FAILED
    assert "no rows" in empty.status_message
    assert observations(cast.team_a) == values
    report = client.get(reverse("outcomes:dataset_report", args=[cast.team_a.pk, empty.pk]))
    assert "Your measures are as they were before this file" in report.content.decode()


def test_a_file_with_other_columns_goes_back_to_the_mapping_page_with_the_old_choices(
    client, cast, measures, django_capture_on_commit_callbacks
):
    client.force_login(cast.member_a1)
    first = upload(client, cast.team_a, WINTER, django_capture_on_commit_callbacks)
    map_and_process(client, first, django_capture_on_commit_callbacks)
    renamed = MARCH.replace(b",Unit,", b",Responder,")
    version = upload(client, cast.team_a, renamed, django_capture_on_commit_callbacks, "m.csv")
    assert version.status == DatasetVersion.Status.WAITING_FOR_MAPPING
    page = client.get(mapping_url(version))
    rows = {row.column.name: row for row in page.context["screen"].columns}
    assert rows["backup_requested"].source == "Backup"
    assert rows["backup_requested"].reason == "Your team's earlier choice"
    assert rows["responder_type"].source == ""


def test_the_mapping_page_refuses_a_missing_required_column_and_a_column_used_twice(
    client, cast, measures, django_capture_on_commit_callbacks
):
    client.force_login(cast.member_a1)
    version = upload(client, cast.team_a, WINTER, django_capture_on_commit_callbacks)
    data = form_data(client.get(mapping_url(version)))
    data.pop("column_event_id")
    data["column_call_type_initial"] = "TypeText"
    refused = client.post(mapping_url(version), data)
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "Choose the file&#x27;s column for event_id: every row needs it." in text
    assert "The column “TypeText” is already used for" in text
    version.refresh_from_db()
    assert version.status == DatasetVersion.Status.WAITING_FOR_MAPPING
    assert not ColumnMapping.objects.exists()


def test_a_cancelled_run_changes_nothing(
    client, cast, measures, django_capture_on_commit_callbacks
):
    client.force_login(cast.member_a1)
    first = upload(client, cast.team_a, WINTER, django_capture_on_commit_callbacks)
    map_and_process(client, first, django_capture_on_commit_callbacks)
    values = observations(cast.team_a)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(
            reverse("outcomes:dataset_upload", args=[cast.team_a.pk]),
            {"kind": "calls", "name": "CAD calls", "file": SimpleUploadedFile("m.csv", MARCH)},
        )
    march = DatasetVersion.objects.get(number=2)
    from lcpa.outcomes.datasets import dataset_version_cancel, dataset_version_take_on

    dataset_version_take_on(version=march, columns=HEADER.split(","))
    march.refresh_from_db()
    assert march.status == DatasetVersion.Status.PROCESSING
    dataset_version_cancel(version=march)
    assert process_dataset_version.call(march.pk) == DatasetVersion.Status.CANCELLED
    assert observations(cast.team_a) == values


def test_another_team_and_other_members_get_404_on_every_new_page(
    client, cast, measures, django_capture_on_commit_callbacks
):
    client.force_login(cast.member_a1)
    version = upload(client, cast.team_a, WINTER, django_capture_on_commit_callbacks)
    map_and_process(client, version, django_capture_on_commit_callbacks)
    urls = [
        reverse(name, args=[cast.team_a.pk, version.pk])
        for name in (
            "outcomes:dataset_mapping",
            "outcomes:dataset_report",
            "outcomes:dataset_report_csv",
        )
    ]
    for user in (cast.member_b, cast.member_a2, cast.outsider):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        assert client.post(urls[0], {"column_event_id": "NOPD_Item"}).status_code == 404
    # Nor through the other team's address with this version's number.
    client.force_login(cast.member_b)
    assert (
        client.get(
            reverse("outcomes:dataset_report", args=[cast.team_b.pk, version.pk])
        ).status_code
        == 404
    )


def test_a_kind_with_several_levels_asks_which_and_shows_that_levels_columns(
    client, cast, django_capture_on_commit_callbacks
):
    client.force_login(cast.member_a1)
    shootings = (
        b"INCIDENT_KEY,OCCUR_DATE,OCCUR_TIME,BORO,VIC_SEX\n228798151,05/27/2021,21:30:00,QUEENS,M\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("outcomes:dataset_upload", args=[cast.team_a.pk]),
            {
                "kind": "shootings",
                "name": "Shootings",
                "file": SimpleUploadedFile("s.csv", shootings),
            },
        )
    run_due_tasks()
    version = DatasetVersion.objects.get()
    incident = client.get(mapping_url(version))
    assert "What one row of the file is" in incident.content.decode()
    assert incident.context["screen"].level == "incident"
    victim = client.get(mapping_url(version) + "?level=victim")
    names = {row.column.name for row in victim.context["screen"].columns}
    assert "victim_id" in names
    assert "victim_id" not in {row.column.name for row in incident.context["screen"].columns}
    assert client.get(mapping_url(version) + "?level=nonsense").status_code == 404


def remap(client, version, django_capture_on_commit_callbacks, **columns):
    """Change a processed version's mapping (the given columns), queueing its processing."""
    data = form_data(client.get(mapping_url(version)))
    data |= {f"column_{name}": source for name, source in columns.items()}
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(mapping_url(version), data)
    assert saved.status_code == 302, saved.context["form"].errors
    version.refresh_from_db()
    assert version.status == DatasetVersion.Status.PROCESSING
    assert version.previous_status == DatasetVersion.Status.READY


def test_a_ready_version_whose_new_mapping_fails_stays_ready_with_its_values(
    client, cast, measures, django_capture_on_commit_callbacks
):
    client.force_login(cast.member_a1)
    version = upload(client, cast.team_a, WINTER, django_capture_on_commit_callbacks)
    map_and_process(client, version, django_capture_on_commit_callbacks)
    assert version.status == DatasetVersion.Status.READY
    values, report, parquet = observations(cast.team_a), version.report, version.parquet_path
    # The time received read from the beat column: no row has a time, so every row fails.
    remap(client, version, django_capture_on_commit_callbacks, t_received="Beat", beat="")
    run_due_tasks()
    version.refresh_from_db()
    assert version.status == DatasetVersion.Status.READY
    assert version.status_message.startswith("The new mapping could not be used: ")
    assert "every row was rejected" in version.status_message
    assert "The values from before are kept." in version.status_message
    assert (version.report, version.parquet_path) == (report, parquet)
    assert observations(cast.team_a) == values
    page = client.get(reverse("outcomes:dataset", args=[cast.team_a.pk, version.dataset_id]))
    text = page.content.decode()
    assert "Ready" in text and "Failed" not in text and "The values from before are kept" in text


def test_cancelling_a_ready_versions_new_processing_keeps_its_values_and_its_file(
    client, cast, measures, django_capture_on_commit_callbacks
):
    client.force_login(cast.member_a1)
    version = upload(client, cast.team_a, WINTER, django_capture_on_commit_callbacks)
    map_and_process(client, version, django_capture_on_commit_callbacks)
    values, original = observations(cast.team_a), version.original.name
    message = version.status_message
    remap(client, version, django_capture_on_commit_callbacks, responder_type="")
    cancel = reverse("outcomes:dataset_version_cancel", args=[cast.team_a.pk, version.pk])
    client.post(cancel, {"confirm": "yes"})
    version.refresh_from_db()
    assert version.status == DatasetVersion.Status.READY
    assert version.status_message == (
        f"The new processing was cancelled. The values from before are kept. {message}"
    )
    assert version.original.name == original
    with version.original.open("rb") as kept:
        assert kept.read() == WINTER
    run_due_tasks()  # the queued processing finds it ready and leaves it
    version.refresh_from_db()
    assert version.status == DatasetVersion.Status.READY
    assert observations(cast.team_a) == values


def test_a_processing_cancelled_as_its_file_is_stored_leaves_the_file_in_use(
    client, cast, measures, django_capture_on_commit_callbacks, tmp_path
):
    client.force_login(cast.member_a1)
    version = upload(client, cast.team_a, WINTER, django_capture_on_commit_callbacks)
    map_and_process(client, version, django_capture_on_commit_callbacks)
    in_use = version.parquet_path
    with default_storage.open(in_use, "rb") as handle:
        content = handle.read()
    remap(client, version, django_capture_on_commit_callbacks, responder_type="")
    cancel = reverse("outcomes:dataset_version_cancel", args=[cast.team_a.pk, version.pk])
    client.post(cancel, {"confirm": "yes"})
    # The task, still running, stores what it made after the cancel.
    made = tmp_path / "made.parquet"
    made.write_bytes(b"not kept")
    stored = datasets.dataset_version_ready(
        version=version, report={}, parquet=made, values=[], message="", by=cast.member_a1
    )
    assert stored is False
    version.refresh_from_db()
    assert version.parquet_path == in_use
    with default_storage.open(in_use, "rb") as handle:
        assert handle.read() == content
    names = default_storage.listdir(f"datasets/{version.storage_key}")[1]
    assert [n for n in names if n.startswith("normalised")] == [in_use.rsplit("/", 1)[1]]


def test_processing_a_version_again_replaces_its_normalised_file(
    client, cast, measures, django_capture_on_commit_callbacks
):
    client.force_login(cast.member_a1)
    version = upload(client, cast.team_a, WINTER, django_capture_on_commit_callbacks)
    map_and_process(client, version, django_capture_on_commit_callbacks)
    before = version.parquet_path
    remap(client, version, django_capture_on_commit_callbacks, responder_type="")
    with django_capture_on_commit_callbacks(execute=True):
        run_due_tasks()
    version.refresh_from_db()
    assert version.status == DatasetVersion.Status.READY
    assert version.parquet_path != before
    assert default_storage.exists(version.parquet_path)
    assert not default_storage.exists(before)


def test_cancelling_a_first_processing_keeps_the_original(
    client, cast, measures, django_capture_on_commit_callbacks
):
    client.force_login(cast.member_a1)
    version = upload(client, cast.team_a, WINTER, django_capture_on_commit_callbacks)
    data = form_data(client.get(mapping_url(version)))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(mapping_url(version), data)
    cancel = reverse("outcomes:dataset_version_cancel", args=[cast.team_a.pk, version.pk])
    client.post(cancel, {"confirm": "yes"})
    run_due_tasks()
    version.refresh_from_db()
    assert version.status == DatasetVersion.Status.CANCELLED
    with version.original.open("rb") as kept:
        assert kept.read() == WINTER
    assert observations(cast.team_a) == {}


def test_next_months_file_is_proposed_with_the_teams_call_type_corrections(
    client, cast, measures, django_capture_on_commit_callbacks
):
    client.force_login(cast.member_a1)
    january = upload(client, cast.team_a, WINTER, django_capture_on_commit_callbacks)
    page = client.get(mapping_url(january))
    data = form_data(page)
    categories = values_of(page, "call_category")
    # The rules read "COMPLAINT OTHER" as a complaint; this team's are welfare concerns.
    assert data[categories["COMPLAINT OTHER"]] == "Complaints/Environmental Conditions"
    data[categories["COMPLAINT OTHER"]] = "Behavioral Health"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(mapping_url(january), data).status_code == 302
    run_due_tasks()
    # April's export writes its call types with their signal code, and has a new column.
    april = "\n".join(
        [
            HEADER + ",Notes",
            row("A01", "COMPLAINT OTHER", 1, None, month=4).replace(
                ",COMPLAINT OTHER,", ",21-COMPLAINT OTHER,"
            )
            + ",",
            row("A02", "THEFT", 2, 30, month=4) + ",",
        ]
    ).encode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("outcomes:dataset_upload", args=[cast.team_a.pk]),
            {"kind": "calls", "name": "CAD calls", "file": SimpleUploadedFile("a.csv", april)},
        )
    run_due_tasks()
    version = DatasetVersion.objects.get(number=2)
    assert version.status == DatasetVersion.Status.WAITING_FOR_MAPPING
    page = client.get(mapping_url(version))
    [call_types] = [r for r in page.context["screen"].values if r.column.name == "call_category"]
    assert dict(call_types.values) == {
        "21-COMPLAINT OTHER": "Behavioral Health",  # the team's correction wins over the rules
        "THEFT": "Property Crime",
    }
    data = form_data(page)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(mapping_url(version), data).status_code == 302
    # April had no "COMPLAINT OTHER" as such: January's correction is kept for the next file.
    saved = ColumnMapping.objects.get(team=cast.team_a, kind="calls")
    assert saved.value_mappings["call_category"]["COMPLAINT OTHER"] == "Behavioral Health"
    assert saved.value_mappings["call_category"]["21-COMPLAINT OTHER"] == "Behavioral Health"


def test_a_new_call_type_in_next_months_file_is_classified_by_the_rules_and_said_so(
    client, cast, measures, django_capture_on_commit_callbacks
):
    client.force_login(cast.member_a1)
    first = upload(client, cast.team_a, WINTER, django_capture_on_commit_callbacks)
    map_and_process(client, first, django_capture_on_commit_callbacks)
    # April: the alternative team answered two calls of a type January and February did not
    # have, and one mental-patient call; police took a theft.
    april = "\n".join(
        [
            HEADER,
            row("A01", "PSYCHIATRIC EMERGENCY", 1, 6, month=4, unit="ALT", backup="N"),
            row("A02", "PSYCHIATRIC EMERGENCY", 2, 8, month=4),
            row("A03", "MENTAL PATIENT", 3, 10, month=4, unit="ALT", backup="N"),
            row("A04", "THEFT", 4, 30, month=4),
        ]
    ).encode()
    version = upload(client, cast.team_a, april, django_capture_on_commit_callbacks, "april.csv")
    assert version.status == DatasetVersion.Status.READY, version.status_message

    # The rules class it as Behavioral Health and eligible: 3 eligible calls, 2 answered.
    assert observations(cast.team_a)[("alternative_coverage", date(2024, 4, 1))] == (
        Decimal(2),
        Decimal(3),
    )
    saved = ColumnMapping.objects.get(team=cast.team_a, kind="calls")
    assert saved.value_mappings["call_category"]["PSYCHIATRIC EMERGENCY"] == "Behavioral Health"
    assert saved.value_mappings["alt_eligible"]["PSYCHIATRIC EMERGENCY"] == "yes"
    assert saved.value_mappings["call_category"]["THEFT"] == "Property Crime"  # kept as it was
    assert saved.history.count() == 2

    report = client.get(reverse("outcomes:dataset_report", args=[cast.team_a.pk, version.pk]))
    text = report.content.decode()
    assert "New call types: check how they were classified" in text
    assert "PSYCHIATRIC EMERGENCY: Behavioral Health" in text
    assert reverse("outcomes:dataset_mapping", args=[cast.team_a.pk, version.pk]) in text

    # A file with no new call type says nothing of the kind.
    march = upload(client, cast.team_a, MARCH, django_capture_on_commit_callbacks, "march.csv")
    page = client.get(reverse("outcomes:dataset_report", args=[cast.team_a.pk, march.pk]))
    assert "New call types" not in page.content.decode()


def test_a_call_type_too_rare_for_the_mapping_page_is_classified_by_the_rules_and_counted(
    client, cast, measures, django_capture_on_commit_callbacks
):
    client.force_login(cast.member_a1)
    # 200 call types twice each fill the page's list of values; one welfare check, answered
    # by the alternative team, is too rare to be listed there.
    rare = row("W01", "WELFARE CHECK", 28, 15, unit="ALT", backup="N")
    common = [
        row(f"C{n:03}{copy}", "THEFT", n % 27 + 1, 30).replace("THEFT", f"NOISE {n:03}")
        for n in range(200)
        for copy in "ab"
    ]
    version = upload(
        client,
        cast.team_a,
        "\n".join([HEADER, *common, rare]).encode(),
        django_capture_on_commit_callbacks,
    )
    page = client.get(mapping_url(version))
    assert "WELFARE CHECK" not in values_of(page, "call_category")
    map_and_process(client, version, django_capture_on_commit_callbacks)
    version.refresh_from_db()
    assert version.status == DatasetVersion.Status.READY, version.status_message
    assert version.report["rows_written"] == 401  # the rare call is kept, not rejected

    saved = ColumnMapping.objects.get(team=cast.team_a, kind="calls")
    by_rules = classify_call_type("WELFARE CHECK")
    assert by_rules.eligible
    assert saved.value_mappings["call_category"]["WELFARE CHECK"] == by_rules.category
    assert saved.value_mappings["alt_eligible"]["WELFARE CHECK"] == "yes"
    assert observations(cast.team_a)[("alternative_coverage", date(2024, 1, 1))] == (
        Decimal(1),
        Decimal(1),
    )
    report = client.get(reverse("outcomes:dataset_report", args=[cast.team_a.pk, version.pk]))
    assert f"WELFARE CHECK: {by_rules.category}" in report.content.decode()


def test_a_corrected_call_type_recomputes_the_measures_without_reading_the_file_again(
    client, cast, measures, django_capture_on_commit_callbacks
):
    client.force_login(cast.member_a1)
    version = upload(client, cast.team_a, WINTER, django_capture_on_commit_callbacks)
    map_and_process(client, version, django_capture_on_commit_callbacks)
    assert observations(cast.team_a)[("alternative_coverage", date(2024, 1, 1))] == (5, 8)

    # The team's alternative responder does not take welfare checks: January had 6 eligible
    # calls (the mental-patient ones), of which it answered 4.
    page = client.get(mapping_url(version))
    data = form_data(page)
    data[values_of(page, "alt_eligible")["WELFARE CHECK"]] = "no"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(mapping_url(version), data).status_code == 302
    version.original.storage.delete(version.original.name)  # processing must not need it
    run_due_tasks()
    version.refresh_from_db()
    assert version.status == DatasetVersion.Status.READY, version.status_message
    assert observations(cast.team_a)[("alternative_coverage", date(2024, 1, 1))] == (4, 6)
    report = client.get(reverse("outcomes:dataset_report", args=[cast.team_a.pk, version.pk]))
    assert "Rows rejected: 1" in report.content.decode()  # the report is the file's, as before


def test_a_changed_column_processes_the_original_again(
    client, cast, measures, django_capture_on_commit_callbacks
):
    client.force_login(cast.member_a1)
    version = upload(client, cast.team_a, WINTER, django_capture_on_commit_callbacks)
    map_and_process(client, version, django_capture_on_commit_callbacks)
    page = client.get(mapping_url(version))
    data = form_data(page) | {"column_backup_requested": ""}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(mapping_url(version), data).status_code == 302
    version.original.storage.delete(version.original.name)
    run_due_tasks()
    version.refresh_from_db()
    # Its values stay as they were, since the file they come from is gone.
    assert version.status == DatasetVersion.Status.READY
    assert version.status_message.startswith(
        "The new mapping could not be used: The uploaded file is no longer in the file storage"
    )
    assert observations(cast.team_a)[("alternative_coverage", date(2024, 1, 1))] == (5, 8)


def test_the_upload_message_says_what_comes_next(
    client, cast, measures, django_capture_on_commit_callbacks
):
    client.force_login(cast.member_a1)

    def uploaded(name, content):
        with django_capture_on_commit_callbacks(execute=True):
            page = client.post(
                reverse("outcomes:dataset_upload", args=[cast.team_a.pk]),
                {
                    "kind": "calls",
                    "name": "CAD calls",
                    "file": SimpleUploadedFile(name, content, content_type="text/csv"),
                },
                follow=True,
            )
        run_due_tasks()
        return page.content.decode()

    first = uploaded("january.csv", WINTER)
    assert "Next, match its columns to the standard ones" in first
    map_and_process(client, DatasetVersion.objects.get(), django_capture_on_commit_callbacks)
    second = uploaded("february.csv", WINTER.replace(b"Dauphine", b"Royal"))
    assert "if it has the same columns as your team’s earlier file" in second
    assert "Next, match its columns" not in second


def test_a_processed_files_mapping_page_saves_as_it_loads(
    client, cast, measures, django_capture_on_commit_callbacks, tmp_path
):
    from lcpa.outcomes.analytics.samples.calls import write_calls

    sample = tmp_path / "calls.csv"
    write_calls(sample, rows=300, seed=3, months=2)
    client.force_login(cast.member_a1)
    version = upload(client, cast.team_a, sample.read_bytes(), django_capture_on_commit_callbacks)
    first = client.get(mapping_url(version))
    # The page proposes the file's Agency column as the responding agency; the coordinator
    # reads the responder type from it instead, and leaves the agency out.
    data = form_data(first)
    assert data["column_responder_agency"] == "Agency"
    data |= {"column_responder_type": "Agency", "column_responder_agency": NOT_IN_FILE}
    relisted = client.post(mapping_url(version), data)
    assert relisted.status_code == 200
    agencies = values_of(relisted, "responder_type")
    data = form_data(relisted) | {
        agencies["NOPD"]: "police",
        agencies["CRISIS RESPONSE TEAM"]: "alternative",
    }
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(mapping_url(version), data)
    assert saved.status_code == 302, saved.context["form"].errors
    run_due_tasks()
    version.refresh_from_db()
    assert version.status == DatasetVersion.Status.READY, version.status_message
    # Opened again, the page shows what was saved: what the team left out stays out.
    again = client.get(mapping_url(version))
    assert again.context["form"]["column_responder_agency"].value() == ""
    with django_capture_on_commit_callbacks(execute=True):
        resaved = client.post(mapping_url(version), form_data(again))
    assert resaved.status_code == 302, resaved.context["form"].errors
    assert "responder_agency" not in ColumnMapping.objects.get().mapping


def test_eligibility_saved_as_true_or_false_is_shown_as_yes_or_no(
    client, cast, measures, django_capture_on_commit_callbacks
):
    from lcpa.outcomes.dataset_mapping import column_mapping_confirm

    client.force_login(cast.member_a1)
    version = upload(client, cast.team_a, WINTER, django_capture_on_commit_callbacks)
    map_and_process(client, version, django_capture_on_commit_callbacks)
    saved = ColumnMapping.objects.get()
    # A mapping written by a script (the demo's, the API's) says true and false.
    values = saved.value_mappings | {
        "alt_eligible": {"MENTAL PATIENT": "false", "WELFARE CHECK": "FALSE"}
    }
    with django_capture_on_commit_callbacks(execute=True):
        column_mapping_confirm(
            version=version,
            level=saved.level,
            mapping=saved.mapping,
            value_mappings=values,
            keep=saved.keep,
            columns=saved.columns,
            by=cast.member_a1,
        )
    run_due_tasks()
    page = client.get(mapping_url(version))
    fields = values_of(page, "alt_eligible")
    form = page.context["form"]
    # (The rules make both eligible: these are the saved choices.)
    assert form[fields["MENTAL PATIENT"]].value() == "no"
    assert form[fields["WELFARE CHECK"]].value() == "no"
    assert form[fields["SUICIDE THREAT"]].value() == "yes"


def test_call_types_that_differ_only_in_their_spaces_do_not_look_the_same(
    client, cast, measures, django_capture_on_commit_callbacks
):
    spaced = row("S01", "COMPLAINT OTHER", 9, 10).replace(",COMPLAINT OTHER,", ",COMPLAINT  OTHER,")
    content = "\n".join([HEADER, *JANUARY, spaced]).encode() + b"\n"
    client.force_login(cast.member_a1)
    version = upload(client, cast.team_a, content, django_capture_on_commit_callbacks)
    page = client.get(mapping_url(version))
    labels = values_of(page, "call_category")
    assert "COMPLAINT OTHER" in labels
    assert "COMPLAINT\u2423\u2423OTHER (with extra spaces)" in labels
    html = page.content.decode()
    assert ">COMPLAINT\u2423\u2423OTHER (with extra spaces)</th>" in html
    # Its fields, made after the form, are styled as every other form's are.
    assert '<select name="column_event_id" class="usa-select"' in html
    # The form still saves the file's own value, spaces and all.
    map_and_process(client, version, django_capture_on_commit_callbacks)
    categories = ColumnMapping.objects.get().value_mappings["call_category"]
    assert "COMPLAINT  OTHER" in categories and "COMPLAINT OTHER" in categories
