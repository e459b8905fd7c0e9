"""Ingest: every input file becomes rows of `raw_rows` (one per data record, every value as text).

Headers are mapped to canonical fields, unmapped columns pass through as JSON `extras`, and each
file's default country is taken from `--sources`, else inferred and reported with its basis.
Files that cannot be read at all are returned as `rejected` with the reason.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import duckdb
import pyarrow as pa
import pyarrow.compute  # noqa: F401  (pa.compute)
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from transforms.core.countries import (
    LANGUAGE_REGIONS,
    NATIONAL_REGIONS,
    national_phone_country,
    normalise_country,
    phone_country,
)
from transforms.core.registers import known_register, registers
from transforms.core.store import TableSink
from transforms.ingest.columns import RAW_COLUMN, ColumnMapping, ColumnsError, field_map, map_columns
from transforms.ingest.headers import FIELDS, LANGUAGE_COUNTRY, join_order
from transforms.ingest.readers import MAX_FIELD_CHARS, SUFFIXES, Table, UnreadableFile, read_bytes, read_pieces

RAW_COLUMNS = ("source_file", "source_row", "country_default", *FIELDS, "extras", "row_problem")


@dataclass
class Ingested:
    rows: pa.Table | None  # None when the rows went to a sink as they were read
    rows_in: int = 0
    sources: list[dict] = field(default_factory=list)
    rejected: list[dict] = field(default_factory=list)

    def summary(self) -> IngestSummary:
        return IngestSummary(self.rows_in, self.sources, self.rejected)


@dataclass(frozen=True)
class IngestSummary:
    """What later stages need of the ingest once the rows are in the store (not the rows themselves)."""
    rows_in: int
    sources: list[dict]
    rejected: list[dict]


def collect_inputs(inputs: list[Path]) -> tuple[list[Path], list[dict]]:
    """Expand folders (recursively, skipping `_*` and hidden entries) into files; unsupported ones are rejected."""
    files, rejected = [], []
    for item in inputs:
        if item.is_dir():
            found = sorted(p for p in item.rglob("*") if p.is_file()
                           and not any(part.startswith(("_", ".")) for part in p.relative_to(item).parts))
        elif item.is_file():
            found = [item]
        else:
            rejected.append({"file": item.name, "reason": "no such file or folder"})
            continue
        for path in found:
            if path.suffix.lower() in SUFFIXES:
                files.append(path)
            else:
                rejected.append({"file": path.name, "reason": f"unsupported file type {path.suffix or '(none)'}; "
                                 "use csv, tsv, txt, xlsx, parquet, json or jsonl"})
    unique: dict[str, Path] = {}
    for path in files:
        if path.name in unique:
            rejected.append({"file": path.name, "reason": f"another input is also named {path.name}; rename one"})
        else:
            unique[path.name] = path
    return list(unique.values()), rejected


class SourcesError(ValueError):
    """A `--sources` file that is not what the tool reads; the message names the file, the entry and the key."""


class SourceEntry(BaseModel):
    """One file's entry in `--sources`: every key is optional but `file`; an unknown key is a typo."""
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, coerce_numbers_to_str=True)

    file: str
    source: str | None = None
    kind: str | None = None             # purchased, phone_book, web_form, event, referral, crm_export ...
    country: str | None = None          # the default country of the file's numbers and addresses
    cost_per_lead: float | None = Field(default=None, ge=0)
    columns: dict[str, str | None] | None = None  # header -> field (null: leave it unmapped)
    # a --dnc list: the register it is a reading of (it_rpo, uk_tps, uk_ctps, internal) and the day it was consulted
    dnc_register: str | None = Field(default=None, alias="register")  # (`register` is a BaseModel method)
    consulted: dt.date | None = None

    @field_validator("dnc_register")
    @classmethod
    def _known_register(cls, value: str | None) -> str | None:
        return known_register(value) if value is not None else None

    @model_validator(mode="after")
    def _consulted_when(self) -> SourceEntry:
        register = self.dnc_register
        if register and registers()[register].window_days is not None and self.consulted is None:
            raise ValueError(f"register {register} needs 'consulted: YYYY-MM-DD', the day the list was "
                             "checked against the register")
        return self


