"""Seconds and peak memory to recompute every measure of one team after its data coordinator
corrects the mapping of a ready calls dataset, as a ratio to DuckDB merely reading the same CSV
into a table (the floor), measured in the same run.

A throwaway SQLite database gets the demo data (`bench/_server.py`), then the calls file
(`--rows` synthetic calls, as `ingest_calls.py` writes them, or `--file`) is uploaded for the
demo team that has a calls dataset, with the plain form's service, and processed by the task
worker with the team's confirmed mapping: a ready version. Its coordinator confirms that
mapping once on the page, unchanged (the demo's was saved by a script in another shape, which
counts as a change of columns). Then, measured in a new process:

- the mapping page's POST: the page read again with the posted columns
  (`dataset_mapping.screen`), then `column_mapping_confirm` with one call type corrected
  (another category, and eligible for the alternative responder or no longer);
- the background task it queues, run by the task worker (`db_worker`) as in production: the
  version's normalised file written again with the corrected value mappings
  (`dataset_remap`; the original is not read again), its measures computed and stored as the
  team's observations.

The time runs from the POST to the last observation stored; peak MB is the measured process's
ru_maxrss. Each of the --repeat runs corrects the call type the other way; the best is shown.

    .venv/bin/python bench/recompute_calls.py [--rows 1000000] [--file FILE] [--repeat 1]
"""

import os
import sys
import tempfile
import time
from pathlib import Path

SCRIPT = Path(__file__).resolve()
INGEST = SCRIPT.with_name("ingest_calls.py")
sys.path.insert(0, str(SCRIPT.parent))

from _server import bench_env, prepare_database, setup_django  # noqa: E402
from _steps import FLOOR_LABEL, HEADER, best, calls_arguments, figure_line, run_step, step_child  # noqa: E402

DATASET = "Bench calls for service"
CALL_TYPE = "TRESPASSING"
# The coordinator's two readings of the call type, (category, eligible) by turns.
READINGS = (
    ("Complaints/Environmental Conditions", "no"),
    ("Property Crime", "yes"),
)


def _team_and_coordinator():
    from lcpa.demo.datasets import read_datasets
    from lcpa.outcomes.dataset_mapping import confirmed_mapping
    from lcpa.outcomes.models import Dataset

    demo = read_datasets().datasets[0]
    team = Dataset.objects.get(kind=demo.kind, name=demo.name).team
    return team, confirmed_mapping(team, demo.kind)


def _run_worker() -> None:
    from django.core.management import call_command

    call_command("db_worker", batch=True, interval=0, startup_delay=False, reload=False)


def step_ready(path: Path, rows: int) -> dict:
    """Upload the file for the demo team and process it with its mapping (not measured)."""
    setup_django()
    from django.core.files import File

    from lcpa.outcomes.datasets import dataset_upload_file
    from lcpa.outcomes.models import DatasetVersion

    team, mapping = _team_and_coordinator()
    start = time.perf_counter()
    with path.open("rb") as handle:
        version = dataset_upload_file(
            team=team,
            kind="calls",
            name=DATASET,
            upload=File(handle, name=path.name),
            by=mapping.confirmed_by,
        )
    _run_worker()
    version.refresh_from_db()
    if version.status != DatasetVersion.Status.READY:
        raise SystemExit(f"the version is {version.status}: {version.status_message}")
    return {"seconds": time.perf_counter() - start, "message": version.status_message}


def _observations(version) -> dict:
    from lcpa.outcomes.models import Observation

    return {
        (o.measure_version_id, o.period, o.disaggregation): o.numerator
        for o in Observation.objects.filter(dataset_version=version)
    }


def _confirm_as_the_page_does(version, mapping, values: dict) -> None:
    """The mapping page's POST: the page read again with the posted columns, then confirmed."""
    from lcpa.outcomes.dataset_mapping import column_mapping_confirm, derived_sources, screen

    posted = {
        column: source
        for column, source in mapping.mapping.items()
        if column not in derived_sources("calls")
    }
    page = screen(version, level=mapping.level, chosen=posted)
    column_mapping_confirm(
        version=version,
        level=page.level,
        mapping=posted,
        value_mappings=values,
        keep=list(mapping.keep),
        columns=page.preview.columns,
        by=mapping.confirmed_by,
    )


