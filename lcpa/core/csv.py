"""CSV that staff open in spreadsheets: one writer for every export.

A cell whose text starts with = + - @, a tab or a carriage return would be run as a formula by
Excel, LibreOffice or Google Sheets (CSV injection), so it gets a leading apostrophe: people who
type into a public form cannot plant a formula in a staff spreadsheet. Numbers stay numbers
(a negative number is not a formula), None is an empty cell, booleans are "yes" or "no".
"""

import csv
from collections.abc import Iterable
from typing import Any, Protocol

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def safe_cell(value: object) -> object:
    """A value as a CSV cell that spreadsheets will not run as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


class SafeWriter:
    """csv.writer whose every cell goes through safe_cell."""

    def __init__(self, file: _Writable) -> None:
        self._writer = csv.writer(file)

    def writerow(self, row: Iterable[object]) -> Any:
        return self._writer.writerow([safe_cell(value) for value in row])
