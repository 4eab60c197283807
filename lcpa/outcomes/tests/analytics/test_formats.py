"""Reading raw cells (formats.py): yes/no words, missing values, race and sex codes, dates.

The values are the ones the public exports use: New Orleans `SelfInitiated` (Y/N), Detroit
`officerinitiated` (Yes/No), the Stanford Open Policing files (TRUE/FALSE, six race values),
Cincinnati's two time formats (domain-metrics A1, B1).
"""

from datetime import date, datetime, time

import pytest

from lcpa.outcomes.analytics.formats import (
    RACES,
    is_missing,
    normalise_race,
    normalise_sex,
    normalise_text,
    parse_bool,
    parse_date,
    parse_datetime,
    parse_time,
    race_with_ethnicity,
    split_code,
    value_codes,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("Y", True), ("N", False), ("Yes", True), ("No", False), ("TRUE", True), ("false", False)]
    + [("1", True), ("0", False), (" yes ", True), (True, True), ("", None), ("NA", None)],
)
def test_it_reads_the_yes_and_no_words_of_the_public_exports(raw, expected):
    assert parse_bool(raw) is expected


def test_it_refuses_a_yes_or_no_value_it_cannot_read_and_names_it():
    with pytest.raises(ValueError, match="'MAYBE' is not a yes or no value"):
        parse_bool("MAYBE")


@pytest.mark.parametrize("raw", [None, "", "   ", "NA", "N/A", "n/a", "NULL", "null", "None"])
def test_it_treats_blank_cells_and_missing_value_words_as_missing(raw):
    assert is_missing(raw)


@pytest.mark.parametrize("raw", ["0", "UNKNOWN", "NONE OF THE ABOVE", "N"])
def test_it_keeps_values_that_only_look_empty(raw):
    assert not is_missing(raw)


def test_a_float_nan_from_a_spreadsheet_reader_is_missing():
    assert is_missing(float("nan"))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("W", "white"), ("B", "black"), ("H", "hispanic"), ("A", "asian/pacific islander")]
    + [("Black or African-American", "black"), ("CAUCASIAN", "white"), ("Latino", "hispanic")]
    + [("Asian/Pacific Islander", "asian/pacific islander"), ("American Indian", "other")]
    + [("U", "unknown"), ("Unknown", "unknown"), ("white", "white"), ("other", "other")],
)
def test_it_maps_race_codes_and_words_to_the_six_stanford_values(raw, expected):
    assert normalise_race(raw) == expected


def test_every_stanford_race_value_reads_as_itself():
    assert [normalise_race(race) for race in RACES] == list(RACES)


def test_a_race_code_it_does_not_know_has_no_value_rather_than_a_guess():
    assert normalise_race("Q") is None
    assert normalise_race("") is None


def test_hispanic_ethnicity_wins_over_the_race_column_as_in_the_stanford_schema():
    assert race_with_ethnicity("W", "H") == "hispanic"
    assert race_with_ethnicity("B", "Hispanic or Latino") == "hispanic"
    assert race_with_ethnicity("B", "N") == "black"
    assert race_with_ethnicity("W", None) == "white"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("M", "male"), ("F", "female"), ("Male", "male"), ("female", "female"), ("X", None)]
    + [("", None), ("U", None)],
)
def test_sex_has_the_two_stanford_values_and_nothing_else(raw, expected):
    assert normalise_sex(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2021 Mar 04 09:15:02 AM", datetime(2021, 3, 4, 9, 15, 2)),  # Cincinnati, one export
        ("03/04/2021 21:15:02", datetime(2021, 3, 4, 21, 15, 2)),  # Cincinnati, another
        ("03/04/2021 09:15:02 PM", datetime(2021, 3, 4, 21, 15, 2)),  # New Orleans
        ("2021-03-04T21:15:02.000", datetime(2021, 3, 4, 21, 15, 2)),  # Seattle (Socrata)
        ("2021/03/04 21:15:02+00", datetime(2021, 3, 4, 21, 15, 2)),  # Detroit (ArcGIS)
        ("2021-03-04", datetime(2021, 3, 4)),  # Stanford `date`
    ],
)
def test_it_reads_the_timestamp_formats_of_the_public_exports(raw, expected):
    assert parse_datetime(raw) == expected


def test_an_unreadable_timestamp_is_refused_with_its_value():
    with pytest.raises(ValueError, match="'yesterday' is not a date and time"):
        parse_datetime("yesterday")
    with pytest.raises(ValueError):
        parse_datetime("2021-02-30")


def test_dates_and_clock_times_read_on_their_own():
    assert parse_date("03/04/2021") == date(2021, 3, 4)
    assert parse_date("") is None
    assert parse_time("14:05") == time(14, 5)
    assert parse_time("2:05 pm") == time(14, 5)
    assert parse_time(None) is None
    with pytest.raises(ValueError, match="'25:00' is not a clock time"):
        parse_time("25:00")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("103M-MENTAL PATIENT", ("103M", "MENTAL PATIENT")),
        ("21 - COMPLAINT OTHER", ("21", "COMPLAINT OTHER")),
        ("MENTAL PATIENT (103M)", ("103M", "MENTAL PATIENT")),
        ("10-52", ("10-52", "")),
        ("--CRISIS COMPLAINT - GENERAL", ("", "--CRISIS COMPLAINT - GENERAL")),
        (
            "SUICIDE - IP/JO SUICIDAL PERSON AND ATTEMPTS",
            ("", "SUICIDE - IP/JO SUICIDAL PERSON AND ATTEMPTS"),
        ),
        ("Mental Patient", ("", "Mental Patient")),
    ],
)
def test_it_separates_a_signal_code_from_the_call_type_text(raw, expected):
    assert split_code(raw) == expected


def test_normalised_text_ignores_case_accents_and_punctuation():
    assert normalise_text("  B & E  in-progress ") == "B AND E IN PROGRESS"
    assert normalise_text("Suicide I/P") == "SUICIDE I P"
    assert normalise_text("Café") == "CAFE"
    assert normalise_text(None) == ""


def test_the_value_codes_file_lists_words_once_and_gives_the_warehouse_its_lists():
    codes = value_codes()
    assert codes.version >= 1
    assert "Y" in codes.true_words and "N" in codes.false_words
    assert "N A" in codes.missing_words
    assert set(codes.race) == set(RACES)
