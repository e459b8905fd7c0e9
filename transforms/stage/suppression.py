"""Suppression lists: do-not-call numbers and CRM customers, loaded as `dnc_numbers` and `customers`.

Both are read with the same readers and header mapping as lead lists, so a DNC list may be a CSV
of numbers in any format and a CRM export may have Italian or Bulgarian headers. Like a lead list, a
file is read in pieces into a store table of its cells as text; each distinct value is normalised
once (`staging.build_lookup`, spread over the cores for big lists) and the tables are built in SQL
(`sql/05_crm_history.sql`, `sql/07_dnc_numbers.sql`).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator
from functools import partial
from itertools import chain
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from transforms.core import forgotten, registers, text
from transforms.core.countries import phonenumbers  # one phone backend for lists and suppression
from transforms.core.store import TableSink, materialise, model_path, sql_text
from transforms.ingest import headers, lists, readers
from transforms.ingest.headers import OUTCOME_HEADERS, fold_header, map_headers
from transforms.ingest.lists import column_cells, infer_country
from transforms.ingest.readers import Table, UnreadableFile, read_pieces
from transforms.stage import normalise, staging
from transforms.stage.normalise import normalise_phone
from transforms.stage.staging import (
    COMPANY_COLUMNS,
    COUNTRY_COLUMNS,
    EMAIL_COLUMNS,
    LOWER_COLUMNS,
    NAME_COLUMNS,
    PHONE_COLUMNS,
    build_lookup,
    company_row,
    country_row,
    email_row,
    lower_row,
    name_row,
    phone_row,
)


class BadSuppressionList(Exception):
    """A suppression list could not be read; running without it would call people who must not be called."""


# The code that turns a list into rows: a kept store reuses a list's rows only if it is unchanged too.
_READING_CODE = [Path(module.__file__) for module in (normalise, headers, lists, staging, readers, text)] + [
    Path(__file__), *map(model_path, ("crm_history", "dnc_cell_readings", "dnc_numbers"))]


def _fingerprint(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in [*parts, *(p.read_text(encoding="utf-8") for p in _READING_CODE)]:
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


def _reuse(con: duckdb.DuckDBPyConnection, table: str, fingerprint: str) -> dict | list | None:
    """What loading `table` returned last time, if the store still holds it from the same lists and code
    (a nightly run against a kept store reads the same CRM export and DNC lists night after night)."""
    found = con.execute("""
        select info from suppression_loads s join information_schema.tables t on t.table_name = s.target
        where s.target = $t and s.fingerprint = $f
    """, {"t": table, "f": fingerprint}).fetchall()
    return json.loads(found[0][0]) if found else None


def _remember(con: duckdb.DuckDBPyConnection, table: str, fingerprint: str, info: dict | list | None) -> None:
    con.execute("delete from suppression_loads where target = $t", {"t": table})
    con.execute("insert into suppression_loads values ($t, $f, $i)",
                {"t": table, "f": fingerprint, "i": json.dumps(info)})


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        raise BadSuppressionList(f"cannot read {path.name}: {exc}") from None


def _read(path: Path) -> Iterator[Table]:
    """The file's records in pieces (`readers.read_pieces`); BadSuppressionList when it cannot be read."""
    try:
        yield from read_pieces(path)  # within the size limit (readers.read_bytes)
    except (OSError, UnreadableFile) as exc:
        raise BadSuppressionList(f"cannot read {path.name}: {exc}") from None


def _open(path: Path) -> tuple[Table, Iterator[Table]]:
    """The file's first piece (for its header and default country) and all its pieces, that one included."""
    pieces = _read(path)
    first = next(pieces)
    return first, chain([first], pieces)


def _fill(sink: TableSink, pieces: Iterator[Table], rows_of: Callable[[Table, int], pa.Table]) -> int:
    """Append `rows_of(piece, records before it)` of each piece to `sink`; returns the records read."""
    n = 0
    for piece in pieces:
        sink.append(rows_of(piece, n))
        n += len(piece.records)
    return n


def _drop(con: duckdb.DuckDBPyConnection, *tables: str) -> None:
    for table in tables:
        con.execute(f"drop table if exists {table}")


