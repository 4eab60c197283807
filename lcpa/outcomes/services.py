"""Writes of the outcomes app: loading the measure dictionary, a team choosing or defining a
measure, recording observations (typed in the grid, imported from a file, sent through the
API), PDSA cycles, progress scores."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from lcpa.accounts.models import User
from lcpa.cohorts.models import Team
from lcpa.core.public_cache import public_content_changed
from lcpa.curriculum.content import ContentError
from lcpa.curriculum.models import LearningCommunity
from lcpa.outcomes.content import MeasureFile, MeasureSpec
from lcpa.outcomes.imports import (
    Change,
    Checked,
    Entry,
    entries_from_json,
    entry_to_json,
    plan_changes,
)
from lcpa.outcomes.models import (
    Measure,
    MeasureVersion,
    Observation,
    ObservationImport,
    PDSACycle,
    PolicyChange,
    ProgressScore,
    ResultsSharing,
    TeamMeasure,
)

# The fields of a version that come from the file, in the file's spelling.
VERSION_FIELDS = (
    "name",
    "definition",
    "numerator",
    "denominator",
    "kind",
    "unit",
    "multiplier",
    "better",
    "period",
    "chart",
    "disaggregations",
    "source_kind",
)


def _version_values(spec: MeasureSpec) -> dict:
    values = {name: getattr(spec, name) for name in VERSION_FIELDS}
    values["disaggregations"] = list(spec.disaggregations)
    return values


def _differs(version: MeasureVersion, values: dict) -> bool:
    return any(getattr(version, name) != value for name, value in values.items())


@transaction.atomic
def measures_load(*, files: list[MeasureFile]) -> list[str]:
    """Create or update measures to match the files. A changed definition makes a new version
    (the old one keeps its observations); a new position alone is no new version. Returns one
    line per change: none when everything already matches."""
    slugs = [file.spec.learning_community for file in files]
    communities = LearningCommunity.objects.in_bulk(slugs, field_name="slug")
    unknown = [slug for slug in slugs if slug not in communities]
    if unknown:
        raise ContentError(f"no learning community with the slug {', '.join(unknown)}")
    changes: list[str] = []
    for file in files:
        community = communities[file.spec.learning_community]
        measures = {
            measure.code: measure
            for measure in Measure.objects.filter(
                learning_community=community, team__isnull=True
            ).select_related("current")
        }
        for position, spec in enumerate(file.spec.measures):
            values = _version_values(spec)
            measure = measures.get(spec.code)
            if measure is None:
                measure = Measure.objects.create(
                    learning_community=community,
                    code=spec.code,
                    position=position,
                    suppress_below=spec.suppress_below,
                )
                changes.append(f"{community.slug}: added measure {spec.code}")
            elif measure.position != position:
                measure.position = position
                measure.save(update_fields=["position", "updated_at"])
                changes.append(f"{community.slug}: moved measure {spec.code}")
            if measure.suppress_below != spec.suppress_below:
                measure.suppress_below = spec.suppress_below
                measure.save(update_fields=["suppress_below", "updated_at"])
                changes.append(
                    f"{community.slug}: measure {spec.code} suppresses public numbers under "
                    f"{spec.suppress_below}"
                )
            current = measure.current
            if current is not None and not _differs(current, values):
                continue
            number = current.number + 1 if current else 1
            measure.current = MeasureVersion.objects.create(
                measure=measure, number=number, **values
            )
            measure.save(update_fields=["current", "updated_at"])
            if current is not None:
                changes.append(f"{community.slug}: measure {spec.code} is now version {number}")
    if changes:
        public_content_changed()  # the public results page shows measures and their thresholds
    return changes


def team_measure_choose(
    *,
    team: Team,
    measure: Measure,
    role: str,
    baseline_start: date,
    baseline_end: date,
    target_value: Decimal,
    target_date: date,
    by: User,
    rules: str = TeamMeasure.Rules.ANHOEJ,
) -> TeamMeasure:
    """Add a measure to the team's plan, or change its role, baseline, target and chart rules
    (choosing the same measure twice changes the one row)."""
    if measure.learning_community_id != team.cohort.learning_community_id:
        raise ValueError("The measure belongs to another learning community.")
    if measure.team_id not in (None, team.pk):
        raise ValueError("The measure is another team's own.")
    team_measure, _ = TeamMeasure.objects.update_or_create(
        team=team,
        measure=measure,
        defaults={
            "role": role,
            "baseline_start": baseline_start.replace(day=1),
            "baseline_end": baseline_end.replace(day=1),
            "target_value": target_value,
            "target_date": target_date,
            "rules": rules,
            "chosen_by": by,
        },
    )
    return team_measure


@dataclass(frozen=True)
class ObservationValue:
    """What was typed for one period: a blank numerator means no value."""

    period: date
    numerator: Decimal | None
    denominator: Decimal | None
    provisional: bool
    note: str


def _changed(observation: Observation, value: ObservationValue) -> bool:
    return (
        observation.numerator != value.numerator
        or observation.denominator != value.denominator
        or observation.provisional != value.provisional
        or observation.note != value.note
    )


@transaction.atomic
def observations_record(
    *,
    team_measure: TeamMeasure,
    values: list[ObservationValue],
    by: User,
    disaggregation: str = "",
    source: str = Observation.Source.MANUAL,
) -> int:
    """Store the typed values against the measure's current version: new periods are added,
    changed ones corrected (history keeps the earlier value and who changed it), blank and
    unchanged ones left alone. Returns how many rows were written."""
    version = team_measure.measure.current
    existing = {
        observation.period: observation
        for observation in Observation.objects.select_for_update().filter(
            team_id=team_measure.team_id,
            measure_version=version,
            disaggregation=disaggregation,
            period__in=[value.period for value in values],
        )
    }
    written = 0
    for value in values:
        if value.numerator is None:
            continue
        observation = existing.get(value.period)
        if observation is None:
            observation = Observation(
                team_id=team_measure.team_id,
                measure_version=version,
                period=value.period,
                disaggregation=disaggregation,
            )
        elif not _changed(observation, value):
            continue
        observation.numerator = value.numerator
        observation.denominator = value.denominator
        observation.provisional = value.provisional
        observation.note = value.note
        observation.source = source
        observation.entered_by = by
        observation.save()
        written += 1
    if (
        written
        and ResultsSharing.objects.filter(team_id=team_measure.team_id, shared=True).exists()
    ):
        public_content_changed()  # the team's numbers are on the public results page
    return written


@transaction.atomic
def observations_upsert(*, team: Team, entries: list[Entry], by: User, source: str) -> list[Change]:
    """Store checked entries (from a file or the API) the way the grid stores typed values:
    through `observations_record`, one call per measure and disaggregation, so corrections keep
    their history. Returns what each entry did, decided under the rows' lock."""
    changes = plan_changes(team, entries, lock=True)
    groups: dict[tuple[int, str], list[Entry]] = {}
    for change in changes:
        if change.status != "unchanged":
            entry = change.entry
            groups.setdefault((entry.team_measure.pk, entry.value.disaggregation), []).append(entry)
    for (_, disaggregation), group in groups.items():
        observations_record(
            team_measure=group[0].team_measure,
            values=[
                ObservationValue(
                    period=entry.value.period,
                    numerator=entry.value.numerator,
                    denominator=entry.value.denominator,
                    provisional=entry.value.provisional,
                    note=entry.value.note,
                )
                for entry in group
            ],
            by=by,
            disaggregation=disaggregation,
            source=source,
        )
    return changes


