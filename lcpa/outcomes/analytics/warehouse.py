"""DuckDB over Parquet: a source file becomes a normalised Parquet file and a validation report.

The only module that imports `duckdb` (decision 0110). No Django import: the background task
that calls `ingest()` decides where files live and stores the report.

`ingest()` reads a CSV (any delimiter, UTF-8 or Windows-1252), an XLSX or a Parquet file, takes
the columns a coordinator mapped (`{canonical column: source column}`) and their value mappings
(`{canonical column: {source value: canonical value}}`), types every value by the kind's schema
(`schemas/<kind>.yaml`), rejects the rows that break it and writes the others to one Parquet
file per dataset version. The file is written beside its destination under a temporary name and
moved into place only when everything worked: a failed ingest leaves the previous file as it
was. Personal identifier columns are dropped, or hashed (the first 16 hex digits of a salted
SHA-256), unless `keep` names them.

Rules, in plain words (the validation report uses the same words):

- The missing-value words of `rules/value_codes.yaml` ("NA", "N/A", "NULL", "None", "NaN",
  "-", empty, ...) are missing, never errors (in a CSV file in their usual spellings, in a
  Parquet file or a date or yes-or-no column in any case), except in a column whose schema names the
  word among its `real_values` (a disposition "None" is a value); a column's
  `missing_values` are missing too (CRDC reserve codes).
- A required value that is missing, a value that cannot be read as its type, a number outside
  its range, an interval that ends before it starts, and a stop that says "yes" to something its
  predicate rules out (a vehicle search without a search) reject the row. Other predication
  breaks are corrected as the Open Policing Project does (the value is forced).
- A category value is matched to the schema's values ignoring case; an unknown value becomes the
  column's `unmapped` value (Other) when it has one, else it rejects the row if the column is
  required, else it is left missing and listed under "unrecognised values".
- Dates are read first in the format most of the column's first 500 values have, then as
  ISO 8601, then in the other formats of `rules/value_codes.yaml` (`datetime_formats`, then
  `date_formats`; US month/day/year before the rest: a date that fits both is read month
  first).
- Of rows with the same unique key (per level), the first is kept; the others are duplicates.
- A key column the file lacks but that the schema numbers within another (`numbered_within`:
  NYPD's victims within an incident) is numbered 1, 2, 3... within each value of that column;
  such rows are never duplicates of each other.
"""

from __future__ import annotations

import codecs
import concurrent.futures
import contextlib
import csv
import datetime as dt
import io
import os
import secrets
import string
import tempfile
import zipfile
from collections.abc import Collection, Iterator, Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

import duckdb

from lcpa.outcomes.analytics.formats import missing_spellings, value_codes
from lcpa.outcomes.analytics.schemas import (
    Column,
    MeasureDef,
    Schema,
    load_schema,
    needed_values_words,
)

EXAMPLES = 10
# A spreadsheet whose parts expand to more than this many times their packed size is refused
# (a zip bomb); ordinary XLSX files expand 5 to 20 times.
XLSX_MAX_RATIO = 200
XLSX_MAX_BYTES = 4 * 1024**3
SAMPLE_BYTES = 1024 * 1024
MEASURES_DIR = Path(__file__).resolve().parent / "measures"
# The source of a key column the file lacks, numbered within another column (a victim within
# its incident): this prefix and the other column's name.
NUMBERED = "\0numbered within "
# The CSV reader's buffer: storing the rows in the order read costs a fifth more CPU with the
# default one. Reading the first rows only (`_first_formats`), a small one is twice as fast.
READ_BUFFER = f"buffer_size = {32 * 1024**2}"
FIRST_ROWS_BUFFER = f"buffer_size = {1024**2}"
# How normalised files are written: zstd at its fastest level writes them a tenth faster than
# at its default level, for files a quarter larger; row groups of half the default size keep
# both threads writing to the end of a million-row file (a twentieth faster).
PARQUET = "(FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1, ROW_GROUP_SIZE 61440)"


def datetime_formats() -> tuple[str, ...]:
    """The timestamp formats, then the date formats, of the value codes file."""
    codes = value_codes()
    return codes.datetime_formats + codes.date_formats


def _words(words: Collection[str]) -> str:
    """Yes or no words as the SQL compares them: small letters, for an `IN (...)`."""
    return ", ".join(literal(word.lower()) for word in sorted(words))


class IngestError(Exception):
    """A file-level problem: nothing is written; the message is for the coordinator."""


@dataclass
class Rejection:
    reason: str
    rows: int
    examples: list[int] = field(default_factory=list)
    values: list[str] = field(default_factory=list)


