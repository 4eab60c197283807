"""Mapping proposals (mapping.py, rules/column_names.yaml): each public export's real header
row (domain-metrics A1, B1 and C1, NYC's crash persons, in exports/) with a few sample rows
written for the test, recognised with no help; files of no public layout (a state crash
export, a school incident log, CRDC counts, a program's participant log, described beside
them) mapped by the names and words in their header and checked by their values."""

import csv
import datetime as dt
from pathlib import Path

import pytest

from lcpa.outcomes.analytics import mapping
from lcpa.outcomes.analytics.calltypes import CallTypeClassifier
from lcpa.outcomes.analytics.mapping import propose_mapping, propose_value_mapping
from lcpa.outcomes.analytics.schemas import load_schema
from lcpa.outcomes.analytics.warehouse import ingest, read_rows

EXPORTS = Path(__file__).parent / "exports"


def read(file_name):
    """A header row as published and sample rows written for the test."""
    with (EXPORTS / file_name).open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    return header, {name: [row[i] for row in body] for i, name in enumerate(header)}


NEW_ORLEANS = "new_orleans_calls.csv"
SEATTLE = "seattle_call_data.csv"
SEATTLE_API = "seattle_call_data_api.csv"
DETROIT = "detroit_911_calls.csv"
CINCINNATI = "cincinnati_calls.csv"
STANFORD = "stanford_open_policing.csv"

EXPECTED = {
    "New Orleans calls for service": (
        NEW_ORLEANS,
        {
            "event_id": "NOPD_Item",
            "call_type_initial": "InitialTypeText",
            "call_type_final": "TypeText",
            "call_type_final_code": "Type",
            "priority_initial": "InitialPriority",
            "priority_final": "Priority",
            "self_initiated": "SelfInitiated",
            "t_received": "TimeCreate",
            "t_dispatched": "TimeDispatch",
            "t_arrived": "TimeArrive",
            "t_cleared": "TimeClosed",
            "disposition": "DispositionText",
            "police_district": "PoliceDistrict",
        },
    ),
    "Seattle call data": (
        SEATTLE,
        {
            "event_id": "CAD Event Number",
            "call_type_initial": "Initial Call Type",
            "call_type_final": "Final Call Type",
            "call_source": "Call Type",
            "priority_final": "Priority",
            "t_received": "Original Time Queued",
            "t_arrived": "Arrived Time",
            "disposition": "Event Clearance Description",
            "police_district": "Precinct",
            "beat": "Beat",
        },
    ),
    "Seattle call data (API field names)": (
        SEATTLE_API,
        {
            "event_id": "cad_event_number",
            "call_type_final": "final_call_type",
            "call_source": "call_type",
            "t_received": "cad_event_original_time_queued",
            "t_arrived": "cad_event_arrived_time",
            "latitude": "dispatch_latitude",
            "longitude": "dispatch_longitude",
        },
    ),
    "Detroit 911 calls for service": (
        DETROIT,
        {
            "event_id": "incident_id",
            "call_type_initial_code": "callcode",
            "call_type_initial": "calldescription",
            "priority_final": "priority",
            "self_initiated": "officerinitiated",
            "t_received": "call_timestamp",
            "response_minutes": "totalresponsetime",
            "on_scene_minutes": "time_on_scene",
            "police_district": "precinct_sca",
            "responder_agency": "agency",
        },
    ),
    "Cincinnati police calls for service": (
        CINCINNATI,
        {
            "event_id": "EVENT_NUMBER",
            "call_type_initial_code": "INCIDENT_TYPE_ID",
            "call_type_initial": "INCIDENT_TYPE_DESC",
            "priority_final": "PRIORITY",
            "t_received": "CREATE_TIME_INCIDENT",
            "t_dispatched": "DISPATCH_TIME_PRIMARY_UNIT",
            "t_arrived": "ARRIVAL_TIME_PRIMARY_UNIT",
            "t_cleared": "CLOSED_TIME_INCIDENT",
            "disposition": "DISPOSITION_TEXT",
            "latitude": "LATITUDE_X",
            "longitude": "LONGITUDE_X",
        },
    ),
}


