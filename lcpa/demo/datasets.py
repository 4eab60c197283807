"""The demo teams' datasets (`content/datasets.yaml`): a synthetic export written by the sample
generator of its kind, uploaded with the plain form's service, mapped as its coordinator would
confirm it (the calls sample's own mapping; for the other kinds, what the mapping page
proposes) and processed by the background task's own function, run at once. A team that
already has the dataset is left as it is, so a second run adds nothing."""

import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

from django.core.files import File
from pydantic import Field, model_validator

from lcpa.accounts.models import User
from lcpa.cohorts.models import Team
from lcpa.curriculum.content import read_yaml
from lcpa.curriculum.models import TeamRole
from lcpa.demo.cohorts import SeededCohorts
from lcpa.demo.content import CONTENT_DIR, _Strict, place_key
from lcpa.outcomes.analytics.samples.calls import add_months, calls_mapping, write_calls
from lcpa.outcomes.analytics.samples.crashes import write_crashes
from lcpa.outcomes.analytics.samples.participants import write_participants
from lcpa.outcomes.analytics.samples.schools import write_schools
from lcpa.outcomes.analytics.samples.shootings import write_shootings
from lcpa.outcomes.analytics.samples.stops import write_csv as write_stops
from lcpa.outcomes.dataset_mapping import Confirmed, column_mapping_confirm, screen
from lcpa.outcomes.dataset_tasks import process_dataset_version, process_dataset_versions
from lcpa.outcomes.datasets import dataset_upload_file
from lcpa.outcomes.models import Dataset, DatasetVersion

# The kinds whose sample has an intervention date, and those with an effect to give.
WITH_INTERVENTION = {"calls", "crashes", "shootings", "schools", "stops"}
WITH_EFFECT = {"stops", "shootings"}


class DatasetPlan(_Strict):
    cohort: str
    place: str
    kind: Literal["calls", "stops", "crashes", "shootings", "schools", "participants"]
    name: str
    file_name: str
    rows: int = Field(ge=200, le=200_000)
    months: int = Field(ge=6, le=36)
    intervention_months_ago: int | None = Field(default=None, ge=1)
    effect: float | None = None
    seed: int = 1

    @model_validator(mode="after")
    def _arguments_of_the_kind(self) -> "DatasetPlan":
        if (self.intervention_months_ago is None) == (self.kind in WITH_INTERVENTION):
            raise ValueError(
                f"intervention_months_ago is for {', '.join(sorted(WITH_INTERVENTION))}"
            )
        if (self.effect is None) == (self.kind in WITH_EFFECT):
            raise ValueError(f"effect is for {', '.join(sorted(WITH_EFFECT))}")
        return self


class DatasetsFile(_Strict):
    datasets: tuple[DatasetPlan, ...]


def read_datasets(directory: Path = CONTENT_DIR) -> DatasetsFile:
    return read_yaml(directory / "datasets.yaml", DatasetsFile, what="the demo datasets")


def _coordinator(team: Team) -> User:
    memberships = team.memberships.select_related("user").order_by("pk")
    chosen = memberships.filter(role=TeamRole.DATA_COORDINATOR).first() or memberships.first()
    return chosen.user


def _write(path: Path, plan: DatasetPlan, this_month: date) -> None:
    """The plan's sample file: `months` months ending last month (a roster: the school months
    among them)."""
    start = add_months(this_month, -plan.months)
    end = this_month - timedelta(days=1)
    intervention = (
        add_months(this_month, -plan.intervention_months_ago)
        if plan.intervention_months_ago
        else None
    )
    common = {"rows": plan.rows, "seed": plan.seed, "start": start, "months": plan.months}
    if plan.kind == "calls":
        write_calls(path, intervention=intervention, **common)
    elif plan.kind == "crashes":
        write_crashes(path, intervention=intervention, **common)
    elif plan.kind == "shootings":
        write_shootings(path, intervention=intervention, effect=plan.effect, **common)
    elif plan.kind == "stops":
        write_stops(
            path,
            plan.rows,
            seed=plan.seed,
            start=start,
            end=end,
            effect=plan.effect,
            intervention=intervention,
        )
    elif plan.kind == "schools":
        write_schools(
            path, plan.rows, seed=plan.seed, start=start, end=end, intervention=intervention
        )
    else:
        write_participants(path, plan.rows, seed=plan.seed, start=start, end=end)


def _confirm(version: DatasetVersion, header: list[str], by: User) -> Confirmed:
    """Confirm the mapping a coordinator would: the calls sample's own, or what the mapping
    page proposes (at the level it finds) with every proposed value kept."""
    if version.dataset.kind == "calls":
        level = ""
        columns, values = calls_mapping()
    else:
        proposal = screen(version)
        level = proposal.level
        columns = {row.column.name: row.source for row in proposal.columns if row.source}
        values = {row.column.name: dict(row.values) for row in proposal.values}
    return column_mapping_confirm(
        version=version,
        level=level,
        mapping=columns,
        value_mappings=values,
        keep=[],
        columns=header,
        by=by,
    )


def _load(team: Team, plan: DatasetPlan, today: date) -> DatasetVersion:
    by = _coordinator(team)
    with tempfile.TemporaryDirectory(prefix="lcpa-demo-") as work:
        path = Path(work) / plan.file_name
        _write(path, plan, today.replace(day=1))
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
    confirmed = _confirm(version, header, by)
    process_dataset_versions.call([version.pk, *(other.pk for other in confirmed.others)])
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
