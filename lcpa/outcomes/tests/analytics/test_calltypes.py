"""Call-type classification (calltypes.py, rules/call_types.yaml).

Real call types from the public exports of New Orleans, Seattle, Detroit and Cincinnati; the
expected categories are the Vera / Two Sigma Data Clinic mappings quoted in domain-metrics A3
where it quotes one (Behavioral Health, Complaints/Environmental Conditions), and the obvious
reading of the category names elsewhere.
"""

import textwrap

import pytest

from lcpa.outcomes.analytics.calltypes import (
    CallTypeClass,
    CallTypeClassifier,
    call_type_categories,
    call_type_rules,
    classify_call_type,
)
from lcpa.outcomes.analytics.eligibility import load_eligibility_rules, read_eligibility_rules
from lcpa.outcomes.analytics.textrules import RuleFileError, load_rule_book

VERA_CATEGORIES = {
    "Property Crime", "Other Crimes", "Complaints/Environmental Conditions", "Statuses",
    "Violent Crime", "Accidents/Traffic Safety", "Alarms", "Traffic", "Drugs", "Sex Offenses",
    "Domestic Violence", "Warrants", "Suspicion", "Behavioral Health", "Missing Persons",
    "Medical Emergencies", "Assisting the Public", "Status Offenses", "Officer Needs Help",
    "Fire", "Liquor Violations", "Other (Not Crime)", "Call Related Issues", "Callback", "Other",
}  # fmt: skip

BH = "Behavioral Health"
COMPLAINTS = "Complaints/Environmental Conditions"

NEW_ORLEANS = [
    ("MENTAL PATIENT", BH, True),
    ("103M-MENTAL PATIENT", BH, True),
    ("SUICIDE", BH, True),
    ("HOMELESS", COMPLAINTS, True),
    ("NOISE COMPLAINT", COMPLAINTS, False),
    ("QUALITY OF LIFE ISSUE", COMPLAINTS, False),
    ("AUTO ACCIDENT", "Accidents/Traffic Safety", False),
    ("SIMPLE BURGLARY VEHICLE", "Property Crime", False),
    ("AGGRAVATED BATTERY BY SHOOTING", "Violent Crime", False),
    ("BURGLAR ALARM, SILENT", "Alarms", False),
    ("DOMESTIC DISTURBANCE", "Domestic Violence", False),
    ("TRAFFIC INCIDENT", "Traffic", False),
    ("WARR STOP WITH RELEASE", "Warrants", False),
    ("RETURN FOR ADDITIONAL INFO", "Statuses", False),
    ("COMPLAINT OTHER", COMPLAINTS, False),
]
SEATTLE = [
    ("PERSON IN BEHAVIORAL/EMOTIONAL CRISIS", BH, True),
    ("SUICIDE - IP/JO SUICIDAL PERSON AND ATTEMPTS", BH, False),
    ("OVERDOSE - DRUG RELATED CASUALTY", BH, False),
    ("--CRISIS COMPLAINT - GENERAL", COMPLAINTS, True),
    ("PANHANDLING, AGGRESSIVE", COMPLAINTS, True),
    ("--TRAFFIC - MOVING VIOLATION", "Traffic", False),
    ("--MVC - WITH INJURIES (INCLUDES HIT AND RUN)", "Accidents/Traffic Safety", False),
    ("--THEFT - CAR PROWL", "Property Crime", False),
    ("--SUSPICIOUS CIRCUM. - SUSPICIOUS PERSON", "Suspicion", False),
    ("--PREMISE CHECKS - CRIME PREVENTION", "Statuses", False),
    ("--DV - DOMESTIC VIOL/ASLT (ARREST MANDATORY)", "Domestic Violence", False),
    ("--NARCOTICS - OTHER", "Drugs", False),
    ("--PROWLER - TRESPASS", "Property Crime", True),
]
DETROIT = [
    ("MENTAL VIOLENT NOT ARMED", BH, False),
    ("MENTAL VIOLENT - ARMED", BH, False),
    ("MENTAL NOT VIOLENT", BH, True),
    ("SUICIDE THREAT", BH, True),
    ("SUICIDE I/P", BH, False),
    ("ONE DOWN OR OVER THE WHEEL", BH, False),
    ("ONE DOWN/DRUG OD", BH, False),
    ("TRAFFIC STOP", "Traffic", False),
    ("ACCIDENT PROPERTY DAMAGE", "Accidents/Traffic Safety", False),
    ("B & E IN PROGRESS", "Property Crime", False),
    ("SHOTS FIRED IP", "Violent Crime", False),
    ("HOLD UP ALARM", "Alarms", False),
    ("SPECIAL ATTENTION", "Statuses", False),
    ("REMARKS", "Statuses", False),
    ("UNKNOWN PROBLEM", "Suspicion", False),
    ("SAFEWALK", "Assisting the Public", False),
]
CINCINNATI = [
    ("MENTAL HEALTH RESPONSE", BH, True),
    ("DISORDERLY PERSON", COMPLAINTS, False),
    ("AUTO ACCIDENT INJURIES", "Accidents/Traffic Safety", False),
    ("DIRECTED PATROL", "Statuses", False),
    ("THEFT REPORT", "Property Crime", False),
    ("SUSPICIOUS PERSON OR AUTO", "Suspicion", False),
    ("CHECK ON WELL BEING", "Assisting the Public", True),
    ("PERSON DOWN", BH, False),
]


