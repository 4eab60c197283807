"""The demo teams' measures and monthly values, PDSA cycles, implementation steps and
progress scores (`content/outcomes.yaml`), written through the outcomes and cohorts services.
Values come from a random stream fixed by the team and the measure, and keys from the file's
words, so a second run finds every row already there and adds nothing."""

import random
import uuid
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from pydantic import Field, model_validator
from simple_history.utils import bulk_create_with_history

from lcpa.accounts.models import User
from lcpa.cohorts.models import ActionStep, Team
from lcpa.cohorts.services import action_step_create
from lcpa.curriculum.content import read_yaml
from lcpa.demo.cohorts import SeededCohorts
from lcpa.demo.content import CONTENT_DIR, Place, _Strict, place_key
from lcpa.demo.stamps import at, dated
from lcpa.outcomes.briefs import brief_approve, brief_create, brief_submit, results_sharing_set
from lcpa.outcomes.models import (
    Kind,
    Measure,
    Observation,
    PDSACycle,
    PolicyChange,
    TeamMeasure,
)
from lcpa.outcomes.progress import suggest
from lcpa.outcomes.queries import months_before, progress_evidence
from lcpa.outcomes.services import (
    pdsa_cycle_create,
    policy_change_create,
    progress_score_set,
    team_measure_choose,
)

KEYS = uuid.UUID("0f7f3d0e-5a7b-4c55-9a0c-2f1de2b7c4a9")


class MeasurePlan(_Strict):
    code: str
    role: TeamMeasure.Role
    level: float
    spread: float = Field(ge=0)
    denominator: int | None = Field(default=None, ge=1)
    target: Decimal


class CycleSpec(_Strict):
    change_idea: str
    prediction: str
    what_happened: str = ""
    what_data_showed: str = ""


class StepSpec(_Strict):
    title: str
    status: ActionStep.Status
    due_days: int  # from today: negative is past


class PolicySpec(_Strict):
    title: str = Field(max_length=200)
    description: str = ""
    measure: str  # the code of one of the community's measures above
    months_ago: int = Field(ge=1)


class CommunityPlan(_Strict):
    policy: PolicySpec
    baseline_months: int | None = Field(default=None, ge=3)  # the file's, unless given
    measures: list[MeasurePlan] = Field(min_length=3, max_length=6)
    cycle: CycleSpec
    next_cycle: CycleSpec
    steps: list[StepSpec]

    @model_validator(mode="after")
    def _policy_names_a_measure_of_the_plan(self) -> "CommunityPlan":
        if self.policy.measure not in {measure.code for measure in self.measures}:
            raise ValueError(f"policy.measure {self.policy.measure!r} is not a measure above")
        return self


class BriefSpec(_Strict):
    headline: str
    what_changed: str
    for_whom: str
    quote: str
    quote_by: str
    next_steps: str


class ChangeSpec(_Strict):
    cohort: str
    place: Place
    months_ago: int = Field(ge=8)  # room for a shift of 8 points or more
    effect: dict[str, float]
    brief: BriefSpec | None = None  # shared on the public results page, approved by staff


class OutcomesFile(_Strict):
    months: int = Field(ge=18, le=24)
    baseline_months: int = Field(ge=3)
    communities: dict[str, CommunityPlan]
    changes: list[ChangeSpec]


def read_outcomes(directory: Path = CONTENT_DIR) -> OutcomesFile:
    return read_yaml(directory / "outcomes.yaml", OutcomesFile, what="the demo outcomes")


def _key(*words: str) -> uuid.UUID:
    return uuid.uuid5(KEYS, "|".join(words))


def _value(
    plan: MeasurePlan, kind: str, multiplier: int, value: float
) -> tuple[Decimal, Decimal | None]:
    """Numerator and denominator of a month whose value (in the measure's unit) is `value`."""
    value = max(value, 0.0)
    if kind == Kind.COUNT:
        return Decimal(round(value)), None
    denominator = Decimal(plan.denominator)
    if kind == Kind.VALUE:
        return Decimal(str(value)).quantize(Decimal("0.1"), ROUND_HALF_UP), denominator
    numerator = round(value * plan.denominator / multiplier)
    return Decimal(min(numerator, plan.denominator)), denominator


def _observations(
    team: Team, team_measure: TeamMeasure, plan: MeasurePlan, periods: list[date], shift
) -> list[Observation]:
    version = team_measure.measure.current
    stream = random.Random(f"{team.cohort.name}|{team.jurisdiction}|{plan.code}")
    rows = []
    for period in periods:
        value = plan.level + stream.uniform(-plan.spread, plan.spread)
        if shift is not None and period >= shift[0]:
            value += shift[1].get(plan.code, 0)
        numerator, denominator = _value(plan, version.kind, version.multiplier, value)
        rows.append(
            Observation(
                team=team,
                measure_version=version,
                period=period,
                numerator=numerator,
                denominator=denominator,
                entered_by=team_measure.chosen_by,
                provisional=period == periods[-1],
            )
        )
    return rows


