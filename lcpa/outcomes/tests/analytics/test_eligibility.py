"""Alternative-response eligibility (eligibility.py, rules/eligibility/*.yaml), domain-metrics A4:
type-eligible (the call type is on the jurisdiction's list) and screen-eligible (also through
the disqualifiers, service hours and area, and not officer-initiated)."""

import textwrap
from datetime import datetime

import pytest

from lcpa.outcomes.analytics.calltypes import classify_call_type
from lcpa.outcomes.analytics.eligibility import (
    EligibilityRulesError,
    assess,
    eligibility_rule_keys,
    load_eligibility_rules,
    read_eligibility_rules,
)

TUESDAY_NOON = datetime(2024, 3, 5, 12, 0)


def write_rules(tmp_path, type_eligible="{}", screening="{}", name="springfield"):
    path = tmp_path / f"{name}.yaml"
    path.write_text(
        textwrap.dedent(
            f"""
            name: Springfield
            version: 3
            jurisdiction: Springfield, IL
            source: the council's resolution
            type_eligible: {type_eligible}
            screening: {screening}
            """
        )
    )
    return read_eligibility_rules(path)


def judge(rules, text, **facts):
    return assess(rules=rules, text=text, call_class=classify_call_type(text), **facts)


def test_the_default_and_the_example_jurisdictions_are_on_file_and_load():
    assert {"default", "denver-star", "durham-heart"} <= set(eligibility_rule_keys())
    for key in eligibility_rule_keys():
        rules = load_eligibility_rules(key)
        assert rules.version >= 1 and rules.source


def test_a_welfare_check_is_type_and_screen_eligible_under_the_default():
    found = judge(load_eligibility_rules(), "WELFARE CHECK", received_at=TUESDAY_NOON)
    assert (found.type_eligible, found.screen_eligible) == (True, True)
    assert found.rule == "type:rule:welfare_check"
    assert found.version == "default v1"


def test_a_robbery_is_not_type_eligible_and_so_not_screen_eligible():
    found = judge(load_eligibility_rules(), "ARMED ROBBERY")
    assert (found.type_eligible, found.screen_eligible) == (False, False)
    assert found.rule == "type:not_listed"
    assert found.reason == "this call type is not on the eligible list"


def test_an_officer_initiated_call_is_type_eligible_but_not_screen_eligible():
    found = judge(load_eligibility_rules(), "WELFARE CHECK", self_initiated=True)
    assert (found.type_eligible, found.screen_eligible) == (True, False)
    assert found.rule == "screen:officer_initiated"


def test_a_call_that_does_not_say_who_started_it_counts_as_community_generated():
    assert judge(load_eligibility_rules(), "WELFARE CHECK", self_initiated=None).screen_eligible


def test_a_disqualifier_from_screening_rules_the_call_out_and_is_named():
    found = judge(
        load_eligibility_rules(), "MENTAL PATIENT", flags={"weapon_mentioned", "other_flag"}
    )
    assert found.type_eligible and not found.screen_eligible
    assert found.rule == "screen:disqualifier:weapon_mentioned"
    assert found.reason == "screening found weapon mentioned"


def test_a_flag_the_rule_set_does_not_list_does_not_disqualify():
    assert judge(load_eligibility_rules(), "MENTAL PATIENT", flags={"loud_caller"}).screen_eligible


@pytest.mark.parametrize(
    ("hour", "minute", "inside"),
    [(5, 59, False), (6, 0, True), (12, 0, True), (21, 59, True), (22, 0, False), (23, 30, False)],
)
def test_denver_star_answers_from_six_in_the_morning_to_ten_at_night(hour, minute, inside):
    found = judge(
        load_eligibility_rules("denver-star"),
        "INTOXICATED PERSON",
        received_at=datetime(2024, 3, 5, hour, minute),
    )
    assert found.type_eligible
    assert found.screen_eligible is inside
    assert found.rule == ("type:rule:intoxicated_person" if inside else "screen:hours")


