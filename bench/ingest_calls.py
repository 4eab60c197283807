"""Seconds and peak memory to turn a calls-for-service CSV into monthly measures, as ratios to
DuckDB merely reading the same CSV into a table (the floor), and to a straightforward pandas
implementation of the same measures (what a coordinator would write), measured in the same run.

Our path is `lcpa.outcomes.analytics.warehouse`: `ingest()` (type, check, report, write the
Parquet file) then `compute("calls", ...)` (every calls measure); pure Python modules, so no
Django setup and no database. The file is written by
`generate_sample_data --kind calls` (`samples.calls.write_calls`) unless --file names one. Each step
runs in its own Python process, so its peak memory (ru_maxrss) is its own; each time is the
best of --repeat runs. pandas is used only here: when it is not installed, it is installed
into var/bench/pandas (git-ignored), never into the project's environment.

    .venv/bin/python bench/ingest_calls.py [--rows 1000000] [--file FILE] [--repeat 1]
        [--without-pandas]
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PANDAS_DIR = ROOT / "var" / "bench" / "pandas"
SCRIPT = Path(__file__).resolve()
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(SCRIPT.parent))

from _steps import FLOOR_LABEL, HEADER, best, calls_arguments, figure_line, run_step, step_child  # noqa: E402


def step_generate(path: Path, rows: int) -> dict:
    from lcpa.outcomes.analytics.samples.calls import write_calls

    start = time.perf_counter()
    write_calls(path, rows=rows, seed=7)
    return {"seconds": time.perf_counter() - start}


def step_floor(path: Path, rows: int) -> dict:
    import duckdb

    start = time.perf_counter()
    con = duckdb.connect()
    con.execute("CREATE TABLE calls AS SELECT * FROM read_csv(?)", [str(path)])
    read = con.execute("SELECT count(*) FROM calls").fetchone()[0]
    return {"seconds": time.perf_counter() - start, "rows": read}


def step_ours(path: Path, rows: int) -> dict:
    from lcpa.outcomes.analytics.samples.calls import calls_mapping
    from lcpa.outcomes.analytics.schemas import load_schema
    from lcpa.outcomes.analytics.warehouse import compute, ingest

    columns, values = calls_mapping()
    with tempfile.TemporaryDirectory() as work:
        parquet = Path(work) / "calls.parquet"
        start = time.perf_counter()
        report = ingest(
            source=path,
            schema=load_schema("calls"),
            columns=columns,
            values=values,
            out=parquet,
            salt="bench",
        )
        ingested = time.perf_counter()
        result = compute("calls", parquet)
        end = time.perf_counter()
    return {
        "seconds": end - start,
        "ingest": ingested - start,
        "compute": end - ingested,
        "rows": report.rows_written,
        "measure_rows": len(result.rows),
        "measures": len({row.measure for row in result.rows}),
    }


def step_pandas(path: Path, rows: int) -> dict:
    sys.path.insert(0, str(PANDAS_DIR))
    import pandas as pd

    from lcpa.outcomes.analytics.samples.calls import calls_mapping

    _, values = calls_mapping()
    start = time.perf_counter()
    df = pd.read_csv(path, dtype=str, keep_default_na=True)
    df = df.drop_duplicates("NOPD_Item")
    when = "%m/%d/%Y %I:%M:%S %p"
    received = pd.to_datetime(df["TimeCreate"], format=when, errors="coerce")
    arrived = pd.to_datetime(df["TimeArrive"], format=when, errors="coerce")
    df = df[received.notna() & ~(arrived < received)].copy()
    df["period"] = received[df.index].dt.to_period("M")
    df["minutes"] = (arrived[df.index] - received[df.index]).dt.total_seconds() / 60
    df["category"] = df["TypeText"].str.strip().map(values["call_category"]).fillna("Other")
    df["eligible"] = df["TypeText"].str.strip().map(values["alt_eligible"]) == "true"
    df["responder"] = df["Agency"].map(values["responder_type"])
    df["disposition"] = df["DispositionText"].map(values["disposition_category"]).fillna("Other")
    community = df[df["SelfInitiated"] != "Y"]
    out = []
    out.append(community.groupby(["period", "category"]).size())
    out.append(community.groupby("period").size())
    out.append(community.groupby("period")["eligible"].agg(["sum", "count"]))
    eligible = community[community["eligible"]]
    out.append(
        (eligible["responder"] == "alternative").groupby(eligible["period"]).agg(["sum", "count"])
    )
    alternative = df[df["responder"] == "alternative"]
    out.append(
        (alternative["BackupRequested"] == "Y").groupby(alternative["period"]).agg(["sum", "count"])
    )
    timed = community[(community["minutes"] >= 0) & (community["minutes"] <= 24 * 60)]
    for keys in (["period"], ["period", "InitialPriority"], ["period", "responder"]):
        out.append(timed.groupby(keys)["minutes"].quantile([0.5, 0.9]))
    out.append(timed.groupby(["period", "InitialPriority", "responder"])["minutes"].median())
    out.append(timed.groupby(["period", "InitialPriority", "responder"])["minutes"].quantile(0.9))
    mix = community.groupby(["period", "disposition"]).size()
    out.append(mix / mix.groupby(level=0).transform("sum"))
    return {"seconds": time.perf_counter() - start, "rows": len(df), "results": sum(map(len, out))}


STEPS = {
    "generate": step_generate,
    "floor": step_floor,
    "ours": step_ours,
    "pandas": step_pandas,
}


def pandas_available() -> str:
    probe = f"import sys; sys.path.insert(0, {str(PANDAS_DIR)!r}); "
    probe += "import pandas; print(pandas.__version__)"
    found = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    if found.returncode == 0:
        return found.stdout.strip()
    print(f"pandas is not installed: installing it into {PANDAS_DIR} (for this benchmark only)")
    install = [sys.executable, "-m", "pip", "install", "-q", "--target", str(PANDAS_DIR), "pandas"]
    if subprocess.run(install, check=False).returncode != 0:
        return ""
    found = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    return found.stdout.strip() if found.returncode == 0 else ""


def main() -> None:
    parser = calls_arguments(__doc__.split("\n\n")[0], STEPS)
    parser.add_argument(
        "--without-pandas", action="store_true", help="Skip pandas (10,000,000 rows need 15 GB)."
    )
    args = parser.parse_args()
    if args.step:
        step_child(STEPS, args.step, args.file, args.rows)
        return

    with tempfile.TemporaryDirectory(prefix="lcpa-bench-") as work:
        path = args.file
        if path is None:
            path = Path(work) / "calls.csv"
            made = run_step(SCRIPT, "generate", path, args.rows)
            size = path.stat().st_size / 1e6
            print(f"generated {args.rows:,} rows in {made['seconds']:.1f} s ({size:.0f} MB)")
        floor = best(SCRIPT, "floor", path, args.rows, args.repeat)
        ours = best(SCRIPT, "ours", path, args.rows, args.repeat)
        version = "" if args.without_pandas else pandas_available()
        if args.without_pandas:
            panda = {"error": "left out (--without-pandas)"}
        elif version:
            panda = best(SCRIPT, "pandas", path, args.rows, args.repeat)
        else:
            panda = {"error": "not installable"}

    print(f"file: {path.name}, {floor['rows']:,} rows; load average {os.getloadavg()[0]:.1f}")
    print(HEADER)
    print(figure_line(FLOOR_LABEL, floor, floor))
    print(figure_line("ours: ingest + compute, end to end", ours, floor))
    print(f"{'  of which ingest (checks, report, Parquet)':<44}{ours['ingest']:>9.2f}")
    computed = f"  of which compute ({ours['measures']} measures)"
    print(f"{computed:<44}{ours['compute']:>9.2f}")
    if "error" in panda:
        print(f"pandas: {panda['error']}")
    else:
        print(figure_line(f"pandas {version}: read + same measures", panda, floor))
        print(f"ours / pandas: {ours['seconds'] / panda['seconds']:.2f}")


if __name__ == "__main__":
    main()
