"""Stage: type and normalise `raw_rows` into `stg_leads`, parsing each distinct value once.

DuckDB finds the distinct phones, emails, names, companies, countries and dates; the Python normalisers
run over those (spread over the cores for big inputs, or over a Spark cluster's partitions with
`--engine spark`) and the results are joined back in SQL (`sql/10_stg_leads.sql`).
"""
from __future__ import annotations

import gc
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat

import duckdb
import pyarrow as pa

from transforms.core.countries import normalise_country
from transforms.core.dates import parse_date
from transforms.core.store import append, create_empty, materialise
from transforms.stage.normalise import (
    first_key,
    name_key,
    normalise_company,
    normalise_email,
    normalise_name,
    normalise_phone,
)

PARALLEL_THRESHOLD = 50_000  # distinct values; below this a process pool costs more than it saves
CHUNK_VALUES = 500_000  # distinct values normalised at a time: bounds the Python objects held
SLICE_VALUES = 20_000  # distinct values a worker normalises at a time


def phone_row(args):
    raw, country = args
    return (raw, country, *normalise_phone(raw, country))


def email_row(args):
    (raw,) = args
    return (raw, *normalise_email(raw))


def name_row(args):
    first, last, full, honorific = args
    name = normalise_name(first, last, full, honorific)
    return (first, last, full, honorific, *name, name_key(name.first_name, name.last_name), first_key(name.first_name))


def company_row(args):
    (raw,) = args
    return (raw, *normalise_company(raw))


def country_row(args):
    (raw,) = args
    return (raw, normalise_country(raw))


def date_row(args):
    (raw,) = args
    return (raw, *parse_date(raw))


def lower_row(args):
    (raw,) = args
    return (raw, raw.lower())


def _rows(batch: pa.RecordBatch) -> list[tuple]:
    return list(zip(*(column.to_pylist() for column in batch.columns), strict=True))


def _table(results: list[tuple], schema: pa.Schema) -> pa.Table:
    return pa.table([pa.array([row[i] for row in results], type=field.type) for i, field in enumerate(schema)],
                    schema=schema)


def _normalise_batch(func: Callable, schema: pa.Schema, batch: pa.RecordBatch) -> pa.Table:
    """`func` over the rows of `batch`, as a table of `schema` (what a worker hands back: Arrow buffers
    pickle as bytes, where a million result tuples pickled object by object cost as much as the work)."""
    return _table([func(v) for v in _rows(batch)], schema)


def _normalised(func: Callable, schema: pa.Schema, batch: pa.RecordBatch, engine=None) -> pa.Table:
    """`func` over the rows of `batch`: on `engine` (Spark) if given, else here, in a process pool in
    slices of `SLICE_VALUES` when big."""
    if engine is not None:
        return _table(engine.map_values(func, _rows(batch)), schema)
    if batch.num_rows < PARALLEL_THRESHOLD or (os.cpu_count() or 1) < 2:
        return _normalise_batch(func, schema, batch)
    slices = [batch.slice(start, SLICE_VALUES) for start in range(0, batch.num_rows, SLICE_VALUES)]
    # Forked workers inherit every object the parent holds (the values, the normalisers' caches); frozen,
    # the workers' garbage collections skip them instead of walking (and copying) them.
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
            return pa.concat_tables(pool.map(_normalise_batch, repeat(func), repeat(schema), slices))
    finally:
        gc.unfreeze()


# The columns each per-value function returns (shared with the suppression lists' lookups)
COUNTRY_COLUMNS = [("raw", "VARCHAR"), ("iso", "VARCHAR")]
PHONE_COLUMNS = [("raw", "VARCHAR"), ("country", "VARCHAR"), ("e164", "VARCHAR"), ("is_valid", "BOOLEAN"),
                 ("kind", "VARCHAR"), ("region", "VARCHAR")]
