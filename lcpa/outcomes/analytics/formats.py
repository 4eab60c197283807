"""Reading raw values from a jurisdiction's export: one copy for the warehouse and the mapper.

Pure Python, no Django, no DuckDB. The words and codes are data, in `rules/value_codes.yaml`;
this module only normalises text and looks it up. The warehouse, which works in SQL, reads the
same lists through `value_codes()` (for example to build a `CASE` over `TRUE_WORDS`).

- `normalise_text("n/a")` gives `"N A"`: capitals, no accents, every run of punctuation or
  space made one space, `&` read as `AND`. Every comparison in this package uses it.
- `spaces_shown("  theft ")` gives `"␣␣theft␣ (with extra spaces)"`: a value as a page shows it,
  so that two values that differ only in their spaces do not look the same.
- `split_code("103M-MENTAL PATIENT")` gives `("103M", "MENTAL PATIENT")`: the leading (or
  trailing, in brackets) signal code some CAD exports glue to their call-type text.
- `is_missing`, `parse_bool`, `normalise_race`, `race_with_ethnicity`, `normalise_sex`,
  `self_initiated_from_source`, `first_phrase_value`, `parse_datetime`, `parse_date`,
  `parse_time`: one raw cell to a canonical value (`None` when it has none).
  `parse_bool` and `parse_datetime` raise `ValueError` for a value they cannot read, so that
  a validation report can say which value and why.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from datetime import date, datetime, time
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

RULES_DIR = Path(__file__).resolve().parent / "rules"
RACES = ("asian/pacific islander", "black", "hispanic", "white", "other", "unknown")
SEXES = ("male", "female")

_NOT_WORD = re.compile(r"[^A-Z0-9]+")
# A signal code holds a digit ("103M", "20I", "94", "10-52") and is glued to the text by a
# dash or a colon: "103M-MENTAL PATIENT", "21 - COMPLAINT OTHER", "MENTAL PATIENT (103M)".
_CODE = r"[A-Z]{0,4}[0-9][A-Z0-9]{0,5}(?:-[0-9]{1,3})?"
_LEADING_CODE = re.compile(rf"^\s*({_CODE})\s*(?:-|:|\u2013)+\s*(\S.*)$")
_TRAILING_CODE = re.compile(rf"^(.*\S)\s*[(\[]\s*({_CODE})\s*[)\]]\s*$")
_ONLY_CODE = re.compile(rf"^\s*({_CODE})\s*$")


class ValueCodesError(ValueError):
    """`rules/value_codes.yaml` breaks its schema; the message says where."""


def spaces_shown(text: str) -> str:
    """`text` as a page shows it: a value with spaces before, after or twice within (which a
    page would show as the value without them) has every space written ␣ and says so."""
    if text == text.strip(" ") and "  " not in text:
        return text
    return text.replace(" ", "\u2423") + " (with extra spaces)"


def normalise_text(value: object) -> str:
    """Capitals without accents; `&` as AND; punctuation and spaces as single spaces."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKD", str(value))
    text = "".join(char for char in text if not unicodedata.combining(char)).upper()
    return _NOT_WORD.sub(" ", text.replace("&", " AND ")).strip()