@pytest.mark.parametrize("layout", EXPECTED)
def test_each_public_calls_export_is_recognised_and_mapped_with_no_help(layout):
    text, expected = EXPECTED[layout]
    header, samples = read(text)
    proposal = propose_mapping("calls", header, samples)
    assert proposal.layout == layout
    assert {c: s for c, s in proposal.mapping().items() if c in expected} == expected
    assert all(
        p.confidence == 1.0 and p.reason.startswith(layout) for p in proposal.columns.values()
    )
    assert len(set(proposal.mapping().values())) == len(proposal.mapping())  # one column, one use


def test_columns_of_a_known_export_that_are_not_standard_are_left_unused():
    header, samples = read(DETROIT)
    proposal = propose_mapping("calls", header, samples)
    assert {"category", "block_id", "council_district", "totaltime"} <= set(proposal.unused)
    header, samples = read(CINCINNATI)
    assert "PRIORITY_COLOR" in propose_mapping("calls", header, samples).unused


def test_the_stanford_open_policing_file_maps_every_column_to_itself():
    header, samples = read(STANFORD)
    proposal = propose_mapping("stops", header, samples)
    assert proposal.layout == "Stanford Open Policing Project"
    assert proposal.mapping() == {name: name for name in header}
    assert proposal.unused == ()
    assert "contraband_drugs" in proposal.missing


def test_a_file_of_no_known_layout_is_mapped_by_the_words_in_its_names_and_its_values():
    header = ["Call ID", "Call Received At", "Nature of Call", "Unit Arrived", "Officer Initiated?"]
    samples = {
        "Call Received At": ["2024-01-01 10:00:00", "2024-01-01 10:05:00"],
        "Unit Arrived": ["4A12", "5B03"],
        "Officer Initiated?": ["Y", "N"],
    }
    proposal = propose_mapping("calls", header, samples)
    assert proposal.layout is None
    received = proposal.columns["t_received"]
    assert received.source == "Call Received At"
    assert 0.3 <= received.confidence < 0.9
    assert "received" in received.reason and "dates and times" in received.reason
    assert proposal.columns["self_initiated"].source == "Officer Initiated?"
    # "Unit Arrived" has the word "arrived" but holds unit numbers, not times.
    assert proposal.columns.get("t_arrived") is None


def test_a_known_name_whose_values_do_not_fit_loses_confidence_and_says_why():
    proposal = propose_mapping("stops", ["Race", "Date"], {"Race": ["7", "9"], "Date": ["x"]})
    assert "Race" in proposal.unused
    assert "subject_race" in proposal.missing


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="'parking' is not a kind of dataset"):
        propose_mapping("parking", ["a"], {})


def test_values_are_proposed_for_race_sex_yes_no_and_call_sources():
    assert propose_value_mapping("subject_race", ["B", "W", "H", "Q", ""]) == {
        "B": "black",
        "W": "white",
        "H": "hispanic",
        "Q": None,
        "": None,
    }
    assert propose_value_mapping("subject_sex", ["M", "F"]) == {"M": "male", "F": "female"}
    assert propose_value_mapping("self_initiated", ["Yes", "No", "?"]) == {
        "Yes": True,
        "No": False,
        "?": None,
    }
    assert propose_value_mapping("call_source", ["911", "ONVIEW", "TEXT MESSAGE"]) == {
        "911": False,
        "ONVIEW": True,
        "TEXT MESSAGE": False,
    }


def test_call_types_map_to_their_vera_category_with_the_teams_corrections():
    values = ["MENTAL PATIENT", "BURGLAR ALARM", "DISTURBANCE (OTHER)", "MENTAL PATIENT"]
    assert propose_value_mapping("call_type_final", values) == {
        "MENTAL PATIENT": "Behavioral Health",
        "BURGLAR ALARM": "Alarms",
        "DISTURBANCE (OTHER)": "Complaints/Environmental Conditions",
    }
    team = CallTypeClassifier(corrections={"DISTURBANCE (OTHER)": "Violent Crime"})
    assert propose_value_mapping("call_type_initial", ["DISTURBANCE (OTHER)"], call_types=team) == {
        "DISTURBANCE (OTHER)": "Violent Crime"
    }


