"""Traffic-stop reasons in five classes (domain-metrics B5): moving_safety, equipment,
registration_admin, investigatory, other.

Pure Python, no Django. The rules are data (`rules/stop_reasons.yaml`, read by `textrules`);
`classify_stop_reason("Vehicle Equipment Violation")` gives
`StopReasonClass(reason_class="equipment", non_safety=True, rule="equipment")`. A team's
corrections {reason text: class} win over the rules (rule "correction") through a
`StopReasonClassifier`. Non-safety stops are equipment and registration_admin (the stops
Philadelphia's Driving Equality ordinance and Virginia's 2021 law ended as a sole reason).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from lcpa.outcomes.analytics.textrules import STOP_REASONS_FILE, Classifier, RuleBook, rule_book

NON_SAFETY = frozenset({"equipment", "registration_admin"})


@dataclass(frozen=True, slots=True)
class StopReasonClass:
    """A stop reason's class, whether that class is a non-safety one, and the deciding rule."""

    reason_class: str
    non_safety: bool
    rule: str


def stop_reason_rules() -> RuleBook:
    """The stop-reason rule file, read and checked once."""
    return rule_book(STOP_REASONS_FILE)


def stop_reason_classes() -> tuple[str, ...]:
    return stop_reason_rules().labels


class StopReasonClassifier:
    """The rules plus one team's corrections {reason text: class}; remembers each text."""

    def __init__(self, *, corrections: Mapping[str, str] | None = None) -> None:
        self._classifier = Classifier(stop_reason_rules(), dict(corrections or {}))

    @property
    def version(self) -> str:
        return stop_reason_rules().version_label

    def classify(self, text: object) -> StopReasonClass:
        reason_class, rule = self._classifier.classify(text)
        return StopReasonClass(reason_class, reason_class in NON_SAFETY, rule)


@cache
def default_stop_reason_classifier() -> StopReasonClassifier:
    return StopReasonClassifier()


def classify_stop_reason(text: str) -> StopReasonClass:
    """Classify one stop reason with the platform's rules."""
    return default_stop_reason_classifier().classify(text)
