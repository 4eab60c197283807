"""Stop reasons in five classes (stopreasons.py, rules/stop_reasons.yaml), domain-metrics B5.

Real reasons: the North Carolina values in the Stanford Open Policing files, Stanford's own
example violation ("SPEEDING 15-20 OVER"), and the eight secondary violations of
Philadelphia's Driving Equality ordinance, which must all be non-safety.
"""

import pytest

from lcpa.outcomes.analytics.stopreasons import (
    StopReasonClass,
    StopReasonClassifier,
    classify_stop_reason,
    stop_reason_classes,
    stop_reason_rules,
)

NORTH_CAROLINA = [
    ("Speed Limit Violation", "moving_safety"),
    ("Stop Light/Sign Violations", "moving_safety"),
    ("Driving While Impaired", "moving_safety"),
    ("Safe Movement Violation", "moving_safety"),
    ("Seat Belt Violation", "moving_safety"),
    ("Vehicle Equipment Violation", "equipment"),
    ("Vehicle Regulatory Violation", "registration_admin"),
    ("Investigation", "investigatory"),
    ("Checkpoint", "investigatory"),
    ("Other Motor Vehicle Violation", "other"),
]
PHILADELPHIA_SECONDARY = [
    "Registration",
    "Temporary registration permit",
    "Display of registration plate",
    "Lighted lamps - single brake light",
    "Other obstruction - items hanging from rearview mirror",
    "Bumpers",
    "Operation without official certificate of inspection",
    "No evidence of emission inspection",
]


@pytest.mark.parametrize(("text", "reason_class"), NORTH_CAROLINA)
def test_real_stop_reasons_land_in_their_class(text, reason_class):
    assert classify_stop_reason(text).reason_class == reason_class


@pytest.mark.parametrize("text", PHILADELPHIA_SECONDARY)
def test_philadelphias_secondary_violations_are_all_non_safety(text):
    assert classify_stop_reason(text).non_safety


def test_a_red_light_is_a_moving_violation_but_a_broken_lamp_is_equipment():
    assert classify_stop_reason("RAN RED LIGHT") == StopReasonClass(
        "moving_safety", False, "signals_and_signs"
    )
    assert classify_stop_reason("BRAKE LIGHT OUT") == StopReasonClass(
        "equipment", True, "equipment"
    )


def test_a_non_moving_violation_is_administrative_not_moving():
    assert classify_stop_reason("NON-MOVING VIOLATION").reason_class == "registration_admin"
    assert classify_stop_reason("Moving Violation").reason_class == "moving_safety"


def test_a_reason_too_vague_to_tell_is_other():
    assert classify_stop_reason("TRAFFIC VIOLATION") == StopReasonClass("other", False, "default")
    assert classify_stop_reason("") == StopReasonClass("other", False, "default")


def test_the_classes_are_the_five_of_the_specification():
    assert stop_reason_classes() == (
        "moving_safety",
        "equipment",
        "registration_admin",
        "investigatory",
        "other",
    )


def test_every_example_in_the_rule_file_is_taken_by_its_own_rule():
    assert stop_reason_rules().check_examples() == []


def test_a_teams_correction_wins_and_a_correction_to_an_unknown_class_is_refused():
    classifier = StopReasonClassifier(corrections={"Other Motor Vehicle Violation": "equipment"})
    assert classifier.classify("OTHER MOTOR VEHICLE VIOLATION") == StopReasonClass(
        "equipment", True, "correction"
    )
    assert classifier.version == "Stop reasons v1"
    with pytest.raises(ValueError, match="'pretext' .* is not one of the labels"):
        StopReasonClassifier(corrections={"TINT": "pretext"})
