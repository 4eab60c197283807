"""Calls-for-service measures: named SQL over a normalised file, checked against hand counts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lcpa.outcomes.analytics.schemas import load_schema
from lcpa.outcomes.analytics.warehouse import compute, ingest

JAN, FEB = dt.date(2024, 1, 1), dt.date(2024, 2, 1)
HEADER = "id,type,category,received,arrived,priority,unit,eligible,backup,disposition,self\n"
ROWS = [
    # id, type, category, received, arrived, priority, unit, eligible, backup, disposition, self
    "E1,MENTAL,Behavioral Health,2024-01-01 10:00,2024-01-01 10:10,2,ALT,Y,N,"
    "Non-Arrest / Non-Arrest Activity,N",
    "E2,MENTAL,Behavioral Health,2024-01-02 10:00,2024-01-02 10:20,2,NOPD,Y,,Report Generated,N",
    "E3,THEFT,Property Crime,2024-01-03 10:00,2024-01-03 10:30,1,NOPD,N,,Report Generated,N",
    "E4,THEFT,Property Crime,2024-01-04 10:00,2024-01-04 10:40,1,NOPD,N,,Arrest Issued,N",
    # officer-initiated: left out of every community-generated measure
    "E5,TRAFFIC STOP,Traffic,2024-01-05 10:00,,3,NOPD,N,,Citation Issued,Y",
    "E6,NOISE,Complaints/Environmental Conditions,2024-01-06 10:00,2024-01-06 10:05,3,ALT,Y,Y,"
    "Non-Arrest / Non-Arrest Activity,N",
    # arrives after 25 hours: counted, but left out of response times
    "E7,NOISE,Complaints/Environmental Conditions,2024-01-07 10:00,2024-01-08 11:00,3,ALT,Y,N,"
    "Non-Arrest / Non-Arrest Activity,N",
    "E8,MENTAL,Behavioral Health,2024-02-01 09:00,2024-02-01 09:15,2,ALT,Y,N,"
    "Non-Arrest / Non-Arrest Activity,N",
    "E9,SHOOTING,Violent Crime,2024-02-02 09:00,2024-02-02 09:06,1,NOPD,N,,Arrest Issued,N",
]
COLUMNS = {
    "event_id": "id",
    "call_type_final": "type",
    "call_category": "category",
    "t_received": "received",
    "t_arrived": "arrived",
    "priority_initial": "priority",
    "responder_type": "unit",
    "alt_eligible": "eligible",
    "backup_requested": "backup",
    "disposition_category": "disposition",
    "self_initiated": "self",
}
UNITS = {"responder_type": {"ALT": "alternative", "NOPD": "police"}}


@pytest.fixture
def calls(tmp_path) -> Path:
    source = tmp_path / "calls.csv"
    source.write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    out = tmp_path / "calls.parquet"
    report = ingest(
        source=source, schema=load_schema("calls"), columns=COLUMNS, values=UNITS, out=out
    )
    assert report.ok and report.rows_written == 9
    return out


def _values(calls: Path, code: str) -> dict[tuple[dt.date, str], tuple]:
    result = compute("calls", calls, measures=[code])
    assert all(row.measure == code for row in result.rows)
    return {(r.period, r.disaggregation): (r.numerator, r.denominator) for r in result.rows}


def test_volume_counts_community_generated_calls_by_category_with_zero_months(calls):
    assert _values(calls, "calls_volume") == {
        (JAN, ""): (6, None),
        (JAN, "category:Behavioral Health"): (2, None),
        (JAN, "category:Property Crime"): (2, None),
        (JAN, "category:Complaints/Environmental Conditions"): (2, None),
        (JAN, "category:Violent Crime"): (0, None),
        (FEB, ""): (2, None),
        (FEB, "category:Behavioral Health"): (1, None),
        (FEB, "category:Violent Crime"): (1, None),
        (FEB, "category:Property Crime"): (0, None),
        (FEB, "category:Complaints/Environmental Conditions"): (0, None),
    }


def test_share_eligible_coverage_and_backup_rate_keep_numerator_and_denominator(calls):
    assert _values(calls, "calls_share_eligible") == {(JAN, ""): (4, 6), (FEB, ""): (1, 2)}
    assert _values(calls, "calls_alternative_coverage") == {(JAN, ""): (3, 4), (FEB, ""): (1, 1)}
    assert _values(calls, "calls_backup_rate") == {(JAN, ""): (1, 3), (FEB, ""): (0, 1)}


def test_response_time_median_by_priority_and_responder_type(calls):
    # January, in minutes: E1 10 (p2 alt), E2 20 (p2 police), E3 30 and E4 40 (p1 police),
    # E6 5 (p3 alt); E7 (25 hours) and E5 (officer-initiated) are left out.
    assert _values(calls, "calls_response_time_median") == {
        (JAN, ""): (20, None),
        (JAN, "priority:1"): (35, None),
        (JAN, "priority:2"): (15, None),
        (JAN, "priority:3"): (5, None),
        (JAN, "responder_type:alternative"): (7.5, None),
        (JAN, "responder_type:police"): (30, None),
        (JAN, "priority:1;responder_type:police"): (35, None),
        (JAN, "priority:2;responder_type:alternative"): (10, None),
        (JAN, "priority:2;responder_type:police"): (20, None),
        (JAN, "priority:3;responder_type:alternative"): (5, None),
        (FEB, ""): (10.5, None),
        (FEB, "priority:1"): (6, None),
        (FEB, "priority:2"): (15, None),
        (FEB, "responder_type:alternative"): (15, None),
        (FEB, "responder_type:police"): (6, None),
        (FEB, "priority:1;responder_type:police"): (6, None),
        (FEB, "priority:2;responder_type:alternative"): (15, None),
    }


def test_response_time_90th_percentile_interpolates_linearly(calls):
    values = _values(calls, "calls_response_time_p90")
    # [5, 10, 20, 30, 40]: position 0.9 x 4 = 3.6, so 30 + 0.6 x 10 = 36.
    assert values[(JAN, "")] == (pytest.approx(36), None)
    assert values[(JAN, "priority:1")] == (pytest.approx(39), None)  # 30 + 0.9 x 10
    assert values[(JAN, "responder_type:alternative")] == (pytest.approx(9.5), None)
    assert values[(JAN, "responder_type:police")] == (pytest.approx(38), None)  # 30 + 0.8 x 10
    assert values[(FEB, "")] == (pytest.approx(14.1), None)  # 6 + 0.9 x 9


def test_disposition_mix_gives_every_category_a_share_of_one_denominator_per_month(calls):
    seen = {
        (JAN, "disposition:Arrest Issued"): (1, 6),
        (JAN, "disposition:Non-Arrest / Non-Arrest Activity"): (3, 6),
        (JAN, "disposition:Report Generated"): (2, 6),
        (FEB, "disposition:Arrest Issued"): (1, 2),
        (FEB, "disposition:Non-Arrest / Non-Arrest Activity"): (1, 2),
    }
    zeros = {
        (month, f"disposition:{category}"): (0, calls)
        for month, calls in ((JAN, 6), (FEB, 2))
        for category in load_schema("calls").column("disposition_category").values
        if (month, f"disposition:{category}") not in seen
    }
    assert len(zeros) == 2 * 14 - 5
    assert _values(calls, "calls_disposition_mix") == seen | zeros


def test_enforcement_rate_counts_arrests_and_citations_of_responded_calls(calls):
    # January: E4 is the one arrest of six community calls (E5, a citation, is officer-initiated).
    assert _values(calls, "calls_enforcement_rate") == {
        (JAN, ""): (1, 6),
        (JAN, "category:Behavioral Health"): (0, 2),
        (JAN, "category:Complaints/Environmental Conditions"): (0, 2),
        (JAN, "category:Property Crime"): (1, 2),
        (JAN, "responder_type:alternative"): (0, 3),
        (JAN, "responder_type:police"): (1, 3),
        (FEB, ""): (1, 2),
        (FEB, "category:Behavioral Health"): (0, 1),
        (FEB, "category:Violent Crime"): (1, 1),
        (FEB, "responder_type:alternative"): (0, 1),
        (FEB, "responder_type:police"): (1, 1),
    }


def test_alternative_share_of_all_community_calls(calls):
    # January: E1, E6 and E7 of the six community calls; February: E8 of two.
    assert _values(calls, "calls_alternative_share") == {(JAN, ""): (3, 6), (FEB, ""): (1, 2)}


def test_every_measure_the_file_has_columns_for_is_computed_at_once(calls):
    result = compute("calls", calls)
    # The file has neither dispatch nor closing times, nor a place to find repeat calls by.
    assert result.skipped == {
        "calls_call_processing_time_median": ["t_dispatched or dispatch_minutes"],
        "calls_call_processing_time_p90": ["t_dispatched or dispatch_minutes"],
        "calls_travel_time_median": ["t_dispatched or travel_minutes"],
        "calls_travel_time_p90": ["t_dispatched or travel_minutes"],
        "calls_on_scene_time_median": ["t_cleared or on_scene_minutes"],
        "calls_on_scene_time_p90": ["t_cleared or on_scene_minutes"],
        "calls_repeat_rate": ["repeat_caller_key or block_address"],
    }
    computed = {row.measure for row in result.rows}
    assert computed == {m.code for m in load_schema("calls").measures} - set(result.skipped)
    assert len(result.rows) == len(set(result.rows))


def test_measures_whose_columns_are_not_in_the_file_are_skipped_and_said_so(tmp_path):
    source = tmp_path / "calls.csv"
    source.write_text("id,type,received\nE1,THEFT,2024-01-01 10:00\n", encoding="utf-8")
    out = tmp_path / "calls.parquet"
    columns = {"event_id": "id", "call_type_final": "type", "t_received": "received"}
    assert ingest(source=source, schema=load_schema("calls"), columns=columns, out=out).ok
    result = compute("calls", out)
    assert {row.measure for row in result.rows} == set()
    assert result.skipped["calls_share_eligible"] == ["alt_eligible"]
    assert result.skipped["calls_response_time_median"] == ["t_arrived or response_minutes"]
    assert result.skipped["calls_volume"] == ["call_category"]


def test_an_unknown_measure_is_refused(calls):
    with pytest.raises(ValueError, match="calls has no computed measure 'calls_magic'"):
        compute("calls", calls, measures=["calls_magic"])


def test_only_the_warehouse_imports_duckdb():
    root = Path(__file__).resolve().parents[2]
    importers = sorted(
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "tests" not in path.parts and "import duckdb" in path.read_text(encoding="utf-8")
    )
    assert importers == ["outcomes/analytics/warehouse.py"]


def test_interval_times_come_from_the_times_else_from_the_minutes_a_detroit_export_gives(
    tmp_path,
):
    source = tmp_path / "detroit.csv"
    source.write_text(
        "id,type,received,dispatched,arrived,travel,total\n"
        # times: 4 minutes to dispatch, 6 minutes of travel
        "D1,THEFT,2024-01-01 10:00,2024-01-01 10:04,2024-01-01 10:10,,\n"
        # no times, only minutes: 8 of travel, 20 in all
        "D2,THEFT,2024-01-02 10:00,,,8,20\n"
        # the times win over the minutes where both are given
        "D3,THEFT,2024-01-03 10:00,2024-01-03 10:02,2024-01-03 10:12,99,99\n",
        encoding="utf-8",
    )
    out = tmp_path / "detroit.parquet"
    columns = {
        "event_id": "id",
        "call_type_final": "type",
        "t_received": "received",
        "t_dispatched": "dispatched",
        "t_arrived": "arrived",
        "travel_minutes": "travel",
        "response_minutes": "total",
    }
    assert ingest(source=source, schema=load_schema("calls"), columns=columns, out=out).ok
    # travel 6, 8 and 10: median 8; response 10, 20 and 12: median 12.
    assert _values(out, "calls_travel_time_median")[(JAN, "")] == (8, None)
    assert _values(out, "calls_response_time_median")[(JAN, "")] == (12, None)
    # call processing 4 and 2 (D2 has neither times nor intake and dispatch minutes).
    assert _values(out, "calls_call_processing_time_median")[(JAN, "")] == (3, None)
    assert _values(out, "calls_response_time_p90")[(JAN, "")] == (pytest.approx(18.4), None)


def test_repeat_rate_looks_back_30_days_and_leaves_out_the_first_30_days_of_the_file(tmp_path):
    source = tmp_path / "repeat.csv"
    source.write_text(
        "id,type,received,place,category\n"
        "R1,WELFARE,2024-01-01 10:00,12 Elm St,Behavioral Health\n"  # the file's first call
        "R2,WELFARE,2024-01-20 10:00,3 Oak St,Behavioral Health\n"  # in its first 30 days
        "R3,WELFARE,2024-02-05 10:00,12 Elm St,Behavioral Health\n"  # 35 days after R1
        "R4,WELFARE,2024-02-10 10:00,3 Oak St,Behavioral Health\n"  # 21 days after R2: repeat
        "R5,ALARM,2024-02-12 10:00,9 Ash St,Alarms\n"  # a first call
        "R6,WELFARE,2024-02-20 10:00,12 Elm St,Behavioral Health\n",  # 15 days after R3: repeat
        encoding="utf-8",
    )
    out = tmp_path / "repeat.parquet"
    columns = {
        "event_id": "id",
        "call_type_final": "type",
        "t_received": "received",
        "block_address": "place",
        "call_category": "category",
    }
    report = ingest(
        source=source, schema=load_schema("calls"), columns=columns, out=out, salt="s" * 32
    )
    assert report.ok
    assert _values(out, "calls_repeat_rate") == {
        (FEB, ""): (2, 4),
        (FEB, "category:Alarms"): (0, 1),
        (FEB, "category:Behavioral Health"): (2, 3),
    }
