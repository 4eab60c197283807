"""A changed column mapping is used for every month: when a coordinator confirms it for one
file, the team's other ready files of the kind made with another mapping are processed again
with it (from their normalised file when only a call type's reading changed, from their
original otherwise), one after the other, by the real task; a month a later file holds keeps
that file's value whatever the order; a file that fails keeps its values."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from lcpa.outcomes import dataset_tasks
from lcpa.outcomes.dataset_mapping import REPROCESSED
from lcpa.outcomes.models import DatasetVersion, Observation
from lcpa.outcomes.tests.test_dataset_mapping import (
    HEADER,
    TYPES,
    form_data,
    map_and_process,
    mapping_url,
    row,
    upload,
    values_of,
)
from lcpa.testing import choose_measure, run_due_tasks

COVERAGE = "alternative_coverage"
JAN, FEB, MAR = date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1)
REASON = "Processed again: the column mapping changed"


def first_typed(line: str, final: str, initial: str) -> str:
    """A call typed `initial` when it came in, `final` when it was closed."""
    return line.replace(f",2A,{TYPES[final]},{final},2A,", f",2A,{TYPES[initial]},{initial},2A,", 1)


def csv(*rows: str) -> bytes:
    return "\n".join([HEADER, *rows]).encode() + b"\n"


# January: eligible a mental-patient call and two welfare checks, two of them answered by the
# alternative team (2/3); a theft that came in as a mental-patient call went to the police.
JANUARY = csv(
    row("J01", "MENTAL PATIENT", 2, 10, unit="ALT", backup="N"),
    row("J02", "WELFARE CHECK", 3, 12, unit="ALT", backup="N"),
    row("J03", "WELFARE CHECK", 4, 14),
    first_typed(row("J04", "THEFT", 5, 20), "THEFT", "MENTAL PATIENT"),
)
# February: a mental-patient call (police) and a welfare check (alternative team): 1/2; and
# the same kind of theft.
FEBRUARY = csv(
    row("F01", "MENTAL PATIENT", 2, 10, month=2),
    row("F02", "WELFARE CHECK", 3, 12, month=2, unit="ALT", backup="N"),
    first_typed(row("F03", "THEFT", 4, 20, month=2), "THEFT", "MENTAL PATIENT"),
)
# March: a welfare check answered by the alternative team: 1/1.
MARCH = csv(
    row("M01", "WELFARE CHECK", 2, 10, month=3, unit="ALT", backup="N"),
    row("M02", "THEFT", 3, 20, month=3),
)


@pytest.fixture(autouse=True)
def _temporary_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def measures(cast):
    choose_measure(cast.team_a, COVERAGE, by=cast.member_a1)


def coverage(team) -> dict[date, tuple[Decimal, Decimal]]:
    """The team's stored alternative coverage (total): {month: (numerator, denominator)}."""
    return {
        o.period: (o.numerator, o.denominator)
        for o in Observation.objects.filter(
            team=team, disaggregation="", measure_version__measure__code=COVERAGE
        )
    }


def monthly_files(client, cast, time_machine, capture, *contents: bytes) -> list[DatasetVersion]:
    """Each file uploaded by team A's coordinator (signed in that day) at the start of the
    month after its last, the first one mapped, the others processed at once with its
    mapping."""
    versions = []
    for month, content in enumerate(contents, start=2):
        time_machine.move_to(datetime(2024, month, 3, 9, tzinfo=UTC), tick=False)
        client.force_login(cast.member_a1)
        version = upload(client, cast.team_a, content, capture, f"calls-{month}.csv")
        if not versions:
            map_and_process(client, version, capture)
        assert version.status == DatasetVersion.Status.READY, version.status_message
        versions.append(version)
    return versions


def confirm(client, version, capture, data: dict):
    """Post the mapping page as the coordinator does; returns the dataset page it leads to."""
    with capture(execute=True):
        saved = client.post(mapping_url(version), data)
    assert saved.status_code == 302, saved.context["form"].errors
    return client.get(saved.url)


def welfare_checks_not_eligible(client, version, capture):
    page = client.get(mapping_url(version))
    data = form_data(page)
    data[values_of(page, "alt_eligible")["WELFARE CHECK"]] = "no"
    return confirm(client, version, capture, data)


