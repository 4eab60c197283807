"""The canonical dataset schemas: every kind's file loads, and a broken file is refused."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from lcpa.outcomes.analytics.schemas import (
    KINDS,
    SCHEMA_DIR,
    SchemaError,
    load_all,
    load_schema,
    parse_schema,
    render_markdown,
)
from lcpa.outcomes.analytics.warehouse import measure_query, measure_sql


def _calls_data() -> dict:
    return yaml.safe_load((SCHEMA_DIR / "calls.yaml").read_text(encoding="utf-8"))


def test_every_kind_has_a_schema_with_plain_descriptions_and_measures():
    schemas = load_all()
    assert [schema.kind for schema in schemas] == list(KINDS)
    for schema in schemas:
        assert schema.description and schema.measures
        for column in schema.columns:
            assert column.description.endswith((".", ")")), (schema.kind, column.name)


def test_calls_follow_the_canonical_cad_schema_with_the_platform_fields():
    calls = load_schema("calls")
    names = {column.name for column in calls.columns}
    assert {"event_id", "t_received", "t_dispatched", "t_arrived", "t_cleared"} <= names
    assert {"responder_type", "alt_eligible", "backup_requested", "transport_destination"} <= names
    assert calls.period == "t_received"
    assert calls.level().unique_key == ("event_id",)
    category = calls.column("call_category")
    assert "Behavioral Health" in category.values
    assert "Complaints/Environmental Conditions" in category.values
    assert category.unmapped == "Other"
    assert [i.name for i in calls.intervals] == [
        "call_processing",
        "travel",
        "response",
        "on_scene",
    ]


def test_personal_identifiers_are_flagged_to_be_dropped_or_hashed():
    calls = load_schema("calls")
    assert calls.column("block_address").personal == "hash"
    assert calls.column("latitude").personal == "drop"
    assert calls.column("event_id").personal == ""
    stops = load_schema("stops")
    assert stops.column("vehicle_license_plate").personal == "drop"
    assert stops.column("subject_dob").personal == "drop"
    assert stops.column("subject_last_name").personal == "drop"


def test_stops_carry_the_open_policing_predication_rules_and_age_range():
    stops = load_schema("stops")
    rules = {(p.column, p.predicate): p.value for p in stops.predications}
    assert rules[("search_person", "search_conducted")] is False
    assert rules[("contraband_found", "search_conducted")] is None
    assert rules[("contraband_drugs", "contraband_found")] is False
    age = stops.column("subject_age")
    assert (age.minimum, age.maximum) == (10, 110)
    assert stops.column("subject_race").values == (
        "asian/pacific islander",
        "black",
        "hispanic",
        "white",
        "other",
        "unknown",
    )


def test_shootings_declare_incident_or_victim_level_with_their_own_columns_and_keys():
    shootings = load_schema("shootings")
    assert [level.code for level in shootings.levels] == ["incident", "victim"]
    assert shootings.level("victim").unique_key == ("incident_id", "victim_id")
    victim_columns = {c.name for c in shootings.columns_at("victim")}
    incident_columns = {c.name for c in shootings.columns_at("incident")}
    assert "fatal" in victim_columns and "fatal" not in incident_columns
    assert "n_killed" in incident_columns and "n_killed" not in victim_columns
    assert {m.code for m in shootings.measures_at("victim")} >= {"shootings_victims"}
    assert "shootings_victims" not in {m.code for m in shootings.measures_at("incident")}
    with pytest.raises(SchemaError, match="level must be one of incident, victim"):
        shootings.level()


def test_schools_are_student_level_or_aggregate_with_crdc_reserve_codes_missing():
    schools = load_schema("schools")
    assert [level.code for level in schools.levels] == ["student", "aggregate"]
    assert schools.column("enrollment").missing_values == ("-3", "-5", "-9", "-11")
    assert "referred_to_law_enforcement" not in {c.name for c in schools.columns_at("aggregate")}


def test_an_unknown_kind_is_refused():
    with pytest.raises(SchemaError, match="there is no dataset kind 'arrests'"):
        load_schema("arrests")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["columns"][0].update(type="text"), "type must be one of"),
        (lambda d: d["columns"][0].update(colour="red"), "unknown field 'colour'"),
        (lambda d: d["columns"][0].pop("description"), "missing field 'description'"),
        (lambda d: d["columns"].append(dict(d["columns"][0])), "two columns have the same name"),
        (lambda d: d.update(period="event_id"), "must be of type date or datetime"),
        (lambda d: d["columns"][5].pop("values"), "a category needs its list of values"),
        (lambda d: d["columns"][5].update(unmapped="Unknown"), "unmapped value 'Unknown'"),
        (lambda d: d["columns"][0].update(personal="mask"), "personal must be drop or hash"),
        (lambda d: d["columns"][0].update(personal="hash"), "cannot be required"),
        (lambda d: d["columns"][0].update(minimum=1), "only numbers have a minimum"),
        (lambda d: d["intervals"][0].update(end="disposition"), "must be of type date"),
        (lambda d: d["measures"][0].update(needs=["nothing"]), "'nothing' is not a column"),
        (
            lambda d: d["measures"][0].update(
                needs_values={"call_category": ["Ghosts"]}, not_computed="No ghosts."
            ),
            "'Ghosts' is not one of call_category's values",
        ),
        (
            lambda d: d["measures"][0].update(
                needs_values={"event_id": ["E1"]}, not_computed="No events."
            ),
            "'event_id' must be of type category",
        ),
        (
            lambda d: d["measures"][0].update(not_computed="Why not."),
            "needs_values and not_computed go together",
        ),
        (lambda d: d["levels"][0].update(unique_key=["zip"]), "must be required at level event"),
        (lambda d: d.update(kind="arrests"), "kind must be one of"),
    ],
)
def test_a_broken_schema_is_refused_with_the_file_and_the_field(change, message):
    data = copy.deepcopy(_calls_data())
    change(data)
    with pytest.raises(SchemaError, match=message) as raised:
        parse_schema(data, "calls.yaml")
    assert str(raised.value).startswith("calls.yaml")


def test_the_unchanged_calls_file_parses():
    assert parse_schema(_calls_data(), "calls.yaml") == load_schema("calls")


def test_the_coordinators_reference_page_is_the_one_the_schemas_generate():
    page = Path(__file__).resolve().parents[3] / "docs" / "dataset-schemas.md"
    assert page.read_text(encoding="utf-8") == render_markdown(), (
        "Regenerate it: python -m lcpa.outcomes.analytics.schemas > docs/dataset-schemas.md"
    )
    assert "| `block_address` | string |  | hashed |" in page.read_text(encoding="utf-8")


def test_derived_columns_are_flagged_and_cannot_be_required_or_personal():
    calls = load_schema("calls")
    derived = {c.name for c in calls.columns if c.derived}
    assert derived == {
        "call_category",
        "disposition_category",
        "alt_eligible",
        "eligibility_rule_version",
    }
    assert load_schema("stops").column("stop_reason_class").derived
    for change, message in [
        ({"derived": "yes"}, "derived must be true or false"),
        ({"derived": True, "required": True}, "cannot be required or a personal identifier"),
        ({"derived": True, "personal": "hash"}, "cannot be required or a personal identifier"),
    ]:
        data = copy.deepcopy(_calls_data())
        data["columns"][1].update(change)
        with pytest.raises(SchemaError, match=message):
            parse_schema(data, "calls.yaml")


def test_stops_have_the_open_policing_columns_with_their_identifiers_flagged():
    stops = load_schema("stops")
    names = {c.name for c in stops.columns}
    assert {"contraband_alcohol", "contraband_other", "speed", "posted_speed"} <= names
    assert {"vehicle_make", "vehicle_year", "vehicle_registration_state", "county_name"} <= names
    assert stops.column("officer_id").personal == "hash"
    assert stops.column("subject_drivers_license").personal == "drop"
    assert stops.column("notes").personal == "drop"
    rules = {(p.column, p.predicate): p.value for p in stops.predications}
    assert rules[("contraband_other", "contraband_found")] is False


# Measures computed in Python over the normalised file rather than by a named query.
COMPUTED_IN_PYTHON = {"stops_veil_of_darkness", "shootings_difference_in_differences"}


@pytest.mark.parametrize("kind", KINDS)
def test_each_measure_has_its_named_query_with_its_formula_written_beside_it(kind):
    """Every measure of the schema but those computed in Python names a query file, every
    query file serves a measure, and each starts with its name and says its numerator and
    denominator; a query shared through params is filled for each of its measures."""
    schema = load_schema(kind)
    queries = measure_sql(kind)
    with_sql = [m for m in schema.measures if m.code not in COMPUTED_IN_PYTHON]
    assert {m.query_name for m in with_sql} == set(queries)
    for name, sql in queries.items():
        assert sql.startswith(f"-- {name}: ")
        assert "-- numerator" in sql and "-- denominator" in sql
        assert not sql.rstrip().endswith(";")
    for measure in with_sql:
        assert "$" not in measure_query(measure, queries), measure.code