def observation_import_prepare(
    *, team: Team, by: User, file_name: str, content_type: str, sha256: str, checked: Checked
) -> ObservationImport:
    """Keep a file's checked rows until its coordinator confirms them (nothing else is stored)."""
    if checked.problems:
        raise ValueError("A file with problems cannot be imported.")
    return ObservationImport.objects.create(
        team=team,
        uploaded_by=by,
        file_name=file_name[:255],
        content_type=content_type,
        sha256=sha256,
        rows=[entry_to_json(entry) for entry in checked.entries],
        skipped=checked.skipped,
    )


@transaction.atomic
def observation_import_confirm(
    *, observation_import: ObservationImport, chosen: dict[str, TeamMeasure], by: User
) -> bool:
    """Store a pending import's rows, once: a second confirmation (a double click, the back
    button) finds it confirmed and stores nothing. Returns whether this call stored it.
    Raises KeyError when one of its measures has left the team's plan since the preview."""
    locked = ObservationImport.objects.select_for_update().get(pk=observation_import.pk)
    if locked.status == ObservationImport.Status.CONFIRMED:
        return False
    entries = entries_from_json(locked.rows, chosen)
    changes = observations_upsert(
        team=locked.team, entries=entries, by=by, source=Observation.Source.IMPORT
    )
    counts = Counter(change.status for change in changes)
    locked.status = ObservationImport.Status.CONFIRMED
    locked.confirmed_at = timezone.now()
    locked.created_count = counts["created"]
    locked.corrected_count = counts["corrected"]
    locked.unchanged_count = counts["unchanged"]
    locked.save()
    return True


