"""Call-type classification into the Vera Institute / Two Sigma Data Clinic categories (A3).

Pure Python, no Django. The rules are data: `rules/call_types.yaml`, ordered named phrase
rules a coordinator can read (the engine is `textrules`). The entry point

    classify_call_type("103M-MENTAL PATIENT")
    -> CallTypeClass(category="Behavioral Health", eligible=True, rule="mental_health_crisis")

uses the rules alone and the default eligibility rule set (`rules/eligibility/default.yaml`).
A team's own reading is a `CallTypeClassifier` with its corrections {call type text:
category}, which win over the rules (rule "correction"), and its jurisdiction's eligibility
rule set. A call type no rule takes is "Other" (rule "default"), as in the Vera workbook.

`.eligible` is *type*-eligibility only (the call type is on the list); screening a call
(disqualifiers, service hours and area, officer-initiated) needs the rest of the record and is
`eligibility.assess()`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from lcpa.outcomes.analytics.eligibility import EligibilityRules, load_eligibility_rules
from lcpa.outcomes.analytics.textrules import CALL_TYPES_FILE, Classifier, RuleBook, rule_book


@dataclass(frozen=True, slots=True)
class CallTypeClass:
    """A call type's category (a Vera name), its type-eligibility and the deciding rule."""

    category: str
    eligible: bool
    rule: str


def call_type_rules() -> RuleBook:
    """The call-type rule file, read and checked once."""
    return rule_book(CALL_TYPES_FILE)


def call_type_categories() -> tuple[str, ...]:
    """The category names, in the rule file's order ("Other" last)."""
    return call_type_rules().labels


class CallTypeClassifier:
    """The rules plus one team's corrections and its jurisdiction's eligibility rule set.

    `corrections` maps the team's call-type text to a category; a category that is not one
    of the Vera names is refused with ValueError. Results are remembered per text, so a
    classifier can be run over every row of a large file.
    """

    def __init__(
        self,
        *,
        corrections: Mapping[str, str] | None = None,
        eligibility: EligibilityRules | None = None,
    ) -> None:
        self._classifier = Classifier(call_type_rules(), dict(corrections or {}))
        self.eligibility = eligibility or load_eligibility_rules()

    @property
    def version(self) -> str:
        """The versions this classifier applies, to store beside what it classified."""
        return f"{call_type_rules().version_label}; {self.eligibility.version_label}"

    def classify(self, text: object) -> CallTypeClass:
        category, rule = self._classifier.classify(text)
        partial = CallTypeClass(category=category, eligible=False, rule=rule)
        eligible, _code, _reason = self.eligibility.type_decision(text, partial)
        return CallTypeClass(category=category, eligible=eligible, rule=rule)


@cache
def default_classifier() -> CallTypeClassifier:
    """The platform's classifier: the rules, no corrections, the default eligibility."""
    return CallTypeClassifier()


def classify_call_type(text: str) -> CallTypeClass:
    """Classify one call type with the platform's rules and default eligibility."""
    return default_classifier().classify(text)
