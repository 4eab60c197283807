"""Synthetic participant logs of violence intervention and diversion programs, in the layout
`schemas/participants.yaml` reads with no help: enrolment, exit date and reason, a new arrest.

Pure Python, no Django; the same seed gives the same file. Cases enrol evenly over the months;
about 60% of those who leave complete; a share are arrested again, most within a year.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

COLUMNS = [
    "Case Number",
    "Participant ID",
    "Program",
    "Referral Date",
    "Intake Date",
    "Exit Date",
    "Exit Reason",
    "Age",
    "Race",
    "Sex",
    "New Arrest Date",
]
PROGRAMS = {"Street Outreach": 0.5, "Hospital Response": 0.2, "Youth Diversion": 0.3}
RACES = {"Black": 0.55, "Hispanic": 0.25, "White": 0.15, "Asian": 0.05}
REASONS = {"Completed": 0.6, "Unsuccessful": 0.3, "Moved": 0.1}
REARREST = 0.25


def _pick(rng: random.Random, shares: dict[str, float]) -> str:
    return rng.choices(list(shares), weights=list(shares.values()))[0]


def participant_rows(rows: int, *, seed: int = 1, start: dt.date, end: dt.date):
    rng = random.Random(seed)
    span = (end - start).days
    for n in range(rows):
        enrolled = start + dt.timedelta(days=rng.randint(0, span))
        referred = enrolled - dt.timedelta(days=rng.randint(0, 20))
        exit_day = enrolled + dt.timedelta(days=rng.randint(60, 300))
        closed = exit_day <= end
        arrest = enrolled + dt.timedelta(days=rng.randint(5, 500))
        arrested = rng.random() < REARREST and arrest <= end
        program = _pick(rng, PROGRAMS)
        age = rng.randint(12, 17) if program == "Youth Diversion" else rng.randint(16, 35)
        yield [
            f"C{n + 1:06}",
            f"P{rng.randint(1, rows):06}",
            program,
            referred.isoformat(),
            enrolled.isoformat(),
            exit_day.isoformat() if closed else "",
            _pick(rng, REASONS) if closed else "",
            age,
            _pick(rng, RACES),
            rng.choice("MF"),
            arrest.isoformat() if arrested else "",
        ]


def write_participants(path: Path, rows: int, *, seed: int = 1, start: dt.date, end: dt.date):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(participant_rows(rows, seed=seed, start=start, end=end))