@pytest.mark.parametrize(
    ("text", "category", "eligible"), NEW_ORLEANS + SEATTLE + DETROIT + CINCINNATI
)
def test_real_call_types_land_in_their_vera_category(text, category, eligible):
    found = classify_call_type(text)
    assert (found.category, found.eligible) == (category, eligible)
    assert found.rule in call_type_rules().by_name


def test_the_categories_are_the_vera_names_exactly():
    assert set(call_type_categories()) == VERA_CATEGORIES
    assert call_type_categories()[-1] == "Other"


def test_every_example_in_the_rule_file_is_taken_by_its_own_rule():
    assert call_type_rules().check_examples() == []


def test_a_call_type_no_rule_takes_is_other_as_in_the_vera_workbook():
    assert classify_call_type("ZZ TOP CONCERT") == CallTypeClass("Other", False, "default")
    assert classify_call_type("") == CallTypeClass("Other", False, "default")


@pytest.mark.parametrize(
    "variant",
    ["MENTAL PATIENT", "mental patient", " Mental  Patient ", "103M-MENTAL PATIENT"]
    + ["103M - Mental Patient", "MENTAL PATIENT (103M)", "Mental-Patient"],
)
def test_case_punctuation_spacing_and_signal_codes_do_not_change_the_answer(variant):
    assert classify_call_type(variant) == CallTypeClass(BH, True, "mental_health_crisis")


def test_the_rule_names_which_rule_decided():
    assert classify_call_type("SUICIDE THREAT").rule == "suicide_threat"
    assert classify_call_type("BURGLAR ALARM").rule == "alarm"
    assert classify_call_type("WELFARE CHECK").rule == "welfare_check"


def test_a_teams_correction_wins_over_the_rules_and_says_so():
    classifier = CallTypeClassifier(corrections={"DISTURBANCE (OTHER)": "Violent Crime"})
    assert classifier.classify("DISTURBANCE (OTHER)") == CallTypeClass(
        "Violent Crime", False, "correction"
    )
    assert classifier.classify("disturbance - other") == CallTypeClass(
        "Violent Crime", False, "correction"
    )
    assert classifier.classify("NOISE COMPLAINT").rule == "noise"  # the rest keep the rules
    assert classify_call_type("DISTURBANCE (OTHER)").rule == "disturbance"  # only this team


def test_a_correction_of_the_text_also_corrects_the_coded_text_unless_that_has_its_own():
    classifier = CallTypeClassifier(
        corrections={"COMPLAINT OTHER": "Other (Not Crime)", "21X-COMPLAINT OTHER": "Fire"}
    )
    assert classifier.classify("21-COMPLAINT OTHER").category == "Other (Not Crime)"
    assert classifier.classify("21X-COMPLAINT OTHER").category == "Fire"