EMAIL_COLUMNS = [("raw", "VARCHAR"), ("email", "VARCHAR"), ("is_valid", "BOOLEAN"),
                 ("is_disposable", "BOOLEAN"), ("is_role", "BOOLEAN"), ("is_placeholder", "BOOLEAN"),
                 ("domain", "VARCHAR")]
NAME_COLUMNS = [("first_raw", "VARCHAR"), ("last_raw", "VARCHAR"), ("full_raw", "VARCHAR"),
                ("honorific_raw", "VARCHAR"), ("honorific", "VARCHAR"), ("first_name", "VARCHAR"),
                ("last_name", "VARCHAR"), ("name_key", "VARCHAR"), ("first_key", "VARCHAR")]
COMPANY_COLUMNS = [("raw", "VARCHAR"), ("company", "VARCHAR"), ("legal_form", "VARCHAR"),
                   ("company_key", "VARCHAR")]
LOWER_COLUMNS = [("raw", "VARCHAR"), ("lowered", "VARCHAR")]
DATE_COLUMNS = [("raw", "VARCHAR"), ("day_first", "DATE"), ("month_first", "DATE"), ("short_year", "BOOLEAN")]

# (table, distinct-values query, per-value function, output columns with types)
_LOOKUPS = [
    ("norm_countries", "select distinct country from raw_rows where country is not null", country_row,
     COUNTRY_COLUMNS),
    ("norm_phones",
     """select distinct p, c from (
            select phone as p, coalesce(nc.iso, r.country_default) as c from raw_rows r
            left join norm_countries nc on nc.raw = r.country where phone is not null
            union all
            select mobile, coalesce(nc.iso, r.country_default) from raw_rows r
            left join norm_countries nc on nc.raw = r.country where mobile is not null)""",
     phone_row, PHONE_COLUMNS),
    ("norm_emails", "select distinct email from raw_rows where email is not null", email_row, EMAIL_COLUMNS),
    ("norm_names",
     """select distinct first_name, last_name, full_name, honorific from raw_rows
        where coalesce(first_name, last_name, full_name, honorific) is not null""",
     name_row, NAME_COLUMNS),
    ("norm_companies", "select distinct company from raw_rows where company is not null", company_row,
     COMPANY_COLUMNS),
    ("norm_dates",
     "select distinct d from (select unnest([dob, contract_end]) as d from raw_rows) where d is not null",
     date_row, DATE_COLUMNS),
]


def build_lookup(con: duckdb.DuckDBPyConnection, table: str, query: str, func: Callable,
                 columns: list[tuple[str, str]], engine=None, chunk_values: int = CHUNK_VALUES) -> int:
    """Normalise the distinct values `query` returns (on `engine`, Spark, if given) and store them as
    lookup `table`, `chunk_values` values at a time (the values are first set aside in the store, so
    the query runs once, and read back as Arrow batches)."""
    arrow_types = {"VARCHAR": pa.string(), "BOOLEAN": pa.bool_(), "DATE": pa.date32()}
    schema = pa.schema([(name, arrow_types[kind]) for name, kind in columns])
    con.execute(f"create or replace table lookup_values as {query}")
    create_empty(con, table, schema)
    cursor = con.cursor()
    n = 0
    for batch in cursor.sql("select * from lookup_values").to_arrow_reader(chunk_values):
        if batch.num_rows:
            append(con, table, _normalised(func, schema, batch, engine))
            n += batch.num_rows
    cursor.close()
    con.execute("drop table lookup_values")
    return n


def stage_leads(con: duckdb.DuckDBPyConnection, engine=None) -> dict[str, int]:
    """Build the per-distinct-value lookups over `raw_rows` (normalised on `engine`, Spark, if given) and
    materialise `stg_leads`."""
    counts = {table: build_lookup(con, table, query, func, cols, engine) for table, query, func, cols in _LOOKUPS}
    counts["stg_leads"] = materialise(con, "stg_leads")
    return counts