def load_source_settings(path: Path | None) -> dict[str, dict]:
    """`--sources` YAML: a list (or mapping) of per-file settings keyed by file name, checked against
    `SourceEntry`; raises `SourcesError` naming the first entry and key that is wrong."""
    if path is None:
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise SourcesError(f"{path.name} is not valid YAML ({type(exc).__name__}); "
                           "see the README for the --sources format") from None
    items = data.get("sources", data) if isinstance(data, dict) else data
    if isinstance(items, dict):
        items = [{"file": name, **(value or {})} if isinstance(value, (dict, type(None)))
                 else {"file": name, "?": value} for name, value in items.items()]
    if not isinstance(items, list):
        raise SourcesError(f"{path.name}: expected a list of files under 'sources:', e.g. "
                           "sources: [{file: list.csv, source: Vendor X, kind: purchased, country: IT}]")
    settings = {}
    for number, item in enumerate(items, start=1):
        named = f" ({item['file']})" if isinstance(item, dict) and "file" in item else ""
        where = f"{path.name}, entry {number}{named}"
        if not isinstance(item, dict):
            raise SourcesError(f"{where}: expected keys such as file, source, kind, country, cost_per_lead")
        try:
            entry = SourceEntry.model_validate(item)
        except ValidationError as exc:
            raise SourcesError(f"{where}: {_first_problem(exc)}") from None
        settings[Path(entry.file).name] = entry.model_dump(exclude_none=True, by_alias=True)
    return settings


def _first_problem(exc: ValidationError) -> str:
    error = exc.errors()[0]
    key = ".".join(str(part) for part in error["loc"]) or "entry"
    if error["type"] == "extra_forbidden":
        known = ", ".join(f.alias or name for name, f in SourceEntry.model_fields.items())
        return f"unknown key {key!r} (the keys are {known})"
    if error["type"] == "missing":
        return f"{key!r} is missing"
    message = error["msg"].removeprefix("Value error, ")
    if not error["loc"]:  # a rule over several keys
        return message
    return f"{key} {error['input']!r}: {message[:1].lower() + message[1:]}"


def infer_country(table: Table, mapping: dict[int, str], language: str | None) -> tuple[str | None, str]:
    """A file's default country from its country column, its phone prefixes, the numbering plan its national
    phone numbers fit, else its header language."""
    by_field = {f: i for i, f in mapping.items()}
    sample = table.records[:2000]
    if "country" in by_field:
        codes = Counter(normalise_country(_cell(r, by_field["country"])) for r in sample)
        codes.pop(None, None)
        if codes and codes.most_common(1)[0][1] >= 0.5 * sum(codes.values()):
            return codes.most_common(1)[0][0], "country column"
    phones = Counter()
    for name in ("phone", "mobile"):
        if name in by_field:
            phones.update(phone_country(_cell(r, by_field[name])) for r in sample)
    phones.pop(None, None)
    if phones and phones.most_common(1)[0][1] >= 0.6 * sum(phones.values()) and sum(phones.values()) >= 3:
        return phones.most_common(1)[0][0], "phone prefixes"
    # numbers written the national way, under a header language several countries write (or none): the region
    # whose numbering reads them ("310/246-1501" is American under an English header), the first where it reads
    # them as well
    if language in LANGUAGE_REGIONS or language not in LANGUAGE_COUNTRY:
        national = [_cell(r, by_field[name]) for name in ("phone", "mobile") if name in by_field for r in sample]
        region = national_phone_country(national, LANGUAGE_REGIONS.get(language, NATIONAL_REGIONS))
        if region:
            return region, "national phone numbering"
    if language in LANGUAGE_COUNTRY:
        return LANGUAGE_COUNTRY[language], f"header language ({language})"
    return None, "unknown: phones must carry their country code"


def _cell(record: list[str], index: int) -> str:
    return record[index] if index < len(record) else ""


def column_cells(records: list[list[str]], index: int | None) -> list[str | None]:
    """Column `index` of `records` as the store keeps it: each cell stripped, None when it is empty or
    the record too short (all None when `index` is None: the file has no such column)."""
    if index is None:
        return [None] * len(records)
    if min(map(len, records), default=0) > index:
        return [r[index].strip() or None for r in records]
    return [(r[index].strip() or None) if len(r) > index else None for r in records]