@dataclass
class ValidationReport:
    """What an ingest read, kept and rejected, and why. `ok` is False when nothing was written."""

    kind: str
    level: str
    source_format: str = ""
    encoding: str = ""
    rows_read: int = 0
    rows_written: int = 0
    rejected_rows: int = 0
    problems: list[str] = field(default_factory=list)
    unreadable_lines: list[Rejection] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    duplicates: int = 0
    duplicate_examples: list[int] = field(default_factory=list)
    first_month: str = ""
    last_month: str = ""
    months_without_data: list[str] = field(default_factory=list)
    missing_share: dict[str, float] = field(default_factory=dict)
    unrecognised: dict[str, dict[str, int]] = field(default_factory=dict)
    corrected: dict[str, int] = field(default_factory=dict)
    dropped_columns: list[str] = field(default_factory=list)
    hashed_columns: list[str] = field(default_factory=list)
    kept_columns: list[str] = field(default_factory=list)
    unmapped_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def rows_rejected(self) -> int:
        """Rows rejected (a row with two reasons counts once) and lines that could not be read."""
        return self.rejected_rows + sum(r.rows for r in self.unreadable_lines)

    def to_dict(self) -> dict:
        return asdict(self) | {"ok": self.ok, "rows_rejected": self.rows_rejected}

    @classmethod
    def from_dict(cls, data: Mapping) -> ValidationReport:
        """The report `to_dict` gave; what processing stored beside its fields is left out."""
        own = {f.name: data[f.name] for f in fields(cls) if f.name in data}
        for key in ("rejected", "unreadable_lines"):
            own[key] = [Rejection(**item) for item in own.get(key, [])]
        return cls(**own)

    def to_csv(self) -> str:
        """One line per finding: section, item, rows, detail (for a spreadsheet)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["section", "item", "rows", "detail"])
        writer.writerow(["summary", "rows read", self.rows_read, ""])
        writer.writerow(["summary", "rows written", self.rows_written, ""])
        writer.writerow(["summary", "rows rejected", self.rows_rejected, ""])
        for problem in self.problems:
            writer.writerow(["problem", problem, "", ""])
        for group, items, unit in (
            ("unreadable", self.unreadable_lines, "lines"),
            ("rejected", self.rejected, "rows"),
        ):
            for r in items:
                detail = f"{unit} " + ", ".join(map(str, r.examples))
                if r.values:
                    detail += "; values " + ", ".join(repr(v) for v in r.values)
                writer.writerow([group, r.reason, r.rows, detail])
        if self.duplicates:
            examples = ", ".join(map(str, self.duplicate_examples))
            writer.writerow(
                [
                    "duplicates",
                    "same unique key as an earlier row",
                    self.duplicates,
                    f"rows {examples}",
                ]
            )
        for month in self.months_without_data:
            writer.writerow(["months without data", month, 0, ""])
        for name, share in self.missing_share.items():
            writer.writerow(["share missing", name, "", f"{share:.4f}"])
        for name, values in self.unrecognised.items():
            for value, count in values.items():
                writer.writerow(["unrecognised value", name, count, value])
        for name, count in self.corrected.items():
            writer.writerow(["corrected", name, count, "forced by its predicate"])
        for label, names in (
            ("dropped", self.dropped_columns),
            ("hashed", self.hashed_columns),
            ("kept", self.kept_columns),
            ("not mapped", self.unmapped_columns),
        ):
            for name in names:
                writer.writerow(["columns", name, "", label])
        return out.getvalue()


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _list(values: Collection[str]) -> str:
    return "[" + ", ".join(literal(v) for v in values) + "]"


def connect(*, memory_limit: str = "1GB", threads: int | None = None) -> duckdb.DuckDBPyConnection:
    """An in-process DuckDB with a memory limit; it spills to a temporary directory beyond it."""
    config = {"memory_limit": memory_limit, "temp_directory": tempfile.gettempdir()}
    if threads:
        config["threads"] = threads
    return duckdb.connect(config=config)


# -- reading the source ---------------------------------------------------------------------


def detect_format(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(4)
    if head == b"PAR1":
        return "parquet"
    if head == b"PK\x03\x04":
        return "xlsx"
    return "csv"


def detect_encoding(path: Path) -> str:
    """The file's encoding: "utf-16" when it starts with a byte-order mark (Excel's "Unicode
    text"), "utf-8" when the whole file is valid UTF-8, else "windows-1252"."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        if handle.read(2) in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            return "utf-16"
        handle.seek(0)
        try:
            while chunk := handle.read(SAMPLE_BYTES):
                # Checking that a chunk is ASCII is several times faster than decoding it.
                if not chunk.isascii() or decoder.getstate()[0]:
                    decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "windows-1252"
    return "utf-8"


def _transcode(path: Path, work: Path, encoding: str) -> Path:
    target = work / "source-utf8.csv"
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    with path.open("rb") as source, target.open("w", encoding="utf-8", newline="") as out:
        while chunk := source.read(SAMPLE_BYTES):
            out.write(decoder.decode(chunk))
        out.write(decoder.decode(b"", final=True))
    return target


def _xlsx_to_csv(path: Path, work: Path) -> Path:
    import openpyxl

    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
    packed = sum(i.compress_size for i in infos) or 1
    unpacked = sum(i.file_size for i in infos)
    if unpacked > XLSX_MAX_BYTES or unpacked / packed > XLSX_MAX_RATIO:
        raise IngestError(
            "The spreadsheet expands to far more than its size: it cannot be read safely. "
            "Save it as CSV and upload that."
        )
    target = work / "source-sheet.csv"
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        with target.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            for row in sheet.iter_rows(values_only=True):
                writer.writerow(
                    [
                        "" if v is None else v.isoformat(sep=" ") if hasattr(v, "isoformat") else v
                        for v in row
                    ]
                )
    finally:
        book.close()
    return target


def _source(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    work: Path,
    report: ValidationReport,
    delimiter: str | None,
    reader_nulls: Collection[str] = (),
) -> tuple[str, list[str]]:
    """The SQL that reads the file's rows as text, and the file's column names. The CSV reader
    reads an empty value as NULL, and the words `reader_nulls` too (the preview's missing words).

    Only the start of the file is read here (to find its columns); the rows are read once, later.
    """
    if path.stat().st_size == 0:
        raise IngestError("The file is empty.")
    kind = detect_format(path)
    report.source_format = kind
    if kind == "parquet":
        source = f"(SELECT COLUMNS(*)::VARCHAR FROM read_parquet({literal(str(path))}))"
        what = "Parquet"
    else:
        options = "all_varchar = true, header = true, ignore_errors = true, store_rejects = true"
        options += ", strict_mode = false"
        options += f", nullstr = {_list(reader_nulls or [''])}"
        dialect = ""
        if kind == "xlsx":
            try:
                path = _xlsx_to_csv(path, work)
            except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
                raise IngestError("The file could not be read as an Excel spreadsheet.") from error
            report.encoding = "utf-8"
        else:
            # Reading the whole file for its encoding runs beside the sniffing of its start
            # (both take a fiftieth of reading the file), which is done again for a file that
            # is not UTF-8 after all.
            with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
                encoding = pool.submit(detect_encoding, path)
                with contextlib.suppress(duckdb.Error):
                    dialect = _sniffed(con, path, options, delimiter)
                report.encoding = encoding.result()
            if report.encoding != "utf-8":
                path, dialect = _transcode(path, work, report.encoding), ""
            with path.open("rb") as handle:
                if b"\0" in handle.read(SAMPLE_BYTES):
                    raise IngestError(
                        "The file is not a table of text (CSV), an Excel spreadsheet (XLSX) "
                        "or a Parquet file."
                    )
        try:
            dialect = dialect or _sniffed(con, path, options, delimiter)
        except duckdb.Error as error:
            raise IngestError(f"The file could not be read as CSV ({error}).") from error
        source = f"read_csv({literal(str(path))}, {options}, {dialect})"
        what = "CSV"
    try:
        present = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]
    except duckdb.Error as error:
        raise IngestError(f"The file could not be read as {what} ({error}).") from error
    return source, present