def seed_outcomes(*, spec: OutcomesFile, seeded: SeededCohorts, staff: User, today: date) -> int:
    """The measures, values, cycles, steps and scores each demo team does not have yet (no
    hand-made values for a measure that already has values, such as a dataset's computed
    ones); returns how many rows were added. The measure dictionary must be loaded."""
    periods = sorted(months_before(today, spec.months))
    changes = {(change.cohort, place_key(change.place)): change for change in spec.changes}
    added = 0
    for key, team in seeded.teams.items():
        plan = spec.communities[team.cohort.learning_community.slug]
        member = team.memberships.select_related("user").order_by("pk").first()
        if member is None:
            continue
        change = changes.get(key)
        shift = None
        if change is not None:
            shift = (periods[-change.months_ago], change.effect)
        baseline = plan.baseline_months or spec.baseline_months
        added += _seed_team(team, plan, member, periods, baseline, shift, today)
        if change is not None and change.brief is not None:
            added += _publish_brief(team, change, member.user, staff, today)
    evidence = progress_evidence(list(seeded.teams.values()))
    last_month = periods[-1]
    for team in seeded.teams.values():
        level = suggest(evidence[team.pk], today).level
        if not team.progress_scores.filter(month=last_month).exists():
            progress_score_set(
                team=team, month=last_month, score=level.score, note=level.name, by=staff
            )
            added += 1
    return added


def _publish_brief(team: Team, change: ChangeSpec, by: User, staff: User, today: date) -> int:
    """The team shares its results and staff approve its brief (once)."""
    if team.briefs.exists():
        return 0
    chart = team.measures.get(measure__code=next(iter(change.effect)))
    with dated(at(today - timedelta(days=9), 11)):
        results_sharing_set(team=team, shared=True, by=by)
        brief = brief_submit(
            brief=brief_create(
                submission_key=_key(team.name, "brief"),
                team=team,
                by=by,
                chart_1=chart,
                chart_2=None,
                **change.brief.model_dump(),
            ),
            by=by,
        )
    with dated(at(today - timedelta(days=6), 14)):
        brief_approve(brief=brief, by=staff)
    return 2


def _seed_team(team, plan, member, periods, baseline_months, shift, today) -> int:
    added = 0
    measures = {
        measure.code: measure
        for measure in Measure.objects.filter(
            learning_community_id=team.cohort.learning_community_id, team__isnull=True
        ).select_related("current")
    }
    chosen = {tm.measure_id: tm for tm in TeamMeasure.objects.filter(team=team)}
    first = None
    for measure_plan in plan.measures:
        measure = measures[measure_plan.code]
        team_measure = chosen.get(measure.pk)
        if team_measure is None:
            team_measure = team_measure_choose(
                team=team,
                measure=measure,
                role=measure_plan.role,
                baseline_start=periods[0],
                baseline_end=periods[baseline_months - 1],
                target_value=measure_plan.target,
                target_date=date(today.year + 1, 12, 31),
                by=member.user,
            )
            team_measure.measure = measure
            added += 1
        first = first or team_measure
        if not Observation.objects.filter(
            team=team, measure_version_id=measure.current_id
        ).exists():
            rows = _observations(team, team_measure, measure_plan, periods, shift)
            bulk_create_with_history(rows, Observation, default_user=member.user)
            added += len(rows)
    added += _seed_cycles(team, first, plan, member.user, periods, shift)
    added += _seed_policy_change(team, plan.policy, member.user, periods, shift)
    for step in plan.steps:
        key = _key(team.cohort.name, str(team.jurisdiction), step.title)
        if not ActionStep.objects.filter(submission_key=key).exists():
            due_on = today + timedelta(days=step.due_days)
            action_step_create(
                submission_key=key,
                team=team,
                by=member.user,
                title=step.title,
                due_on=due_on,
                status=step.status,
                owner=member,
                done_on=min(due_on, today),  # a done step was done on time (kept only if done)
            )
            added += 1
    return added


def _seed_cycles(team, team_measure, plan, by, periods, shift) -> int:
    """A team whose change worked: the cycle that tested it (adopted) and the next, wider
    one. Any other team: one cycle under way, begun two months ago."""
    key = _key(team.cohort.name, str(team.jurisdiction), plan.cycle.change_idea)
    if PDSACycle.objects.filter(submission_key=key).exists():
        return 0
    if shift is None:
        pdsa_cycle_create(
            submission_key=key,
            team_measure=team_measure,
            by=by,
            change_idea=plan.cycle.change_idea,
            prediction=plan.cycle.prediction,
            started_on=periods[-2],
            what_happened=plan.cycle.what_happened,
        )
        return 1
    start = shift[0]
    ended = periods[periods.index(start) + 2] - timedelta(days=1)
    first = pdsa_cycle_create(
        submission_key=key,
        team_measure=team_measure,
        by=by,
        change_idea=plan.cycle.change_idea,
        prediction=plan.cycle.prediction,
        started_on=start,
        ended_on=ended,
        what_happened=plan.cycle.what_happened,
        what_data_showed=plan.cycle.what_data_showed,
        act=PDSACycle.Act.ADOPT,
    )
    pdsa_cycle_create(
        submission_key=_key(str(key), "next"),
        team_measure=team_measure,
        by=by,
        change_idea=plan.next_cycle.change_idea,
        prediction=plan.next_cycle.prediction,
        started_on=ended + timedelta(days=15),
        previous=first,
    )
    return 2


def _seed_policy_change(team, policy: PolicySpec, by, periods, shift) -> int:
    """The team's policy change, on its measure's chart: when its values moved, for a team
    whose change worked; `months_ago` months back for any other."""
    key = _key(team.cohort.name, str(team.jurisdiction), "policy", policy.title)
    if PolicyChange.objects.filter(submission_key=key).exists():
        return 0
    policy_change_create(
        submission_key=key,
        team=team,
        by=by,
        changed_on=shift[0] if shift is not None else periods[-policy.months_ago],
        title=policy.title,
        description=policy.description,
        team_measure=TeamMeasure.objects.filter(team=team, measure__code=policy.measure).first(),
    )
    return 1