def table_to_rows(name: str, table: Table, mapping: dict[int, str], country: str | None,
                  first_row: int = 1) -> dict[str, list]:
    """Columns of `raw_rows` for one file (or a piece of it starting at record `first_row`): mapped
    fields, extras as JSON, row problems."""
    n = len(table.records)
    columns: dict[str, list] = {c: [None] * n for c in RAW_COLUMNS}
    columns["source_file"] = [name] * n
    columns["source_row"] = list(range(first_row, first_row + n))
    columns["country_default"] = [country] * n
    width = len(table.header)
    for fieldname in dict.fromkeys(mapping.values()):  # the parts of an address: number and street, then line 2
        indices = sorted((i for i, f in mapping.items() if f == fieldname),
                         key=lambda i: (join_order(table.header[i]), i))
        parts = [column_cells(table.records, i) for i in indices]
        columns[fieldname] = parts[0] if len(parts) == 1 else \
            [" ".join(p for p in cells if p) or None for cells in zip(*parts, strict=True)]
    unmapped = [i for i in range(width) if i not in mapping]
    names = _unique_names([table.header[i] or f"column_{i + 1}" for i in unmapped])
    for row_index, record in enumerate(table.records):
        extra = {names[k]: record[i] for k, i in enumerate(unmapped) if i < len(record) and record[i].strip()}
        extra.update({f"column_{i + 1}": v for i, v in enumerate(record[width:], start=width) if v.strip()})
        if extra:
            columns["extras"][row_index] = json.dumps(extra, ensure_ascii=False)
    for row_index, problem in table.problems.items():
        columns["row_problem"][row_index] = problem
    _cut_long_cells(table, columns)
    return columns


def _cut_long_cells(table: Table, columns: dict[str, list]) -> None:
    """Cut every value of `columns` longer than MAX_FIELD_CHARS and say so in the row's problem (the row is
    quarantined with it). Only the rare record with a long cell is looked at cell by cell."""
    long_rows = [i for i, record in enumerate(table.records) if max(map(len, record), default=0) > MAX_FIELD_CHARS]
    for i in long_rows:
        too_long = {}
        for name in FIELDS:
            value = columns[name][i]
            if value is not None and len(value) > MAX_FIELD_CHARS:
                too_long[name] = len(value)
                columns[name][i] = value[:MAX_FIELD_CHARS]
        if columns["extras"][i] is not None:
            extras = json.loads(columns["extras"][i])
            for name, value in extras.items():
                if len(value) > MAX_FIELD_CHARS:
                    too_long[name] = len(value)
                    extras[name] = value[:MAX_FIELD_CHARS]
            columns["extras"][i] = json.dumps(extras, ensure_ascii=False)
        if too_long:
            what = ", ".join(f"{name} ({chars:,} characters)" for name, chars in too_long.items())
            columns["row_problem"][i] = f"field too long: {what}, over the {MAX_FIELD_CHARS:,} allowed " \
                                        "(LEADSWEEP_MAX_FIELD_CHARS); cut"


def _unique_names(names: list[str]) -> list[str]:
    seen: Counter = Counter()
    out = []
    for name in names:
        seen[name] += 1
        out.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return out


class RowSink(Protocol):
    """Where ingested rows go, piece by piece (`staging.RawRows` puts them in the store)."""

    def append(self, rows: pa.Table) -> None: ...

    def discard(self, source_file: str) -> None: ...  # a file that failed part-way: forget its rows


class _Collect:
    def __init__(self):
        self.parts: list[pa.Table] = []

    def append(self, rows: pa.Table) -> None:
        self.parts.append(rows)

    def discard(self, source_file: str) -> None:
        self.parts = [p.filter(pa.compute.not_equal(p["source_file"], source_file)) for p in self.parts]

    def table(self) -> pa.Table:
        return pa.concat_tables(self.parts) if self.parts else RAW_SCHEMA.empty_table()


def ingest(inputs: list[Path], sources_file: Path | None = None, sink: RowSink | None = None) -> Ingested:
    """Read every input; one bad file is rejected with its reason and never stops the others.

    With a `sink`, each piece of rows goes to it as soon as it is read (and `rows` is None), so memory
    holds one piece of one file at a time; without one, the rows are returned as one table.
    """
    files, rejected = collect_inputs(inputs)
    settings = load_source_settings(sources_file)
    target = sink or _Collect()
    sources, rows_in = [], 0
    for path in files:
        try:
            source = _ingest_file(path, settings.get(path.name, {}), target)
        except Exception as exc:  # a bad file never sinks the run (contract invariant 5)
            target.discard(path.name)
            reason = str(exc) if isinstance(exc, (UnreadableFile, ColumnsError)) else \
                f"could not be read ({type(exc).__name__})"
            rejected.append({"file": path.name, "reason": reason})
            continue
        sources.append(source)
        rows_in += source["rows"]
    return Ingested(None if sink else target.table(), rows_in, sources, rejected)