def _sniffed(
    con: duckdb.DuckDBPyConnection, path: Path, options: str, delimiter: str | None
) -> str:
    """The reader options that read the CSV file as DuckDB's sniffer finds it written
    (delimiter, quotes, line ends, the lines before the header, the columns), so that the
    file is sniffed once, not by every statement that reads it (each sniff costs as much as
    reading a tenth of a million-row file)."""
    given = f", delim = {literal(delimiter)}" if delimiter else ""
    delim, quote, escape, new_line, comment, skip, columns = con.execute(
        "SELECT Delimiter, Quote, Escape, NewLineDelimiter, Comment, SkipRows, Columns "
        f"FROM sniff_csv({literal(str(path))}, {options}, sample_size = 20480{given})"
    ).fetchone()
    found = {"quote": quote, "escape": escape, "comment": comment}
    # The sniffer writes "(empty)" for none.
    chars = ", ".join(f"{k} = {literal('' if v == '(empty)' else v)}" for k, v in found.items())
    names = ", ".join(f"{literal(c['name'])}: 'VARCHAR'" for c in columns)
    return (
        f"auto_detect = false, delim = {literal(delim)}, {chars}, "
        f"new_line = {literal(new_line)}, skip = {int(skip)}, columns = {{{names}}}, "
        f"{READ_BUFFER}"
    )


def _unreadable_lines(con: duckdb.DuckDBPyConnection, report: ValidationReport) -> None:
    """The lines the CSV reader could not read, by kind of error (after the file was read)."""
    if report.source_format == "parquet":
        return
    lines = con.execute(
        "SELECT error_type, count(DISTINCT line), list(DISTINCT line ORDER BY line)[1:?] "
        "FROM reject_errors GROUP BY error_type ORDER BY 2 DESC, 1",
        [EXAMPLES],
    ).fetchall()
    report.unreadable_lines = [
        Rejection(
            reason=f"line could not be read ({kind.lower()})", rows=count, examples=list(rows)
        )
        for kind, count, rows in lines
    ]


# -- typing --------------------------------------------------------------------------------


def _missing_as_null(x: str, column: Column, *, exact: bool) -> str:
    """The text `x` with the missing words (but the column's `real_values`) as NULL: as a file
    spells them (`missing_spellings`) when `exact` (a CSV file), else in any case, trimmed."""
    words = [w for w in missing_spellings(column.real_values) if w]
    if not exact:
        tokens = ", ".join(sorted({literal(w.upper()) for w in words}))
        return f"CASE WHEN upper(trim({x})) IN ({tokens}) THEN NULL ELSE {x} END"
    # Comparing every value to the 25 spellings costs a third of reading the file (so does the
    # CSV reader's `nullstr`); only a value starting like one of them is compared.
    tokens = ", ".join(literal(w) for w in words)
    return f"CASE WHEN ({_starts_like(x, words)}) AND {x} IN ({tokens}) THEN NULL ELSE {x} END"


def _value(x: str, column: Column, values: Mapping[str, str], *, trim: bool) -> str:
    """The text `x` (missing words already NULL), trimmed when `trim`, with its value mapping
    applied; only a value that starts or ends with a space is trimmed."""
    if trim:
        # trim() copies every value; only the few that start or end with a space need it.
        spaced = f"starts_with({x}, ' ') OR ends_with({x}, ' ')"
        x = f"nullif(CASE WHEN {spaced} THEN trim({x}) ELSE {x} END, '')"
    if column.missing_values:
        tokens = ", ".join(literal(t) for t in column.missing_values)
        x = f"CASE WHEN {x} IN ({tokens}) THEN NULL ELSE {x} END"
    if values:
        # The value is looked up trimmed, so its keys are too (a mapping keeps a file's
        # "  theft " as written); a key written without spaces wins over one with them.
        trimmed = {k.strip(" "): t for k, t in values.items() if k != k.strip(" ")}
        trimmed = {k: t for k, t in (trimmed | dict(values)).items() if k == k.strip(" ") and k}
        keys, targets = list(trimmed), list(trimmed.values())
        x = f"coalesce(map({_list(keys)}, {_list(targets)})[{x}], {x})"
    return x


def _starts_like(x: str, words: Collection[str]) -> str:
    """SQL: whether the text `x` starts with the first character of one of `words` (a range
    of bytes per character: comparing two texts compares their first bytes first)."""
    firsts = sorted({w[0] for w in words})
    return " OR ".join(
        f"({x} >= {literal(c)} AND {x} < {literal(chr(ord(c) + 1))})" for c in firsts
    )


def _lazily_missing(column: Column) -> bool:
    """Whether the column's missing words are looked for only in the values that cannot be
    read as its type (no date or yes-or-no reads as one): a fifth of reading the file saved."""
    return column.type in ("date", "datetime", "boolean")


def _trimmed(column: Column, values: Mapping[str, str], key: bool) -> str:
    """How the column's values are trimmed: "" (never: trimming every text column would cost a
    third of reading the file), "always" (a value looked up or compared as it is), or "lazily"
    (trimmed and read again only when it cannot be read as it is)."""
    if values or key or column.missing_values:
        return "always"
    if _lazily_missing(column):
        return "lazily"
    return "" if column.type == "string" else "always"


def _first_formats(con: duckdb.DuckDBPyConnection, reader: str, exprs: dict[str, str]) -> dict:
    """For each date column, the format most of its first 500 values have ("" for ISO 8601).

    It is tried first: trying every format on every value would be several times slower.
    """
    if not exprs:
        return {}
    counts = []
    for i in range(len(exprs)):
        counts.append(f"count(try_cast(v{i} AS TIMESTAMP))")
        counts.extend(f"count(try_strptime(v{i}, {literal(f)}))" for f in datetime_formats())
    sample = ", ".join(f"{expr} AS v{i}" for i, expr in enumerate(exprs.values()))
    first = reader.replace(READ_BUFFER, FIRST_ROWS_BUFFER)
    found = con.execute(
        f"SELECT {', '.join(counts)} FROM (SELECT {sample} FROM {first} LIMIT 500)"
    ).fetchone()
    width = len(datetime_formats()) + 1
    formats = {}
    for i, name in enumerate(exprs):
        mine = found[i * width : (i + 1) * width]
        best = max(range(width), key=lambda j, mine=mine: (mine[j], -j))
        formats[name] = "" if best == 0 else datetime_formats()[best - 1]
    return formats