def test_dispositions_stop_reasons_and_stanford_factors_get_their_standard_values():
    assert propose_value_mapping(
        "disposition", ["Necessary Action Taken", "GONE ON ARRIVAL", "REPORT WRITTEN (NO ARREST)"]
    ) == {
        "Necessary Action Taken": "Enforcement Activity",
        "GONE ON ARRIVAL": "Unfounded",
        "REPORT WRITTEN (NO ARREST)": "Report Generated",
    }
    assert propose_value_mapping("reason_for_stop", ["Vehicle Equipment Violation"]) == {
        "Vehicle Equipment Violation": "equipment"
    }
    assert propose_value_mapping("outcome", ["CUSTODIAL ARREST", "Written Warning"]) == {
        "CUSTODIAL ARREST": "arrest",
        "Written Warning": "warning",
    }
    assert propose_value_mapping("search_basis", ["CONSENT SEARCH", "K-9 ALERT", "INVENTORY"]) == {
        "CONSENT SEARCH": "consent",
        "K-9 ALERT": "k9",
        "INVENTORY": "other",
    }
    assert propose_value_mapping("type", ["TRAFFIC", "PEDESTRIAN"]) == {
        "TRAFFIC": "vehicular",
        "PEDESTRIAN": "pedestrian",
    }


def test_a_column_whose_values_are_kept_as_they_are_has_no_value_mapping():
    with pytest.raises(ValueError, match="'event_id' has no value mapping"):
        propose_value_mapping("event_id", ["J0100119"])


@pytest.mark.parametrize("kind", mapping.kinds())
def test_every_column_the_proposals_name_is_a_standard_column_of_the_kind(kind):
    """The mapping's data file and the canonical schemas are written apart; a proposal for a
    column the schema does not have could never be stored."""
    standard = {column.name for column in load_schema(kind).columns}

    assert set(mapping.column_names().kinds[kind].columns) - standard == set()


@pytest.mark.parametrize("kind", mapping.kinds())
def test_every_standard_column_a_file_can_hold_has_a_proposal_and_no_derived_one_has(kind):
    """A derived column (a call's category, its eligibility, a stop's reason class) is computed
    from other columns, so the mapping screen never asks the coordinator for it."""
    columns = load_schema(kind).columns
    proposed = set(mapping.column_names().kinds[kind].columns)

    assert {c.name for c in columns if not c.derived} - proposed == set()
    assert {c.name for c in columns if c.derived} & proposed == set()


def test_of_a_code_and_a_text_column_with_the_same_name_the_listed_text_is_proposed():
    header, samples = read(NEW_ORLEANS)
    proposal = propose_mapping("calls", header, samples)
    assert proposal.columns["disposition"].source == "DispositionText"
    assert "Disposition" in proposal.unused


