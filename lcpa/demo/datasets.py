"""The demo teams' datasets (`content/datasets.yaml`): a synthetic export written by the sample
generator, uploaded with the plain form's service, mapped as its coordinator would confirm it
and processed by the background task's own function, run at once. A team that already has the
dataset is left as it is, so a second run adds nothing."""

import tempfile
from datetime import date
from pathlib import Path
from typing import Literal

from django.core.files import File
from pydantic import Field

from lcpa.accounts.models import User
from lcpa.cohorts.models import Team
from lcpa.curriculum.content import read_yaml
from lcpa.curriculum.models import TeamRole
from lcpa.demo.cohorts import SeededCohorts
from lcpa.demo.content import CONTENT_DIR, _Strict, place_key
from lcpa.outcomes.analytics.samples.calls import add_months, calls_mapping, write_calls
from lcpa.outcomes.dataset_mapping import column_mapping_confirm
from lcpa.outcomes.dataset_tasks import process_dataset_version
from lcpa.outcomes.datasets import dataset_upload_file
from lcpa.outcomes.models import Dataset, DatasetVersion


class DatasetPlan(_Strict):
    cohort: str
    place: str
    kind: Literal["calls"]
    name: str
    file_name: str
    rows: int = Field(ge=1000, le=200_000)
    months: int = Field(ge=6, le=36)
    intervention_months_ago: int = Field(ge=1)
    seed: int = 1


class DatasetsFile(_Strict):
    datasets: tuple[DatasetPlan, ...]


def read_datasets(directory: Path = CONTENT_DIR) -> DatasetsFile:
    return read_yaml(directory / "datasets.yaml", DatasetsFile, what="the demo datasets")


def _coordinator(team: Team) -> User:
    memberships = team.memberships.select_related("user").order_by("pk")
    chosen = memberships.filter(role=TeamRole.DATA_COORDINATOR).first() or memberships.first()
    return chosen.user


def _load(team: Team, plan: DatasetPlan, today: date) -> DatasetVersion:
    by = _coordinator(team)
    this_month = today.replace(day=1)
    start = add_months(this_month, -plan.months)
    with tempfile.TemporaryDirectory(prefix="lcpa-demo-") as work:
        path = Path(work) / plan.file_name
        write_calls(
            path,
            rows=plan.rows,
            seed=plan.seed,
            start=start,
            months=plan.months,
            intervention=add_months(this_month, -plan.intervention_months_ago),
        )
        with path.open("rb") as handle:
            version = dataset_upload_file(
                team=team,
                kind=plan.kind,
                name=plan.name,
                upload=File(handle, name=plan.file_name),
                by=by,
            )
        with path.open(encoding="utf-8") as handle:
            header = handle.readline().rstrip("\r\n").split(",")
    process_dataset_version.call(version.pk)  # taken on: it waits for its mapping
    columns, values = calls_mapping()
    column_mapping_confirm(
        version=version,
        level="",
        mapping=columns,
        value_mappings=values,
        keep=[],
        columns=header,
        by=by,
    )
    process_dataset_version.call(version.pk)
    version.refresh_from_db()
    return version


def seed_datasets(*, spec: DatasetsFile, seeded: SeededCohorts, today: date) -> int:
    """Load each planned dataset its team does not have yet; returns how many were loaded."""
    added = 0
    for plan in spec.datasets:
        team = seeded.teams[(plan.cohort, place_key(plan.place))]
        if Dataset.objects.filter(team=team, kind=plan.kind, name=plan.name).exists():
            continue
        version = _load(team, plan, today)
        if version.status != DatasetVersion.Status.READY:
            raise RuntimeError(
                f"The demo dataset {plan.name!r} was not processed: {version.status_message}"
            )
        added += 1
    return added
