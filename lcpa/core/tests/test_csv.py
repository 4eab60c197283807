"""The one CSV writer for staff exports: text a spreadsheet would run as a formula is defused.
(The exports that use it are tested through their pages: test_attendance, test_staff_pipeline.)"""

import csv
import io

import pytest

from lcpa.core.csv import SafeWriter, safe_cell


@pytest.mark.parametrize(
    "typed",
    ['=HYPERLINK("http://evil.example")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"],
)
def test_text_that_would_run_as_a_formula_gets_a_leading_apostrophe(typed):
    assert safe_cell(typed) == "'" + typed


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("Amherst, MA", "Amherst, MA"),
        ("a = b", "a = b"),
        (42, 42),
        (-5, -5),  # a negative number is a number, not a formula
        (2.5, 2.5),
        (None, ""),
        (True, "yes"),
        (False, "no"),
    ],
)
def test_everything_else_is_written_as_it_is(value, cell):
    assert safe_cell(value) == cell


def test_the_writer_makes_every_cell_of_a_row_safe():
    buffer = io.StringIO()
    SafeWriter(buffer).writerow(["=1+1", "Amherst, MA", None, 3, True])

    assert next(csv.reader(io.StringIO(buffer.getvalue()))) == [
        "'=1+1",
        "Amherst, MA",
        "",
        "3",
        "yes",
    ]