OTHER_KINDS = {
    # NYC Open Data "Motor Vehicle Collisions - Person": its real header, one row per person.
    "nyc_collisions_person.csv": (
        "crashes",
        "NYC Motor Vehicle Collisions - Person",
        {
            "crash_id": "COLLISION_ID",
            "person_id": "PERSON_ID",
            "crash_date": "CRASH_DATE",
            "crash_time": "CRASH_TIME",
            "mode": "PERSON_TYPE",
            "injury_severity": "PERSON_INJURY",
            "age": "PERSON_AGE",
            "sex": "PERSON_SEX",
            "contributing_factor": "CONTRIBUTING_FACTOR_1",
        },
    ),
    # A state crash-report export of persons with the KABCO scale, no public layout.
    "state_crash_persons.csv": (
        "crashes",
        None,
        {
            "crash_id": "Crash Number",
            "person_id": "Person Number",
            "crash_date": "Crash Date",
            "crash_time": "Crash Time",
            "mode": "Person Type",
            "injury_severity": "Injury Severity (KABCO)",
            "age": "Age",
            "sex": "Gender",
            "on_high_injury_network": "On High Injury Network",
            "contributing_factor": "Primary Contributing Factor",
        },
    ),
    # NYPD Shooting Incident Data (Historic): its real header, one row per victim.
    "nypd_shooting_incidents.csv": (
        "shootings",
        "NYPD Shooting Incident Data",
        {
            "incident_id": "INCIDENT_KEY",
            "occur_date": "OCCUR_DATE",
            "occur_time": "OCCUR_TIME",
            "area": "PRECINCT",
            "fatal": "STATISTICAL_MURDER_FLAG",
            "victim_age_group": "VIC_AGE_GROUP",
            "victim_sex": "VIC_SEX",
            "victim_race": "VIC_RACE",
            "location_description": "LOCATION_DESC",
            "latitude": "Latitude",
            "longitude": "Longitude",
        },
    ),
    # The Gun Violence Archive's full file: its real header, one row per incident.
    "gva_incidents.csv": (
        "shootings",
        "Gun Violence Archive (full file)",
        {
            "incident_id": "incident_id",
            "occur_date": "date",
            "n_killed": "n_killed",
            "n_injured": "n_injured",
            "location_description": "location_description",
            "address": "address",
            "latitude": "latitude",
            "longitude": "longitude",
        },
    ),
    # A district's student incident log of referrals, arrests and diversion.
    "school_incidents.csv": (
        "schools",
        None,
        {
            "record_id": "Incident ID",
            "student_key": "Student ID",
            "school_id": "School Code",
            "period_start": "Incident Date",
            "school_year": "School Year",
            "grade": "Grade",
            "race": "Race/Ethnicity",
            "sex": "Gender",
            "disability": "IDEA/504",
            "english_learner": "English Learner",
            "referred_to_law_enforcement": "Referred to Law Enforcement",
            "school_related_arrest": "School-Related Arrest",
            "diversion_offered": "Diversion Offered",
            "diversion_completed": "Diversion Completed",
            "student_name": "Student Name",
            "date_of_birth": "Birthdate",
        },
    ),
    # CRDC counts in long form, with CRDC's names and reserve codes (-9, -11).
    "crdc_counts.csv": (
        "schools",
        None,
        {
            "school_id": "COMBOKEY",
            "school_name": "SCH_NAME",
            "school_year": "SCHOOL_YEAR",
            "period_start": "Year Start",
            "group": "Group",
            "enrollment": "SCH_ENR",
            "referrals": "SCH_DISC_REF",
            "arrests": "SCH_DISC_ARR",
        },
    ),
    # A violence intervention program's participant log (street outreach and hospital
    # response), as a case-management system exports it.
    "cvi_participant_log.csv": (
        "participants",
        None,
        {
            "case_id": "Case Number",
            "participant_key": "Participant ID",
            "program": "Program",
            "referral_date": "Referral Date",
            "enrolled_date": "Intake Date",
            "exit_date": "Discharge Date",
            "exit_reason": "Discharge Reason",
            "age": "Age at Intake",
            "race": "Race/Ethnicity",
            "sex": "Gender",
            "new_arrest_date": "Date of New Arrest",
            "reinjury_date": "Date of Reinjury",
            "name": "Participant Name",
            "date_of_birth": "DOB",
            "address": "Home Address",
        },
    ),
}


@pytest.mark.parametrize("file_name", OTHER_KINDS)
def test_crash_shooting_school_and_participant_files_are_mapped(file_name):
    kind, layout, expected = OTHER_KINDS[file_name]
    header, samples = read(file_name)
    proposal = propose_mapping(kind, header, samples)
    assert proposal.layout == layout
    assert proposal.mapping() == expected
    assert len(set(proposal.mapping().values())) == len(proposal.mapping())
    if layout is None:
        assert all(0.3 <= p.confidence < 1.0 for p in proposal.columns.values())


def test_columns_with_no_place_in_a_kind_are_left_unused():
    header, samples = read("nypd_shooting_incidents.csv")
    unused = set(propose_mapping("shootings", header, samples).unused)
    assert {"PERP_AGE_GROUP", "PERP_SEX", "PERP_RACE", "X_COORD_CD", "BORO"} <= unused
    header, samples = read("nyc_collisions_person.csv")
    unused = set(propose_mapping("crashes", header, samples).unused)
    assert {"UNIQUE_ID", "VEHICLE_ID", "EJECTION", "CONTRIBUTING_FACTOR_2"} <= unused
    header, samples = read("cvi_participant_log.csv")
    assert propose_mapping("participants", header, samples).unused == ("Outreach Worker",)


def test_a_proposed_participant_mapping_ingests_with_the_identifiers_dropped_or_hashed(tmp_path):
    header, samples = read("cvi_participant_log.csv")
    proposal = propose_mapping("participants", header, samples)
    out = tmp_path / "participants.parquet"
    report = ingest(
        source=EXPORTS / "cvi_participant_log.csv",
        schema=load_schema("participants"),
        columns=proposal.mapping(),
        out=out,
        salt="team-salt",
    )
    assert report.ok, report.problems
    assert (report.rows_read, report.rows_written) == (2, 2)
    assert report.dropped_columns == ["name", "date_of_birth", "address"]
    assert report.hashed_columns == ["participant_key"]
    first, second = read_rows(out)
    assert (first["case_id"], first["enrolled_date"]) == ("C-2022-041", dt.date(2022, 3, 9))
    assert first["participant_key"] != "P-0193"
    assert (second["exit_date"], second["new_arrest_date"]) == (None, dt.date(2022, 11, 2))


