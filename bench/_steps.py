"""Shared by the benchmarks that run each measured step in a Python process of its own
(`ingest_calls.py`, `recompute_calls.py`), so that a step's peak memory (ru_maxrss) is its own.

A script calls itself with `--step NAME --file FILE --rows N`; the child runs the step and
prints the JSON of its figures as its last line (`step_child`), which `run_step` reads back.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

Step = Callable[[Path, int], dict]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def calls_arguments(description: str, steps: dict[str, Step]) -> argparse.ArgumentParser:
    """The options of a script that measures a calls file: how many rows (or which file), how
    many runs, and the hidden --step its children are run with."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--file", type=Path, help="A calls CSV in the sample layout.")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--step", choices=sorted(steps), help=argparse.SUPPRESS)
    return parser


def step_child(steps: dict[str, Step], step: str, path: Path, rows: int) -> None:
    """In the child: run the step and print its figures, with the process's peak memory."""
    figures = steps[step](path, rows)
    figures["peak_mb"] = peak_mb()
    print(json.dumps(figures))


def run_step(
    script: Path, step: str, path: Path, rows: int, env: dict[str, str] | None = None
) -> dict:
    """Run one step of `script` in a fresh process (with `env`, else this one's)."""
    command = [sys.executable, str(script), "--step", step, "--file", str(path)]
    command += ["--rows", str(rows)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, check=False)
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr else "failed"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def best(
    script: Path,
    step: str,
    path: Path,
    rows: int,
    repeat: int,
    env: dict[str, str] | None = None,
) -> dict:
    """The fastest of `repeat` runs of the step (or the first error)."""
    runs = [run_step(script, step, path, rows, env) for _ in range(repeat)]
    errors = [r for r in runs if "error" in r]
    return errors[0] if errors else min(runs, key=lambda r: r["seconds"])


def figure_line(label: str, figures: dict, floor: dict) -> str:
    """A table row: seconds, the ratio to the floor's seconds, peak MB."""
    return (
        f"{label:<44}{figures['seconds']:>9.2f}"
        f"{figures['seconds'] / floor['seconds']:>9.2f}{figures['peak_mb']:>9.0f}"
    )


HEADER = f"{'step':<44}{'seconds':>9}{'x floor':>9}{'peak MB':>9}"
FLOOR_LABEL = "DuckDB reads the CSV into a table (floor)"
