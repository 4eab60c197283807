"""Importing a team's values from a CSV or Excel file: the row-level report, the preview,
one confirmation that stores once, and files that are not what their name says."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from lcpa.outcomes.imports import check_values
from lcpa.outcomes.models import Measure, Observation, ObservationImport
from lcpa.outcomes.services import ObservationValue, observations_record
from lcpa.testing import choose_measure

HEADER = "measure_code,period,disaggregation,numerator,denominator,note,provisional\n"


@pytest.fixture
def coverage(cast):
    """Team A tracks the share of eligible calls an alternative responder answered (a
    proportion that may be broken down by race, sex, age group and geography)."""
    return choose_measure(cast.team_a, by=cast.member_a1)


def upload_url(team) -> str:
    return reverse("outcomes:observations_import", args=[team.pk])


def csv_file(body: str, name: str = "values.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (HEADER + body).encode(), content_type="text/csv")


def xlsx_file(rows: list[list], name: str = "values.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.strip().split(","))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def upload(client, team, file, **kwargs):
    return client.post(upload_url(team), {"file": file}, **kwargs)


def test_a_coordinator_previews_a_csv_and_nothing_is_stored_until_they_confirm(
    client, cast, coverage
):
    observations_record(
        team_measure=coverage,
        values=[ObservationValue(date(2026, 9, 1), Decimal(20), Decimal(70), False, "")],
        by=cast.member_a1,
    )
    observations_record(
        team_measure=coverage,
        values=[ObservationValue(date(2026, 8, 1), Decimal(18), Decimal(60), False, "")],
        by=cast.member_a1,
    )
    client.force_login(cast.member_a1)

    response = upload(
        client,
        cast.team_a,
        csv_file(
            "alternative_coverage,2026-10,,30,80,Dispatch data,yes\n"
            "alternative_coverage,2026-09-15,,22,70,,no\n"
            "alternative_coverage,2026-08,,18,60,,\n"
            "alternative_coverage,2026-10,race:Black,9,25,,\n"
        ),
        follow=True,
    )

    html = response.content.decode()
    assert "Check the import before storing it" in html
    assert "2 new values, 1 correction, 1 unchanged" in html
    assert "20 of 70 → 22 of 70" in html
    assert "race:black" in html
    assert Observation.objects.filter(team=cast.team_a).count() == 2
    pending = ObservationImport.objects.get()
    assert pending.status == "pending" and pending.file_name == "values.csv"

    confirm = reverse("outcomes:observations_import_preview", args=[cast.team_a.pk, pending.pk])
    html = client.post(confirm, {"confirm": "yes"}, follow=True).content.decode()

    assert "The values of values.csv are stored." in html
    assert "2 new values, 1 correction, 0 unchanged" not in html
    assert "2 new values, 1 correction, 1 unchanged." in html
    stored = {(o.period, o.disaggregation): o for o in Observation.objects.filter(team=cast.team_a)}
    october = stored[(date(2026, 10, 1), "")]
    assert (october.numerator, october.denominator) == (Decimal(30), Decimal(80))
    assert october.provisional and october.note == "Dispatch data"
    assert (october.source, october.entered_by) == ("import", cast.member_a1)
    # A group is stored by its key, as the grid stores it.
    assert stored[(date(2026, 10, 1), "race:black")].numerator == 9
    september = stored[(date(2026, 9, 1), "")]
    assert september.numerator == 22 and september.source == "import"
    assert [h.numerator for h in september.history.order_by("history_date")] == [20, 22]
    assert stored[(date(2026, 8, 1), "")].source == "manual"


def test_confirming_twice_stores_once(client, cast, coverage):
    client.force_login(cast.member_a1)
    upload(client, cast.team_a, csv_file("alternative_coverage,2026-10,,30,80,,\n"))
    pending = ObservationImport.objects.get()
    confirm = reverse("outcomes:observations_import_preview", args=[cast.team_a.pk, pending.pk])

    client.post(confirm, {"confirm": "yes"})
    second = client.post(confirm, {"confirm": "yes"}, follow=True)

    assert "already stored; nothing was stored twice" in second.content.decode()
    observation = Observation.objects.get(team=cast.team_a)
    assert observation.history.count() == 1
    pending.refresh_from_db()
    assert (pending.status, pending.created_count) == ("confirmed", 1)


def test_a_post_without_the_confirm_button_stores_nothing(client, cast, coverage):
    client.force_login(cast.member_a1)
    upload(client, cast.team_a, csv_file("alternative_coverage,2026-10,,30,80,,\n"))
    pending = ObservationImport.objects.get()

    response = client.post(
        reverse("outcomes:observations_import_preview", args=[cast.team_a.pk, pending.pk]), {}
    )

    assert response.status_code == 400
    assert not Observation.objects.exists()


def test_an_excel_file_is_imported_like_a_csv(client, cast, coverage):
    client.force_login(cast.member_a1)

    response = upload(
        client,
        cast.team_a,
        xlsx_file(
            [
                ["alternative_coverage", date(2026, 10, 1), None, 30, 80, "From dispatch", True],
                ["alternative_coverage", "2026-11", "sex:Female", 12.0, 40, None, None],
            ]
        ),
        follow=True,
    )

    assert "2 new values, 0 corrections, 0 unchanged" in response.content.decode()
    pending = ObservationImport.objects.get()
    assert pending.content_type.endswith("spreadsheetml.sheet")
    assert [row["numerator"] for row in pending.rows] == ["30", "12"]
    assert pending.rows[0]["provisional"] is True


BAD_ROWS = [
    ("unknown_code,2026-10,,1,2,,", "measure_code", "No measure of your learning community"),
    ("police_backup_rate,2026-10,,1,2,,", "measure_code", "has not chosen the measure"),
    ("alternative_coverage,October,,1,2,,", "period", "is not a month"),
    ("alternative_coverage,2027-01,,1,2,,", "period", "has not started yet"),
    ("alternative_coverage,2026-10,,-3,2,,", "numerator", "must be 0 or more"),
    ("alternative_coverage,2026-10,,three,9,,", "numerator", "is not a number"),
    ("alternative_coverage,2026-10,,2.5,9,,", "numerator", "write a whole number"),
    ("alternative_coverage,2026-10,,12,10,,", "numerator", "is more than the denominator"),
    ("alternative_coverage,2026-10,,12,,,", "denominator", "denominator is missing"),
    ("alternative_coverage,2026-10,,1,0,,", "denominator", "must be more than 0"),
    ("alternative_coverage,2026-10,disability:Yes,1,2,,", "disaggregation", "race, sex"),
    ("alternative_coverage,2026-10,race,1,2,,", "disaggregation", "a colon and the group"),
    ("alternative_coverage,2026-10,race:Purple,1,2,,", "disaggregation", "Use one of: White"),
    ("alternative_coverage,2026-10,,1,2,,maybe", "provisional", "is not yes or no"),
]


@pytest.mark.parametrize(("row", "column", "message"), BAD_ROWS)
def test_every_bad_row_is_reported_with_its_row_column_and_what_to_do(
    client, cast, coverage, row, column, message
):
    client.force_login(cast.member_a1)

    response = upload(
        client, cast.team_a, csv_file(f"alternative_coverage,2026-09,,5,10,,\n{row}\n")
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "The file has problems: nothing was stored" in html
    row_and_column = f'data-label="Row">3</th>\n      <td data-label="Column"><code>{column}<'
    assert row_and_column in html
    assert message in html
    assert "Rows without problems" in html
    assert not ObservationImport.objects.exists()
    assert not Observation.objects.exists()


def test_a_row_repeated_in_the_file_is_reported_against_the_first(client, cast, coverage):
    client.force_login(cast.member_a1)

    html = upload(
        client,
        cast.team_a,
        csv_file("alternative_coverage,2026-10,,5,10,,\nalternative_coverage,2026-10-31,,6,10,,\n"),
    ).content.decode()

    assert "Row 2 already has alternative_coverage for October 2026. Keep one of the two" in html
    assert not ObservationImport.objects.exists()


def test_a_count_has_no_denominator_and_a_measure_without_groups_takes_none(cast):
    choose_measure(cast.team_a, by=cast.member_a1)
    shootings = Measure.objects.get(code="fatal_shooting_victims").current
    today = date(2026, 12, 1)

    _, problems = check_values(
        {"period": "2026-10", "numerator": "3", "denominator": "10"}, shootings, today
    )
    assert [column for column, _ in problems] == ["denominator"]
    assert "is a count: leave the denominator empty" in problems[0][1]
    value, problems = check_values({"period": "2026-10", "numerator": "3"}, shootings, today)
    assert problems == [] and value.denominator is None


def test_other_teams_measures_are_refused(client, cast, coverage):
    """Team B chose police_backup_rate; team A did not, so its coordinator cannot send it."""
    choose_measure(cast.team_b, "police_backup_rate", by=cast.member_b)
    client.force_login(cast.member_a1)

    html = upload(
        client, cast.team_a, csv_file("police_backup_rate,2026-10,,1,5,,\n")
    ).content.decode()

    assert "Your team has not chosen the measure police_backup_rate" in html
    assert not Observation.objects.exists()


def test_nobody_outside_the_team_uploads_or_sees_an_import(client, cast, coverage):
    client.force_login(cast.member_a1)
    upload(client, cast.team_a, csv_file("alternative_coverage,2026-10,,30,80,,\n"))
    pending = ObservationImport.objects.get()
    preview = reverse("outcomes:observations_import_preview", args=[cast.team_a.pk, pending.pk])

    client.force_login(cast.member_b)
    assert upload(client, cast.team_a, csv_file("")).status_code == 404
    assert client.get(preview).status_code == 404
    assert client.post(preview, {"confirm": "yes"}).status_code == 404
    # Team B's own address does not open team A's import either.
    other = reverse("outcomes:observations_import_preview", args=[cast.team_b.pk, pending.pk])
    assert client.get(other).status_code == 404
    assert not Observation.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("values.csv", b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n", "not a spreadsheet"),
        ("values.csv", b"<html><script>alert(1)</script></html>", "web page code"),
        ("values.xlsx", b"PK\x03\x04not really a zip", "cannot be uploaded"),
        ("values.csv", b"", "The submitted file is empty."),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused(
    client, cast, coverage, name, content, message
):
    client.force_login(cast.member_a1)

    response = upload(client, cast.team_a, SimpleUploadedFile(name, content))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ObservationImport.objects.exists()


def test_a_file_with_unknown_or_missing_columns_says_which(client, cast, coverage):
    client.force_login(cast.member_a1)

    unknown = upload(
        client, cast.team_a, SimpleUploadedFile("v.csv", b"measure_code,period,numerater\n")
    )
    missing = upload(client, cast.team_a, SimpleUploadedFile("v.csv", b"measure_code,period\n"))

    assert "columns we do not know: numerater" in unknown.content.decode()
    assert "numerator is missing" in missing.content.decode()


def test_the_template_lists_the_teams_chosen_measures(client, cast, coverage):
    client.force_login(cast.member_a1)

    response = client.get(reverse("outcomes:observations_import_template", args=[cast.team_a.pk]))

    assert response["Content-Type"].startswith("text/csv")
    assert "amherst-team-values-template.csv" in response["Content-Disposition"]
    lines = response.content.decode().splitlines()
    assert (
        lines[0]
        == "measure_code,measure_name,period,disaggregation,numerator,denominator,note,provisional"
    )
    assert lines[1].startswith("alternative_coverage,") and ",2026-11," in lines[1]
    assert len(lines) == 2


def test_the_template_comes_back_as_a_file_with_nothing_to_store(client, cast, coverage):
    client.force_login(cast.member_a1)
    template = client.get(
        reverse("outcomes:observations_import_template", args=[cast.team_a.pk])
    ).content

    html = upload(client, cast.team_a, SimpleUploadedFile("t.csv", template)).content.decode()

    assert "The file has no values: fill in the numerator column." in html


def test_the_preview_query_count_does_not_grow_with_rows(
    client, cast, coverage, django_assert_max_num_queries
):
    client.force_login(cast.member_a1)
    body = "".join(f"alternative_coverage,2026-{m:02},,{m},20,,\n" for m in range(1, 12))
    upload(client, cast.team_a, csv_file(body))
    pending = ObservationImport.objects.get()
    preview = reverse("outcomes:observations_import_preview", args=[cast.team_a.pk, pending.pk])

    with django_assert_max_num_queries(12):
        response = client.get(preview)

    assert "11 new values" in response.content.decode()


def test_a_measure_that_left_the_plan_after_the_preview_stops_the_import(client, cast, coverage):
    client.force_login(cast.member_a1)
    upload(client, cast.team_a, csv_file("alternative_coverage,2026-10,,30,80,,\n"))
    pending = ObservationImport.objects.get()
    preview = reverse("outcomes:observations_import_preview", args=[cast.team_a.pk, pending.pk])
    coverage.delete()

    shown = client.get(preview).content.decode()
    confirmed = client.post(preview, {"confirm": "yes"}, follow=True).content.decode()

    assert "no longer in your team&#x27;s plan" in shown
    assert "Store these values" not in shown
    assert "no longer in your team&#x27;s plan" in confirmed
    assert not Observation.objects.exists()
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_the_measures_page_links_writers_to_the_import(client, cast, coverage):
    link = reverse("outcomes:observations_import", args=[cast.team_a.pk])
    measures = reverse("outcomes:team_measures", args=[cast.team_a.pk])

    client.force_login(cast.member_a2)
    assert link in client.get(measures).content.decode()
    client.force_login(cast.expert)
    assert link not in client.get(measures).content.decode()
    assert client.get(link).status_code == 404