def test_a_declared_level_keeps_the_proposal_to_that_levels_columns():
    header = ["Incident Number", "Victim Number", "Shooting Date", "Fatal", "Number Killed"]
    samples = {"Shooting Date": ["2024-03-01"], "Fatal": ["Y"], "Number Killed": ["1"]}
    victim = propose_mapping("shootings", header, samples, level="victim")
    assert set(victim.mapping()) == {"incident_id", "victim_id", "occur_date", "fatal"}
    assert "n_killed" not in victim.missing
    incident = propose_mapping("shootings", header, samples, level="incident")
    assert set(incident.mapping()) == {"incident_id", "occur_date", "n_killed"}
    assert {"Victim Number", "Fatal"} <= set(incident.unused)


@pytest.mark.parametrize("kind", mapping.kinds())
def test_every_code_stands_for_a_value_of_the_schemas_category(kind):
    schema = load_schema(kind)
    for name, spec in mapping.column_names().kinds[kind].columns.items():
        if spec.codes:
            column = schema.column(name)
            assert column.type == "category", name
            assert set(spec.codes) <= set(column.values), name


def test_crash_injuries_and_modes_get_their_kabco_and_mode_values():
    # NYC's "Injured" says someone was hurt, not how badly: it is not split into A, B or C.
    nyc = ["Killed", "Injured", "Unspecified"]
    assert propose_value_mapping("injury_severity", nyc) == {
        "Killed": "K",
        "Injured": "injured, severity unknown",
        "Unspecified": "unknown",
    }
    fars = ["4", "3", "2", "1", "0", "5", "9", "6"]
    assert list(propose_value_mapping("injury_severity", fars).values()) == [
        *"KABCO",
        "injured, severity unknown",
        "unknown",
        None,  # died before the crash: not a crash injury
    ]
    words = ["Suspected Serious Injury (A)", "Non-Incapacitating Injury", "Incapacitating"]
    assert list(propose_value_mapping("injury_severity", words).values()) == ["A", "B", "A"]
    assert propose_value_mapping("mode", ["Bicyclist", "Occupant", "Pedestrian", "Horse"]) == {
        "Bicyclist": "cyclist",
        "Occupant": "occupant",
        "Pedestrian": "pedestrian",
        "Horse": None,
    }


def test_school_groups_shooting_ages_and_participant_exits_get_their_values():
    assert propose_value_mapping("race", ["BL", "HI", "TR", "AM"], kind="schools") == {
        "BL": "black",
        "HI": "hispanic",
        "TR": "two_or_more",
        "AM": "american_indian_alaska_native",
    }
    assert propose_value_mapping("disability", ["IDEA", "504", "None"]) == {
        "IDEA": "idea",
        "504": "section_504",
        "None": None,  # "None" is a missing word before it is a code
    }
    assert propose_value_mapping("victim_age_group", ["<18", "18-24", "65+", "UNKNOWN"]) == {
        "<18": "<18",
        "18-24": "18-24",
        "65+": "65+",
        "UNKNOWN": "unknown",
    }
    exits = ["Completed program goals", "Lost contact", "Deceased", "Incarcerated"]
    assert propose_value_mapping("exit_reason", exits) == {
        "Completed program goals": "completed",
        "Lost contact": "unsuccessful",
        "Deceased": "died",
        "Incarcerated": None,
    }
    assert propose_value_mapping("program", ["Street Outreach", "Hospital Response"]) == {
        "Street Outreach": "cvi",
        "Hospital Response": "hvip",
    }


def test_a_column_name_that_kinds_share_needs_the_kind_for_its_codes():
    assert propose_value_mapping("sex", ["X", "U"], kind="crashes") == {
        "X": "other",
        "U": "unknown",
    }
    assert propose_value_mapping("sex", ["X"], kind="schools") == {"X": "nonbinary"}
    with pytest.raises(ValueError, match="'sex' has no value mapping"):
        propose_value_mapping("sex", ["X"])
    with pytest.raises(ValueError, match="'parking' is not a kind of dataset"):
        propose_value_mapping("sex", ["X"], kind="parking")