def test_a_correction_to_a_category_that_does_not_exist_is_refused():
    with pytest.raises(ValueError, match="'Mental Health' .* is not one of the labels"):
        CallTypeClassifier(corrections={"MENTAL PATIENT": "Mental Health"})


def test_eligibility_follows_the_jurisdictions_rule_set():
    star = CallTypeClassifier(eligibility=load_eligibility_rules("denver-star"))
    assert star.classify("PANHANDLING").eligible is False  # not in STAR's pilot list
    assert star.classify("SYRINGE DISPOSAL").eligible is True
    assert classify_call_type("PANHANDLING").eligible is True  # the default takes it
    assert star.version == "Call types v1; denver-star v1"


def test_a_corrected_call_type_is_eligible_when_its_category_is(tmp_path):
    rules = tmp_path / "everything-bh.yaml"
    rules.write_text(
        textwrap.dedent(
            """
            name: Every behavioral health call
            version: 1
            source: a test
            type_eligible: {categories: [Behavioral Health]}
            screening: {}
            """
        )
    )
    classifier = CallTypeClassifier(
        corrections={"CHECK ON PERSON IN CAR": BH}, eligibility=read_eligibility_rules(rules)
    )
    assert classifier.classify("CHECK ON PERSON IN CAR") == CallTypeClass(BH, True, "correction")


RULE_FILE = """
name: Test rules
version: 2
description: for a test
default: Other
labels: [Alarms, Property Crime, Other]
rules:
{rules}
"""


def write_rules(tmp_path, rules):
    path = tmp_path / "rules.yaml"
    path.write_text(RULE_FILE.format(rules=textwrap.indent(textwrap.dedent(rules), "  ")))
    return path


def test_a_rule_file_whose_rule_gives_an_unlisted_category_is_refused(tmp_path):
    path = write_rules(
        tmp_path, "- {name: theft, label: Thefts, match: [THEFT], examples: [THEFT]}"
    )
    with pytest.raises(RuleFileError, match="rules.yaml: rules give labels not listed: Thefts"):
        load_rule_book(path)


def test_a_rule_file_with_a_name_used_twice_is_refused(tmp_path):
    path = write_rules(
        tmp_path,
        """
        - {name: theft, label: Property Crime, match: [THEFT], examples: [THEFT]}
        - {name: theft, label: Property Crime, match: [LARCENY], examples: [LARCENY]}
        """,
    )
    with pytest.raises(RuleFileError, match="rule names used twice: theft"):
        load_rule_book(path)


def test_a_rule_without_examples_is_refused(tmp_path):
    path = write_rules(tmp_path, "- {name: theft, label: Property Crime, match: [THEFT]}")
    with pytest.raises(RuleFileError, match="examples"):
        load_rule_book(path)


def test_an_example_taken_by_an_earlier_rule_is_reported(tmp_path):
    path = write_rules(
        tmp_path,
        """
        - {name: burglary, label: Property Crime, match: [BURGLAR*], examples: [BURGLARY]}
        - {name: alarm, label: Alarms, match: [ALARM], examples: [BURGLAR ALARM]}
        """,
    )
    book = load_rule_book(path)
    assert book.check_examples() == [
        "'BURGLAR ALARM' is an example of 'alarm' but rule 'burglary' takes it"
    ]
    assert book.version_label == "Test rules v2"


def test_with_and_unless_phrases_narrow_a_rule(tmp_path):
    path = write_rules(
        tmp_path,
        """
        - name: armed_alarm
          label: Alarms
          match: [ALARM]
          with: [ARMED]
          unless: [NOT ARMED]
          examples: [ALARM ARMED]
        """,
    )
    book = load_rule_book(path)
    assert book.first_rule("ALARM ARMED").name == "armed_alarm"
    assert book.first_rule("ALARM") is None
    assert book.first_rule("ALARM NOT ARMED") is None
