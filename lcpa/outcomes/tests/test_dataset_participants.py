"""From a program's case log to stored observations: the data coordinator uploads it, confirms
the mapping the page proposes with no help, the processing task runs, and the participant
measures (enrolment, completion, 6- and 12-month new arrests) are stored against the learning
community's standard measures and shown on their pages. Values counted by hand below. Rows with
an exit before enrolment or an impossible date are rejected and reported."""

import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from lcpa.outcomes.models import DatasetVersion, Observation, TeamMeasure
from lcpa.outcomes.tests.test_dataset_crashes_shootings import (
    confirm_as_proposed,
    coordinator_of,
    stored,
    upload,
)
from lcpa.testing import choose_measure

HEADER = (
    "Case Number,Participant ID,Program,Referral Date,Intake Date,Exit Date,Exit Reason,Age,"
    "Race,Sex,New Arrest Date"
)
# The layout of samples/participants.py. Days after intake of each new arrest: C002 48,
# C003 255, C004 54, C007 373. The file's last date is C009's intake, 30 March 2024.
GOOD = [
    "C001,P01,Street Outreach,2023-01-02,2023-01-05,2023-05-20,Completed,19,Black,M,",
    "C002,P02,Street Outreach,2023-01-09,2023-01-12,2023-04-10,Unsuccessful,22,Black,M,2023-03-01",
    "C003,P03,Youth Diversion,2023-01-15,2023-01-20,2023-05-31,Completed,15,Hispanic,F,2023-10-02",
    "C004,P04,Youth Diversion,2023-02-01,2023-02-06,2023-05-15,Unsuccessful,16,White,M,2023-04-01",
    "C005,P05,Youth Diversion,2023-02-10,2023-02-14,2023-06-25,Completed,14,Black,F,",
    "C006,P06,Hospital Response,2023-02-20,2023-02-22,2023-05-05,Moved,27,Black,M,",
    "C007,P07,Youth Diversion,2023-03-01,2023-03-03,,,15,White,F,2024-03-10",
    "C008,P08,Street Outreach,2023-03-10,2023-03-15,,,24,Hispanic,M,",
    "C009,P01,Street Outreach,2024-03-25,2024-03-30,,,20,Black,M,",
]
BAD = [
    # Left before enrolling; an intake on 30 February; enrolled before being referred.
    "C010,P10,Youth Diversion,2023-02-01,2023-02-10,2023-01-15,Completed,15,White,M,",
    "C011,P11,Street Outreach,2023-02-01,2023-02-30,,,20,Black,M,",
    "C012,P12,Youth Diversion,2023-03-20,2023-03-01,2023-06-01,Completed,16,White,F,",
]
LOG = "\n".join([HEADER, *GOOD, *BAD]).encode() + b"\n"
NOW = datetime(2024, 4, 2, 10, 30, tzinfo=ZoneInfo("America/New_York"))
M = {n: date(2023, n, 1) for n in range(1, 13)}
MARCH_2024 = date(2024, 3, 1)


@pytest.fixture(autouse=True)
def _temporary_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(NOW, tick=False)


def _of(values: dict, code: str) -> dict:
    return {(p, d): v for (c, p, d), v in values.items() if c == code}


def _measure_page(client, team, code: str) -> str:
    chosen = TeamMeasure.objects.get(team=team, measure__code=code)
    return client.get(reverse("outcomes:team_measure", args=[team.pk, chosen.pk])).content.decode()


def _row(html: str, month: str) -> dict[str, str]:
    """The cells of a month's row in the table under the measure's chart, by their label."""
    row = html.split(f'<th scope="row" data-label="Month">{month}</th>')[1].split("</tr>")[0]
    return dict(re.findall(r'<td data-label="([^"(]+?)(?: \([^"]*\))?">([^<]*)</td>', row))


def test_a_violence_intervention_case_log_gives_enrolment_and_twelve_month_new_arrests(
    client, cast, django_capture_on_commit_callbacks
):
    team, coordinator = coordinator_of(cast, "community-violence-intervention", 50_000)
    choose_measure(team, "participants_enrolled", by=coordinator)
    choose_measure(team, "rearrest_12m", by=coordinator)
    client.force_login(coordinator)
    version = upload(
        client, team, "participants", "cases.csv", LOG, django_capture_on_commit_callbacks
    )
    page = confirm_as_proposed(client, version, django_capture_on_commit_callbacks)
    proposed = {row.column.name: row.source for row in page.context["screen"].columns}
    assert proposed["enrolled_date"] == "Intake Date" and proposed["case_id"] == "Case Number"
    assert proposed["exit_reason"] == "Exit Reason"
    assert proposed["new_arrest_date"] == "New Arrest Date"
    version.refresh_from_db()
    assert version.report["rows_read"] == 12 and version.report["rows_written"] == 9
    assert version.report["rows_rejected"] == 3

    values = stored(team)
    enrolled = _of(values, "participants_enrolled")
    totals = {period: n for (period, key), (n, _) in enrolled.items() if key == ""}
    # Every month from January 2023 to March 2024, 0 where nobody enrolled.
    assert len(totals) == 15 and sum(totals.values()) == 9
    assert (totals[M[1]], totals[M[2]], totals[M[3]], totals[M[4]]) == (3, 3, 2, 0)
    assert totals[MARCH_2024] == 1
    assert enrolled[(M[1], "race:black")] == (Decimal(2), None)
    assert enrolled[(M[1], "race:hispanic")] == (Decimal(1), None)
    assert enrolled[(M[2], "sex:female")] == (Decimal(1), None)
    assert enrolled[(M[2], "sex:male")] == (Decimal(2), None)

    # 365 days after the last day of March 2023 is 30 March 2024, the file's last date: the
    # months up to March 2023 are closed, April 2023 on are not. January: C002 and C003 of
    # three; February: C004 of three; March: C007's arrest came after 373 days.
    rearrest = _of(values, "rearrest_12m")
    assert {k: v for k, v in rearrest.items() if k[1] == ""} == {
        (M[1], ""): (Decimal(2), Decimal(3)),
        (M[2], ""): (Decimal(1), Decimal(3)),
        (M[3], ""): (Decimal(0), Decimal(2)),
    }
    assert rearrest[(M[1], "race:black")] == (Decimal(1), Decimal(2))
    assert rearrest[(M[1], "race:hispanic")] == (Decimal(1), Decimal(1))
    assert rearrest[(M[2], "sex:male")] == (Decimal(1), Decimal(2))
    assert {o.source for o in Observation.objects.filter(team=team)} == {"computed"}

    enrolment_page = _measure_page(client, team, "participants_enrolled")
    assert "People enrolled in the program" in enrolment_page
    assert _row(enrolment_page, "January 2023")["Value"] == "3"
    assert _row(enrolment_page, "April 2023")["Value"] == "0"
    assert _row(enrolment_page, "March 2024")["Value"] == "1"
    rearrest_page = _measure_page(client, team, "rearrest_12m")
    january = _row(rearrest_page, "January 2023")
    assert (january["Value"], january["Counted"], january["Out of"]) == ("66.7", "2", "3")
    assert _row(rearrest_page, "February 2023")["Value"] == "33.3"
    assert _row(rearrest_page, "March 2023")["Value"] == "0"
    assert 'data-label="Month">April 2023<' not in rearrest_page

    dataset_page = client.get(
        reverse("outcomes:dataset", args=[team.pk, version.dataset_id])
    ).content.decode()
    assert "2 Apr 2024, 10:30 a.m." in dataset_page and "Ready" in dataset_page


