"""Suppression lists: do-not-call numbers and CRM customers, loaded as `dnc_numbers` and `customers`.

Both are read with the same readers and header mapping as lead lists, so a DNC list may be a CSV
of numbers in any format and a CRM export may have Italian or Bulgarian headers.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb
import rphonenumbers as phonenumbers  # the same backend as transforms.normalise
import pyarrow as pa

from transforms.headers import fold_header, map_headers
from transforms.ingest import infer_country
from transforms.normalise import (
    name_key, normalise_company, normalise_email, normalise_name, normalise_phone, normalise_country,
)
from transforms.readers import UnreadableFile, read_table

OUTCOME_HEADERS = {"outcome", "esito", "stato", "status", "результат", "резултат", "статус", "hasil", "stage"}


class BadSuppressionList(Exception):
    """A suppression list could not be read; running without it would call people who must not be called."""


# The code that turns a list into rows: a kept store reuses a list's rows only if it is unchanged too.
_READING_CODE = [Path(__file__), Path(__file__).with_name("normalise.py"), Path(__file__).with_name("headers.py")]


def _fingerprint(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in [*parts, *(p.read_text(encoding="utf-8") for p in _READING_CODE)]:
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


def _reuse(con: duckdb.DuckDBPyConnection, table: str, fingerprint: str) -> dict | list | None:
    """What loading `table` returned last time, if the store still holds it from the same lists and code
    (a nightly run against a kept store reads the same CRM export and DNC lists night after night)."""
    con.execute("create table if not exists suppression_loads (target varchar, fingerprint varchar, info json)")
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


def _read(path: Path):
    try:
        return read_table(path, path.read_bytes())
    except (OSError, UnreadableFile) as exc:
        raise BadSuppressionList(f"cannot read {path.name}: {exc}") from None


def run_countries(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The default countries of this run's lead files (empty before any file is registered)."""
    try:
        rows = con.execute("select distinct default_country from run_sources where default_country is not null "
                           "order by 1").fetchall()
    except duckdb.CatalogException:
        return []
    return [r[0] for r in rows]


def dnc_readings(raw: str, countries: list[str]) -> set[str]:
    """Every E.164 number a DNC entry can be: one if it carries its country code, else one per country
    in which it is a valid national number (a list of mixed countries rarely says whose `087 ...` it is,
    and scrubbing a number too many is the safe mistake)."""
    text = raw.strip()
    if text.startswith(("+", "00")):
        countries = countries[:1]
    readings = (normalise_phone(text, country) for country in countries or [None])
    return {phone.e164 for phone in readings if phone.is_valid}


def national_digits(e164: str) -> str:
    """The national significant number without leading zeros (+390240084396 -> 240084396), to match
    a lead's number that could not be read because its row did not say its country."""
    return phonenumbers.national_significant_number(phonenumbers.parse(e164)).lstrip("0")


def load_dnc(con: duckdb.DuckDBPyConnection, paths: list[Path]) -> list[dict]:
    """Every number of every DNC list in `dnc_numbers(e164, national, list_name)`; returns what was scrubbed.

    National numbers are read in the list's own country and in every country the run's lead files
    come from."""
    shas = [_sha256(path) for path in paths]
    fingerprint = _fingerprint("dnc", *run_countries(con), *(f"{p.name}:{sha}" for p, sha in zip(paths, shas)))
    reused = _reuse(con, "dnc_numbers", fingerprint)
    if reused is not None:
        return reused
    e164s, names, scrubbed = [], [], []
    for path, sha in zip(paths, shas):
        table = _read(path)
        mapping, language = map_headers(table.header)
        columns = [i for i, f in mapping.items() if f in ("phone", "mobile")] or [0]
        country, _ = infer_country(table, mapping, language)
        countries = list(dict.fromkeys([c for c in [country, *run_countries(con)] if c]))
        valid = 0
        for record in table.records:
            for i in columns:
                if i < len(record) and record[i].strip():
                    readings = dnc_readings(record[i], countries)
                    e164s += readings
                    names += [path.name] * len(readings)
                    valid += bool(readings)
        scrubbed.append({"file": path.name, "sha256": sha, "numbers": valid, "rows": len(table.records),
                         "read_in_countries": countries})
    con.register("dnc_arrow", pa.table({"e164": pa.array(e164s, pa.string()),
                                        "national": pa.array([national_digits(n) for n in e164s], pa.string()),
                                        "list_name": pa.array(names, pa.string())}))
    con.execute("create or replace table dnc_numbers as select distinct * from dnc_arrow")
    con.unregister("dnc_arrow")
    _remember(con, "dnc_numbers", fingerprint, scrubbed)
    return scrubbed


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


def _load_crm_history(con: duckdb.DuckDBPyConnection, path: Path | None, sha: str) -> dict | None:
    rows: list[dict] = []
    info = None
    if path is not None:
        table = _read(path)
        mapping, language = map_headers(table.header)
        outcome_col = next((i for i, h in enumerate(table.header) if fold_header(h) in OUTCOME_HEADERS), None)
        if outcome_col is None:
            raise BadSuppressionList(f"{path.name} has no outcome column (customer / won / lost)")
        by_field = {f: i for i, f in mapping.items()}
        default_country, _ = infer_country(table, mapping, language)

        def cell(record, fieldname):
            i = by_field.get(fieldname)
            return record[i].strip() if i is not None and i < len(record) and record[i].strip() else None

        for record in table.records:
            country = normalise_country(cell(record, "country")) or default_country
            name = normalise_name(cell(record, "first_name"), cell(record, "last_name"), cell(record, "full_name"), None)
            phone = normalise_phone(cell(record, "phone") or cell(record, "mobile"), country)
            company = normalise_company(cell(record, "company"))
            rows.append({
                "outcome": (record[outcome_col].strip().lower() if outcome_col < len(record) else ""),
                "email": normalise_email(cell(record, "email")).email,
                "phone_e164": phone.e164,
                "name_key": name_key(name.first_name, name.last_name) or None,
                "company_key": company.company_key or None,
                "country": country,
                "industry": cell(record, "industry"),
                "employees": cell(record, "employees"),
                "job_title": cell(record, "job_title"),
            })
        info = {"file": path.name, "sha256": sha, "rows": len(rows),
                "customers": sum(r["outcome"] == "customer" for r in rows)}
    schema = pa.schema([(c, pa.string()) for c in ("outcome", "email", "phone_e164", "name_key", "company_key",
                                                    "country", "industry", "employees", "job_title")])
    con.register("customers_arrow", pa.Table.from_pylist(rows, schema=schema))
    con.execute("create or replace table crm_history as select * from customers_arrow")
    con.unregister("customers_arrow")
    return info