def _typed(v: str, column: Column, first_format: str = "") -> str:
    """The typed SQL expression of the value expression `v` (NULL when it cannot be read).

    A date or time is tried in `first_format` first, then as ISO 8601, then in every format.
    """
    if column.type == "string":
        return v
    if column.type == "number":
        return f"try_cast(replace({v}, ',', '') AS DOUBLE)"
    if column.type == "integer":
        d = f"try_cast(replace({v}, ',', '') AS DOUBLE)"
        return f"CASE WHEN {d} = floor({d}) THEN {d}::BIGINT END"
    if column.type == "boolean":
        return (
            f"CASE WHEN lower({v}) IN ({_words(value_codes().true_words)}) THEN true "
            f"WHEN lower({v}) IN ({_words(value_codes().false_words)}) THEN false END"
        )
    if column.type == "datetime":
        first = (f"try_strptime({v}, {literal(first_format)})",) if first_format else ()
        parsers = (
            *first,
            f"try_cast({v} AS TIMESTAMP)",
            f"try_strptime({v}, {_list(datetime_formats())})",
        )
        return f"coalesce({', '.join(parsers)})"
    if column.type == "date":
        return f"({_typed(v, replace(column, type='datetime'), first_format)})::DATE"
    # An ENUM of its values: stored as a byte, and written to Parquet as the dictionary it is
    # (a tenth faster than finding the dictionary of its text); read back as text. A value
    # spelt as the schema spells it (what a value mapping gives) is found by the cast, the
    # others in any case.
    enum = f"ENUM ({', '.join(literal(value) for value in column.values)})"
    lowered = {value.lower(): value for value in column.values}
    known = f"map({_list(lowered)}, {_list(lowered.values())})[lower({v})]"
    if column.unmapped:
        known = f"CASE WHEN {v} IS NOT NULL THEN coalesce({known}, {literal(column.unmapped)}) END"
    return f"coalesce(try_cast({v} AS {enum}), CAST({known} AS {enum}))"


SQL_TYPES = {
    "string": "VARCHAR",
    "category": "VARCHAR",
    "integer": "BIGINT",
    "number": "DOUBLE",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "datetime": "TIMESTAMP",
}
TYPE_WORDS = {
    "integer": "not a whole number",
    "number": "not a number",
    "boolean": "not yes or no",
    "date": "not a date",
    "datetime": "not a date and time",
    "category": "not one of the allowed values",
}


def _numbered(schema: Schema, level: str, columns: Mapping[str, str]) -> dict[str, str]:
    """{column: the column it is numbered within} for the key columns the mapping leaves out
    but that rows can be numbered for (a victim within its incident)."""
    return {
        c.name: c.numbered_within
        for c in schema.columns_at(level)
        if c.numbered_within and c.name not in columns and c.numbered_within in columns
    }


def _plan(schema: Schema, level: str, columns: Mapping[str, str]) -> list[Column]:
    at_level = {column.name: column for column in schema.columns_at(level)}
    unknown = sorted(set(columns) - set(at_level))
    if unknown:
        raise ValueError(f"{schema.kind} ({level}) has no column {unknown[0]!r}")
    return [at_level[name] for name in at_level if name in columns]


def ingest(
    *,
    source: Path,
    schema: Schema,
    columns: Mapping[str, str],
    out: Path,
    values: Mapping[str, Mapping[str, str]] | None = None,
    level: str = "",
    keep: Collection[str] = (),
    salt: str = "",
    delimiter: str | None = None,
    memory_limit: str = "1GB",
) -> ValidationReport:
    """Normalise `source` into the Parquet file `out` and report what was read and rejected.

    `columns` maps canonical columns to source columns (one source column may feed several
    canonical ones, e.g. the call type and its category through a value mapping). `keep` names
    personal identifier columns to keep as they are; `salt` (required when a mapped column is
    hashed) is the team's secret salt. When the report has `problems`, nothing was written.
    """
    values = values or {}
    level_code = schema.level(level).code
    columns = dict(columns)
    for name, within in _numbered(schema, level_code, columns).items():
        columns[name] = NUMBERED + within
    plan = _plan(schema, level_code, columns)
    hashed = [c.name for c in plan if c.personal == "hash" and c.name not in keep]
    if hashed and not salt:
        raise ValueError("a salt is needed to hash personal identifiers")
    report = ValidationReport(kind=schema.kind, level=level_code)
    report.unmapped_columns = [
        c.name for c in schema.columns_at(level_code) if c.name not in columns
    ]
    missing_required = [
        c.name for c in schema.columns_at(level_code) if c.required and c.name not in columns
    ]
    if missing_required:
        report.problems.append(
            "The mapping gives no source column for "
            + ", ".join(missing_required)
            + ", which every row needs."
        )
        return report
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.{secrets.token_hex(8)}.partial")
    con = connect(memory_limit=memory_limit)
    # DuckDB turns a long IN list into a join, which loses the order rows are read in.
    con.execute("SET disabled_optimizers = 'in_clause'")
    try:
        with tempfile.TemporaryDirectory(prefix="lcpa-ingest-") as work:
            reader, present = _source(con, Path(source), Path(work), report, delimiter)
            _check_and_write(
                con,
                reader,
                present,
                schema,
                level_code,
                plan,
                columns,
                values,
                keep,
                salt,
                report,
                partial,
            )
        if report.ok:
            os.replace(partial, out)
    except IngestError as error:
        report.problems.append(str(error))
    finally:
        con.close()
        partial.unlink(missing_ok=True)
    return report


def _created_in_order(con: duckdb.DuckDBPyConnection, create: str) -> bool:
    """Run the CREATE TABLE `create`; whether DuckDB wrote its rows in the order it read them
    (a batch insert, which needs every operator below it to keep the order), as its profile
    says (asking for the plan first would cost a fortieth of reading the file)."""
    con.execute("SET enable_profiling = 'no_output'")
    try:
        con.execute(create)
        return "BATCH_CREATE_TABLE_AS" in con.get_profiling_information(format="json")
    finally:
        con.execute("PRAGMA disable_profiling")


