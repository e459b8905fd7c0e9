"""Uniqueness judged on a whole table in DuckDB: no chunk of rows can tell whether a value is repeated in
another chunk, so the unique expectations of a suite are counted here, the way GX counts them on a frame
(rows with the key missing are skipped; every copy of a repeated key is an unexpected row).

The SQL is built from the suite's column names (identifiers of our own suites, quoted), never from data.
"""
from __future__ import annotations

import re

import duckdb

from transforms.core.store import quote_identifier

IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

# GX's `ignore_row_if` for compound keys -> which rows take part
_KEEP = {
    "all_values_are_missing": lambda cols: " or ".join(f"{c} is not null" for c in cols),
    "any_value_is_missing": lambda cols: " and ".join(f"{c} is not null" for c in cols),
    "never": lambda cols: "true",
}


def is_table(source: str) -> bool:
    return bool(IDENTIFIER.match(source))


def relation(source: str) -> str:
    """A table name as is, any other SQL as a subquery."""
    return source if is_table(source) else f"({source})"


def _repeated_sql(source: str, key: list[str], ignore_row_if: str) -> str:
    cols = [quote_identifier(c) for c in key]
    return f"""
        with considered as (select * from {relation(source)} where {_KEEP[ignore_row_if](cols)}),
        repeated as (select {", ".join(cols)}, count(*) as copies from considered group by all having count(*) > 1)
    """


def duplicates(con: duckdb.DuckDBPyConnection, source: str, key: list[str], id_columns: list[str],
               ignore_row_if: str = "all_values_are_missing", limit: int = 10) -> tuple[int, int, list[dict]]:
    """(rows considered, rows whose `key` is repeated, the first `limit` of those by their ids)."""
    ctes = _repeated_sql(source, key, ignore_row_if)
    considered, repeated = con.execute(
        f"{ctes} select (select count(*) from considered), (select coalesce(sum(copies), 0) from repeated)"
    ).fetchone()
    if not repeated or not id_columns:
        return considered, int(repeated), []
    ids = ", ".join(f"c.{quote_identifier(c)}" for c in id_columns)
    same_key = " and ".join(f"c.{quote_identifier(c)} is not distinct from r.{quote_identifier(c)}" for c in key)
    cursor = con.execute(f"{ctes} select {ids} from considered c join repeated r on {same_key} "
                         f"order by {ids} limit {int(limit)}")
    names = [d[0] for d in cursor.description]
    return considered, int(repeated), [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