def run_countries(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The default countries of this run's lead files (empty before any file is registered)."""
    try:
        rows = con.execute("select distinct default_country from run_sources where default_country is not null "
                           "order by 1").fetchall()
    except duckdb.CatalogException:
        return []
    return [r[0] for r in rows]


def dnc_reading(raw: str, country: str | None) -> str | None:
    """The E.164 number a DNC cell is when read in `country` (None: without one), or None when it is no
    valid number there. Which countries a cell is read in is `sql/06_dnc_cell_readings.sql`'s business: every
    country of its list when national (a list of mixed countries rarely says whose `087 ...` it is, and
    scrubbing a number too many is the safe mistake), the list's first when it carries `+` or `00`."""
    phone = normalise_phone(raw.strip(), country or None)
    return phone.e164 if phone.is_valid else None


def national_digits(e164: str) -> str:
    """The national significant number without leading zeros (+390240084396 -> 240084396), to match
    a lead's number that could not be read because its row did not say its country."""
    return phonenumbers.national_significant_number(phonenumbers.parse(e164)).lstrip("0")


def _reading_row(args):
    """A DNC cell read in one country ('' for none): the cell, the country, its E.164 reading and that
    number's national digits (both None when it is no valid number there)."""
    raw, country = args
    e164 = dnc_reading(raw, country)
    return (raw, country, e164, national_digits(e164) if e164 else None)


DNC_CELLS_SCHEMA = pa.schema([("list_no", pa.int32()), ("cell", pa.string())])
DNC_LISTS_SCHEMA = pa.schema([("list_no", pa.int32()), ("list_name", pa.string()),
                              ("countries", pa.string())])  # ISO codes, space-separated
READING_COLUMNS = [("raw", "VARCHAR"), ("country", "VARCHAR"), ("e164", "VARCHAR"), ("national", "VARCHAR")]
_DNC_TABLES = ("dnc_cells", "dnc_lists", "dnc_new_readings")  # the load's own; dropped after it
DNC_READINGS = "dnc_readings"  # every (cell, country) a DNC list was read in, kept across runs


def _dnc_cells(list_no: int, columns: list[int], piece: Table, _before: int) -> pa.Table:
    """The non-empty cells of a DNC list's phone `columns` in one piece of it, for `dnc_cells`."""
    values = pa.array([cell for i in columns for cell in column_cells(piece.records, i)], pa.string())
    values = values.filter(pc.is_valid(values))
    return pa.table({"list_no": pa.array([list_no] * len(values), pa.int32()), "cell": values},
                    schema=DNC_CELLS_SCHEMA)


def _read_new_cells(con: duckdb.DuckDBPyConnection) -> None:
    """Add to `dnc_readings` the (cell, country) pairs of this load's lists that no earlier load read (a
    nightly run whose lists come from other countries than last night's reads only what is new); the
    readings are dropped whenever the code that reads them changes."""
    if _reuse(con, DNC_READINGS, _fingerprint(DNC_READINGS)) is None:
        con.execute(f"create or replace table {DNC_READINGS} "
                    f"({', '.join(f'{name} {kind}' for name, kind in READING_COLUMNS)})")
        _remember(con, DNC_READINGS, _fingerprint(DNC_READINGS), {"columns": [c for c, _ in READING_COLUMNS]})
    con.execute(f"create or replace temp view dnc_cell_readings as {sql_text('dnc_cell_readings')}")
    build_lookup(con, "dnc_new_readings", "select distinct cell, country from dnc_cell_readings where not known",
                 _reading_row, READING_COLUMNS)
    con.execute(f"insert into {DNC_READINGS} select * from dnc_new_readings")


STALE_REGISTERS_DDL = """create or replace table stale_registers (
    register varchar, country varchar, calling_code varchar, list_name varchar, consulted date, window_days integer)"""


def _check_registers(con: duckdb.DuckDBPyConnection, paths: list[Path], source_settings: dict[str, dict],
                     as_of: dt.date) -> list[dict]:
    """Which register each DNC list is a reading of (its `--sources` entry) and whether the reading is stale
    at `as_of` (`registers.reading`); the stale ones, with the country and calling code whose numbers they
    cover, go to table `stale_registers`, which sets those leads aside (`lead_dispositions`)."""
    readings = []
    for path in paths:
        given = source_settings.get(path.name, {})
        readings.append(registers.reading(path.name, given.get("register"), given.get("consulted"), as_of))
    con.execute(STALE_REGISTERS_DDL)
    for r in (r for r in readings if r["stale"]):
        con.execute("insert into stale_registers values ($register, $country, $code, $file, $consulted, $window)",
                    {"register": r["register"], "country": r["register_country"], "file": r["file"],
                     "code": f"+{phonenumbers.country_code_for_region(r['register_country'])}",
                     "consulted": r["consulted"], "window": r["window_days"]})
    return readings


def load_dnc(con: duckdb.DuckDBPyConnection, paths: list[Path], source_settings: dict[str, dict] | None = None,
             as_of: dt.date | None = None) -> list[dict]:
    """Every number of every DNC list in `dnc_numbers(e164, national, list_name)`, and the stale register
    readings among the lists in `stale_registers` (`_check_registers`, by `source_settings` at `as_of`);
    returns what was scrubbed, each list with its register reading.

    National numbers are read in the list's own country and in every country the run's lead files
    come from."""
    readings = _check_registers(con, paths, source_settings or {}, as_of or dt.date.today())
    return [{**scrubbed, **reading} for scrubbed, reading in zip(_load_dnc_numbers(con, paths), readings, strict=True)]


def _load_dnc_numbers(con: duckdb.DuckDBPyConnection, paths: list[Path]) -> list[dict]:
    shas = [_sha256(path) for path in paths]
    run = run_countries(con)
    fingerprint = _fingerprint("dnc", *run, *(f"{p.name}:{sha}" for p, sha in zip(paths, shas, strict=True)))
    reused = _reuse(con, "dnc_numbers", fingerprint)
    if reused is not None:
        return reused
    scrubbed = []
    try:
        cells = TableSink(con, "dnc_cells", DNC_CELLS_SCHEMA)
        lists = TableSink(con, "dnc_lists", DNC_LISTS_SCHEMA)
        for list_no, (path, sha) in enumerate(zip(paths, shas, strict=True)):
            first, pieces = _open(path)
            mapping, language = map_headers(first.header)
            columns = [i for i, f in mapping.items() if f in ("phone", "mobile")] or [0]
            country, _ = infer_country(first, mapping, language)
            del first
            countries = list(dict.fromkeys([c for c in [country, *run] if c]))
            rows = _fill(cells, pieces, partial(_dnc_cells, list_no, columns))
            lists.append(pa.Table.from_pylist([{"list_no": list_no, "list_name": path.name,
                                                "countries": " ".join(countries)}],
                                              schema=DNC_LISTS_SCHEMA))
            scrubbed.append({"file": path.name, "sha256": sha, "numbers": 0, "rows": rows,
                             "read_in_countries": countries})
        _read_new_cells(con)
        numbers = dict(con.execute("""
            select list_no, count(*) from dnc_cells
            semi join (select list_no, cell from dnc_cell_readings where e164 is not null) using (list_no, cell)
            group by list_no
        """).fetchall())  # cells with at least one valid reading
        for list_no, item in enumerate(scrubbed):
            item["numbers"] = numbers.get(list_no, 0)
        materialise(con, "dnc_numbers")
    finally:
        con.execute("drop view if exists dnc_cell_readings")
        _drop(con, *_DNC_TABLES)
    _remember(con, "dnc_numbers", fingerprint, scrubbed)
    return scrubbed


FORGOTTEN_SCHEMA = pa.schema([("kind", pa.string()), ("value", pa.string()), ("digest", pa.string())])


def mark_forgotten(con: duckdb.DuckDBPyConnection, store: Path) -> int:
    """`forgotten_rows(row_id)`: this run's rows holding an e-mail or phone of someone `forget` erased (their
    HMAC is on the store's `forgotten` list); returns how many. Such a lead goes to do_not_call as `forgotten`."""
    con.execute("create or replace table forgotten_rows (row_id bigint)")
    if not con.execute("select count(*) from forgotten").fetchone()[0]:
        return 0
    key = forgotten.load_key(store)
    if key is None:
        raise BadSuppressionList(f"the store's forgotten list needs its key, {forgotten.key_path(store)} (or "
                                 f"{forgotten.KEY_ENV}); restore it, or the people it erased could be called")
    contacts = con.execute(forgotten.contacts_sql("select * from stg_leads")).fetchall()
    hashed = pa.Table.from_pylist([{"kind": k, "value": v, "digest": forgotten.digest(key, k, v)} for k, v in contacts],
                                  schema=FORGOTTEN_SCHEMA)
    con.register("contact_digests", hashed)
    try:
        con.execute("""
            insert into forgotten_rows
            select distinct s.row_id from stg_leads s
            join (contact_digests c semi join forgotten f using (kind, digest))
              on (c.kind = 'email' and c.value = s.email)
              or (c.kind = 'phone' and c.value in (s.phone_e164, s.mobile_e164))
        """)
    finally:
        con.unregister("contact_digests")
    return con.execute("select count(*) from forgotten_rows").fetchone()[0]


def load_customers(con: duckdb.DuckDBPyConnection, path: Path | None) -> dict | None:
    """CRM rows as `crm_history(outcome, email, phone_e164, name_key, company_key, ...)`, values
    normalised, and its customers as `customers`."""
    sha = _sha256(path) if path is not None else ""
    fingerprint = _fingerprint("customers", path.name if path else "", sha)
    info = _reuse(con, "crm_history", fingerprint)
    if info is None:
        info = _load_crm_history(con, path, sha)
        _remember(con, "crm_history", fingerprint, info)
    con.execute("create or replace table customers as select * from crm_history where outcome = 'customer'")
    return info


# The cells of a CRM export `crm_raw` keeps, besides its outcome (a CRM's honorific column is not read)
CRM_FIELDS = ("country", "first_name", "last_name", "full_name", "phone", "mobile", "email", "company",
              "industry", "employees", "job_title")
CRM_RAW_SCHEMA = pa.schema([("record", pa.int64()), ("country_default", pa.string()),
                            ("outcome", pa.string()), *((f, pa.string()) for f in CRM_FIELDS)])

# (lookup, distinct values of crm_raw, per-value function, its columns), built in this order
_CRM_LOOKUPS = [
    ("crm_norm_countries", "select distinct country from crm_raw where country is not null", country_row,
     COUNTRY_COLUMNS),
    ("crm_norm_phones",
     """select distinct coalesce(r.phone, r.mobile), coalesce(nc.iso, r.country_default)
        from crm_raw r left join crm_norm_countries nc on nc.raw = r.country
        where coalesce(r.phone, r.mobile) is not null""",
     phone_row, PHONE_COLUMNS),
    ("crm_norm_emails", "select distinct email from crm_raw where email is not null", email_row,
     EMAIL_COLUMNS),
    ("crm_norm_names",
     """select distinct first_name, last_name, full_name, null::varchar as honorific from crm_raw
        where coalesce(first_name, last_name, full_name) is not null""",
     name_row, NAME_COLUMNS),
    ("crm_norm_companies", "select distinct company from crm_raw where company is not null", company_row,
     COMPANY_COLUMNS),
    ("crm_norm_outcomes", "select distinct outcome from crm_raw where outcome is not null", lower_row,
     LOWER_COLUMNS),
]


def _load_crm_history(con: duckdb.DuckDBPyConnection, path: Path | None, sha: str) -> dict | None:
    """Read the export into `crm_raw` piece by piece, normalise its distinct values and build
    `crm_history` (`sql/05_crm_history.sql`); without an export, `crm_history` is empty."""
    pieces: Iterator[Table] = iter([])
    outcome_col, by_field, default_country = None, {}, None
    if path is not None:
        first, pieces = _open(path)
        mapping, language = map_headers(first.header)
        outcome_col = next((i for i, h in enumerate(first.header) if fold_header(h) in OUTCOME_HEADERS), None)
        if outcome_col is None:
            raise BadSuppressionList(f"{path.name} has no outcome column (customer / won / lost)")
        by_field = {f: i for i, f in mapping.items()}
        default_country, _ = infer_country(first, mapping, language)
        del first

    def rows_of(piece: Table, before: int) -> pa.Table:
        k = len(piece.records)
        return pa.table({
            "record": pa.array(range(before, before + k), pa.int64()),
            "country_default": pa.array([default_country] * k, pa.string()),
            "outcome": column_cells(piece.records, outcome_col),
            **{f: column_cells(piece.records, by_field.get(f)) for f in CRM_FIELDS},
        }, schema=CRM_RAW_SCHEMA)

    try:
        n = _fill(TableSink(con, "crm_raw", CRM_RAW_SCHEMA), pieces, rows_of)
        for table_name, query, func, columns in _CRM_LOOKUPS:
            build_lookup(con, table_name, query, func, columns)
        materialise(con, "crm_history")
        customers = con.execute("select count(*) from crm_history where outcome = 'customer'").fetchone()[0]
    finally:
        _drop(con, "crm_raw", *(lookup[0] for lookup in _CRM_LOOKUPS))
    return None if path is None else {"file": path.name, "sha256": sha, "rows": n, "customers": customers}
