"""Participant measures: enrolment, completion and 6- and 12-month new arrests (cohorts whose
window has closed only), over a small case log counted by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lcpa.outcomes.analytics.schemas import load_schema
from lcpa.outcomes.analytics.warehouse import compute, ingest

COLUMNS = [
    "case_id",
    "program",
    "enrolled_date",
    "exit_date",
    "exit_reason",
    "race",
    "sex",
    "new_arrest_date",
]
LOG = [
    "C1,cvi,2023-01-10,2023-06-30,completed,Black,male,",
    "C2,cvi,2023-01-20,2023-03-15,unsuccessful,Black,male,2023-05-01",  # 101 days on
    "C3,diversion,2023-01-25,2023-07-10,completed,White,female,2023-09-20",  # 238 days on
    "C4,diversion,2023-03-05,,,Hispanic,female,",  # still open
    "C5,cvi,2023-03-12,2023-06-12,moved,Black,male,2022-12-01",  # arrested before enrolling
    "C6,cvi,2023-07-01,,,white,male,2023-07-15",  # 14 days on
    "C7,cvi,2024-03-01,,,Asian,female,",  # the file's last date: 2024-03-01
]
M = {n: dt.date(2023, n, 1) for n in range(1, 13)}


@pytest.fixture
def log(tmp_path) -> Path:
    source = tmp_path / "participants.csv"
    source.write_text(",".join(COLUMNS) + "\n" + "\n".join(LOG) + "\n", encoding="utf-8")
    out = tmp_path / "participants.parquet"
    report = ingest(
        source=source,
        schema=load_schema("participants"),
        columns={name: name for name in COLUMNS},
        out=out,
    )
    assert report.ok and report.rows_written == 7, report.to_dict()
    return out


def _values(path: Path, code: str) -> dict[tuple[dt.date, str], tuple]:
    result = compute("participants", path, measures=[code])
    return {(r.period, r.disaggregation): (r.numerator, r.denominator) for r in result.rows}


def test_enrolment_counts_cases_by_month_with_zero_months_and_groups(log):
    values = _values(log, "participants_enrolled")
    totals = {period: n for (period, key), (n, _) in values.items() if key == ""}
    assert len(totals) == 15  # January 2023 to March 2024
    assert (totals[M[1]], totals[M[2]], totals[M[3]], totals[M[7]]) == (3, 0, 2, 1)
    assert totals[dt.date(2024, 3, 1)] == 1
    assert values[(M[1], "program:cvi")] == (2, None)
    assert values[(M[1], "program:diversion")] == (1, None)
    assert values[(M[1], "race:black")] == (2, None)
    assert values[(M[7], "race:white")] == (1, None)  # "White" and "white" are one group
    assert values[(M[2], "sex:female")] == (0, None)


def test_completion_counts_completed_over_completed_or_unsuccessful_exits(log):
    values = _values(log, "participants_completion_rate")
    assert values[(M[3], "")] == (0, 1)  # C2
    assert values[(M[6], "")] == (1, 1)  # C1; C5 moved away: left out
    assert values[(M[7], "")] == (1, 1)  # C3
    assert values[(M[6], "program:cvi")] == (1, 1)
    assert values[(M[7], "program:diversion")] == (1, 1)
    assert {period for period, _ in values} == {M[3], M[6], M[7]}  # open cases: none


def test_six_month_recidivism_counts_only_cohorts_whose_window_has_closed(log):
    values = _values(log, "participants_recidivism_6m")
    # Last date 2024-03-01: a month counts when its last day + 183 days is on or before it
    # (August 2023: 31 August + 183 days = 1 March 2024).
    assert values[(M[1], "")] == (1, 3)  # C2 within 183 days; C3 after 238
    assert values[(M[1], "program:cvi")] == (1, 2)
    assert values[(M[1], "program:diversion")] == (0, 1)
    assert values[(M[3], "")] == (0, 2)  # C5's arrest came before enrolment
    assert values[(M[7], "")] == (1, 1)
    assert values[(M[7], "sex:male")] == (1, 1)
    assert dt.date(2024, 3, 1) not in {period for period, _ in values}


def test_twelve_month_recidivism_waits_a_full_year(log):
    values = _values(log, "participants_recidivism_12m")
    # 31 January 2023 + 365 days = 31 January 2024: closed; 31 March 2023 + 365: not yet.
    assert {key: v for key, v in values.items() if key[1] == ""} == {(M[1], ""): (2, 3)}
    assert values[(M[1], "race:white")] == (1, 1)
