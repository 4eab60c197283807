"""Ingest: small hand-made source files become a normalised Parquet file and a report."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from lcpa.outcomes.analytics.schemas import load_schema
from lcpa.outcomes.analytics.warehouse import (
    SAMPLE_BYTES,
    ValidationReport,
    compute,
    detect_encoding,
    ingest,
    preview,
    read_rows,
    remap,
)

CALLS = load_schema("calls")
NOLA = {
    "event_id": "NOPD_Item",
    "call_type_final": "TypeText",
    "call_category": "TypeText",
    "t_received": "TimeCreate",
    "t_arrived": "TimeArrive",
    "block_address": "BLOCK_ADDRESS",
    "self_initiated": "SelfInitiated",
}
HEADER = "NOPD_Item,TypeText,TimeCreate,TimeArrive,BLOCK_ADDRESS,SelfInitiated\n"
CATEGORIES = {"call_category": {"MENTAL PATIENT": "Behavioral Health", "THEFT": "Property Crime"}}


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _calls(tmp_path: Path, source: Path, **options) -> tuple[ValidationReport, Path]:
    out = tmp_path / "versions" / "calls-v1.parquet"
    options.setdefault("columns", NOLA)
    options.setdefault("values", CATEGORIES)
    report = ingest(source=source, schema=CALLS, out=out, salt="team-salt", **options)
    return report, out


def test_a_good_file_is_typed_mapped_and_written_with_its_mapped_columns(tmp_path):
    source = _write(
        tmp_path,
        "calls.csv",
        HEADER
        + "A1,MENTAL PATIENT,2024-01-05 10:00:00,2024-01-05 10:12:30,001XX Main St,N\n"
        + "A2,THEFT,2024-02-01 23:59:00,,002XX Oak St,Y\n"
        + "A3,FIREWORKS,2024-02-03 08:00:00,2024-02-03 08:20:00,NA,n\n",
    )
    report, out = _calls(tmp_path, source)
    assert report.ok and report.problems == []
    assert (report.rows_read, report.rows_written, report.rows_rejected) == (3, 3, 0)
    assert (report.first_month, report.last_month) == ("2024-01", "2024-02")
    rows = read_rows(out)
    assert [r["event_id"] for r in rows] == ["A1", "A2", "A3"]
    assert rows[0]["t_received"] == dt.datetime(2024, 1, 5, 10, 0)
    assert rows[0]["t_arrived"] == dt.datetime(2024, 1, 5, 10, 12, 30)
    assert rows[1]["t_arrived"] is None
    assert [r["call_category"] for r in rows] == ["Behavioral Health", "Property Crime", "Other"]
    assert [r["self_initiated"] for r in rows] == [False, True, False]
    assert rows[2]["block_address"] is None
    assert set(rows[0]) == set(NOLA)
    assert "responder_type" not in rows[0]
    # The measures read an unmapped column as empty: no responder type, no coverage.
    computed = compute("calls", out)
    assert "calls_alternative_coverage" in computed.skipped
    assert any(r.measure == "calls_volume" for r in computed.rows)
    assert report.missing_share["t_arrived"] == pytest.approx(1 / 3, abs=1e-4)
    assert report.missing_share["event_id"] == 0
    assert "responder_type" in report.unmapped_columns


def test_bad_rows_are_rejected_with_their_reasons_rows_and_values(tmp_path):
    source = _write(
        tmp_path,
        "calls.csv",
        HEADER
        + "A1,THEFT,2024-01-05 10:00:00,2024-01-05 09:59:00,,N\n"  # arrives before the call
        + "A2,THEFT,31/31/2024 10:00,,,N\n"  # no such date
        + ",THEFT,2024-01-06 10:00:00,,,N\n"  # no event number
        + "A4,THEFT,2024-01-07 10:00:00,,,maybe\n"  # not yes or no
        + "A5,THEFT,NULL,,,N\n"  # no time received
        + "A6,THEFT,2024-01-08 10:00:00,,,N\n",
    )
    report, out = _calls(tmp_path, source)
    assert report.ok
    reasons = {r.reason: (r.rows, r.examples, r.values) for r in report.rejected}
    assert reasons == {
        "t_arrived is before t_received": (1, [1], []),
        "t_received: not a date and time": (1, [2], ["31/31/2024 10:00"]),
        "event_id: missing": (1, [3], []),
        "self_initiated: not yes or no": (1, [4], ["maybe"]),
        "t_received: missing": (1, [5], []),
    }
    assert (report.rows_written, report.rows_rejected) == (1, 5)
    assert [r["event_id"] for r in read_rows(out)] == ["A6"]


def test_duplicates_keep_the_first_row_and_are_counted(tmp_path):
    row = "A1,THEFT,2024-01-05 10:00:00,,,N\n"
    source = _write(
        tmp_path, "calls.csv", HEADER + row + "A2,THEFT,2024-01-05 11:00:00,,,N\n" + row + row
    )
    report, out = _calls(tmp_path, source)
    assert (report.duplicates, report.duplicate_examples) == (2, [3, 4])
    assert [r["event_id"] for r in read_rows(out)] == ["A1", "A2"]


def _long_file(tmp_path: Path, rows: int) -> tuple[Path, list[int], list[int]]:
    """A calls file big enough to be read on several threads, with unreadable dates and
    repeated call numbers spread through it; returns it with the rows of each."""
    bad, repeated = [7, rows // 3, rows // 2 + 11, rows - 1], [5, rows // 4, rows - 2]
    lines = [HEADER]
    for row in range(1, rows + 1):
        number = row - 1 if row in repeated else row
        when = "not a date" if row in bad else f"2024-01-{row % 28 + 1:02d} 10:00:00"
        lines.append(f"A{number},THEFT,{when},,{row:06d} Long Avenue Northeast,N\n")
    return _write(tmp_path, "calls.csv", "".join(lines)), bad, repeated


def test_rows_are_numbered_as_in_the_file_when_it_is_read_on_several_threads(tmp_path):
    source, bad, repeated = _long_file(tmp_path, 300_000)
    assert source.stat().st_size > 15_000_000  # several of the reader's 8 MB blocks
    report, out = _calls(tmp_path, source)
    assert report.rejected[0].reason == "t_received: not a date and time"
    assert report.rejected[0].examples == bad
    assert (report.duplicates, report.duplicate_examples) == (3, repeated)
    assert report.rows_written == 300_000 - len(bad) - len(repeated)


def test_rows_are_numbered_alike_whichever_way_duckdb_writes_them(tmp_path, monkeypatch):
    from lcpa.outcomes.analytics import warehouse

    source, _, _ = _long_file(tmp_path, 60_000)
    in_order = []
    monkeypatch.setattr(
        warehouse,
        "_created_in_order",
        lambda *args, real=warehouse._created_in_order: in_order.append(real(*args)) or True,
    )
    fast, _ = _calls(tmp_path, source)
    # The calls plan is written in the order read, so the rowid numbers it (no window).
    assert in_order == [True]
    monkeypatch.setattr(
        warehouse,
        "_created_in_order",
        lambda *args, real=warehouse._created_in_order: real(*args) and False,
    )
    windowed, _ = _calls(tmp_path, source)
    assert windowed == fast


def test_a_value_mapped_as_the_file_spells_it_with_spaces_is_read(tmp_path):
    # The mapping page lists a file's values as written: "  theft " is mapped with its spaces.
    source = _write(
        tmp_path,
        "calls.csv",
        HEADER
        + "A1,  theft ,2024-01-05 10:00:00,,,N\n"
        + "A2,THEFT,2024-01-05 11:00:00,,,N\n"
        + "A3, MENTAL PATIENT,2024-01-05 12:00:00,,,N\n",
    )
    values = {
        "call_category": {
            "  theft ": "Property Crime",
            " MENTAL PATIENT": "Other",
            "MENTAL PATIENT": "Behavioral Health",
        }
    }
    report, out = _calls(tmp_path, source, values=values)
    assert report.ok, report.problems
    assert [r["call_category"] for r in read_rows(out)] == [
        "Property Crime",
        "Other",
        "Behavioral Health",
    ]


def test_mixed_date_formats_in_one_file_read_as_the_same_moments(tmp_path):
    source = _write(
        tmp_path,
        "calls.csv",
        HEADER
        + "A1,THEFT,2024-03-04T17:05:00.000,,,N\n"
        + "A2,THEFT,03/04/2024 17:05,,,N\n"
        + "A3,THEFT,03/04/2024 05:05:00 PM,,,N\n"
        + "A4,THEFT,2024 Mar 04 05:05:00 PM,,,N\n"
        + "A5,THEFT,2024-03-04 17:05:00,,,N\n",
    )
    report, out = _calls(tmp_path, source)
    assert report.rows_rejected == 0
    assert {r["t_received"] for r in read_rows(out)} == {dt.datetime(2024, 3, 4, 17, 5)}


def test_missing_value_words_are_missing_not_errors(tmp_path):
    source = _write(
        tmp_path,
        "calls.csv",
        HEADER
        + "".join(
            f"A{i},THEFT,2024-01-05 10:00:00,{v},,{v}\n"
            for i, v in enumerate(["NA", "null", " ", "N/A", "-"])
        ),
    )
    report, out = _calls(tmp_path, source)
    assert report.rows_rejected == 0 and report.rows_written == 5
    assert report.missing_share["t_arrived"] == 1.0


def test_missing_words_and_spaces_read_alike_in_text_date_and_yes_or_no_columns(tmp_path):
    # Dates and yes-or-no values are read as written, and trimmed or matched to the missing
    # words only when they cannot be: the outcome must not depend on which comes first.
    rows = [
        "A1,THEFT,2024-01-05 10:00:00, 2024-01-05 10:30:00 ,NULL, Y\n",
        "A2,THEFT,2024-01-06 10:00:00, n/a ,NORTH ST,nil\n",
        "A3,THEFT,2024-01-07 10:00:00,Not recorded,-,N\n",
        "A4,THEFT,2024-01-08 10:00:00,MAYBE LATER,None,no \n",
        "A5,THEFT,2024-01-09 10:00:00,,NONE SUCH ST,maybe\n",
    ]
    report, out = _calls(tmp_path, _write(tmp_path, "calls.csv", HEADER + "".join(rows)))
    assert [(r.reason, r.examples, r.values) for r in report.rejected] == [
        ("self_initiated: not yes or no", [5], ["maybe"]),
        ("t_arrived: not a date and time", [4], ["MAYBE LATER"]),
    ]
    kept = read_rows(out)
    assert [r["event_id"] for r in kept] == ["A1", "A2", "A3"]
    assert [r["t_arrived"] for r in kept] == [dt.datetime(2024, 1, 5, 10, 30), None, None]
    assert [r["self_initiated"] for r in kept] == [True, None, False]
    assert [r["block_address"] is None for r in kept] == [True, False, True]


def test_a_windows_1252_file_with_another_delimiter_is_read(tmp_path):
    text = (
        "NOPD_Item;TypeText;TimeCreate;TimeArrive;BLOCK_ADDRESS;SelfInitiated\n"
        "A1;CAFÉ DISTURBANCE ‘LOUD’;2024-01-05 10:00:00;;;N\n"
        "A2;THEFT;2024-01-06 10:00:00;;;N\n"
    )
    source = _write(tmp_path, "calls.csv", text, encoding="cp1252")
    report, out = _calls(tmp_path, source)
    assert report.encoding == "windows-1252"
    assert [r["call_type_final"] for r in read_rows(out)] == ["CAFÉ DISTURBANCE ‘LOUD’", "THEFT"]


@pytest.mark.parametrize(
    ("after", "encoding"),
    [
        ("é".encode(), "utf-8"),  # a character whose two bytes are read apart
        # a lead byte, a megabyte of ASCII, then what would have completed it
        (b"\xc3" + b"x" * SAMPLE_BYTES + b"\xa9", "windows-1252"),
        ("é".encode("cp1252"), "windows-1252"),  # far into a file of plain ASCII
    ],
)
def test_the_encoding_is_found_from_the_whole_file(tmp_path, after, encoding):
    # The bytes to tell come just where the file is read a second time.
    source = tmp_path / "calls.csv"
    source.write_bytes(b"a" * (SAMPLE_BYTES - 1) + after + b"b\n" * 10)
    assert detect_encoding(source) == encoding


def test_a_utf8_file_with_a_byte_order_mark_and_tabs_is_read(tmp_path):
    text = "\ufeff" + HEADER.replace(",", "\t") + "A1\tSÉANCE\t2024-01-05 10:00:00\t\t\tN\n"
    report, out = _calls(tmp_path, _write(tmp_path, "calls.tsv", text))
    assert report.encoding == "utf-8" and report.rows_written == 1
    assert read_rows(out)[0]["call_type_final"] == "SÉANCE"


def test_a_utf16_file_from_excel_is_read_and_a_binary_file_is_refused(tmp_path):
    text = HEADER.replace(",", "\t") + "A1\tCAFÉ\t2024-01-05 10:00:00\t\t\tN\n"
    report, out = _calls(tmp_path, _write(tmp_path, "calls.txt", text, encoding="utf-16"))
    assert report.encoding == "utf-16" and report.rows_written == 1
    assert read_rows(out)[0]["call_type_final"] == "CAFÉ"
    binary = tmp_path / "calls.bin"
    binary.write_bytes(bytes(range(256)) * 40)
    report, _ = _calls(tmp_path, binary)
    assert report.problems == [
        "The file is not a table of text (CSV), an Excel spreadsheet (XLSX) or a Parquet file."
    ]


def test_lines_with_broken_quotes_or_missing_columns_are_reported_and_the_rest_is_kept(tmp_path):
    rows = [f'A{i},"THEFT, AUTO",2024-01-0{i} 10:00:00,,"00{i}XX Main St",N\n' for i in range(1, 9)]
    rows[3] = 'A4,"THEFT, AUTO",2024-01-04 10:00:00,,"004XX Main St,N\n'  # runs into A5
    rows[6] = "A7,THEFT\n"  # missing columns
    report, out = _calls(tmp_path, _write(tmp_path, "calls.csv", HEADER + "".join(rows)))
    assert report.ok
    assert [(r.reason, r.rows, r.examples) for r in report.unreadable_lines] == [
        ("line could not be read (missing columns)", 1, [7])
    ]
    assert [(r.reason, r.examples) for r in report.rejected] == [
        ("a quote is not closed: the row runs into the next line", [4]),
        ("self_initiated: not yes or no", [4]),
    ]
    rows = read_rows(out)
    assert [r["event_id"] for r in rows] == ["A1", "A2", "A3", "A6", "A8"]
    assert rows[0]["call_type_final"] == "THEFT, AUTO"


def test_an_empty_file_fails_and_leaves_the_previous_version(tmp_path):
    good = _write(tmp_path, "good.csv", HEADER + "A1,THEFT,2024-01-05 10:00:00,,,N\n")
    _, out = _calls(tmp_path, good)
    before = out.read_bytes()
    for text, problem in (
        ("", "The file is empty."),
        (HEADER, "The file has column names but no rows."),
    ):
        report, _ = _calls(tmp_path, _write(tmp_path, "empty.csv", text))
        assert not report.ok and report.problems == [problem]
        assert out.read_bytes() == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["calls-v1.parquet"]


def test_a_file_of_another_kind_is_refused_with_its_columns_named(tmp_path):
    good = _write(tmp_path, "good.csv", HEADER + "A1,THEFT,2024-01-05 10:00:00,,,N\n")
    _, out = _calls(tmp_path, good)
    before = out.read_bytes()
    stops = _write(
        tmp_path,
        "stops.csv",
        "raw_row_number,date,time,subject_race,search_conducted\n1,2024-01-05,10:00,black,FALSE\n",
    )
    report, _ = _calls(tmp_path, stops)
    assert not report.ok
    assert report.problems[0].startswith("The file has no column 'BLOCK_ADDRESS', 'NOPD_Item'")
    assert "Its columns are 'raw_row_number', 'date'" in report.problems[0]
    assert out.read_bytes() == before


def test_a_file_where_no_row_can_be_read_is_refused(tmp_path):
    source = _write(tmp_path, "calls.csv", HEADER + "A1,THEFT,someday,,,N\nA2,THEFT,never,,,N\n")
    report, out = _calls(tmp_path, source)
    assert not report.ok and "every row was rejected" in report.problems[0]
    assert not out.exists()


def test_a_mapping_without_a_required_column_writes_nothing(tmp_path):
    source = _write(tmp_path, "calls.csv", HEADER + "A1,THEFT,2024-01-05 10:00:00,,,N\n")
    columns = {k: v for k, v in NOLA.items() if k != "t_received"}
    report, out = _calls(tmp_path, source, columns=columns)
    assert report.problems == [
        "The mapping gives no source column for t_received, which every row needs."
    ]
    assert not out.exists()


def test_personal_identifiers_are_hashed_with_the_salt_dropped_or_kept_when_asked(tmp_path):
    source = _write(
        tmp_path,
        "calls.csv",
        "NOPD_Item,TypeText,TimeCreate,BLOCK_ADDRESS,Lat\n"
        "A1,THEFT,2024-01-05 10:00:00,001XX Main St,29.95\n"
        "A2,THEFT,2024-01-06 10:00:00,001XX Main St,29.96\n",
    )
    columns = {
        "event_id": "NOPD_Item",
        "call_type_final": "TypeText",
        "t_received": "TimeCreate",
        "block_address": "BLOCK_ADDRESS",
        "latitude": "Lat",
    }
    report, out = _calls(tmp_path, source, columns=columns, values={})
    rows = read_rows(out)
    assert (report.hashed_columns, report.dropped_columns) == (["block_address"], ["latitude"])
    assert "latitude" not in rows[0]
    assert rows[0]["block_address"] == rows[1]["block_address"]
    assert len(rows[0]["block_address"]) == 16 and "Main" not in rows[0]["block_address"]
    other = ingest(
        source=source, schema=CALLS, columns=columns, out=tmp_path / "b.parquet", salt="other"
    )
    assert other.ok
    assert read_rows(tmp_path / "b.parquet")[0]["block_address"] != rows[0]["block_address"]
    kept = ingest(
        source=source,
        schema=CALLS,
        columns=columns,
        out=tmp_path / "c.parquet",
        keep={"block_address", "latitude"},
    )
    assert kept.kept_columns == ["block_address", "latitude"]
    assert read_rows(tmp_path / "c.parquet")[0]["block_address"] == "001XX Main St"
    assert read_rows(tmp_path / "c.parquet")[0]["latitude"] == 29.95
    with pytest.raises(ValueError, match="a salt is needed"):
        ingest(source=source, schema=CALLS, columns=columns, out=tmp_path / "d.parquet")


def test_an_xlsx_file_is_read_from_its_first_sheet(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        ["NOPD_Item", "TypeText", "TimeCreate", "TimeArrive", "BLOCK_ADDRESS", "SelfInitiated"]
    )
    sheet.append(
        ["A1", "THEFT", dt.datetime(2024, 1, 5, 10, 0), dt.datetime(2024, 1, 5, 10, 30), None, "Y"]
    )
    sheet.append(["A2", "MENTAL PATIENT", "01/06/2024 09:00", None, None, "N"])
    book.save(tmp_path / "calls.xlsx")
    report, out = _calls(tmp_path, tmp_path / "calls.xlsx")
    assert report.ok and report.source_format == "xlsx"
    rows = read_rows(out)
    assert [r["t_received"] for r in rows] == [
        dt.datetime(2024, 1, 5, 10, 0),
        dt.datetime(2024, 1, 6, 9, 0),
    ]
    assert [r["call_category"] for r in rows] == ["Property Crime", "Behavioral Health"]


def test_a_spreadsheet_that_expands_like_a_zip_bomb_is_refused(tmp_path):
    bomb = tmp_path / "calls.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 20_000_000)
    report, out = _calls(tmp_path, bomb)
    assert not report.ok and "expands to far more than its size" in report.problems[0]
    assert not out.exists()


def test_a_parquet_file_is_read_too(tmp_path):
    source = _write(tmp_path, "calls.csv", HEADER + "A1,THEFT,2024-01-05 10:00:00,,,N\n")
    _, first = _calls(tmp_path, source)
    columns = {
        "event_id": "event_id",
        "call_type_final": "call_type_final",
        "t_received": "t_received",
    }
    report = ingest(source=first, schema=CALLS, columns=columns, out=tmp_path / "again.parquet")
    assert report.ok and report.source_format == "parquet"
    assert read_rows(tmp_path / "again.parquet")[0]["t_received"] == dt.datetime(2024, 1, 5, 10, 0)


def test_months_without_data_between_the_first_and_last_are_listed(tmp_path):
    source = _write(
        tmp_path,
        "calls.csv",
        HEADER + "A1,THEFT,2023-11-05 10:00:00,,,N\nA2,THEFT,2024-02-29 10:00:00,,,N\n",
    )
    report, _ = _calls(tmp_path, source)
    assert report.months_without_data == ["2023-12", "2024-01"]


def test_stops_follow_the_predication_rules_and_the_age_range(tmp_path):
    source = _write(
        tmp_path,
        "stops.csv",
        "id,date,age,race,searched,search_person,found,drugs,basis,plate\n"
        "1,2024-01-05,34,Black,TRUE,TRUE,TRUE,TRUE,consent,ABC123\n"
        "2,2024-01-05,150,white,FALSE,FALSE,,,,XYZ\n"  # impossible age
        "3,2024-01-06,NA,white,FALSE,TRUE,,,,\n"  # a person search without a search
        "4,2024-01-06,22,hispanic,FALSE,,FALSE,,consent,\n"  # corrected: found and basis to NA
        # drugs without contraband:
        "5,2024-01-07,41,martian,TRUE,FALSE,FALSE,TRUE,probable cause,\n",
    )
    columns = {
        "raw_row_number": "id",
        "date": "date",
        "subject_age": "age",
        "subject_race": "race",
        "search_conducted": "searched",
        "search_person": "search_person",
        "contraband_found": "found",
        "contraband_drugs": "drugs",
        "search_basis": "basis",
        "vehicle_license_plate": "plate",
    }
    out = tmp_path / "stops.parquet"
    report = ingest(source=source, schema=load_schema("stops"), columns=columns, out=out)
    assert {r.reason: r.examples for r in report.rejected} == {
        "subject_age: outside 10 to 110": [2],
        "search_person is yes but search_conducted is not": [3],
        "contraband_drugs is yes but contraband_found is not": [5],
    }
    rows = {r["raw_row_number"]: r for r in read_rows(out)}
    assert set(rows) == {"1", "4"}
    assert rows["1"]["subject_race"] == "black" and rows["1"]["contraband_drugs"] is True
    assert rows["4"]["contraband_found"] is None and rows["4"]["search_basis"] is None
    assert rows["4"]["search_person"] is False and rows["4"]["contraband_drugs"] is False
    assert report.corrected == {
        "search_basis": 1,
        "search_person": 1,
        "contraband_found": 1,
        "contraband_drugs": 1,
    }
    assert report.unrecognised == {"subject_race": {"martian": 1}}
    assert "vehicle_license_plate" not in rows["1"]


def test_victim_level_shootings_are_unique_by_incident_and_victim(tmp_path):
    source = _write(
        tmp_path,
        "shootings.csv",
        "INCIDENT_KEY,OCCUR_DATE,STATISTICAL_MURDER_FLAG,VIC\n"
        "10,01/05/2024,true,1\n10,01/05/2024,false,2\n10,01/05/2024,false,2\n11,01/09/2024,false,1\n",
    )
    columns = {
        "incident_id": "INCIDENT_KEY",
        "occur_date": "OCCUR_DATE",
        "fatal": "STATISTICAL_MURDER_FLAG",
        "victim_id": "VIC",
    }
    out = tmp_path / "shootings.parquet"
    report = ingest(
        source=source, schema=load_schema("shootings"), level="victim", columns=columns, out=out
    )
    assert (report.level, report.rows_written, report.duplicates) == ("victim", 3, 1)
    assert [r["fatal"] for r in read_rows(out)] == [True, False, False]
    assert "n_killed" not in read_rows(out)[0]


def test_crdc_reserve_codes_are_missing_in_aggregate_school_files(tmp_path):
    source = _write(
        tmp_path,
        "schools.csv",
        "school,year_start,group,enr,ref\nS1,2023-08-01,total,400,12\nS1,2023-08-01,race:black,120,-9\nS2,2023-08-01,total,-5,3\n",
    )
    columns = {
        "school_id": "school",
        "period_start": "year_start",
        "group": "group",
        "enrollment": "enr",
        "referrals": "ref",
    }
    out = tmp_path / "schools.parquet"
    report = ingest(
        source=source, schema=load_schema("schools"), level="aggregate", columns=columns, out=out
    )
    assert {r.reason for r in report.rejected} == {"enrollment: missing"}
    assert [r["referrals"] for r in read_rows(out)] == [12, None]


def test_the_report_round_trips_through_json_and_reads_as_csv(tmp_path):
    source = _write(
        tmp_path,
        "calls.csv",
        HEADER
        + "A1,THEFT,2024-01-05 10:00:00,,x,N\n"
        + "A2,THEFT,bad,,,N\n"
        + "A1,THEFT,2024-01-05 10:00:00,,x,N\n",
    )
    report, _ = _calls(tmp_path, source)
    again = ValidationReport.from_dict(json.loads(json.dumps(report.to_dict())))
    assert again == report
    lines = report.to_csv().splitlines()
    assert lines[0] == "section,item,rows,detail"
    assert "rejected,t_received: not a date and time,1,rows 2; values 'bad'" in lines
    assert "duplicates,same unique key as an earlier row,1,rows 3" in lines
    assert "columns,block_address,,hashed" in lines


def test_a_disposition_none_is_a_value_while_none_elsewhere_is_missing(tmp_path):
    # calls.yaml names "None" among the disposition's real values: some dispatch systems close
    # a call with the disposition "None" (no action needed).
    source = _write(
        tmp_path,
        "calls.csv",
        "NOPD_Item,TypeText,TimeCreate,BLOCK_ADDRESS,Disposition\n"
        "A1,THEFT,2024-01-05 10:00:00,None,None\n"
        "A2,THEFT,2024-01-06 10:00:00,NONE,REPORT TAKEN\n"
        "A3,THEFT,2024-01-07 10:00:00,001XX Main St,n/a\n",
    )
    columns = {**NOLA, "disposition": "Disposition"}
    del columns["t_arrived"], columns["self_initiated"]
    report, out = _calls(tmp_path, source, columns=columns)
    assert report.ok, report.problems
    rows = read_rows(out)
    assert [r["disposition"] for r in rows] == ["None", "REPORT TAKEN", None]
    assert [r["block_address"] for r in rows][:2] == [None, None]


def test_a_disposition_none_is_a_value_in_a_parquet_file_too(tmp_path):
    import duckdb

    source = tmp_path / "calls.parquet"
    duckdb.sql(
        "SELECT 'A1' AS id, 'THEFT' AS type, '2024-01-05 10:00:00' AS t, 'None' AS disp, "
        "'None' AS address"
    ).write_parquet(str(source))
    columns = {
        "event_id": "id",
        "call_type_final": "type",
        "t_received": "t",
        "disposition": "disp",
        "block_address": "address",
    }
    report, out = _calls(tmp_path, source, columns=columns, values={})
    assert report.ok, report.problems
    [row] = read_rows(out)
    assert (row["disposition"], row["block_address"]) == ("None", None)


def test_the_warehouse_reads_the_formats_and_words_of_the_value_codes_file(tmp_path):
    # One copy: the warehouse has no list of its own; a date format and a missing word that
    # only the rules file lists are read by the warehouse and by formats.py alike.
    from lcpa.outcomes.analytics import warehouse
    from lcpa.outcomes.analytics.formats import is_missing, parse_datetime, value_codes

    for name in ("MISSING_TOKENS", "READER_NULLS", "DATETIME_FORMATS", "TRUE_WORDS"):
        assert not hasattr(warehouse, name)
    assert "%d-%b-%Y" in value_codes().date_formats
    assert parse_datetime("07-Mar-2024") == dt.datetime(2024, 3, 7)
    assert is_missing("Not recorded") and not is_missing("None", real_values=["None"])
    source = _write(
        tmp_path,
        "calls.csv",
        "NOPD_Item,TypeText,TimeCreate,BLOCK_ADDRESS\n"
        "A1,THEFT,07-Mar-2024,Not recorded\n"
        "A2,THEFT,08-Mar-2024,001XX Main St\n",
    )
    columns = {k: NOLA[k] for k in ("event_id", "call_type_final", "t_received", "block_address")}
    report, out = _calls(tmp_path, source, columns=columns, values={})
    assert report.ok and report.rows_rejected == 0, report.problems
    rows = read_rows(out)
    assert [r["t_received"] for r in rows] == [dt.datetime(2024, 3, 7), dt.datetime(2024, 3, 8)]
    assert rows[0]["block_address"] is None


def test_the_preview_lists_each_asked_columns_values_most_frequent_first(tmp_path):
    source = _write(
        tmp_path,
        "calls.csv",
        "NOPD_Item,TypeText,Agency,Disposition\n"
        "A1,THEFT,NOPD,None\n"
        "A2,MENTAL PATIENT,CRT,NA\n"
        "A3,MENTAL PATIENT,NOPD,\n"
        "A4,AUTO THEFT,NOPD,REPORT TAKEN\n"
        "A5,MENTAL PATIENT,,None\n",
    )
    asked = ("TypeText", "Agency", "Disposition", "TypeText", "Beat")
    seen = preview(source, rows=2, distinct=asked, distinct_limit=2, real_values=["None"])
    assert seen.columns == ["NOPD_Item", "TypeText", "Agency", "Disposition"]
    assert [row["NOPD_Item"] for row in seen.rows] == ["A1", "A2"]
    # Ties in the order of their values; missing words left out, but a column's real values;
    # a column the file lacks is not listed.
    assert seen.distinct == {
        "TypeText": ["MENTAL PATIENT", "AUTO THEFT"],
        "Agency": ["NOPD", "CRT"],
        "Disposition": ["None", "REPORT TAKEN"],
    }
    assert preview(source).distinct == {}


def test_remapping_a_normalised_file_gives_what_ingesting_the_original_again_gives(tmp_path):
    source = _write(
        tmp_path,
        "calls.csv",
        HEADER
        + "A1, MENTAL PATIENT ,2024-01-05 10:00:00,2024-01-05 10:12:30,001XX Main St,N\n"
        + "A2,THEFT,2024-02-01 23:59:00,,002XX Oak St,Y\n"
        + "A3,NOISE,2024-02-02 08:00:00,,003XX Elm St,N\n"
        + "A4,N/A,2024-02-03 08:00:00,,004XX Elm St,N\n",  # no call type: rejected
    )
    columns = NOLA | {"alt_eligible": "TypeText"}
    first = {
        "call_category": CATEGORIES["call_category"]
        | {"NOISE": "Complaints/Environmental Conditions"},
        "alt_eligible": {"MENTAL PATIENT": "yes", "THEFT": "no", "NOISE": "no"},
    }
    corrected = {
        "call_category": first["call_category"] | {"NOISE": "Behavioral Health"},
        "alt_eligible": first["alt_eligible"] | {"NOISE": "yes"},
    }
    _, normalised = _calls(tmp_path, source, columns=columns, values=first)
    remapped = tmp_path / "remapped.parquet"
    derived = {"call_category": "call_type_final", "alt_eligible": "call_type_final"}
    assert remap(
        source=normalised, out=remapped, schema=CALLS, level="", derived=derived, values=corrected
    )
    again = tmp_path / "again.parquet"
    ingest(
        source=source, schema=CALLS, out=again, columns=columns, values=corrected, salt="team-salt"
    )
    assert read_rows(remapped) == read_rows(again)
    assert [r["alt_eligible"] for r in read_rows(remapped)] == [True, False, True]

    # A call type the correction leaves unread (neither yes nor no) is for ingest to reject.
    unread = corrected | {"alt_eligible": {"MENTAL PATIENT": "yes", "THEFT": "no"}}
    assert not remap(
        source=normalised,
        out=tmp_path / "x.parquet",
        schema=CALLS,
        level="",
        derived=derived,
        values=unread,
    )
    assert not (tmp_path / "x.parquet").exists()
