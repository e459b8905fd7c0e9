"""Map a file's columns to lead fields from their headers and their content, with a confidence.

The header says what a column is meant to hold (`headers.py`); the values say what it holds. A
sample of each column is typed (e-mail addresses, phone numbers, dates, numbers, words), and:

- a header whose field expects a kind of value the column does not hold is not taken ("E-mail 1 -
  Type" holding Home/Work is no e-mail column; its neighbour "E-mail 1 - Value" is);
- a column no header names, but whose values are clearly e-mail addresses or phone numbers, fills
  that field if the file has no column for it (a list with headers like "col3" or "contatto 2");
- a `columns:` entry of the file in `--sources` ({header: field, or null to leave it unmapped}) wins
  over both.

Every column that maps to no field is kept with the row (`extras`), never dropped. `leadsweep
inspect` prints these mappings before a run.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from transforms.core.dates import parse_date
from transforms.ingest.headers import FIELDS, map_headers, match_header

SAMPLE_ROWS = 500     # values typed per column
MIN_VALUES = 5        # fewer non-empty values than this say nothing about a column
CONTENT_SHARE = 0.8   # a column no header names is typed by content at this share of its values
REFUSE_SHARE = 0.3    # a header's field is refused when fewer of the values are of its kind

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE_CHARS = re.compile(r"^\+?[\d\s().\-/]+$")
_NUMBER = re.compile(r"^-?[\d.,\s]+$")
EXPECTS = {"email": "email", "phone": "phone", "mobile": "phone", "dob": "date", "contract_end": "date"}
# what a header's field puts up with: a phone column of bare short numbers is still a phone column
COMPATIBLE = {"email": ("email",), "phone": ("phone", "number"), "date": ("date", "number")}
BY_CONTENT = {"email": ("email",), "phone": ("phone", "mobile")}  # kind -> fields it can fill, in order
RAW_COLUMN = "_raw"  # a JSON line that was no object, as the reader keeps it (`readers.py`)
CONFIDENCE = {3: 0.9, 2: 0.75, 1: 0.55}  # header match strength -> confidence


def value_kind(value: str) -> str:
    """What one non-empty cell looks like: email, phone, date, number or text."""
    value = value.strip()
    if _EMAIL.match(value):
        return "email"
    digits = sum(c.isdigit() for c in value)
    if any(parse_date(value)[:2]) and not (value.startswith("+") or value.startswith("00")):
        return "date"
    if _PHONE_CHARS.match(value) and 7 <= digits <= 15 and (value.startswith("+") or not _NUMBER.match(value)
                                                           or digits >= 9):
        return "phone"
    if _NUMBER.match(value):
        return "number"
    return "text"


@dataclass(frozen=True)
class ContentType:
    """The kinds of a column's sampled values: {kind: share}, and how many values were typed."""
    shares: dict[str, float]
    values: int

    def share(self, kind: str) -> float:
        return self.shares.get(kind, 0.0) if self.values >= MIN_VALUES else 0.0

    @property
    def label(self) -> str:
        if not self.values:
            return "empty"
        kind, share = max(self.shares.items(), key=lambda kv: kv[1])
        return f"{kind} {share:.0%}"


def content_type(values: list[str | None]) -> ContentType:
    kinds = Counter(value_kind(v) for v in values if v and v.strip())
    n = sum(kinds.values())
    return ContentType({k: c / n for k, c in kinds.items()} if n else {}, n)


@dataclass(frozen=True)
class ColumnMapping:
    """How one column was mapped: its field (None: kept as an extra), a confidence, and why."""
    index: int
    header: str
    field: str | None
    confidence: float
    basis: str
    content: str
    samples: tuple[str, ...]


class ColumnsError(ValueError):
    """A `columns:` entry in --sources that names no column of the file or no field."""


def _overrides(header: list[str], given: dict | None, file: str) -> dict[int, str | None]:
    if not given:
        return {}
    if not isinstance(given, dict):
        raise ColumnsError(f"{file}: columns must map a header to a field, "
                           "e.g. columns: {Cognome: last_name}")
    index = {h.strip(): i for i, h in reversed(list(enumerate(header)))}
    fixed: dict[int, str | None] = {}
    for name, field in given.items():
        if str(name).strip() not in index:
            raise ColumnsError(f"{file}: columns names {name!r}, which is not a header of the file "
                               f"(headers: {', '.join(h for h in header if h)})")
        if field not in (None, "", "ignore") and field not in FIELDS:
            raise ColumnsError(f"{file}: columns maps {name!r} to {field!r}, which is not a field "
                               f"(fields: {', '.join(FIELDS)}, or null to keep it unmapped)")
        fixed[index[str(name).strip()]] = field if field in FIELDS else None
    return fixed


def map_columns(header: list[str], records: list[list[str]], given: dict | None = None,
                file: str = "") -> tuple[list[ColumnMapping], str | None]:
    """Every column of a file (its header and first records) mapped, and the header language.

    `given` is the file's `columns:` from --sources."""
    sample = records[:SAMPLE_ROWS]
    cells = [[r[i] if i < len(r) else "" for r in sample] for i in range(len(header))]
    types = [content_type(c) for c in cells]
    fixed = _overrides(header, given, file)
    refused: dict[int, str] = {}

    def accepts(index: int, field: str) -> bool:
        kind = EXPECTS.get(field)
        if kind and types[index].values >= MIN_VALUES and \
                sum(types[index].share(k) for k in COMPATIBLE[kind]) < REFUSE_SHARE:
            refused[index] = field
            return False
        return True

    mapping, language = map_headers(header, fixed, accepts)
    basis: dict[int, tuple[float, str]] = {}
    for index, field in mapping.items():
        if index in fixed:
            basis[index] = (1.0, "--sources columns")
            continue
        match = match_header(header[index])
        confidence = CONFIDENCE.get(match.strength, 0.5)
        kind = EXPECTS.get(field)
        if kind and types[index].share(kind) >= CONTENT_SHARE:
            share = types[index].share(kind)
            confidence, why = min(0.99, confidence + 0.09), f"header, and {share:.0%} {kind}s"
        else:
            why = {3: "header", 2: "header (decorated)", 1: "header (weak: no better column)"}[match.strength]
        basis[index] = (confidence, why)
    for kind, fields in BY_CONTENT.items():  # columns no header named, typed by their values
        for index in range(len(header)):
            share = types[index].share(kind)
            if index in mapping or index in fixed or share < CONTENT_SHARE or header[index] == RAW_COLUMN:
                continue
            free = [f for f in fields if f not in mapping.values()]
            if free:
                mapping[index] = free[0]
                basis[index] = (round(0.6 + 0.3 * (share - CONTENT_SHARE) / (1 - CONTENT_SHARE), 2),
                                f"content: {share:.0%} {kind}s")
    columns = []
    for index, name in enumerate(header):
        field = mapping.get(index)
        if field:
            confidence, why = basis[index]
        elif index in fixed:
            confidence, why = 1.0, "--sources columns: unmapped"
        elif index in refused:
            confidence, why = 0.0, f"header says {refused[index]}, but the values are {types[index].label}"
        else:
            confidence, why = 0.0, "no field: kept with the row"
        samples = tuple(dict.fromkeys(v.strip() for v in cells[index] if v and v.strip()))[:3]
        columns.append(ColumnMapping(index, name, field, round(confidence, 2), why, types[index].label,
                                     samples))
    return columns, language


def field_map(columns: list[ColumnMapping]) -> dict[int, str]:
    """{column index: field} of the mapped columns."""
    return {c.index: c.field for c in columns if c.field}
