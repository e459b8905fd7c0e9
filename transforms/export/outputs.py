"""Export: the contract's output files, checked against the invariants, then published whole.

Each file is written by DuckDB's COPY straight from its store table, in the file's order, with every text
cell neutralised in SQL (`neutralised` in `transforms/core/macros.sql`): memory stays bounded whatever the
run's size, and nothing passes through pandas. Before a file is written its table is validated by the
file's suite; once written, the file is read back and checked for formulas (invariant 4). Files go to a
hidden staging folder inside the output folder, and only when all are written and every check holds are
they renamed into place, one atomic rename each.
"""
from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from transforms.core.context import RunContext
from transforms.core.store import define_macros, materialise, quote_identifier, quote_literal, read_chunks
from transforms.export.excel import EXCEL_MAX_ROWS, write_call_list_xlsx
from transforms.export.invariants import check_no_formulas, check_store
from transforms.export.windows import build_call_windows

# file -> (table, row order). The order is explicit when reading: the store lets DuckDB drop the
# insertion order of big tables (`preserve_insertion_order = false`), so a table's own order is not kept.
OUTPUT_TABLES = {
    "call_list.csv": ("call_list", "priority_rank"),
    "recontact.csv": ("recontact", "recontact_on, priority_score desc, lead_id"),
    "do_not_call.csv": ("do_not_call", "reason, lead_id"),
    "lineage.csv": ("lineage", "source_file, source_row"),
    "recall.csv": ("recall", "reason, lead_id"),
    "review_pairs.csv": ("review_pairs",
                         "match_probability desc, source_file_l, source_row_l, source_file_r, source_row_r"),
    "quarantine.csv": ("quarantine_export", "source_file, source_row"),
}
QUARANTINE_SQL = """
    select s.source_file, s.source_row, s.quarantine_reason as reason,
           r.* exclude (source_file, source_row, country_default)
    from stg_leads s join raw_rows r using (source_file, source_row)
    where s.quarantine_reason is not null order by 1, 2
"""
OUTPUT_FILES = tuple(OUTPUT_TABLES)
# validates a table in the given row order, and stops the run if it must (the flow passes
# `expectations.gates.run_table_gate`): (con, table, suite name, expected values, order=...) -> outcome
Gate = Callable[..., dict]
# --export: CRM import files of the call list, each CRM's model and its import tool's row limit per file
# (HubSpot: 1,048,576 rows with the header; Salesforce's Data Import Wizard: 50,000 records per import)
CRM_EXPORTS = {"hubspot": ("hubspot_import", 1_048_575), "salesforce": ("salesforce_import", 50_000)}
# the files meant for people start with a UTF-8 BOM, so that Excel opens them as UTF-8 (Cyrillic and
# accented names garble without it); the others are for programs, which a BOM can trip up
PEOPLE_FILES = ("call_list.csv", "recontact.csv", "do_not_call.csv")
RAW_FIELDS_LIMIT = 2000  # characters of a quarantined row's raw text kept in quarantine.csv
BOM = "\ufeff".encode()


