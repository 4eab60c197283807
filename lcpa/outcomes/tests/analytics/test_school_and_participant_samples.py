"""generate_sample_data --kind schools|participants: files the mapper reads with no help,
whose measures show what was put in (referrals fall after the intervention)."""

from __future__ import annotations

import csv
import datetime as dt

from django.core.management import call_command

from lcpa.outcomes.analytics.mapping import propose_mapping
from lcpa.outcomes.analytics.schemas import load_schema
from lcpa.outcomes.analytics.warehouse import compute, ingest


def _header_and_rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def _ingest(kind, path, tmp_path, level, values):
    header, _ = _header_and_rows(path)
    proposal = propose_mapping(kind, header, level=level)
    columns = {name: p.source for name, p in proposal.columns.items() if p.source}
    out = tmp_path / f"{kind}.parquet"
    report = ingest(
        source=path,
        schema=load_schema(kind),
        columns=columns,
        out=out,
        level=level,
        values=values,
        salt="s",
    )
    assert report.ok and report.rejected_rows == 0, report.to_dict()
    return columns, out


def test_a_school_roster_maps_itself_and_its_referrals_fall_after_the_intervention(tmp_path):
    out = tmp_path / "schools.csv"
    call_command("generate_sample_data", kind="schools", rows=20000, out=out, start="2022-01")
    header, rows = _header_and_rows(out)
    assert len(rows) == 20000 and header[0] == "Record ID"
    assert {row[6] for row in rows} == {"WH", "BL", "HI", "AS", "TR"}
    races = {"WH": "white", "BL": "black", "HI": "hispanic", "AS": "asian", "TR": "two_or_more"}
    values = {
        "race": races,
        "sex": {"M": "male", "F": "female"},
        "disability": {"N": "none", "IDEA": "idea", "504": "section_504"},
    }
    columns, parquet = _ingest("schools", out, tmp_path, "student", values)
    assert columns["period_start"] == "Referral Date"
    assert columns["school_related_arrest"] == "School-Related Arrest"
    rows = compute("schools", parquet, level="student").rows
    rate = [
        r for r in rows if r.measure == "schools_referral_rate_students" and not r.disaggregation
    ]
    # January 2022 to June 2023: the school months of three school years, none in summer.
    assert {r.period.month for r in rate} == {1, 2, 3, 4, 5, 8, 9, 10, 11, 12}
    assert len(rate) == 5 + 10
    # Referrals a month per 1,000 enrolled halve from the middle month (October 2022).
    before, after = (
        [r.numerator / r.denominator for r in rate if (r.period >= dt.date(2022, 10, 1)) == later]
        for later in (False, True)
    )
    assert sum(after) / len(after) < 0.75 * sum(before) / len(before), (before, after)
    counts = {r.disaggregation: r for r in rows if r.measure == "schools_relative_rate_index"}
    black = counts["race:black;stage:referral"]
    white = counts["race:white;stage:referral"]
    assert black.numerator / black.denominator > 2 * white.numerator / white.denominator


def test_a_participant_log_maps_itself_and_gives_every_measure(tmp_path):
    out = tmp_path / "participants.csv"
    call_command(
        "generate_sample_data",
        kind="participants",
        rows=3000,
        out=out,
        start="2023-01",
        months=24,
    )
    header, rows = _header_and_rows(out)
    assert len(rows) == 3000 and header[4] == "Intake Date"
    values = {
        "program": {
            "Street Outreach": "cvi",
            "Hospital Response": "hvip",
            "Youth Diversion": "diversion",
        },
        "sex": {"M": "male", "F": "female"},
    }
    columns, parquet = _ingest("participants", out, tmp_path, "", values)
    assert columns["enrolled_date"] == "Intake Date"
    assert columns["new_arrest_date"] == "New Arrest Date"
    result = compute("participants", parquet)
    assert not result.skipped
    assert {r.measure for r in result.rows} == {
        "participants_enrolled",
        "participants_completion_rate",
        "participants_recidivism_6m",
        "participants_recidivism_12m",
    }
    enrolled = sum(
        r.numerator
        for r in result.rows
        if r.measure == "participants_enrolled" and not r.disaggregation
    )
    assert enrolled == 3000