def _check_and_write(
    con: duckdb.DuckDBPyConnection,
    reader: str,
    present: list[str],
    schema: Schema,
    level: str,
    plan: list[Column],
    columns: Mapping[str, str],
    values: Mapping[str, Mapping[str, str]],
    keep: Collection[str],
    salt: str,
    report: ValidationReport,
    partial: Path,
) -> None:
    sources = {c.name: columns[c.name] for c in plan if not columns[c.name].startswith(NUMBERED)}
    absent = sorted(set(sources.values()) - set(present))
    if absent:
        raise IngestError(
            "The file has no column "
            + ", ".join(repr(a) for a in absent)
            + ". Its columns are "
            + ", ".join(repr(p) for p in present[:40])
            + ". Is it a file of another kind, or has the export changed?"
        )
    # 1. Cleaned text (missing words as NULL, value mappings applied), then typed values; the
    # cleaned text of a typed column is kept to tell a missing value from an unreadable one.
    clean = []
    key = set(schema.level(level).unique_key)
    # The missing words are looked for once per source column (and set of real values).
    checked: dict[str, str] = {}
    cleaned = {}
    trims = {c.name: _trimmed(c, values.get(c.name, {}), c.name in key) for c in plan}
    for c in plan:
        if c.name in sources:
            x = ident(sources[c.name])
            if not _lazily_missing(c):
                found = _missing_as_null(x, c, exact=report.source_format != "parquet")
                x = checked.setdefault(found, ident(f"_m{len(checked)}"))
            trim = trims[c.name] == "always"
            cleaned[c.name] = _value(x, c, values.get(c.name, {}), trim=trim)
    if checked:
        missing = ", ".join(f"{sql} AS {alias}" for sql, alias in checked.items())
        reader = f"(SELECT *, {missing} FROM {reader})"
    for c in plan:
        if c.name not in sources:  # numbered within another column (NUMBERED + its name)
            within = cleaned[columns[c.name].removeprefix(NUMBERED)]
            cleaned[c.name] = f"row_number() OVER (PARTITION BY {within})::VARCHAR"
    cleaned = {c.name: cleaned[c.name] for c in plan}
    clean += [f"{cleaned[c.name]} AS {ident('_v_' + c.name)}" for c in plan]
    dates = {c.name: cleaned[c.name] for c in plan if c.type in ("date", "datetime")}
    formats = _first_formats(con, reader, dates)
    select = []
    for column in plan:
        v = ident("_v_" + column.name)
        typed = _typed(v, column, formats.get(column.name, ""))
        if trims[column.name] == "lazily":
            spaced = f"starts_with({v}, ' ') OR ends_with({v}, ' ')"
            again = _typed(f"trim({v})", column, formats.get(column.name, ""))
            typed = f"coalesce({typed}, CASE WHEN {spaced} THEN {again} END)"
        select.append(f"{typed} AS {ident(column.name)}")
        if column.type != "string":
            select.append(v)
    # A broken quote makes a value run across lines, and into the next line's quotes (looked
    # for only in the rows with a value that runs across lines).
    files = [ident(source) for source in sorted(set(sources.values()))]
    across = " OR ".join(f"contains({x}, chr(10))" for x in files)
    quoted = " OR ".join(f"(contains({x}, chr(10)) AND contains({x}, '\"'))" for x in files)
    clean.append(f"CASE WHEN {across} THEN {quoted} END AS _run_on")
    select.append("_run_on")
    typed_columns = [c for c in plan if c.type != "string"]
    # A typed value is unreadable when it has text that is not read as its type (and, for a
    # column whose missing words are looked for lazily, is not one of them): its row is
    # rejected, or its text listed. The word test runs only on the rare unread values.
    unreadable, absent = {}, {}
    for c in typed_columns:
        v, x = ident("_v_" + c.name), ident(c.name)
        unreadable[c.name] = f"{v} IS NOT NULL AND {x} IS NULL"
        absent[c.name] = f"{v} IS NULL"
        if c.name in sources and _lazily_missing(c):
            words = ", ".join(
                sorted({literal(w.upper()) for w in missing_spellings(c.real_values)})
            )
            word = f"upper(trim({v})) IN ({words})"
            # CASE, not AND: a CASE tests its THEN only on the rows its WHEN selects.
            unreadable[c.name] = f"CASE WHEN {unreadable[c.name]} THEN NOT ({word}) ELSE false END"
            absent[c.name] = (
                f"CASE WHEN {v} IS NULL THEN true WHEN {x} IS NULL THEN {word} ELSE false END"
            )
    bad_sql = "".join(
        f", CASE WHEN {unreadable[c.name]} THEN {ident('_v_' + c.name)} END "
        f"AS {ident('_bad_' + c.name)}"
        for c in typed_columns
    )
    # Only the reasons (and the values that could not be read) are stored, not what they are
    # made of.
    exclude = ", ".join(["_run_on", *(ident("_v_" + c.name) for c in typed_columns)])

    # 2. Why each row is rejected (empty when it is kept).
    reasons: list[tuple[str, str]] = []
    by_name = {c.name: c for c in plan}
    for column in plan:
        name = ident(column.name)
        if column.type != "string" and not (column.type == "category" and not column.required):
            reasons.append((unreadable[column.name], f"{column.name}: {TYPE_WORDS[column.type]}"))
        if column.required:
            reasons.append((absent.get(column.name, f"{name} IS NULL"), f"{column.name}: missing"))
        if column.minimum is not None or column.maximum is not None:
            low = "-inf" if column.minimum is None else f"{column.minimum:g}"
            high = "inf" if column.maximum is None else f"{column.maximum:g}"
            reasons.append(
                (
                    f"{name} NOT BETWEEN '{low}'::DOUBLE AND '{high}'::DOUBLE",
                    f"{column.name}: outside {low} to {high}",
                )
            )
    for interval in schema.intervals:
        if interval.start in by_name and interval.end in by_name:
            reasons.append(
                (
                    f"{ident(interval.end)} < {ident(interval.start)}",
                    f"{interval.end} is before {interval.start}",
                )
            )
    for rule in schema.predications:
        if (
            rule.column in by_name
            and rule.predicate in by_name
            and by_name[rule.column].type == "boolean"
        ):
            reasons.append(
                (
                    f"{ident(rule.column)} IS TRUE AND {ident(rule.predicate)} IS NOT TRUE",
                    f"{rule.column} is yes but {rule.predicate} is not",
                )
            )
    reasons.append(("_run_on", "a quote is not closed: the row runs into the next line"))
    # `_reasons` is NULL for a row that is kept; for the others it lists every reason's text
    # or NULL (filtering the NULLs out here would cost a tenth of reading the file).
    cases = ", ".join(f"CASE WHEN {cond} THEN {literal(text)} END" for cond, text in reasons)
    any_reason = " OR ".join(f"({cond})" for cond, _ in reasons) or "false"

    def create(window: bool) -> str:
        first, then = (["row_number() OVER () AS _row"], ["_row"]) if window else ([], [])
        typed_sql = (
            f"SELECT {', '.join(then + select)} "
            f"FROM (SELECT {', '.join(first + clean)} FROM {reader})"
        )
        return (
            f"CREATE TABLE typed AS SELECT * EXCLUDE ({exclude})"
            f"{bad_sql}, CASE WHEN {any_reason} THEN "
            f"[{cases}] END AS _reasons FROM ({typed_sql})"
        )

    # The rows are numbered as read, by the table's rowid when DuckDB writes them in the order
    # read, else by a window (which reads the file on one thread: half as fast on two cores).
    # A column numbered within another needs the window: the partitions lose the file's order.
    try:
        window = any(c.name not in sources for c in plan)
        if window:
            con.execute(create(window))
        elif not _created_in_order(con, create(window)):
            # (The lines read twice are in the reader's reject tables twice, counted once.)
            window = True
            con.execute("DROP TABLE typed")
            con.execute(create(window))
    except duckdb.Error as error:
        raise IngestError(f"The file could not be read to the end ({error}).") from error
    con.execute(
        f"CREATE VIEW checked AS SELECT {'' if window else 'rowid + 1 AS _row, '}* FROM typed"
    )
    _unreadable_lines(con, report)
    report.rows_read = con.execute("SELECT count(*) FROM checked").fetchone()[0]
    if report.rows_read == 0:
        raise IngestError("The file has column names but no rows.")
    # Of the kept rows that share a unique key, the first is kept and the others are duplicates.
    key = schema.level(level).unique_key
    same_key = " AND ".join(f"f.{ident(k)} = c.{ident(k)}" for k in key)
    con.execute(
        "CREATE TABLE duplicates AS SELECT c._row FROM checked c JOIN "
        f"(SELECT {', '.join(map(ident, key))}, min(_row) AS _first FROM checked "
        "WHERE _reasons IS NULL GROUP BY ALL HAVING count(*) > 1) f "
        f"ON {same_key} AND c._row <> f._first WHERE c._reasons IS NULL"
    )
    con.execute(
        "CREATE VIEW kept AS SELECT * FROM checked "
        "WHERE _reasons IS NULL AND _row NOT IN (SELECT _row FROM duplicates)"
    )

    for reason, count, rows in con.execute(
        "SELECT r, count(*), list(_row ORDER BY _row)[1:?] "
        "FROM (SELECT unnest(_reasons) AS r, _row FROM checked) WHERE r IS NOT NULL "
        "GROUP BY r ORDER BY 2 DESC, 1",
        [EXAMPLES],
    ).fetchall():
        rejection = Rejection(reason=reason, rows=count, examples=list(rows))
        column = reason.split(":")[0]
        if (
            column in by_name
            and by_name[column].type != "string"
            and reason.endswith(TYPE_WORDS[by_name[column].type])
        ):
            rejection.values = [
                r[0]
                for r in con.execute(
                    f"SELECT DISTINCT {ident('_bad_' + column)} FROM checked "
                    f"WHERE {ident('_bad_' + column)} IS NOT NULL LIMIT 5"
                ).fetchall()
            ]
        report.rejected.append(rejection)
    report.rejected_rows = con.execute(
        "SELECT count(*) FROM checked WHERE _reasons IS NOT NULL"
    ).fetchone()[0]
    report.duplicates, dup_rows = con.execute(
        "SELECT count(*), coalesce(list(_row ORDER BY _row)[1:?], []) FROM duplicates", [EXAMPLES]
    ).fetchone()
    report.duplicate_examples = list(dup_rows)

    for column in plan:
        if column.type == "category" and not column.unmapped and not column.required:
            found = con.execute(
                f"SELECT {ident('_bad_' + column.name)}, count(*) FROM checked "
                f"WHERE {ident('_bad_' + column.name)} IS NOT NULL "
                "GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?",
                [EXAMPLES],
            ).fetchall()
            if found:
                report.unrecognised[column.name] = dict(found)
    shares = ", ".join(f"avg(({ident(c.name)} IS NULL)::INT)" for c in plan)
    report.missing_share = dict(
        zip(
            [c.name for c in plan],
            [round(s, 4) for s in con.execute(f"SELECT {shares} FROM checked").fetchone()],
            strict=True,
        )
    )

    # 3. Predication corrections and personal identifiers, then the Parquet file.
    exprs = {c.name: ident(c.name) for c in plan}
    for rule in schema.predications:
        if rule.column in exprs and rule.predicate in exprs:
            forced = "NULL" if rule.value is None else "false"
            before = exprs[rule.column]
            exprs[rule.column] = (
                f"CASE WHEN ({exprs[rule.predicate]}) IS TRUE THEN {before} ELSE {forced} END"
            )
            changed = con.execute(
                f"SELECT count(*) FROM kept "
                f"WHERE ({before}) IS DISTINCT FROM ({exprs[rule.column]})"
            ).fetchone()[0]
            if changed:
                report.corrected[rule.column] = changed
    output = []
    mapped = {c.name for c in plan}
    for column in schema.columns_at(level):
        if column.personal and column.name not in keep:
            if column.personal == "drop":
                if column.name in mapped:
                    report.dropped_columns.append(column.name)
                continue
            if column.name in mapped:
                report.hashed_columns.append(column.name)
                # 64 bits of a salted SHA-256: two of a team's million places share a code
                # once in 30 million files, and repeat calls are grouped a quarter faster on
                # 16 hex digits than on 64.
                hashed = f"sha256({literal(salt)} || {exprs[column.name]}::VARCHAR)[1:16]"
                output.append(f"{hashed} AS {ident(column.name)}")
                continue
        if column.personal and column.name in mapped:
            report.kept_columns.append(column.name)
        # An unmapped column is left out (writing it empty would cost a tenth of the writing);
        # the measures read it as empty (`_with_every_column`).
        if column.name in mapped:
            output.append(f"{exprs[column.name]} AS {ident(column.name)}")
    period = ident(schema.period)
    con.execute(f"COPY (SELECT {', '.join(output)} FROM kept) TO {literal(str(partial))} {PARQUET}")
    report.rows_written, first, last = con.execute(
        f"SELECT count(*), strftime(min({period}), '%Y-%m'), strftime(max({period}), '%Y-%m') "
        "FROM kept"
    ).fetchone()
    if not report.rows_written:
        raise IngestError(
            f"No row could be read as {schema.title.lower()}: every row was rejected. "
            "Check the column mapping and the date format."
        )
    report.first_month, report.last_month = first, last
    report.months_without_data = [
        r[0]
        for r in con.execute(
            "WITH months AS (SELECT DISTINCT "
            f"date_trunc('month', {period})::TIMESTAMP AS m FROM kept) "
            "SELECT strftime(t.m, '%Y-%m') FROM range((SELECT min(m) FROM months), "
            "(SELECT max(m) FROM months) + INTERVAL 1 DAY, INTERVAL 1 MONTH) t(m) "
            "WHERE t.m NOT IN (SELECT m FROM months) ORDER BY t.m"
        ).fetchall()
    ]