# ---------------------------------------------------------------------------------------------
# PDSA cycles
# ---------------------------------------------------------------------------------------------

PDSA_FIELDS = (
    "change_idea",
    "prediction",
    "started_on",
    "ended_on",
    "what_happened",
    "what_data_showed",
    "act",
    "previous",
)


class OutcomesError(Exception):
    """A write the rules refuse; the message is written for the person who tried it."""


def _check_previous(team_measure: TeamMeasure, previous: PDSACycle | None, cycle=None) -> None:
    if previous is None:
        return
    if previous.team_measure_id != team_measure.pk:
        raise OutcomesError("A cycle can only follow a cycle on the same measure.")
    seen = previous
    while seen is not None:
        if cycle is not None and seen.pk == cycle.pk:
            raise OutcomesError("A cycle cannot follow itself or a cycle that follows it.")
        seen = seen.previous


@transaction.atomic
def pdsa_cycle_create(
    *,
    submission_key,
    team_measure: TeamMeasure,
    by: User,
    change_idea: str,
    prediction: str,
    started_on: date | None = None,
    ended_on: date | None = None,
    what_happened: str = "",
    what_data_showed: str = "",
    act: str = "",
    previous: PDSACycle | None = None,
) -> PDSACycle:
    """Plan a cycle on one of the team's measures (a second call with the same key returns
    the stored cycle)."""
    existing = PDSACycle.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return existing
    _check_previous(team_measure, previous)
    cycle = PDSACycle(
        submission_key=submission_key,
        team_measure=team_measure,
        created_by=by,
        change_idea=change_idea,
        prediction=prediction,
        started_on=started_on,
        ended_on=ended_on,
        what_happened=what_happened,
        what_data_showed=what_data_showed,
        act=act,
        previous=previous,
    )
    cycle._history_user = by
    cycle.save()
    return cycle


