"""The answers demo teams give to the deliverable prompts, from `content/answers.yaml`.

The prompts are curriculum content (`lcpa/curriculum/content/*.yaml`); the answers are written
per learning community and prompt key, and filled in here for one team (`team_context`): text
is formatted with the team's place and people (a list: one of them at random), a table is rows
of such texts, a choice is the index of an option (none: the team picks one at random), a number
is written or grows with the population (`per_capita`), a date counts from the cohort's start
(`days_after_start`) or is a year's end (`year_end`). A text or table prompt with no answer
gets the file's `unanswered` sentence (so a prompt added to the curriculum still gets one); a
file prompt is never answered.
"""

import math
import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from lcpa.cohorts.models import CohortModule, Membership, Team
from lcpa.curriculum.models import DeliverablePrompt, Sector, TeamRole
from lcpa.demo.content import Answer, AnswersFile, DaysAfterStart, PeopleFile, PerCapita, YearEnd

Kind = DeliverablePrompt.Kind


def team_context(
    team: Team,
    memberships: list[Membership],
    rng: random.Random,
    *,
    people: PeopleFile,
    answers: AnswersFile,
) -> dict[str, Any]:
    """What answers may use: the place, the team's people and a few facts."""
    jurisdiction = team.jurisdiction
    place, kind = jurisdiction.name, jurisdiction.kind
    words = answers.words
    by_role: dict[str, Membership] = {}
    for membership in memberships:
        by_role.setdefault(membership.role, membership)

    def person(role: str) -> str:
        membership = by_role.get(role)
        return membership.user.full_name if membership else words.nobody[role]

    def organisation(role: str, sector: str) -> str:
        membership = by_role.get(role)
        if membership and membership.organisation:
            return membership.organisation
        return people.organisation_for(sector, place, kind)

    return {
        "place": place,
        "state": jurisdiction.state,
        "government": people.organisation_for(Sector.LOCAL_GOVERNMENT, place, kind),
        "council": words.councils.get(kind, words.councils["default"]),
        "coordinator": person(TeamRole.DATA_COORDINATOR),
        "responder": person(TeamRole.FIRST_RESPONSE),
        "implementer": person(TeamRole.IMPLEMENTING_SECTOR),
        "responder_org": organisation(TeamRole.FIRST_RESPONSE, Sector.LAW_ENFORCEMENT),
        "police": people.organisation_for(Sector.LAW_ENFORCEMENT, place, kind),
        "dispatch": people.organisation_for(Sector.COMMUNICATIONS_911, place, kind),
        "implementer_org": organisation(
            TeamRole.IMPLEMENTING_SECTOR, team.cohort.learning_community.implementing_sector
        ),
        "year": team.cohort.starts_on.year - 1,
        "starts_on": team.cohort.starts_on,
        "pop": jurisdiction.population or 50_000,
        "jitter": rng.uniform(0.85, 1.15),
    }


def number_answer(answer: Answer | None, context: dict[str, Any]) -> int:
    """A number as written, or one that grows with the team's population (varied a little)."""
    if isinstance(answer, PerCapita):
        count = context["pop"] * answer.per_capita * context["jitter"]
        return max(1, int(round(count, answer.round_to)))
    return answer if isinstance(answer, int) else 0


def date_answer(answer: Answer | None, context: dict[str, Any]) -> date:
    starts_on: date = context["starts_on"]
    if isinstance(answer, DaysAfterStart):
        return starts_on + timedelta(days=answer.days_after_start)
    if isinstance(answer, YearEnd):
        return date(starts_on.year + answer.year_end, 12, 31)
    return starts_on


def _answer(
    prompt: dict, answer: Answer | None, context: dict, rng: random.Random, unanswered: str
) -> Any:
    """The team's answer to one prompt, or None for prompts answered with a file."""
    kind = prompt["kind"]
    if kind == Kind.FILE:
        return None
    if kind == Kind.CHOICE:
        options = prompt.get("options") or []
        if not options:
            return ""
        index = answer if isinstance(answer, int) else rng.randrange(len(options))
        return options[min(index, len(options) - 1)]
    if kind == Kind.TABLE:
        width = len(prompt.get("options") or [""])
        rows = answer if _is_table(answer) else [(unanswered,)]
        return [
            [(row[i] if i < len(row) else "").format_map(context) for i in range(width)]
            for row in rows
        ]
    if kind == Kind.NUMBER:
        return number_answer(answer, context)
    if kind == Kind.DATE:
        return date_answer(answer, context).isoformat()
    if isinstance(answer, tuple) and not _is_table(answer):
        answer = rng.choice(answer)
    if not isinstance(answer, str):
        answer = unanswered
    return answer.format_map(context)


def _is_table(answer: Answer | None) -> bool:
    return isinstance(answer, tuple) and bool(answer) and isinstance(answer[0], tuple)


@dataclass
class TeamAnswers:
    """Every answer a team gives in a module, and the subsets it saves on the way."""

    prompts: list[dict]
    full: dict

    def part(self, share: float) -> dict:
        keys = [prompt["key"] for prompt in self.prompts if prompt["key"] in self.full]
        count = max(1, math.ceil(len(keys) * share))
        return {key: self.full[key] for key in keys[:count]}

    def all_but_last(self) -> dict:
        keys = [prompt["key"] for prompt in self.prompts if prompt["key"] in self.full]
        return {key: self.full[key] for key in keys[: max(1, len(keys) - 1)]}

    def saved(self, action: str, revision_note: str) -> dict:
        """What the team saves: about half ("draft"), all but the last answer ("more"), all of
        them ("full") or all of them revised after a review ("revise")."""
        if action == "draft":
            return self.part(0.5)
        if action == "more":
            return self.all_but_last()
        if action == "revise":
            return self.revised(revision_note)
        return dict(self.full)

    def revised(self, note: str) -> dict:
        """Every answer, with a note of what changed added to the last long one."""
        answers = dict(self.full)
        for prompt in reversed(self.prompts):
            if prompt["kind"] == Kind.LONG_TEXT and answers.get(prompt["key"]):
                answers[prompt["key"]] = f"{answers[prompt['key']]}\n\n{note}"
                break
        return answers


def team_answers(
    module: CohortModule, slug: str, context: dict, rng: random.Random, answers: AnswersFile
) -> TeamAnswers:
    written = answers.answers.get(slug, {})
    full = {}
    for prompt in module.prompts:
        value = _answer(prompt, written.get(prompt["key"]), context, rng, answers.unanswered)
        if value is not None:
            full[prompt["key"]] = value
    return TeamAnswers(prompts=module.prompts, full=full)