def test_a_diversion_program_gives_completion_and_six_month_new_arrests(
    client, cast, django_capture_on_commit_callbacks
):
    team, coordinator = coordinator_of(cast, "school-based-diversion", 50_000)
    choose_measure(team, "diversion_completion", by=coordinator)
    choose_measure(team, "diversion_rearrest_6m", by=coordinator)
    client.force_login(coordinator)
    version = upload(
        client, team, "participants", "cases.csv", LOG, django_capture_on_commit_callbacks
    )
    confirm_as_proposed(client, version, django_capture_on_commit_callbacks)

    values = stored(team)
    # Diversion's exits: C004 unsuccessful and C003 completed in May, C005 completed in June.
    # C010 (completed in January, before it enrolled) and C012 were rejected: no January.
    assert _of(values, "diversion_completion") == {
        (M[5], ""): (Decimal(1), Decimal(2)),
        (M[6], ""): (Decimal(1), Decimal(1)),
    }
    # Within 183 days: C004 (54 days) only; C003 after 255, C007 after 373. Every month to
    # August 2023 is closed (31 August + 183 days = 1 March 2024); diversion had none after
    # March.
    assert _of(values, "diversion_rearrest_6m") == {
        (M[1], ""): (Decimal(0), Decimal(1)),
        (M[2], ""): (Decimal(1), Decimal(2)),
        (M[3], ""): (Decimal(0), Decimal(1)),
    }
    assert {code for code, _p, _d in values} == {"diversion_completion", "diversion_rearrest_6m"}

    completion_page = _measure_page(client, team, "diversion_completion")
    assert "Diversion completed" in completion_page
    may = _row(completion_page, "May 2023")
    assert (may["Value"], may["Counted"], may["Out of"]) == ("50", "1", "2")
    assert _row(completion_page, "June 2023")["Value"] == "100"
    rearrest_page = _measure_page(client, team, "diversion_rearrest_6m")
    assert _row(rearrest_page, "February 2023")["Value"] == "50"
    assert _row(rearrest_page, "March 2023")["Value"] == "0"


def test_rows_with_an_exit_before_enrolment_or_an_impossible_date_are_rejected_and_reported(
    client, cast, django_capture_on_commit_callbacks
):
    team, coordinator = coordinator_of(cast, "community-violence-intervention", 50_000)
    client.force_login(coordinator)
    version = upload(
        client, team, "participants", "cases.csv", LOG, django_capture_on_commit_callbacks
    )
    confirm_as_proposed(client, version, django_capture_on_commit_callbacks)
    version.refresh_from_db()
    assert version.status == DatasetVersion.Status.READY
    rejected = {r["reason"]: r for r in version.report["rejected"]}
    assert set(rejected) == {
        "exit_date is before enrolled_date",
        "enrolled_date: not a date",
        "enrolled_date is before referral_date",
    }
    # Rows are counted from the first after the header.
    assert rejected["exit_date is before enrolled_date"]["examples"] == [10]
    assert rejected["enrolled_date: not a date"]["examples"] == [11]
    assert rejected["enrolled_date: not a date"]["values"] == ["2023-02-30"]

    report = client.get(
        reverse("outcomes:dataset_report", args=[team.pk, version.pk])
    ).content.decode()
    assert "Rows rejected: 3" in report
    exit_reason = (
        "exit_date (your column “Exit Date”) is before enrolled_date (your column “Intake Date”)"
    )
    assert f'<th scope="row" data-label="Reason">{exit_reason}</th>' in report
    assert "enrolled_date (your column “Intake Date”): not a date" in report
    assert "values 2023-02-30" in report
    referral_reason = (
        "enrolled_date (your column “Intake Date”) is before "
        "referral_date (your column “Referral Date”)"
    )
    assert f'<th scope="row" data-label="Reason">{referral_reason}</th>' in (report)
