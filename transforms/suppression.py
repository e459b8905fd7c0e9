"""Suppression lists: do-not-call numbers and CRM customers, loaded as `dnc_numbers` and `customers`.

Both are read with the same readers and header mapping as lead lists, so a DNC list may be a CSV
of numbers in any format and a CRM export may have Italian or Bulgarian headers.
"""
from __future__ import annotations

import hashlib
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


def _read(path: Path):
    try:
        raw = path.read_bytes()
        return read_table(path, raw), hashlib.sha256(raw).hexdigest()
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
    e164s, names, scrubbed = [], [], []
    for path in paths:
        table, sha = _read(path)
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
    return scrubbed


def load_customers(con: duckdb.DuckDBPyConnection, path: Path | None) -> dict | None:
    """CRM rows as `customers(outcome, email, phone_e164, name_key, company_key, ...)`, values normalised."""
    rows: list[dict] = []
    info = None
    if path is not None:
        table, sha = _read(path)
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
    con.execute("create or replace table customers as select * from crm_history where outcome = 'customer'")
    con.unregister("customers_arrow")
    return info