def test_a_call_with_no_time_is_not_screen_eligible_where_hours_apply():
    found = judge(load_eligibility_rules("denver-star"), "WELFARE CHECK", received_at=None)
    assert (found.screen_eligible, found.rule) == (False, "screen:hours_unknown")


def test_service_hours_may_run_past_midnight_and_be_limited_to_some_days(tmp_path):
    rules = write_rules(
        tmp_path,
        type_eligible="{rules: [welfare_check]}",
        screening="{service_hours: {start: '20:00', end: '04:00'}, service_days: [fri, sat]}",
    )
    friday, saturday, sunday = (datetime(2024, 3, day) for day in (8, 9, 10))
    assert judge(rules, "WELFARE CHECK", received_at=friday.replace(hour=23)).screen_eligible
    assert judge(rules, "WELFARE CHECK", received_at=saturday.replace(hour=3)).screen_eligible
    assert not judge(rules, "WELFARE CHECK", received_at=saturday.replace(hour=12)).screen_eligible
    assert not judge(rules, "WELFARE CHECK", received_at=sunday.replace(hour=23)).screen_eligible


def test_a_service_area_keeps_calls_from_elsewhere_out(tmp_path):
    rules = write_rules(
        tmp_path,
        type_eligible="{rules: [homeless]}",
        screening="{service_areas: [District 1, District 2]}",
    )
    assert judge(rules, "HOMELESS", area="district 1").screen_eligible
    found = judge(rules, "HOMELESS", area="District 7")
    assert (found.screen_eligible, found.rule) == (False, "screen:area")
    assert judge(rules, "HOMELESS", area="").rule == "screen:area_unknown"


def test_priorities_the_rule_set_excludes_are_not_screen_eligible(tmp_path):
    rules = write_rules(
        tmp_path, type_eligible="{rules: [welfare_check]}", screening="{exclude_priorities: [1A]}"
    )
    assert judge(rules, "WELFARE CHECK", priority="1A").rule == "screen:priority"
    assert judge(rules, "WELFARE CHECK", priority="2").screen_eligible


def test_a_jurisdiction_lists_its_own_call_types_and_excludes_others(tmp_path):
    rules = write_rules(
        tmp_path,
        type_eligible=(
            "{rules: [noise], call_types: ['21-COMPLAINT OTHER'], not_call_types: ['LOUD PARTY']}"
        ),
    )
    assert judge(rules, "complaint other").rule == "type:call_type"  # the code does not matter
    assert judge(rules, "NOISE COMPLAINT").rule == "type:rule:noise"
    found = judge(rules, "LOUD PARTY")
    assert (found.type_eligible, found.rule) == (False, "type:excluded")
    assert rules.version_label == "springfield v3"


def test_a_whole_category_can_be_eligible(tmp_path):
    rules = write_rules(
        tmp_path, type_eligible="{categories: [Complaints/Environmental Conditions]}"
    )
    found = judge(rules, "ANIMAL COMPLAINT")
    assert found.type_eligible
    assert found.rule == "type:category:Complaints/Environmental Conditions"


def test_a_rule_set_naming_an_unknown_call_type_rule_or_category_is_refused(tmp_path):
    with pytest.raises(EligibilityRulesError, match="'welfare' is not a call-type rule"):
        write_rules(tmp_path, type_eligible="{rules: [welfare]}")
    with pytest.raises(EligibilityRulesError, match="'Mental Health' is not a call-type category"):
        write_rules(tmp_path, type_eligible="{categories: [Mental Health]}")


def test_a_rule_set_with_a_malformed_service_hour_is_refused(tmp_path):
    with pytest.raises(EligibilityRulesError, match="springfield.yaml"):
        write_rules(tmp_path, screening="{service_hours: {start: '6am', end: '22:00'}}")


def test_an_unknown_or_unsafe_rule_set_name_is_refused():
    with pytest.raises(EligibilityRulesError, match="no eligibility rule file atlantis.yaml"):
        load_eligibility_rules("atlantis")
    with pytest.raises(EligibilityRulesError, match="is not the name of an eligibility rule file"):
        load_eligibility_rules("../call_types")
