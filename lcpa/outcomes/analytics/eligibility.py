"""Which calls an alternative (civilian) responder could take: one rule set per jurisdiction.

Pure Python, no Django. The specification is domain-metrics A4:

    eligible = call_type_final in ELIGIBLE_TYPES[jurisdiction]
           AND NOT any(disqualifier_flags)
           AND service_hours(t_received)
           AND in_service_area(geo)
           AND call_source != officer_initiated

Both halves are reported: *type-eligible* (the call type is on the list) and
*screen-eligible* (type-eligible and through the screening). The rule sets are data, one
versioned file per jurisdiction in `rules/eligibility/` (`default.yaml` for a team that has
none). `assess()` says whether a call is eligible and which rule decided, in a short code
(`type:rule:welfare_check`, `screen:hours`, ...) and in words.

Missing facts: a call without a received time when the rule has service hours, or without an
area when it has service areas, is not screen-eligible (nothing shows it was inside them); a
call that does not say whether it was officer-initiated counts as community-generated, as most
CAD exports without that column are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time
from functools import cache
from pathlib import Path
from typing import Annotated, Literal, Protocol

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from lcpa.outcomes.analytics.formats import RULES_DIR, normalise_text, split_code
from lcpa.outcomes.analytics.textrules import CALL_TYPES_FILE, rule_book

ELIGIBILITY_DIR = RULES_DIR / "eligibility"
DEFAULT_KEY = "default"
Name = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$", max_length=60)]
ClockTime = Annotated[str, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_KEY = re.compile(r"^[a-z0-9-]+$")


class EligibilityRulesError(ValueError):
    """An eligibility file that cannot be used; the message names the file and the problem."""


class CallClass(Protocol):
    """What `assess` needs from a classified call type (`calltypes.CallTypeClass`)."""

    @property
    def category(self) -> str: ...

    @property
    def rule(self) -> str: ...


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ServiceHours(_Strict):
    start: ClockTime
    end: ClockTime


class TypeList(_Strict):
    rules: tuple[Name, ...] = ()
    categories: tuple[str, ...] = ()
    call_types: tuple[str, ...] = ()
    not_call_types: tuple[str, ...] = ()


class Screening(_Strict):
    exclude_self_initiated: bool = True
    disqualifiers: tuple[Name, ...] = ()
    exclude_priorities: tuple[str, ...] = ()
    service_hours: ServiceHours | None = None
    service_days: tuple[Day, ...] = ()
    service_areas: tuple[str, ...] = ()


class EligibilityFileSpec(_Strict):
    name: Annotated[str, StringConstraints(min_length=1, max_length=80)]
    version: int = Field(ge=1)
    jurisdiction: str = ""
    source: str
    changes: tuple[str, ...] = ()
    type_eligible: TypeList
    screening: Screening


@dataclass(frozen=True)
class EligibilityRules:
    """One jurisdiction's rule set, with its lists normalised for comparison."""

    key: str
    name: str
    version: int
    jurisdiction: str
    source: str
    rules: frozenset[str]
    categories: frozenset[str]
    call_types: frozenset[str]
    not_call_types: frozenset[str]
    exclude_self_initiated: bool
    disqualifiers: tuple[str, ...]
    exclude_priorities: frozenset[str]
    service_hours: tuple[time, time] | None
    service_days: frozenset[str]
    service_areas: frozenset[str]

    @property
    def version_label(self) -> str:
        """What a computed value records as its `eligibility_rule_version`."""
        return f"{self.key} v{self.version}"

    def type_decision(self, text: object, call_class: CallClass) -> tuple[bool, str, str]:
        """(type-eligible, rule code, reason) for a call type and its classification."""
        whole = normalise_text(text)
        bare = normalise_text(split_code("" if text is None else str(text))[1])
        if whole in self.not_call_types or (bare and bare in self.not_call_types):
            return False, "type:excluded", "this call type is listed as not eligible"
        if whole in self.call_types or (bare and bare in self.call_types):
            return True, "type:call_type", "this call type is on the jurisdiction's list"
        if call_class.rule in self.rules:
            return True, f"type:rule:{call_class.rule}", f"call-type rule {call_class.rule}"
        if call_class.category in self.categories:
            return (
                True,
                f"type:category:{call_class.category}",
                (f"every {call_class.category} call is eligible"),
            )
        return False, "type:not_listed", "this call type is not on the eligible list"

    def in_service_hours(self, moment: datetime) -> bool:
        if self.service_days and DAYS[moment.weekday()] not in self.service_days:
            return False
        if self.service_hours is None:
            return True
        start, end = self.service_hours
        clock = moment.time()
        if start <= end:
            return start <= clock < end
        return clock >= start or clock < end  # hours that run past midnight