@dataclass
class FilePlan:
    """How one file will be read: its first piece, the pieces after it, and what was decided from the
    first (column mapping, header language, default country and why)."""
    path: Path
    sha256: str
    first: Table
    rest: object  # iterator of the following pieces
    columns: list[ColumnMapping]
    language: str | None
    country: str | None
    country_basis: str

    @property
    def mapping(self) -> dict[int, str]:
        return field_map(self.columns)

    def pieces(self):
        yield self.first
        yield from self.rest


def plan_file(path: Path, given: dict) -> FilePlan:
    """Open one file and decide, from its first piece and its `--sources` entry, how to read it."""
    raw = read_bytes(path)
    sha = hashlib.sha256(raw).hexdigest()
    chunks = read_pieces(path, raw)
    del raw
    first = next(chunks)
    columns, language = map_columns(first.header, first.records, given.get("columns"), path.name)
    country, basis = infer_country(first, field_map(columns), language)
    if given.get("country"):
        country, basis = normalise_country(str(given["country"])) or country, "--sources"
    return FilePlan(path, sha, first, chunks, columns, language, country, basis)


def _ingest_file(path: Path, given: dict, sink: RowSink) -> dict:
    """Read one file piece by piece into `sink`; returns its source record."""
    plan = plan_file(path, given)
    mapping, first = plan.mapping, plan.first
    n = 0
    for table in plan.pieces():
        sink.append(pa.table(table_to_rows(path.name, table, mapping, plan.country, n + 1), schema=RAW_SCHEMA))
        n += len(table.records)
    header = first.header
    return {
        "source_file": path.name,
        "source": given.get("source") or path.stem,
        "kind": given.get("kind") or "unknown",
        "cost_per_lead": given.get("cost_per_lead"),
        "sha256": plan.sha256,
        "format": path.suffix.lower().lstrip("."),
        "encoding": first.encoding,
        "delimiter": first.delimiter,
        "header_language": plan.language,
        "default_country": plan.country,
        "country_basis": plan.country_basis,
        "rows": n,
        "mapped_columns": {header[i]: f for i, f in mapping.items()},
        "unmapped_columns": [h for i, h in enumerate(header) if i not in mapping and h != RAW_COLUMN],
        "column_mapping": [{"header": c.header, "field": c.field, "confidence": c.confidence, "basis": c.basis}
                           for c in plan.columns if c.header != RAW_COLUMN],
    }


RAW_SCHEMA = pa.schema([(c, pa.int64() if c == "source_row" else pa.string()) for c in RAW_COLUMNS])


def register_sources(con, ingested: Ingested, run_id: str) -> None:
    """This run's sources as `run_sources`, and appended to the store's `source_files` history."""
    import pandas as pd

    frame = pd.DataFrame(ingested.sources, columns=[
        "source_file", "source", "kind", "cost_per_lead", "sha256", "default_country", "country_basis", "rows"])
    frame["cost_per_lead"] = pd.to_numeric(frame["cost_per_lead"], errors="coerce")
    con.register("run_sources_df", frame)
    con.execute("create or replace table run_sources as select * from run_sources_df")
    con.unregister("run_sources_df")
    con.execute("""
        insert into source_files by name
        select source_file, sha256, $run_id as run_id, source, kind, cost_per_lead, default_country, rows,
               now() as read_at
        from run_sources
    """, {"run_id": run_id})


class RawRows(TableSink):
    """`RowSink` into the store: this run's `raw_rows`, filled piece by piece as files are read."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        super().__init__(con, "raw_rows", RAW_SCHEMA)

    def discard(self, source_file: str) -> None:
        self.con.execute("delete from raw_rows where source_file = $f", {"f": source_file})

    def count(self) -> int:
        return self.con.execute("select count(*) from raw_rows").fetchone()[0]


def load_raw_rows(con: duckdb.DuckDBPyConnection, raw_rows: pa.Table) -> int:
    """Store the ingested rows as table `raw_rows`."""
    sink = RawRows(con)
    sink.append(raw_rows)
    return sink.count()