def _columns_of(con: duckdb.DuckDBPyConnection, reader: str) -> list[str]:
    """The column names of what `reader` reads (a normalised file holds its mapped ones)."""
    return [d[0] for d in con.execute(f"SELECT * FROM {reader} LIMIT 0").description]


def read_rows(path: Path, *, limit: int | None = None) -> list[dict]:
    """The rows of a normalised Parquet file as dictionaries, in the file's order."""
    con = connect()
    try:
        relation = con.execute(
            f"SELECT * FROM read_parquet({literal(str(path))})"
            + (f" LIMIT {int(limit)}" if limit is not None else "")
        )
        names = [d[0] for d in relation.description]
        return [dict(zip(names, row, strict=True)) for row in relation.fetchall()]
    finally:
        con.close()


def iter_rows(path: Path, *, columns: Collection[str], batch: int = 50_000) -> Iterator[dict]:
    """The rows of a normalised Parquet file, only `columns` (those the file has), as
    dictionaries, read `batch` rows at a time so that a big file never sits in memory."""
    con = connect()
    try:
        present = _columns_of(con, f"read_parquet({literal(str(path))})")
        names = [name for name in columns if name in present]
        if not names:
            return
        relation = con.execute(
            f"SELECT {', '.join(ident(n) for n in names)} FROM read_parquet({literal(str(path))})"
        )
        while chunk := relation.fetchmany(batch):
            for row in chunk:
                yield dict(zip(names, row, strict=True))
    finally:
        con.close()