def initial_call_type_read(client, version, capture):
    """The call type read from the type the call came in with: the columns change, so the
    values are listed again for the new column before the mapping is saved."""
    data = form_data(client.get(mapping_url(version)))
    data |= {"column_call_type_final": "InitialTypeText", "column_call_type_initial": "TypeText"}
    relisted = client.post(mapping_url(version), data)
    assert relisted.status_code == 200
    return confirm(client, version, capture, form_data(relisted))


def test_a_corrected_call_type_is_used_for_the_earlier_months_file_too(
    client, cast, measures, time_machine, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    january, february = monthly_files(client, cast, time_machine, capture, JANUARY, FEBRUARY)
    assert coverage(cast.team_a) == {JAN: (2, 3), FEB: (1, 2)}
    message = january.status_message

    page = welfare_checks_not_eligible(client, february, capture)
    assert (
        "1 other file of CAD calls is being checked again with this mapping."
        in page.content.decode()
    )
    january.refresh_from_db()
    assert january.status == DatasetVersion.Status.PROCESSING
    assert (january.previous_status, january.previous_message) == ("ready", message)
    assert january.status_message == REPROCESSED
    assert january.history.get(history_change_reason=REASON).status == "processing"

    # Only the call types' reading changed: January is written again from its normalised file.
    january.original.storage.delete(january.original.name)
    run_due_tasks()
    for version in (january, february):
        version.refresh_from_db()
        assert version.status == DatasetVersion.Status.READY, version.status_message
        assert version.previous_status == ""
    # Eligible now: the mental-patient calls only.
    assert coverage(cast.team_a) == {JAN: (1, 1), FEB: (0, 1)}
    assert january.report["mapping_used"] == february.report["mapping_used"]


def test_a_changed_column_reads_every_earlier_file_again(
    client, cast, measures, time_machine, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    january, february, march = monthly_files(
        client, cast, time_machine, capture, JANUARY, FEBRUARY, MARCH
    )
    page = initial_call_type_read(client, march, capture)
    assert (
        "2 other files of CAD calls are being checked again with this mapping."
        in page.content.decode()
    )
    run_due_tasks()
    for version in (january, february, march):
        version.refresh_from_db()
        assert version.status == DatasetVersion.Status.READY, version.status_message
        assert version.report["mapping_used"]["mapping"]["call_type_final"] == "InitialTypeText"
    # The thefts that came in as mental-patient calls are eligible calls now.
    assert coverage(cast.team_a) == {JAN: (2, 4), FEB: (1, 3), MAR: (1, 1)}


def test_an_unchanged_mapping_processes_no_other_file(
    client, cast, measures, time_machine, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    january, february = monthly_files(client, cast, time_machine, capture, JANUARY, FEBRUARY)
    history = january.history.count()
    page = confirm(client, february, capture, form_data(client.get(mapping_url(february))))
    text = page.content.decode()
    assert "The mapping is saved. Version 2 is being checked" in text
    assert "other file" not in text
    january.refresh_from_db()
    assert january.status == DatasetVersion.Status.READY
    run_due_tasks()
    assert january.history.count() == history
    february.refresh_from_db()
    assert february.status == DatasetVersion.Status.READY
    assert coverage(cast.team_a) == {JAN: (2, 3), FEB: (1, 2)}


def test_another_teams_files_are_left_alone(
    client, cast, measures, time_machine, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    client.force_login(cast.member_b)
    time_machine.move_to(datetime(2024, 2, 3, 9, tzinfo=UTC), tick=False)
    theirs = upload(client, cast.team_b, JANUARY, capture)
    map_and_process(client, theirs, capture)
    assert theirs.status == DatasetVersion.Status.READY
    history, report = theirs.history.count(), theirs.report

    _january, february = monthly_files(client, cast, time_machine, capture, JANUARY, FEBRUARY)
    page = welfare_checks_not_eligible(client, february, capture)
    assert "1 other file of CAD calls is being checked" in page.content.decode()
    run_due_tasks()
    theirs.refresh_from_db()
    assert theirs.status == DatasetVersion.Status.READY
    assert (theirs.history.count(), theirs.report) == (history, report)
    assert coverage(cast.team_b) == {JAN: (2, 3)}
    assert coverage(cast.team_a) == {JAN: (1, 1), FEB: (0, 1)}


def test_an_earlier_file_that_fails_keeps_its_values_and_the_next_ones_are_processed(
    client, cast, measures, time_machine, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    january, february, march = monthly_files(
        client, cast, time_machine, capture, JANUARY, FEBRUARY, MARCH
    )
    message, report = january.status_message, january.report
    january.original.storage.delete(january.original.name)  # it cannot be read again
    initial_call_type_read(client, march, capture)
    run_due_tasks()  # March, then January (fails), then February
    january.refresh_from_db()
    assert january.status == DatasetVersion.Status.READY
    assert january.status_message == (
        "The new mapping could not be used: The uploaded file is no longer in the file storage: "
        f"upload it again. The values from before are kept. {message}"
    )
    assert january.report == report and january.previous_status == ""
    for version in (february, march):
        version.refresh_from_db()
        assert version.status == DatasetVersion.Status.READY, version.status_message
    assert coverage(cast.team_a) == {JAN: (2, 3), FEB: (1, 3), MAR: (1, 1)}


# A file of January and the first day of February (a mental-patient call answered by the
# alternative team), then one of all February: February's value is the later file's,
# whichever file is processed first.
JANUARY_AND_MORE = csv(
    row("J01", "MENTAL PATIENT", 2, 10, unit="ALT", backup="N"),
    row("J02", "WELFARE CHECK", 3, 12, unit="ALT", backup="N"),
    row("J03", "THEFT", 4, 20),
    row("J04", "MENTAL PATIENT", 1, 14, month=2, unit="ALT", backup="N"),
)


@pytest.mark.parametrize("confirmed", [0, 1], ids=["on the earlier file", "on the later file"])
def test_a_month_of_a_later_file_is_never_replaced_by_an_earlier_files_value(
    client, cast, measures, time_machine, django_capture_on_commit_callbacks, confirmed
):
    capture = django_capture_on_commit_callbacks
    versions = monthly_files(client, cast, time_machine, capture, JANUARY_AND_MORE, FEBRUARY)
    earlier, later = versions
    # January: 2 eligible, both answered; February is the later file's.
    assert coverage(cast.team_a) == {JAN: (2, 2), FEB: (1, 2)}
    stored = Observation.objects.get(
        team=cast.team_a, period=FEB, disaggregation="", measure_version__measure__code=COVERAGE
    )
    assert stored.dataset_version == later

    welfare_checks_not_eligible(client, versions[confirmed], capture)
    run_due_tasks()
    for version in versions:
        version.refresh_from_db()
        assert version.status == DatasetVersion.Status.READY, version.status_message
    # The earlier file alone gives February (1, 1).
    assert coverage(cast.team_a) == {JAN: (1, 1), FEB: (0, 1)}
    stored.refresh_from_db()
    assert stored.dataset_version == later
    assert earlier.status == DatasetVersion.Status.READY


def test_a_value_only_an_earlier_file_has_keeps_its_mapping_when_a_later_one_is_confirmed(
    client, cast, measures, time_machine, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    # January's crisis team (CRT) answers too, but it is not in February's file.
    january = csv(
        row("J01", "MENTAL PATIENT", 2, 10, unit="CRT", backup="N"),
        row("J02", "MENTAL PATIENT", 3, 12),
        row("J03", "WELFARE CHECK", 4, 14, unit="ALT", backup="N"),
    )
    february = csv(
        row("F01", "MENTAL PATIENT", 2, 10, month=2, unit="ALT", backup="N"),
        row("F02", "WELFARE CHECK", 3, 12, month=2),
    )
    time_machine.move_to(datetime(2024, 2, 3, 9, tzinfo=UTC), tick=False)
    client.force_login(cast.member_a1)
    first = upload(client, cast.team_a, january, capture, "calls-2.csv")
    data = form_data(client.get(mapping_url(first)))
    data |= {"column_responder_type": "Unit", "column_backup_requested": "Backup"}
    relisted = client.post(mapping_url(first), data)
    units = values_of(relisted, "responder_type")
    data = form_data(relisted) | {
        units["ALT"]: "alternative",
        units["CRT"]: "alternative",
        units["NOPD"]: "police",
    }
    confirm(client, first, capture, data)
    run_due_tasks()
    assert coverage(cast.team_a)[JAN] == (Decimal(2), Decimal(3))
    time_machine.move_to(datetime(2024, 3, 3, 9, tzinfo=UTC), tick=False)
    client.force_login(cast.member_a1)
    second = upload(client, cast.team_a, february, capture, "calls-3.csv")
    assert "CRT" not in values_of(client.get(mapping_url(second)), "responder_type")
    welfare_checks_not_eligible(client, second, capture)
    run_due_tasks()
    first.refresh_from_db()
    assert first.status == DatasetVersion.Status.READY, first.status_message
    # January: the two mental-patient calls are eligible, and CRT still answered one.
    assert coverage(cast.team_a) == {
        JAN: (Decimal(1), Decimal(2)),
        FEB: (Decimal(1), Decimal(1)),
    }


def test_a_file_that_breaks_unexpectedly_keeps_its_values_and_the_next_is_still_processed(
    client, cast, measures, time_machine, django_capture_on_commit_callbacks, monkeypatch
):
    capture = django_capture_on_commit_callbacks
    january, february = monthly_files(client, cast, time_machine, capture, JANUARY, FEBRUARY)
    before = coverage(cast.team_a)
    real_compute, calls = dataset_tasks.compute, []

    def breaks_once(*args, **kwargs):
        calls.append(args)
        if len(calls) == 1:
            raise RuntimeError("the disk went away")
        return real_compute(*args, **kwargs)

    monkeypatch.setattr(dataset_tasks, "compute", breaks_once)
    welfare_checks_not_eligible(client, february, capture)
    run_due_tasks()
    february.refresh_from_db()
    january.refresh_from_db()
    # February, processed first, broke: still ready with its values and says what happened.
    assert february.status == DatasetVersion.Status.READY
    assert february.status_message.startswith(
        "The new mapping could not be used: Something went wrong on our side"
    )
    assert coverage(cast.team_a)[FEB] == before[FEB]
    # January, processed after it, got the new mapping: one of its two welfare checks was
    # eligible, now only the mental-patient call is (answered by the alternative team).
    assert january.status == DatasetVersion.Status.READY, january.status_message
    assert coverage(cast.team_a)[JAN] == (Decimal(1), Decimal(1))
    page = client.get(reverse("outcomes:dataset", args=[cast.team_a.pk, february.dataset_id]))
    assert "Something went wrong on our side" in page.content.decode()


def test_a_month_not_over_is_stored_as_provisional_until_the_file_is_processed_after_it(
    client, cast, measures, time_machine, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    time_machine.move_to(datetime(2024, 1, 20, 9, tzinfo=UTC), tick=False)
    client.force_login(cast.member_a1)
    version = upload(client, cast.team_a, JANUARY, capture, "calls-mid-january.csv")
    map_and_process(client, version, capture)
    stored = Observation.objects.get(
        team=cast.team_a, disaggregation="", measure_version__measure__code=COVERAGE
    )
    assert stored.provisional
    assert stored.note.endswith(", before the month was over")
    page = client.get(reverse("outcomes:team_measure", args=[cast.team_a.pk, stored_measure(cast)]))
    assert "Provisional value" in page.content.decode()

    time_machine.move_to(datetime(2024, 2, 3, 9, tzinfo=UTC), tick=False)
    client.force_login(cast.member_a1)
    welfare_checks_not_eligible(client, version, capture)
    run_due_tasks()
    stored.refresh_from_db()
    assert not stored.provisional
    assert "before the month was over" not in stored.note
    # The entry form says which months come from the dataset, and what typing over them does.
    page = client.get(reverse("outcomes:team_measure", args=[cast.team_a.pk, stored_measure(cast)]))
    text = page.content.decode()
    assert "Some of these months are computed from your team’s dataset" in text
    assert "Computed from CAD calls, version 1</span>, on February 3, 2024." in text


def stored_measure(cast) -> int:
    """The id of team A's alternative-coverage measure in its plan."""
    return cast.team_a.measures.get(measure__code=COVERAGE).pk
