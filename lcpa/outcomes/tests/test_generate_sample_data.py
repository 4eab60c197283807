"""generate_sample_data: synthetic calls in the New Orleans layout, with its traps."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from lcpa.outcomes.analytics.samples.calls import calls_config, calls_mapping, write_calls
from lcpa.outcomes.analytics.schemas import load_schema
from lcpa.outcomes.analytics.stopreasons import classify_stop_reason
from lcpa.outcomes.analytics.warehouse import compute, ingest

NOLA_COLUMNS = [
    "NOPD_Item",
    "Type",
    "TypeText",
    "Priority",
    "InitialType",
    "InitialTypeText",
    "InitialPriority",
    "MapX",
    "MapY",
    "TimeCreate",
    "TimeDispatch",
    "TimeArrive",
    "TimeClosed",
    "Disposition",
    "DispositionText",
    "SelfInitiated",
    "Beat",
    "BLOCK_ADDRESS",
    "Zip",
    "PoliceDistrict",
    "Location",
]


def _rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_command_writes_the_new_orleans_layout_and_says_what_it_wrote(tmp_path, capsys):
    out = tmp_path / "calls.csv"
    call_command("generate_sample_data", kind="calls", rows=500, out=out, seed=4)
    assert "Wrote 500 calls rows to" in capsys.readouterr().out
    with out.open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header[: len(NOLA_COLUMNS)] == NOLA_COLUMNS
    assert header[len(NOLA_COLUMNS) :] == ["Agency", "BackupRequested"]
    rows = _rows(out)
    assert len(rows) == 500
    created = dt.datetime.strptime(rows[0]["TimeCreate"], "%m/%d/%Y %I:%M:%S %p")
    assert created.date() >= dt.date(2023, 1, 1)


def test_the_same_seed_gives_the_same_file_and_another_seed_another(tmp_path):
    a, b, c = (tmp_path / name for name in ("a.csv", "b.csv", "c.csv"))
    write_calls(a, rows=300, seed=9)
    write_calls(b, rows=300, seed=9)
    write_calls(c, rows=300, seed=10)
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()


def test_summer_is_busier_than_winter_and_rows_come_in_time_order(tmp_path):
    out = tmp_path / "calls.csv"
    write_calls(out, rows=6000, seed=2, start=dt.date(2023, 1, 1), months=12)
    rows = [r for r in _rows(out) if "T" not in r["TimeCreate"]]
    months = Counter(r["TimeCreate"][:2] for r in rows)
    assert months["07"] > months["01"] * 1.15
    times = [dt.datetime.strptime(r["TimeCreate"], "%m/%d/%Y %I:%M:%S %p") for r in rows]
    assert times == sorted(times)


def test_after_the_intervention_eligible_calls_shift_to_the_alternative_team(tmp_path):
    out = tmp_path / "calls.csv"
    summary = write_calls(
        out,
        rows=8000,
        seed=5,
        start=dt.date(2023, 1, 1),
        months=12,
        intervention=dt.date(2023, 7, 1),
    )
    assert summary.intervention == dt.date(2023, 7, 1)
    config = calls_config()
    eligible = {t["text"] for t in config["call_types"] if t["eligible"]}
    before, after = Counter(), Counter()
    for row in _rows(out):
        if (
            row["TypeText"] not in eligible
            or row["SelfInitiated"] == "Y"
            or "T" in row["TimeCreate"]
        ):
            continue
        month = int(row["TimeCreate"][:2])
        (after if month >= 7 else before)[row["Agency"]] += 1
    assert before[config["alternative_agency"]] == 0
    share = after[config["alternative_agency"]] / sum(after.values())
    assert 0.35 < share < 0.55
    not_eligible = [r for r in _rows(out) if r["TypeText"] == "THEFT"]
    assert {r["Agency"] for r in not_eligible} == {config["police_agency"]}


def test_the_file_carries_the_data_quality_traps_and_ingest_reports_them(tmp_path):
    out = tmp_path / "calls.csv"
    summary = write_calls(out, rows=20000, seed=11, months=6)
    rows = _rows(out)
    assert sum(r["TimeArrive"] == "" for r in rows) > 500
    assert any("T" in r["TimeCreate"] for r in rows)
    assert any(r["Zip"] == "NA" for r in rows)
    assert any(r["TypeText"] in ("UNK 99X", "Mental Patient") for r in rows)
    assert summary.duplicates > 10
    assert len({r["NOPD_Item"] for r in rows}) == len(rows) - summary.duplicates

    columns, values = calls_mapping()
    parquet = tmp_path / "calls.parquet"
    report = ingest(
        source=out,
        schema=load_schema("calls"),
        columns=columns,
        values=values,
        out=parquet,
        salt="s",
    )
    assert report.ok
    assert report.duplicates == summary.duplicates
    reasons = {r.reason for r in report.rejected}
    assert "t_arrived is before t_received" in reasons
    assert report.rows_written == 20000 - summary.duplicates - report.rejected_rows
    assert report.missing_share["t_arrived"] > 0.04
    assert report.months_without_data == []
    result = compute("calls", parquet)
    assert result.skipped == {}
    coverage = {r.period: r for r in result.rows if r.measure == "calls_alternative_coverage"}
    assert coverage[dt.date(2023, 1, 1)].numerator == 0
    late = coverage[dt.date(2023, 6, 1)]
    assert 0.3 < late.numerator / late.denominator < 0.6


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"rows": 0}, "--rows and --months must be at least 1."),
        ({"start": "January"}, "'January' is not a month written YYYY-MM."),
        ({"intervention": "2023-13"}, "'2023-13' is not a month written YYYY-MM."),
    ],
)
def test_the_command_refuses_bad_options(tmp_path, options, message):
    arguments = {"kind": "calls", "rows": 10, "out": tmp_path / "x.csv"} | options
    with pytest.raises(CommandError, match=message):
        call_command("generate_sample_data", **arguments)


def test_the_command_writes_stops_in_the_open_policing_layout(tmp_path, capsys):
    out = tmp_path / "stops.csv"
    call_command(
        "generate_sample_data", kind="stops", rows=300, out=out, seed=2, start="2022-01", months=6
    )
    assert "fewer non-safety stops from 2022-04-01" in capsys.readouterr().out
    rows = _rows(out)
    assert len(rows) == 300
    assert {"raw_row_number", "date", "time", "subject_race", "search_conducted"} <= set(rows[0])
    assert all("2022-01-01" <= r["date"] <= "2022-06-30" for r in rows)


def test_stops_fall_from_the_intervention_month_the_command_is_given(tmp_path, capsys):
    out = tmp_path / "stops.csv"
    call_command(
        "generate_sample_data",
        kind="stops",
        rows=3000,
        out=out,
        start="2022-01",
        months=6,
        intervention="2022-03",
    )
    assert "fewer non-safety stops from 2022-03-01" in capsys.readouterr().out
    non_safety = {True: Counter(), False: Counter()}
    for row in _rows(out):
        after = row["date"] >= "2022-03-01"
        non_safety[after][classify_stop_reason(row["reason_for_stop"]).non_safety] += 1
    before_share, after_share = (non_safety[k][True] / non_safety[k].total() for k in (False, True))
    assert after_share < before_share - 0.05


def test_the_command_refuses_a_folder_that_does_not_exist(tmp_path):
    with pytest.raises(CommandError, match="There is no folder"):
        call_command("generate_sample_data", kind="calls", rows=10, out=tmp_path / "no" / "x.csv")


@pytest.mark.parametrize(
    ("kind", "layout", "first"),
    [
        ("crashes", "NYC Motor Vehicle Collisions - Person layout", "UNIQUE_ID"),
        ("shootings", "NYPD Shooting Incident Data layout", "INCIDENT_KEY"),
    ],
)
def test_the_command_writes_crashes_and_shootings_in_their_public_layouts(
    tmp_path, capsys, kind, layout, first
):
    out = tmp_path / f"{kind}.csv"
    call_command(
        "generate_sample_data",
        kind=kind,
        rows=300,
        out=out,
        seed=3,
        start="2023-01",
        months=12,
        intervention="2023-07",
    )
    said = capsys.readouterr().out
    assert f"Wrote 300 {kind} rows to" in said and layout in said and "2023-07-01" in said
    assert len(_rows(out)) == 300
    assert next(iter(_rows(out)[0])) == first