def filled_columns(path: Path, columns: Collection[str]) -> set[str]:
    """Which of `columns` hold at least one value in a normalised Parquet file."""
    con = connect()
    try:
        return _filled(con, path, columns)
    finally:
        con.close()


def _filled(con: duckdb.DuckDBPyConnection, path: Path, columns: Collection[str]) -> set[str]:
    """Which of `columns` hold at least one value in a normalised Parquet file: from the
    counts of values and of NULLs that DuckDB writes in its metadata for every column (reading
    the values is 5 times slower)."""
    wanted = set(columns)
    return {
        name
        for name, filled in con.execute(
            "SELECT path_in_schema, sum(num_values) > sum(stats_null_count) "
            f"FROM parquet_metadata({literal(str(path))}) GROUP BY 1"
        ).fetchall()
        if name in wanted and filled
    }


# -- measures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureRow:
    """One monthly observation of a computed measure.

    `disaggregation` is "" for the total, else `key:value` pairs joined by ";"
    (`category:Behavioral Health`, `priority:2;responder_type:alternative`). A value measure
    (a median, a percentile) has its value as `numerator` and no `denominator`.
    """

    period: dt.date
    measure: str
    disaggregation: str
    numerator: float
    denominator: float | None


@dataclass
class Computation:
    rows: list[MeasureRow]
    # Measures left out because the file has no value in a column they need (or none of the
    # values they need: "injury_severity A, B or C").
    skipped: dict[str, list[str]]


def measure_sql(kind: str) -> dict[str, str]:
    """The named SQL queries of `kind`'s measures: `measures/<kind>/<code>.sql`."""
    folder = MEASURES_DIR / kind
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.sql"))}


FRACTION = "fraction"


def measure_query(measure: MeasureDef, queries: dict[str, str]) -> str:
    """The measure's SQL, its `$name` places filled from its params (checked by the schema:
    columns or numbers)."""
    return string.Template(queries[measure.query_name]).substitute(dict(measure.params))


def compute(
    kind: str,
    parquet: Path,
    *,
    level: str = "",
    measures: Collection[str] | None = None,
    memory_limit: str = "1GB",
    variables: Mapping[str, float | int | str | None] | None = None,
) -> Computation:
    """The monthly rows of every measure of `kind` (or of `measures`) over a normalised file.

    Each query reads the view `data` (the Parquet file) and returns period, disaggregation,
    numerator and denominator; a row whose disaggregation is NULL (a group with no value) is
    left out. `variables` are what the queries read with `getvariable(name)` beside the file
    (the jurisdiction's `population`, for rates per resident); one not given reads as NULL.
    Each category column's values are the list `values_<column>`, so that a query can give
    every value a row, 0 in a month without it.
    """
    schema = load_schema(kind)
    queries = measure_sql(kind)
    wanted = [m for m in schema.measures_at(level) if m.query_name in queries]
    if measures is not None:
        unknown = sorted(set(measures) - {m.code for m in wanted})
        if unknown:
            raise ValueError(f"{kind} has no computed measure {unknown[0]!r}")
        wanted = [m for m in wanted if m.code in measures]
    con = connect(memory_limit=memory_limit)
    try:
        con.execute(
            "CREATE VIEW data AS "
            + _with_every_column(con, parquet, schema.columns_at(schema.level(level).code))
        )
        for name, value in (variables or {}).items():
            if value is not None:
                con.execute(f"SET VARIABLE {ident(name)} = ?", [value])
        for column in schema.columns:
            if column.type == "category":
                con.execute(f"SET VARIABLE {ident('values_' + column.name)} = ?", [column.values])
        needed = sorted({name for m in wanted for need in m.needs for name in need.split("|")})
        found = _filled(con, parquet, needed)
        filled = {name: name in found for name in needed}
        computable: list[MeasureDef] = []
        skipped: dict[str, list[str]] = {}
        for measure in wanted:
            empty = [
                need.replace("|", " or ")
                for need in measure.needs
                if not any(filled[name] for name in need.split("|"))
            ]
            if not empty:
                empty = [
                    words
                    for (column, values), words in zip(
                        measure.needs_values, needed_values_words(measure), strict=True
                    )
                    if not con.execute(
                        "SELECT count(*) > 0 FROM data "
                        f"WHERE list_contains({_list(values)}, {ident(column)})"
                    ).fetchone()[0]
                ]
            if empty:
                skipped[measure.code] = empty
            else:
                computable.append(measure)
        found = {}
        for batch in _batches(computable):
            found |= _batch_rows(con, batch, queries)
    finally:
        con.close()
    return Computation(rows=[r for m in computable for r in found[m.code]], skipped=skipped)


def _with_every_column(
    con: duckdb.DuckDBPyConnection, parquet: Path, columns: Collection[Column]
) -> str:
    """The SELECT of a normalised file's rows with every column of its kind: those the file
    leaves out (unmapped, dropped) as empty values of their type."""
    reader = f"read_parquet({literal(str(parquet))})"
    present = _columns_of(con, reader)
    absent = "".join(
        f", NULL::{SQL_TYPES[c.type]} AS {ident(c.name)}" for c in columns if c.name not in present
    )
    return f"SELECT *{absent} FROM {reader}"


