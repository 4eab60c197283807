"""What an uploaded file of records really is, read from its bytes, never from its name.

- **Parquet**: `PAR1` at both ends.
- **Excel (.xlsx)**: a zip holding `[Content_Types].xml` and `xl/workbook.xml`, read through the
  zip's central directory only (nothing is unpacked): refused when its parts add up to more
  than MAX_XLSX_UNPACKED, expand more than MAX_EXPANSION times their packed size once past
  EXPANSION_CHECK_FROM (zip bombs), are too many, are password-protected or hold macros.
- **CSV**: text without NUL or control bytes, in UTF-8 (with or without a byte-order mark) or
  Windows-1252; its delimiter (comma, semicolon, tab or pipe) is the one that splits the first
  lines into the same number of columns. Web pages and XML are refused, and so are text that
  no delimiter splits into columns (a note or a script named .csv), a file of column names
  with no row, and a quote that is never closed (everything after it would be one value; a
  quote closed on a later line only rejects its rows, in the warehouse).
- Anything else (PDF, images, old .xls, other archives) is refused with a message saying what
  to upload instead.

A file arrives as numbered chunks of a fixed size on the file storage, under the version's
random key; `ChunkedFile` reads them as one seekable file, so the checks above run before the
chunks are joined into the original.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

from django.core.files.storage import Storage

HEAD_BYTES = 64 * 1024
MAX_XLSX_UNPACKED = 4 * 1024**3
MAX_EXPANSION = 100
EXPANSION_CHECK_FROM = 10 * 1024 * 1024
MAX_ZIP_PARTS = 10_000
DELIMITERS = (",", ";", "\t", "|")
SAMPLE_LINES = 20

CSV = "csv"
XLSX = "xlsx"
PARQUET = "parquet"
EXTENSIONS = {CSV: ".csv", XLSX: ".xlsx", PARQUET: ".parquet"}
CONTENT_TYPES = {
    CSV: "text/csv",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    PARQUET: "application/vnd.apache.parquet",
}

ACCEPTED = "a CSV file, an Excel workbook (.xlsx) or a Parquet file"
NOT_A_TABLE = (
    f"This file is not {ACCEPTED}, whatever its name says. Export your records from your "
    "system as CSV (or save the spreadsheet as .xlsx) and upload that file."
)
_OLD_OFFICE = (
    "This is an old-style Excel file (.xls) or a password-protected workbook, which we cannot "
    "read. Open it in Excel, remove any password and save it as an Excel workbook (.xlsx) or "
    "as CSV, then upload that file."
)
_WEB_PAGE = (
    "This file is a web page or an XML file, not a table of records. Export your records as "
    "CSV and upload that file."
)
_ONE_COLUMN = (
    "This file has one column only: nothing in its first line (a comma, a semicolon, a tab or "
    "a |) separates columns, so it is not a table of records; it may be a text file named "
    ".csv. Export your records from your system as CSV and upload that file."
)
_MARKUP_STARTS = (b"<!doctype", b"<html", b"<?xml", b"<script", b"<svg", b"<head", b"<body")
_BINARY_MAGIC = (
    b"%PDF-",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"\x1f\x8b",
    b"7z\xbc\xaf",
    b"Rar!",
)
_CONTROL_BYTES = bytes(set(range(32)) - {9, 10, 12, 13})
# The five bytes Windows-1252 leaves undefined: a text with them is in neither encoding we read.
_CP1252_UNDEFINED = b"\x81\x8d\x8f\x90\x9d"


class FileRefused(Exception):
    """The file cannot be kept; the message tells the uploader what to do."""


@dataclass(frozen=True)
class Sniffed:
    file_type: str
    encoding: str = ""
    delimiter: str = ""


def sniff(handle: IO[bytes], size: int) -> Sniffed:
    """The type (and for CSV, encoding and delimiter) of a seekable file of `size` bytes, or
    FileRefused."""
    if size == 0:
        raise FileRefused("The file is empty. Export your records again and upload that file.")
    handle.seek(0)
    head = handle.read(HEAD_BYTES)
    if head.startswith(b"PAR1"):
        return _parquet(handle, size)
    if head.startswith(b"PK\x03\x04"):
        return _xlsx(handle)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise FileRefused(_OLD_OFFICE)
    if head.startswith(_BINARY_MAGIC):
        raise FileRefused(NOT_A_TABLE)
    return _csv(head, complete=size <= HEAD_BYTES)


def _parquet(handle: IO[bytes], size: int) -> Sniffed:
    handle.seek(max(size - 4, 0))
    if size < 12 or handle.read(4) != b"PAR1":
        raise FileRefused(
            "This Parquet file is cut short: its end is missing. Export it again and upload "
            "the whole file."
        )
    return Sniffed(PARQUET)


def _xlsx(handle: IO[bytes]) -> Sniffed:
    try:
        handle.seek(0)
        with zipfile.ZipFile(handle) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise FileRefused(
            "This file looks like a zip archive but cannot be opened: it may be damaged or cut "
            "short. Upload it again, or export your records as CSV."
        ) from None
    names = {part.filename for part in parts}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise FileRefused(
            "This is a zip archive, not an Excel workbook. Unzip it and upload the CSV or "
            "Excel file inside (one file per upload)."
        )
    if len(parts) > MAX_ZIP_PARTS:
        raise FileRefused("This Excel file holds more parts than we accept. Save it as CSV.")
    unpacked = sum(part.file_size for part in parts)
    packed = sum(part.compress_size for part in parts)
    if unpacked > MAX_XLSX_UNPACKED:
        raise FileRefused(
            f"This Excel file unpacks to more than {MAX_XLSX_UNPACKED // 1024**3} GB, more than "
            "we accept. Save it as CSV, which we read in any size up to the limit."
        )
    if unpacked > EXPANSION_CHECK_FROM and unpacked > MAX_EXPANSION * max(packed, 1):
        raise FileRefused(
            "This Excel file expands to far more than its size, the way harmful files are "
            "made. Open it in Excel, save a new copy (or save it as CSV) and upload that."
        )
    if any(part.flag_bits & 0x1 for part in parts):
        raise FileRefused("This Excel file is password-protected. Upload a copy without one.")
    if any(PurePath(part.filename).name.lower() == "vbaproject.bin" for part in parts):
        raise FileRefused(
            "This Excel file contains macros. Save it as an Excel workbook without macros "
            "(.xlsx) or as CSV and upload that."
        )
    return Sniffed(XLSX)


def _csv(head: bytes, *, complete: bool) -> Sniffed:
    if head.lstrip()[:16].lower().startswith(_MARKUP_STARTS):
        raise FileRefused(_WEB_PAGE)
    if any(byte in _CONTROL_BYTES for byte in head):
        raise FileRefused(NOT_A_TABLE)
    text, encoding = _decode(head, complete=complete)
    delimiter = _delimiter(text)
    lines = [line for line in text.splitlines() if line.strip()]
    if len(next(csv.reader(lines[:1], delimiter=delimiter), [])) < 2:
        raise FileRefused(_ONE_COLUMN)
    if complete and len(lines) < 2:
        raise FileRefused(
            "The file has column names but no rows. Export your records again, with their "
            "rows, and upload that file."
        )
    if line := _unclosed_quote(text, delimiter, complete=complete):
        raise FileRefused(
            f'Line {line} of the file opens a quote (") that is never closed, so everything '
            "after it would be read as one value. Open the file in a text editor, close or "
            'remove that quote (a quote inside a value is written twice: ""), save it and '
            "upload it again."
        )
    return Sniffed(CSV, encoding=encoding, delimiter=delimiter)


def _unclosed_quote(text: str, delimiter: str, *, complete: bool) -> int:
    """The line on which a quoted value opens that no quote closes, or 0. As CSV readers do, a
    quote opens a value only at its start, and "" inside one is a quote. In a sample cut from
    a longer file a value may be cut too: only one running on past SAMPLE_LINES lines counts."""
    line, opened_on, quoted, at_start = 1, 0, False, True
    position, end = 0, len(text)
    while position < end:
        char = text[position]
        if quoted:
            if char == '"':
                if text.startswith('"', position + 1):
                    position += 1
                else:
                    quoted = False
        elif char == '"' and at_start:
            quoted, opened_on = True, line
        if char == "\n":
            line += 1
        at_start = not quoted and char in (delimiter, "\n", "\r")
        position += 1
    if not quoted or not (complete or line - opened_on > SAMPLE_LINES):
        return 0
    return opened_on


def _decode(head: bytes, *, complete: bool) -> tuple[str, str]:
    if head.startswith(b"\xef\xbb\xbf"):
        head, encoding = head[3:], "utf-8-sig"
    else:
        encoding = "utf-8"
    try:
        return head.decode("utf-8"), encoding
    except UnicodeDecodeError as error:
        # A character cut at the end of the sample is still UTF-8.
        if not complete and error.start >= len(head) - 3:
            return head[: error.start].decode("utf-8"), encoding
    if encoding == "utf-8" and not any(byte in _CP1252_UNDEFINED for byte in head):
        return head.decode("cp1252"), "windows-1252"
    raise FileRefused(
        "We cannot tell how the text of this file is written (its encoding). Save it as CSV "
        "in UTF-8 (in Excel: “CSV UTF-8”) and upload that file."
    )


def _delimiter(text: str) -> str:
    """The delimiter that splits the sample's lines into the same number of columns (the most
    columns when several do); otherwise the one that splits the header row most; a comma when
    nothing splits it (a file of one column)."""
    lines = text.splitlines()[:SAMPLE_LINES]
    if len(lines) > 1 and len(text.splitlines()) > SAMPLE_LINES:
        lines = lines[:-1]  # the last sampled line may be cut short
    lines = [line for line in lines if line.strip()]
    if not lines:
        return ","
    consistent = {}
    for delimiter in DELIMITERS:
        widths = {len(row) for row in csv.reader(lines, delimiter=delimiter)}
        if len(widths) == 1 and (width := widths.pop()) > 1:
            consistent[delimiter] = width
    if consistent:
        return max(consistent, key=consistent.get)
    header_widths = {d: len(next(csv.reader(lines[:1], delimiter=d))) for d in DELIMITERS}
    best = max(header_widths, key=header_widths.get)
    return best if header_widths[best] > 1 else ","


# Chunks on the storage -----------------------------------------------------------------------


def chunk_folder(storage_key: str) -> str:
    return f"datasets/{storage_key}/chunks"


def chunk_name(storage_key: str, number: int) -> str:
    return f"{chunk_folder(storage_key)}/{number:06d}"


def original_name(storage_key: str, file_type: str) -> str:
    return f"datasets/{storage_key}/original{EXTENSIONS[file_type]}"


def chunk_count(size: int, chunk_size: int) -> int:
    return max(1, -(-size // chunk_size))


def expected_chunk_size(size: int, chunk_size: int, number: int) -> int:
    """How many bytes chunk `number` (from 0) of a file of `size` bytes holds."""
    return min(chunk_size, size - number * chunk_size)


def received_chunks(storage: Storage, storage_key: str) -> list[int]:
    """The numbers of the chunks the storage holds (each stored only once complete)."""
    try:
        _folders, files = storage.listdir(chunk_folder(storage_key))
    except FileNotFoundError:
        return []
    return sorted(int(name) for name in files if name.isdigit())


def delete_chunks(storage: Storage, storage_key: str) -> None:
    for number in received_chunks(storage, storage_key):
        storage.delete(chunk_name(storage_key, number))


class ChunkedFile(io.RawIOBase):
    """The chunks of an upload read as one seekable file (each chunk but the last holds
    exactly `chunk_size` bytes)."""

    def __init__(self, storage: Storage, storage_key: str, size: int, chunk_size: int) -> None:
        super().__init__()
        self.storage, self.storage_key = storage, storage_key
        self.size, self.chunk_size = size, chunk_size
        self.position = 0
        self._open_number: int | None = None
        self._open_handle: IO[bytes] | None = None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.position, io.SEEK_END: self.size}[whence]
        self.position = max(0, base + offset)
        return self.position

    def readinto(self, buffer) -> int:
        if self.position >= self.size:
            return 0
        number, offset = divmod(self.position, self.chunk_size)
        if self._open_number != number:
            self._close_chunk()
            self._open_handle = self.storage.open(chunk_name(self.storage_key, number), "rb")
            self._open_number = number
        handle = self._open_handle
        handle.seek(offset)
        wanted = min(len(buffer), self.chunk_size - offset, self.size - self.position)
        data = handle.read(wanted)
        if not data:
            raise OSError(f"chunk {number} of the upload is shorter than it should be")
        buffer[: len(data)] = data
        self.position += len(data)
        return len(data)

    def _close_chunk(self) -> None:
        if self._open_handle is not None:
            self._open_handle.close()
        self._open_handle = self._open_number = None

    def close(self) -> None:
        self._close_chunk()
        super().close()


def download_name(original: str, file_type: str) -> str:
    """The uploader's file name with the extension of the type found ("calls.xlsx" holding
    CSV downloads as "calls.csv")."""
    stem, dot, extension = original.rpartition(".")
    if not (dot and stem and extension.isalnum() and len(extension) <= 7):
        stem = original
    return (stem.strip(" .") or "dataset") + EXTENSIONS[file_type]