@dataclass(frozen=True, slots=True)
class Eligibility:
    """The answer for one call: both halves, the deciding rule and the rule set's version."""

    type_eligible: bool
    screen_eligible: bool
    rule: str
    reason: str
    version: str


def assess(
    *,
    rules: EligibilityRules,
    text: object,
    call_class: CallClass,
    received_at: datetime | None = None,
    priority: object = None,
    self_initiated: bool | None = None,
    area: object = None,
    flags: Iterable[str] = (),
) -> Eligibility:
    """Type- and screen-eligibility of one call under a jurisdiction's rule set.

    `flags` are the names of the call's yes/no screening columns that say yes
    (`weapon_mentioned`, ...); only those the rule set lists as disqualifiers count.
    """
    eligible, rule, reason = rules.type_decision(text, call_class)

    def answer(screen: bool, code: str, why: str) -> Eligibility:
        return Eligibility(eligible, screen, code, why, rules.version_label)

    if not eligible:
        return answer(False, rule, reason)
    if rules.exclude_self_initiated and self_initiated:
        return answer(False, "screen:officer_initiated", "officers started this call themselves")
    if priority is not None and normalise_text(priority) in rules.exclude_priorities:
        return answer(False, "screen:priority", f"priority {priority} is not for this responder")
    raised = set(flags)
    for flag in rules.disqualifiers:
        if flag in raised:
            return answer(False, f"screen:disqualifier:{flag}", f"screening found {_words(flag)}")
    if rules.service_hours or rules.service_days:
        if received_at is None:
            return answer(False, "screen:hours_unknown", "the call has no time received")
        if not rules.in_service_hours(received_at):
            return answer(False, "screen:hours", "the call came outside service hours")
    if rules.service_areas:
        if area is None or not normalise_text(area):
            return answer(False, "screen:area_unknown", "the call has no area")
        if normalise_text(area) not in rules.service_areas:
            return answer(False, "screen:area", "the call came from outside the service area")
    return answer(True, rule, reason)


def _call_type_keys(texts: Iterable[str]) -> frozenset[str]:
    """A listed call type as written and without its signal code: "21-COMPLAINT OTHER" also
    stands for "COMPLAINT OTHER"."""
    keys = {normalise_text(text) for text in texts}
    keys |= {normalise_text(split_code(text)[1]) for text in texts}
    return frozenset(keys - {""})


def _words(name: str) -> str:
    return name.replace("_", " ")


def eligibility_rule_keys() -> list[str]:
    """The rule sets on file: `default` and one per jurisdiction (file names without .yaml)."""
    return sorted(path.stem for path in ELIGIBILITY_DIR.glob("*.yaml"))


@cache
def load_eligibility_rules(key: str = DEFAULT_KEY) -> EligibilityRules:
    """Read and check one rule set; EligibilityRulesError names the file and the problem."""
    if not _KEY.match(key):
        raise EligibilityRulesError(f"{key!r} is not the name of an eligibility rule file")
    return read_eligibility_rules(ELIGIBILITY_DIR / f"{key}.yaml")


def read_eligibility_rules(path: Path) -> EligibilityRules:
    """Read and check one eligibility file from any path (tests, a team's draft)."""
    try:
        spec = EligibilityFileSpec.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except FileNotFoundError as error:
        raise EligibilityRulesError(f"there is no eligibility rule file {path.name}") from error
    except (ValidationError, yaml.YAMLError) as error:
        raise EligibilityRulesError(f"{path.name}: {error}") from error
    book = rule_book(CALL_TYPES_FILE)
    listed = spec.type_eligible
    problems = [
        f"{name!r} is not a call-type rule" for name in listed.rules if name not in book.by_name
    ]
    problems += [
        f"{name!r} is not a call-type category"
        for name in listed.categories
        if name not in book.labels
    ]
    if problems:
        raise EligibilityRulesError(f"{path.name}: {'; '.join(problems)}")
    hours = spec.screening.service_hours
    return EligibilityRules(
        key=path.stem,
        name=spec.name,
        version=spec.version,
        jurisdiction=spec.jurisdiction,
        source=spec.source.strip(),
        rules=frozenset(spec.type_eligible.rules),
        categories=frozenset(spec.type_eligible.categories),
        call_types=_call_type_keys(spec.type_eligible.call_types),
        not_call_types=_call_type_keys(spec.type_eligible.not_call_types),
        exclude_self_initiated=spec.screening.exclude_self_initiated,
        disqualifiers=spec.screening.disqualifiers,
        exclude_priorities=frozenset(normalise_text(p) for p in spec.screening.exclude_priorities),
        service_hours=(time.fromisoformat(hours.start), time.fromisoformat(hours.end))
        if hours
        else None,
        service_days=frozenset(spec.screening.service_days),
        service_areas=frozenset(normalise_text(area) for area in spec.screening.service_areas),
    )