def _bench_version(team):
    from lcpa.outcomes.models import DatasetVersion

    return DatasetVersion.objects.select_related("dataset__team").get(
        dataset__team=team, dataset__name=DATASET
    )


def step_confirm(path: Path, rows: int) -> dict:
    """The coordinator confirms the mapping on the page once, unchanged (not measured): the
    demo's mapping was saved by a script, in another shape than the page gives it."""
    setup_django()
    team, mapping = _team_and_coordinator()
    _confirm_as_the_page_does(_bench_version(team), mapping, mapping.value_mappings)
    _run_worker()
    return {}


def step_recompute(path: Path, rows: int) -> dict:
    """The coordinator corrects one call type; the platform recomputes the team's measures."""
    setup_django()
    from lcpa.outcomes.models import DatasetVersion

    team, mapping = _team_and_coordinator()
    version = _bench_version(team)
    before = _observations(version)
    saved = mapping.value_mappings
    category, eligible = next(
        reading for reading in READINGS if saved["call_category"].get(CALL_TYPE) != reading[0]
    )
    values = {target: dict(chosen) for target, chosen in saved.items()}
    values["call_category"][CALL_TYPE] = category
    values["alt_eligible"][CALL_TYPE] = eligible

    start = time.perf_counter()
    _confirm_as_the_page_does(version, mapping, values)
    confirmed = time.perf_counter()
    _run_worker()
    end = time.perf_counter()

    version.refresh_from_db()
    if version.status != DatasetVersion.Status.READY:
        raise SystemExit(f"the version is {version.status}: {version.status_message}")
    after = _observations(version)
    return {
        "seconds": end - start,
        "post": confirmed - start,
        "task": end - confirmed,
        "reading": f"{CALL_TYPE}: {category}, eligible {eligible}",
        "observations": len(after),
        "changed": sum(1 for key, value in after.items() if before.get(key) != value),
    }


STEPS = {"ready": step_ready, "confirm": step_confirm, "recompute": step_recompute}


def main() -> None:
    parser = calls_arguments(__doc__.split("\n\n")[0], STEPS)
    args = parser.parse_args()
    if args.step:
        step_child(STEPS, args.step, args.file, args.rows)
        return

    with tempfile.TemporaryDirectory(prefix="lcpa-bench-") as work:
        tmp = Path(work)
        path = args.file
        if path is None:
            path = tmp / "calls.csv"
            made = run_step(INGEST, "generate", path, args.rows)
            size = path.stat().st_size / 1e6
            print(f"generated {args.rows:,} rows in {made['seconds']:.1f} s ({size:.0f} MB)")
        floor = best(INGEST, "floor", path, args.rows, args.repeat)
        env = bench_env(f"sqlite:///{tmp / 'bench.sqlite3'}", tmp)
        prepare_database(env)
        ready = run_step(SCRIPT, "ready", path, args.rows, env)
        if "error" in ready:
            print(f"the dataset could not be made ready: {ready['error']}")
            return
        print(f"ready in {ready['seconds']:.1f} s (not measured): {ready['message']}")
        confirmed = run_step(SCRIPT, "confirm", path, args.rows, env)
        if "error" in confirmed:
            print(f"the mapping could not be confirmed: {confirmed['error']}")
            return
        ours = best(SCRIPT, "recompute", path, args.rows, args.repeat, env)
    if "error" in ours:
        print(f"the recompute failed: {ours['error']}")
        return

    print(f"file: {path.name}, {floor['rows']:,} rows; load average {os.getloadavg()[0]:.1f}")
    print(f"mapping change: {ours['reading']}")
    print(HEADER)
    print(figure_line(FLOOR_LABEL, floor, floor))
    print(figure_line("ours: mapping change to measures stored", ours, floor))
    print(f"{'  of which the page POST (read + confirm)':<44}{ours['post']:>9.2f}")
    print(f"{'  of which the task (process again, store)':<44}{ours['task']:>9.2f}")
    print(f"observations stored: {ours['observations']:,}, of which changed: {ours['changed']:,}")


if __name__ == "__main__":
    main()
