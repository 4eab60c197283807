"""Ordered, named phrase rules read from a YAML file: the engine behind call types and stop
reasons. Pure Python, no Django.

A rule file is meant to be read by a data coordinator, so rules are phrases, not regular
expressions. A phrase is words in a row, compared after `formats.normalise_text` (capitals,
punctuation and spacing do not matter: "I/P" is "I P", "B & E" is "B AND E"); a word ending in
`*` stands for every word that begins so (`SUICID*` is SUICIDE, SUICIDAL). A rule applies
when the text contains one of its `match` phrases, also one of its `with` phrases when it has
any, and none of its `unless` phrases. The first rule that applies wins; a text no rule takes
gets the file's `default`.

Every rule carries `examples`, real values it must take; `RuleBook.check_examples()` says
which do not land where the file says, so a changed rule cannot silently move them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from lcpa.outcomes.analytics.formats import RULES_DIR, normalise_text, split_code

CALL_TYPES_FILE = "call_types.yaml"
STOP_REASONS_FILE = "stop_reasons.yaml"

Name = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$", max_length=60)]
Phrase = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]


class RuleFileError(ValueError):
    """A rule file that cannot be used; the message names the file and what is wrong."""


def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """The regular expression of one phrase, to search a normalised text."""
    words: list[str] = []
    for word in phrase.split():
        # "I/P" written as one word is two words once normalised.
        parts = [re.escape(part) for part in normalise_text(word.rstrip("*")).split()]
        if not parts:
            raise RuleFileError(f"the phrase {phrase!r} has a word with no letter or digit")
        if word.endswith("*"):
            parts[-1] += "[A-Z0-9]*"
        words.extend(parts)
    return re.compile(r"(?<![A-Z0-9])" + r" ".join(words) + r"(?![A-Z0-9])")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class RuleSpec(_Strict):
    name: Name
    label: Annotated[str, StringConstraints(min_length=1, max_length=80)]
    note: str = ""
    match: tuple[Phrase, ...] = Field(min_length=1)
    with_: tuple[Phrase, ...] = Field(default=(), alias="with")
    unless: tuple[Phrase, ...] = ()
    examples: tuple[str, ...] = Field(min_length=1)


class RuleFileSpec(_Strict):
    name: Annotated[str, StringConstraints(min_length=1, max_length=80)]
    version: int = Field(ge=1)
    description: str
    labels: tuple[Annotated[str, StringConstraints(min_length=1, max_length=80)], ...]
    default: str
    rules: tuple[RuleSpec, ...] = Field(min_length=1)


@dataclass(frozen=True, slots=True)
class Rule:
    """One named rule: the label it gives and the phrases that decide it."""

    name: str
    label: str
    note: str
    match: tuple[re.Pattern[str], ...]
    with_: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...]
    examples: tuple[str, ...]

    def applies(self, normalised: str) -> bool:
        return (
            any(pattern.search(normalised) for pattern in self.match)
            and (not self.with_ or any(pattern.search(normalised) for pattern in self.with_))
            and not any(pattern.search(normalised) for pattern in self.unless)
        )


@dataclass(frozen=True)
class RuleBook:
    """A whole rule file: its labels, its ordered rules and the label for the rest."""

    name: str
    version: int
    description: str
    labels: tuple[str, ...]
    default: str
    rules: tuple[Rule, ...]

    @cached_property
    def by_name(self) -> dict[str, Rule]:
        return {rule.name: rule for rule in self.rules}

    @property
    def version_label(self) -> str:
        return f"{self.name} v{self.version}"

    def first_rule(self, normalised: str) -> Rule | None:
        """The first rule that applies to an already normalised text, or None."""
        for rule in self.rules:
            if rule.applies(normalised):
                return rule
        return None

    def check_examples(self) -> list[str]:
        """One sentence for every example that another rule (or no rule) takes."""
        problems = []
        for rule in self.rules:
            for example in rule.examples:
                found = self.first_rule(normalise_text(example))
                if found is not rule:
                    taken = f"rule {found.name!r}" if found else "no rule"
                    problems.append(
                        f"{example!r} is an example of {rule.name!r} but {taken} takes it"
                    )
        return problems


def load_rule_book(path: Path) -> RuleBook:
    """Read and check a rule file; RuleFileError names the file and the problem."""
    try:
        spec = RuleFileSpec.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (ValidationError, yaml.YAMLError) as error:
        raise RuleFileError(f"{path.name}: {error}") from error
    names = [rule.name for rule in spec.rules]
    if duplicates := sorted({name for name in names if names.count(name) > 1}):
        raise RuleFileError(f"{path.name}: rule names used twice: {', '.join(duplicates)}")
    if spec.default not in spec.labels:
        raise RuleFileError(f"{path.name}: the default {spec.default!r} is not one of the labels")
    unknown = sorted({rule.label for rule in spec.rules} - set(spec.labels))
    if unknown:
        raise RuleFileError(f"{path.name}: rules give labels not listed: {', '.join(unknown)}")
    try:
        rules = tuple(
            Rule(
                name=rule.name,
                label=rule.label,
                note=rule.note,
                match=tuple(phrase_pattern(phrase) for phrase in rule.match),
                with_=tuple(phrase_pattern(phrase) for phrase in rule.with_),
                unless=tuple(phrase_pattern(phrase) for phrase in rule.unless),
                examples=rule.examples,
            )
            for rule in spec.rules
        )
    except RuleFileError as error:
        raise RuleFileError(f"{path.name}: {error}") from error
    return RuleBook(
        name=spec.name,
        version=spec.version,
        description=spec.description,
        labels=spec.labels,
        default=spec.default,
        rules=rules,
    )


@cache
def rule_book(file_name: str) -> RuleBook:
    """One of the rule files in `rules/`, read and checked once."""
    return load_rule_book(RULES_DIR / file_name)


class Classifier:
    """A rule book plus one team's corrections {raw text: label}, which win over the rules.

    `classify(text)` gives (label, rule name); a correction reports the rule "correction",
    a text no rule takes the rule "default". A correction is found by the whole text first,
    then by the text without its signal code, so correcting "MENTAL PATIENT" also corrects
    "103M-MENTAL PATIENT" unless that has a correction of its own.
    """

    CORRECTION = "correction"
    DEFAULT = "default"

    def __init__(self, book: RuleBook, corrections: dict[str, str] | None = None) -> None:
        self.book = book
        self.corrections: dict[str, str] = {}
        for text, label in (corrections or {}).items():
            if label not in book.labels:
                raise ValueError(f"{label!r} (the correction of {text!r}) is not one of the labels")
            self.corrections[normalise_text(text)] = label
        self._seen: dict[str, tuple[str, str]] = {}

    def classify(self, text: object) -> tuple[str, str]:
        raw = "" if text is None else str(text)
        if raw in self._seen:
            return self._seen[raw]
        whole = normalise_text(raw)
        _code, rest = split_code(raw)
        bare = normalise_text(rest)
        if whole in self.corrections:
            answer = (self.corrections[whole], self.CORRECTION)
        elif bare and bare in self.corrections:
            answer = (self.corrections[bare], self.CORRECTION)
        elif rule := self.book.first_rule(bare or whole):
            answer = (rule.label, rule.name)
        else:
            answer = (self.book.default, self.DEFAULT)
        self._seen[raw] = answer
        return answer