@transaction.atomic
def pdsa_cycle_update(*, cycle: PDSACycle, by: User, **values) -> bool:
    """Record what happened, what the data showed and the decision (history keeps every
    earlier version). Returns whether anything changed."""
    unknown = set(values) - set(PDSA_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
    _check_previous(cycle.team_measure, values.get("previous", cycle.previous), cycle)
    if all(getattr(cycle, name) == value for name, value in values.items()):
        return False
    for name, value in values.items():
        setattr(cycle, name, value)
    cycle._history_user = by
    cycle.save()
    return True


# ---------------------------------------------------------------------------------------------
# Policy changes
# ---------------------------------------------------------------------------------------------

POLICY_CHANGE_FIELDS = ("changed_on", "title", "team_measure", "description")


def policy_measure_check(*, team: Team, team_measure: TeamMeasure | None) -> None:
    """Refuse another team's measure (a policy change is drawn on its own team's charts)."""
    if team_measure is not None and team_measure.team_id != team.pk:
        raise OutcomesError("Choose one of your team's measures, or none.")


@transaction.atomic
def policy_change_create(
    *,
    submission_key,
    team: Team,
    by: User,
    changed_on: date,
    title: str,
    team_measure: TeamMeasure | None = None,
    description: str = "",
) -> PolicyChange:
    """Record a policy change of the team (a second call with the same key returns the stored
    one); history keeps who recorded it."""
    existing = PolicyChange.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return existing
    policy_measure_check(team=team, team_measure=team_measure)
    change = PolicyChange(
        submission_key=submission_key,
        team=team,
        created_by=by,
        changed_on=changed_on,
        title=title,
        team_measure=team_measure,
        description=description,
    )
    change._history_user = by
    change.save()
    return change


@transaction.atomic
def policy_change_update(*, change: PolicyChange, by: User, **values) -> bool:
    """Change a policy change (history keeps each earlier version and who changed it).
    Returns whether anything changed."""
    unknown = set(values) - set(POLICY_CHANGE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
    policy_measure_check(
        team=change.team, team_measure=values.get("team_measure", change.team_measure)
    )
    if all(getattr(change, name) == value for name, value in values.items()):
        return False
    for name, value in values.items():
        setattr(change, name, value)
    change._history_user = by
    change.save()
    return True


@transaction.atomic
def policy_change_delete(*, change: PolicyChange, by: User) -> None:
    """Remove a policy change from the team's charts; history keeps it and who removed it."""
    change._history_user = by
    change.delete()


# ---------------------------------------------------------------------------------------------
# A team's own measures
# ---------------------------------------------------------------------------------------------

OWN_SOURCE_KIND = "team_records"
OWN_POSITION = 1000  # after the dictionary's measures


def _own_code(team: Team, name: str) -> str:
    base = (slugify(name).replace("-", "_") or "measure")[:50]
    taken = set(Measure.objects.filter(team=team).values_list("code", flat=True))
    code, number = base, 1
    while code in taken:
        number += 1
        code = f"{base}_{number}"
    return code


@transaction.atomic
def own_measure_define(
    *,
    team: Team,
    by: User,
    definition: dict,
    role: str,
    baseline_start: date,
    baseline_end: date,
    target_value: Decimal,
    target_date: date,
    rules: str = TeamMeasure.Rules.ANHOEJ,
) -> TeamMeasure:
    """A measure of the team's own, with the fields of the dictionary's (`definition`: the
    version fields but `period` and `source_kind`), put in its plan. Defining the same
    measure again (a second click) returns the one in the plan."""
    values = {**definition, "period": "month", "source_kind": OWN_SOURCE_KIND}
    Team.objects.select_for_update().filter(pk=team.pk).first()
    for measure in Measure.objects.filter(team=team).select_related("current"):
        if not _differs(measure.current, values):
            return TeamMeasure.objects.get(team=team, measure=measure)
    measure = Measure.objects.create(
        learning_community_id=team.cohort.learning_community_id,
        team=team,
        code=_own_code(team, values["name"]),
        position=OWN_POSITION,
    )
    measure.current = MeasureVersion.objects.create(measure=measure, number=1, **values)
    measure.save(update_fields=["current", "updated_at"])
    return team_measure_choose(
        team=team,
        measure=measure,
        role=role,
        baseline_start=baseline_start,
        baseline_end=baseline_end,
        target_value=target_value,
        target_date=target_date,
        by=by,
        rules=rules,
    )


@transaction.atomic
def own_measure_redefine(*, team_measure: TeamMeasure, by: User, definition: dict) -> bool:
    """Change the definition of a team's own measure: a new version when anything differs
    (values already entered stay with the version they were entered under). Returns whether
    a new version was made."""
    measure = Measure.objects.select_for_update().get(pk=team_measure.measure_id)
    if measure.team_id != team_measure.team_id:
        raise OutcomesError("Only a team's own measures can be redefined by the team.")
    values = {**definition, "period": "month", "source_kind": OWN_SOURCE_KIND}
    current = measure.current
    if not _differs(current, values):
        return False
    measure.current = MeasureVersion.objects.create(
        measure=measure, number=current.number + 1, **values
    )
    measure.save(update_fields=["current", "updated_at"])
    team_measure.measure = measure
    return True


# ---------------------------------------------------------------------------------------------
# Progress scores
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def progress_score_set(
    *, team: Team, month: date, score: Decimal, note: str, by: User
) -> ProgressScore:
    """Program staff's score of the team for a month (0.5 to 5.0 by halves); scoring the same
    month again changes it, and history keeps the earlier score and who set it."""
    if not (Decimal("0.5") <= score <= Decimal(5)) or (score * 2) % 1:
        raise OutcomesError("A score is between 0.5 and 5.0, in steps of 0.5.")
    month = month.replace(day=1)
    progress = ProgressScore.objects.select_for_update().filter(team=team, month=month).first()
    if progress is None:
        progress = ProgressScore(team=team, month=month)
    elif (progress.score, progress.note) == (score, note):
        return progress
    progress.score, progress.note, progress.set_by = score, note, by
    progress._history_user = by
    progress.save()
    return progress