def _batches(measures: list[MeasureDef]) -> list[list[MeasureDef]]:
    """The measures in groups of one query each: those that differ only in the `fraction` of
    the same query (a median and a 90th percentile) are read in one pass over the data."""
    groups: dict[tuple, list[MeasureDef]] = {}
    for measure in measures:
        params = dict(measure.params)
        if FRACTION in params:
            del params[FRACTION]
            key = (measure.query_name, tuple(sorted(params.items())))
        else:
            key = (measure.code,)
        groups.setdefault(key, []).append(measure)
    return list(groups.values())


def _batch_rows(
    con: duckdb.DuckDBPyConnection, batch: list[MeasureDef], queries: dict[str, str]
) -> dict[str, list[MeasureRow]]:
    """{measure code: its rows} for a batch of `_batches`: with several fractions, the
    query's `$fraction` is their list and its numerator the list of the fractiles."""
    if len(batch) == 1:
        query, numerators = measure_query(batch[0], queries), "numerator::DOUBLE"
    else:
        fractions = "[" + ", ".join(dict(m.params)[FRACTION] for m in batch) + "]"
        params = dict(batch[0].params) | {FRACTION: fractions}
        query = string.Template(queries[batch[0].query_name]).substitute(params)
        numerators = ", ".join(f"numerator[{i}]::DOUBLE" for i in range(1, len(batch) + 1))
    found: dict[str, list[MeasureRow]] = {m.code: [] for m in batch}
    for period, disaggregation, *values, denominator in con.execute(
        f"SELECT period, disaggregation, {numerators}, denominator::DOUBLE "
        f"FROM ({query}) WHERE disaggregation IS NOT NULL ORDER BY disaggregation, period"
    ).fetchall():
        for measure, numerator in zip(batch, values, strict=True):
            found[measure.code].append(
                MeasureRow(period, measure.code, disaggregation, numerator, denominator)
            )
    return found


# -- preview (the column-mapping screen) ---------------------------------------------------


@dataclass
class Preview:
    """A file's columns, its first rows (as text) and the distinct values of some columns."""

    columns: list[str]
    rows: list[dict[str, str | None]]
    distinct: dict[str, list[str]]


def preview(
    source: Path,
    *,
    rows: int = 20,
    distinct: Collection[str] = (),
    distinct_limit: int | None = 200,
    delimiter: str | None = None,
    real_values: Collection[str] = (),
) -> Preview:
    """The header, the first `rows` rows and, for each column named in `distinct` that the file
    has, its most frequent values (up to `distinct_limit`, None for all); the missing-value
    words are missing but `real_values` (those some column of the kind takes as values).
    IngestError for a file that cannot be read."""
    con = connect()
    try:
        with tempfile.TemporaryDirectory(prefix="lcpa-preview-") as work:
            report = ValidationReport(kind="", level="")
            nulls = missing_spellings(real_values)
            reader, present = _source(con, Path(source), Path(work), report, delimiter, nulls)
            relation = con.execute(f"SELECT * FROM {reader} LIMIT {int(rows)}")
            names = [d[0] for d in relation.description]
            first = [dict(zip(names, row, strict=True)) for row in relation.fetchall()]
            values = _most_frequent(
                con, reader, [n for n in dict.fromkeys(distinct) if n in present], distinct_limit
            )
    except duckdb.Error as error:
        raise IngestError(f"The file could not be read ({error}).") from error
    finally:
        con.close()
    return Preview(columns=present, rows=first, distinct=values)


def _most_frequent(
    con: duckdb.DuckDBPyConnection, reader: str, names: list[str], limit: int | None
) -> dict[str, list[str]]:
    """{column: its values, most frequent first (then in order), up to `limit` (None for
    all)}, counted in one reading of the file (a grouping set per column): a file is read once,
    however many columns the mapping page shows the values of."""
    if not names:
        return {}
    columns = [ident(name) for name in names]
    sets = ", ".join(f"({column})" for column in columns)
    flags = ", ".join(
        f"{column}, grouping({column}) AS _lcpa_g{i}" for i, column in enumerate(columns)
    )
    con.execute(
        f"CREATE TEMP TABLE _counted AS SELECT {flags}, count(*) AS _lcpa_n FROM {reader} "
        f"GROUP BY GROUPING SETS ({sets})"
    )
    top = "" if limit is None else f" LIMIT {int(limit)}"
    return {
        name: [
            row[0]
            for row in con.execute(
                f"SELECT {column} FROM _counted WHERE _lcpa_g{i} = 0 AND {column} IS NOT NULL "
                f"ORDER BY _lcpa_n DESC, 1{top}"
            ).fetchall()
        ]
        for i, (name, column) in enumerate(zip(names, columns, strict=True))
    }


def remap(
    *,
    source: Path,
    out: Path,
    schema: Schema,
    level: str,
    derived: Mapping[str, str],
    values: Mapping[str, Mapping[str, str]],
    memory_limit: str = "1GB",
) -> bool:
    """Write the normalised file `source` again as `out`, with each derived column of
    `derived` ({derived column: the standard column it is read from}) read anew from its
    standard column through `values`, as `ingest` reads it from the file's column: a
    corrected value mapping without reading the original file again. False (nothing written)
    when some value would not be read (a row `ingest` would reject or leave unrecognised):
    then only `ingest` can tell what to do with it."""
    columns = {c.name: c for c in schema.columns_at(schema.level(level).code)}
    typed, bad = {}, []
    for target, origin in derived.items():
        column = columns[target]
        x = _missing_as_null(ident(origin), column, exact=False)
        v = _value(x, column, values.get(target, {}), trim=True)
        typed[target] = _typed(v, column)
        bad.append(f"count(*) FILTER (WHERE {v} IS NOT NULL AND {typed[target]} IS NULL)")
    reader = f"read_parquet({literal(str(source))})"
    con = connect(memory_limit=memory_limit)
    try:
        if any(con.execute(f"SELECT {', '.join(bad)} FROM {reader}").fetchone()):
            return False
        replaced = ", ".join(f"{expr} AS {ident(target)}" for target, expr in typed.items())
        con.execute(
            f"COPY (SELECT * REPLACE ({replaced}) FROM {reader}) TO {literal(str(out))} {PARQUET}"
        )
    finally:
        con.close()
    return True