def quarantine_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Quarantined rows with their reason and their raw values as JSON (long cells cut)."""
    keep = ["source_file", "source_row", "reason"]
    raw_cols = [c for c in rows.columns if c not in keep]
    raws = []
    for record in rows[raw_cols].to_dict("records"):
        values = {k: v for k, v in record.items() if isinstance(v, str) and v}
        if "extras" in values:
            values.update(json.loads(values.pop("extras")))
        values.pop("row_problem", None)
        raws.append(json.dumps(values, ensure_ascii=False)[:RAW_FIELDS_LIMIT])
    out = rows[keep].copy()
    out["raw"] = raws
    return out


def build_quarantine_table(con: duckdb.DuckDBPyConnection) -> int:
    """Temp table `quarantine_export`: the quarantined rows as quarantine.csv lists them, their raw values
    as JSON (built in Python, chunk by chunk, as each row's columns differ); returns the row count."""
    con.execute("create or replace temp table quarantine_export "
                "(source_file varchar, source_row bigint, reason varchar, raw varchar)")
    with con.cursor() as reader:  # the chunks stream on their own connection while `con` appends them
        for chunk in map(quarantine_rows, read_chunks(reader, QUARANTINE_SQL)):
            con.append("quarantine_export", chunk)
    return con.execute("select count(*) from quarantine_export").fetchone()[0]


def printed_query(con: duckdb.DuckDBPyConnection, table: str, order: str, exclude: tuple[str, ...] = ()) -> str:
    """The SELECT of an output file: `table`'s columns (but `exclude`) in `order`, each text cell
    neutralised (a cell that a spreadsheet would run as a formula gets a leading apostrophe)."""
    relation = con.table(table)
    names = {c: quote_identifier(c) for c in relation.columns}
    cells = [f"neutralised({names[c]}) as {names[c]}" if str(t) == "VARCHAR" else names[c]
             for c, t in zip(relation.columns, relation.types, strict=True) if c not in exclude]
    return f"select {', '.join(cells)} from {table} order by {order}"


def write_csv(con: duckdb.DuckDBPyConnection, query: str, path: Path, bom: bool = False) -> None:
    """Write `query`'s rows to `path` with DuckDB's COPY: RFC 4180, UTF-8, CRLF, header first (a missing
    value and an empty text both print as nothing, as pandas printed them); with a BOM in front if `bom`.
    The file is read back and checked for formulas (invariant 4) before it takes its name."""
    written = path.with_name(f".{path.name}.copy")
    define_macros(con)
    con.execute(f"copy ({query}) to {quote_literal(written)} (format csv, header, new_line '\r\n', comment '')")
    check_no_formulas(con, path.name, written)
    if not bom:
        os.replace(written, path)
        return
    with open(path, "wb") as target, open(written, "rb") as body:
        target.write(BOM)
        shutil.copyfileobj(body, target, 1 << 20)
    written.unlink()


def write_output(con: duckdb.DuckDBPyConnection, folder: Path, name: str, expected: dict, gate: Gate,
                 bom: bool = True) -> None:
    """Validate output file `name`'s table with the file's suite (in file order), then write the file into
    `folder`, with a BOM if it is meant for people (unless `bom` is off)."""
    table, order = OUTPUT_TABLES[name]
    gate(con, table, name, expected, order=order)
    write_csv(con, printed_query(con, table, order), folder / name, bom and name in PEOPLE_FILES)


def crm_file_names(crm: str, rows: int) -> list[str]:
    """The files one CRM's import is written to: `<crm>_import.csv`, or numbered parts when it has more
    rows than the CRM's import tool takes in one file."""
    model, limit = CRM_EXPORTS[crm]
    parts = max(1, -(-rows // limit))
    return [f"{model}.csv"] if parts == 1 else [f"{model}_{n}.csv" for n in range(1, parts + 1)]


def write_crm_export(con: duckdb.DuckDBPyConnection, folder: Path, crm: str, params: dict,
                     bom: bool = True) -> list[str]:
    """Build `<crm>_import` (sql/6N_<crm>_import.sql) and write it in call-list order, cut at the CRM's row
    limit; neutralised like every CSV (a rep opens it in Excel before the import), with the BOM of the
    files meant for people. Returns the file names."""
    model, limit = CRM_EXPORTS[crm]
    rows = materialise(con, model, params)
    names = crm_file_names(crm, rows)
    for number, name in enumerate(names):
        order = f"priority_rank limit {limit} offset {number * limit}"
        write_csv(con, printed_query(con, model, order, exclude=("priority_rank",)), folder / name, bom)
    return names


@contextmanager
def staged(out_dir: Path) -> Iterator[Path]:
    """A hidden folder in `out_dir` to write the outputs into. When the block ends without an error, every
    file in it is synced and renamed into `out_dir` (invariant 6); the folder is removed either way."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.glob(".leadsweep-staging-*"):  # left by a run that was killed while writing
        shutil.rmtree(stale, ignore_errors=True)
    staging = out_dir / f".leadsweep-staging-{uuid.uuid4().hex[:8]}"
    staging.mkdir()
    try:
        yield staging
        for path in staging.rglob("*"):
            if path.is_file():
                with open(path, "rb") as fh:
                    os.fsync(fh.fileno())
        for path in sorted(staging.iterdir()):
            if path.is_dir() and (out_dir / path.name).is_dir():  # a folder (Data Docs) replaces the last run's
                os.replace(out_dir / path.name, staging / f".old-{path.name}")
            os.replace(path, out_dir / path.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


FAILED_RUN_DOCS = "data_docs_failed_run"  # the Data Docs of a run a blocking gate stopped, until a run publishes
OPTIONAL_OUTPUTS = ("call_list.xlsx", *(f"{model}*.csv" for model, _ in CRM_EXPORTS.values()), FAILED_RUN_DOCS)


def remove_stale_outputs(out_dir: Path, published: list[str]) -> None:
    """Remove the optional outputs an earlier run left in `out_dir` that this run did not publish (a workbook
    of a list now too long for one, CRM files not asked for again or cut into other parts): they describe
    another call list, as does the Data Docs folder of a run that failed before this one."""
    for pattern in OPTIONAL_OUTPUTS:
        for path in out_dir.glob(pattern):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            elif path.name not in published:
                path.unlink(missing_ok=True)


EXPORT_MODELS = ("call_list", "recontact", "do_not_call", "lineage", "review_pairs", "recall")


def build_export_tables(con: duckdb.DuckDBPyConnection, params: dict) -> None:
    """The calling windows of the leads to call, then the export models and the quarantined rows."""
    build_call_windows(con, params["as_of"])
    for model in EXPORT_MODELS:
        materialise(con, model, params)
    build_quarantine_table(con)


def write_outputs(con: duckdb.DuckDBPyConnection, folder: Path, params: dict, gate: Gate, bom: bool = True,
                  exports: tuple[str, ...] = ()) -> list[str]:
    """Build the export models, check the store's invariants, and write every output file into `folder`
    (each validated by `gate` before it is written); returns the names written."""
    build_export_tables(con, params)
    check_store(con)
    rows_in, to_call = con.execute("select (select count(*) from lineage), (select count(*) from call_list)").fetchone()
    expected = {"run_id": params["run_id"], "rows_in": rows_in, "to_call": to_call}
    for name in OUTPUT_FILES:
        write_output(con, folder, name, expected, gate, bom)
    written = list(OUTPUT_FILES)
    if to_call <= EXCEL_MAX_ROWS:  # the workbook reads only what it writes: at most EXCEL_MAX_ROWS rows
        table, order = OUTPUT_TABLES["call_list.csv"]
        write_call_list_xlsx(con.execute(f"select * from {table} order by {order}").df(), folder / "call_list.xlsx")
        written.append("call_list.xlsx")
    return written + [name for crm in exports for name in write_crm_export(con, folder, crm, params, bom)]


def record_delivery(con: duckdb.DuckDBPyConnection, context: RunContext, summary_json: str) -> None:
    """Once the outputs are published: mark the leads delivered, keep this run's golden records and scores,
    and log the run with its summary."""
    con.execute("""
        update lead_registry set delivered_run_id = $run_id, delivered_at = now()
        where delivered_run_id is null
          and lead_id in (select lead_id from lead_dispositions where disposition in ('call', 'recontact'))
    """, {"run_id": context.run_id})
    con.execute("update lead_registry set recalled_run_id = $run_id, recalled_at = now() "
                "where lead_id in (select lead_id from recall)", {"run_id": context.run_id})
    remember_leads(con, context.run_id)
    con.execute("insert into runs (run_id, started_at, finished_at, as_of, command, summary, out_dir) "
                "values ($run_id, $started, now(), $as_of, $command, $summary, $out_dir)",
                {"run_id": context.run_id, "started": context.started_at, "as_of": context.as_of,
                 "command": context.command, "summary": summary_json, "out_dir": context.out_dir})


def remember_leads(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    """Keep each lead's golden record, scores and disposition of this run for `explain` and later runs."""
    snapshot = """
        select $run_id as run_id, l.lead_id, l.first_name, l.last_name, l.company, l.job_title, l.phone, l.email,
               l.country, l.sources, s.tier, s.stage, s.priority_score, s.value_score, s.junk_score, s.reasons,
               d.disposition, d.reason, d.recontact_on
        from leads l join lead_scores s using (lead_id) join lead_dispositions d using (lead_id)
    """
    con.execute(f"insert into lead_snapshots by name {snapshot}", {"run_id": run_id})
    history = "select $run_id as run_id, * from lead_provenance"
    con.execute(f"insert into provenance_history by name {history}", {"run_id": run_id})