def split_code(value: object) -> tuple[str, str]:
    """(code, text) of a call type such as "103M-MENTAL PATIENT"; code "" when there is none.

    The text comes back as written (not normalised); a value that is only a code gives
    (code, "").
    """
    raw = "" if value is None else str(value).strip()
    upper = raw.upper()
    if match := _ONLY_CODE.match(upper):
        return match.group(1), ""
    if match := _LEADING_CODE.match(upper):
        return match.group(1), raw[match.start(2) :].strip()
    if match := _TRAILING_CODE.match(upper):
        return match.group(2), raw[: match.end(1)].strip()
    return "", raw


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ValueCodes(_Strict):
    """The contents of `rules/value_codes.yaml`, every word already normalised."""

    version: int = Field(ge=1)
    true_words: frozenset[str]
    false_words: frozenset[str]
    missing_words: frozenset[str]
    # The missing words as the file writes them, for the warehouse's exact matches.
    missing_spellings: tuple[str, ...] = ()
    race: dict[str, frozenset[str]]
    hispanic_ethnicity: frozenset[str]
    sex: dict[str, frozenset[str]]
    officer_initiated_sources: tuple[str, ...]
    stop_outcomes: dict[str, tuple[str, ...]]
    search_bases: dict[str, tuple[str, ...]]
    stop_types: dict[str, tuple[str, ...]]
    community_sources: tuple[str, ...]
    datetime_formats: tuple[str, ...]
    date_formats: tuple[str, ...]
    time_formats: tuple[str, ...]

    @model_validator(mode="before")
    @classmethod
    def _keep_spellings(cls, data: object) -> object:
        if isinstance(data, dict) and isinstance(data.get("missing_words"), list):
            data = {**data, "missing_spellings": tuple(str(w) for w in data["missing_words"])}
        return data

    @field_validator(
        "true_words", "false_words", "missing_words", "hispanic_ethnicity", mode="before"
    )
    @classmethod
    def _normalise_words(cls, words: list[object]) -> frozenset[str]:
        return frozenset(normalise_text(word) for word in words)

    @field_validator("officer_initiated_sources", "community_sources", mode="before")
    @classmethod
    def _normalise_phrases(cls, phrases: list[object]) -> tuple[str, ...]:
        return tuple(normalise_text(phrase) for phrase in phrases)

    @field_validator("stop_outcomes", "search_bases", "stop_types", mode="before")
    @classmethod
    def _normalise_phrase_table(cls, table: dict[str, list[object]]) -> dict[str, tuple[str, ...]]:
        return {
            value: tuple(normalise_text(p) for p in phrases) for value, phrases in table.items()
        }

    @field_validator("race", "sex", mode="before")
    @classmethod
    def _normalise_codes(cls, codes: dict[str, list[object]]) -> dict[str, frozenset[str]]:
        return {
            value: frozenset(normalise_text(code) for code in raw) for value, raw in codes.items()
        }

    @field_validator("race")
    @classmethod
    def _six_races(cls, codes: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
        if set(codes) != set(RACES):
            raise ValueError(f"race must list exactly {', '.join(RACES)}")
        _refuse_shared_codes(codes)
        return codes

    @field_validator("sex")
    @classmethod
    def _two_sexes(cls, codes: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
        if set(codes) != set(SEXES):
            raise ValueError(f"sex must list exactly {', '.join(SEXES)}")
        _refuse_shared_codes(codes)
        return codes

    def lookup(self, table: dict[str, frozenset[str]]) -> dict[str, str]:
        return {code: value for value, codes in table.items() for code in codes}


def _refuse_shared_codes(codes: dict[str, frozenset[str]]) -> None:
    seen: dict[str, str] = {}
    for value, words in codes.items():
        for word in words:
            if word in seen:
                raise ValueError(f"{word!r} is listed under both {seen[word]!r} and {value!r}")
            seen[word] = value


@cache
def value_codes() -> ValueCodes:
    """The value codes file, read once."""
    path = RULES_DIR / "value_codes.yaml"
    try:
        codes = ValueCodes.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except ValueError as error:  # pydantic's ValidationError is a ValueError
        raise ValueCodesError(f"{path.name}: {error}") from error
    if overlap := codes.true_words & codes.false_words:
        raise ValueCodesError(f"{path.name}: {sorted(overlap)} are both true and false words")
    return codes


@cache
def _race_lookup() -> dict[str, str]:
    return value_codes().lookup(value_codes().race)


@cache
def _sex_lookup() -> dict[str, str]:
    return value_codes().lookup(value_codes().sex)


def is_missing(value: object, *, real_values: Collection[str] = ()) -> bool:
    """True for None, a blank cell and the missing-value words (NA, N/A, NULL, ...), but for
    the words `real_values` names (a column's `real_values` in its schema: a disposition
    "None")."""
    if value is None or (isinstance(value, float) and value != value):
        return True
    word = normalise_text(value)
    if word and word in {normalise_text(real) for real in real_values}:
        return False
    return word in value_codes().missing_words


def missing_spellings(real_values: Collection[str] = ()) -> tuple[str, ...]:
    """The missing words as a file spells them (as written, in capitals, in small letters,
    with a first capital), but for `real_values`: what the warehouse matches exactly."""
    real = {normalise_text(word) for word in real_values}
    found: dict[str, None] = {}
    for word in value_codes().missing_spellings:
        if word and normalise_text(word) in real:
            continue
        for spelling in (word, word.upper(), word.lower(), word.capitalize()):
            found[spelling] = None
    return tuple(found)


def parse_bool(value: object) -> bool | None:
    """Y/N, Yes/No, TRUE/FALSE, 1/0 to a bool; None when missing; ValueError otherwise."""
    if isinstance(value, bool):
        return value
    if is_missing(value):
        return None
    word = normalise_text(value)
    if word in value_codes().true_words:
        return True
    if word in value_codes().false_words:
        return False
    raise ValueError(f"{value!r} is not a yes or no value")


def normalise_race(value: object) -> str | None:
    """A race code or word to one of `RACES`; None when missing or not a known code."""
    if is_missing(value):
        return None
    return _race_lookup().get(normalise_text(value))


def race_with_ethnicity(race: object, ethnicity: object) -> str | None:
    """OPP's rule: Hispanic ethnicity wins over the race column; otherwise the race."""
    if not is_missing(ethnicity) and normalise_text(ethnicity) in value_codes().hispanic_ethnicity:
        return "hispanic"
    return normalise_race(race)


def normalise_sex(value: object) -> str | None:
    """M/F, Male/Female to "male"/"female"; None for anything else (OPP has two values)."""
    if is_missing(value):
        return None
    return _sex_lookup().get(normalise_text(value))


def self_initiated_from_source(value: object) -> bool | None:
    """A call's source ("ONVIEW", "911", "TELEPHONE OTHER, NOT 911") to whether officers
    started it; None when missing or not a known source."""
    if is_missing(value):
        return None
    padded = f" {normalise_text(value)} "
    codes = value_codes()
    if any(f" {phrase} " in padded for phrase in codes.officer_initiated_sources):
        return True
    if any(f" {phrase} " in padded for phrase in codes.community_sources):
        return False
    return None


def first_phrase_value(value: object, table: dict[str, tuple[str, ...]]) -> str | None:
    """The first value of a phrase table (`stop_outcomes`, ...) whose phrase the raw value
    holds as whole words; None when missing or none does."""
    if is_missing(value):
        return None
    padded = f" {normalise_text(value)} "
    for canonical, phrases in table.items():
        if any(f" {phrase} " in padded for phrase in phrases):
            return canonical
    return None


def parse_datetime(value: object) -> datetime | None:
    """A timestamp in one of the listed formats (date-only values at midnight); None when
    missing; ValueError when no format reads it. Time zones are not applied: CAD and stop
    times are local clock times."""
    if isinstance(value, datetime):
        return value
    if is_missing(value):
        return None
    text = " ".join(str(value).split())
    codes = value_codes()
    for form in codes.datetime_formats:
        try:
            return datetime.strptime(text, form)
        except ValueError:
            continue
    for form in codes.date_formats:
        try:
            return datetime.strptime(text, form)
        except ValueError:
            continue
    raise ValueError(f"{value!r} is not a date and time in a known format")


def parse_date(value: object) -> date | None:
    """A date (or the date of a timestamp); None when missing; ValueError when unreadable."""
    moment = parse_datetime(value)
    return None if moment is None else moment.date()


def parse_time(value: object) -> time | None:
    """A clock time such as "14:05" or "2:05 PM"; None when missing; ValueError otherwise."""
    if isinstance(value, time):
        return value
    if is_missing(value):
        return None
    text = " ".join(str(value).split()).upper()
    for form in value_codes().time_formats:
        try:
            return datetime.strptime(text, form).time()
        except ValueError:
            continue
    raise ValueError(f"{value!r} is not a clock time in a known format")
