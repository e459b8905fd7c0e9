"""The contract's invariants, checked by the run itself before anything is published.

1-3 are judged on the store tables in DuckDB, whatever their size; 4 on each output file as written, read
back by DuckDB. A broken invariant raises InvariantBroken, and nothing is published.
"""
from __future__ import annotations

from pathlib import Path

import duckdb

from transforms.core.store import quote_identifier, quote_literal

LISTS = ("call_list", "recontact", "do_not_call")  # the tables of the three lead files, one row per file row


class InvariantBroken(Exception):
    """The run would publish output that breaks the contract; nothing is written."""


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    return con.execute(sql).fetchone()[0]


def check_lineage(con: duckdb.DuckDBPyConnection) -> None:
    """Invariant 1: as many lineage rows as input rows, and no input row twice."""
    lineage, rows_in = con.execute("select (select count(*) from lineage), (select count(*) from raw_rows)").fetchone()
    repeated = _scalar(con, "select count(*) from (select 1 from lineage group by source_file, source_row "
                            "having count(*) > 1)")
    if lineage != rows_in or repeated:
        raise InvariantBroken(f"lineage has {lineage} rows for {rows_in} input rows (invariant 1)")


def check_lists(con: duckdb.DuckDBPyConnection) -> None:
    """Invariant 2: every lead the lineage sends to a list is in exactly one of the three lists."""
    listed = " union all ".join(f"select lead_id from {table}" for table in LISTS)
    twice = _scalar(con, f"select count(*) from (select lead_id from ({listed}) group by lead_id having count(*) > 1)")
    if twice:
        raise InvariantBroken(f"{twice} leads are in more than one list (invariant 2)")
    wrong = _scalar(con, f"""
        with listed as ({listed}),
        expected as (select lead_id from lineage where disposition in ('call', 'recontact', 'do_not_call'))
        select (select count(*) from (select lead_id from expected except select lead_id from listed))
             + (select count(*) from (select lead_id from listed except select lead_id from expected))
    """)
    if wrong:
        raise InvariantBroken(f"{wrong} leads are listed wrongly or not at all (invariant 2)")


def check_dnc(con: duckdb.DuckDBPyConnection) -> None:
    """Invariant 3: a lead with any number on a do-not-call list is suppressed."""
    missing = _scalar(con, """
        select count(distinct l.lead_id) from leads l, unnest(l.phones) as t(phone)
        join dnc_numbers d on d.e164 = t.phone
        where l.lead_id not in (select lead_id from lead_dispositions where disposition = 'do_not_call')
    """)
    if missing:
        raise InvariantBroken(f"{missing} leads with a do-not-call number are not suppressed (invariant 3)")


def check_store(con: duckdb.DuckDBPyConnection) -> None:
    """Invariants 1-3 on the tables the output files are written from."""
    check_lineage(con)
    check_lists(con)
    check_dnc(con)


def check_no_formulas(con: duckdb.DuckDBPyConnection, name: str, path: Path) -> None:
    """Invariant 4 on output file `name`, written to `path`: every cell as a spreadsheet would read it (the
    file parsed as RFC 4180 CSV, all text) is checked with `formula_like` (`transforms/core/macros.sql`)."""
    cells = (f"read_csv({quote_literal(path)}, header = true, all_varchar = true, delim = ',', quote = '\"', "
             "escape = '\"', comment = '', strict_mode = true)")
    columns = con.sql(f"select * from {cells}").columns
    found = con.execute(f"select {', '.join(f'bool_or(formula_like({quote_identifier(c)}))' for c in columns)} "
                        f"from {cells}").fetchone()
    for column, formula in zip(columns, found, strict=True):
        if formula:
            raise InvariantBroken(f"{name}: column {column} has a formula-like cell (invariant 4)")
