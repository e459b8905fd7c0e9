"""Run the suites as gates: validate a store table or an output file chunk by chunk (GX 1.x validates
pandas frames, not DuckDB tables), record the result in the store, and stop the run when a blocking gate
fails, naming rows and why.

Memory is bounded by a chunk whatever the table's size: each chunk is one GX batch and the results add up
(`expectations/chunked.py`); uniqueness, which no chunk can judge alone, is judged in DuckDB.
Failures name rows by their ids (source_file/source_row or lead_id), never by personal values.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterable
from functools import lru_cache

import duckdb
import pandas as pd

from expectations import leads, outputs, raw_rows, stg_leads
from expectations.chunked import ChunkedSuite
from expectations.table_checks import is_table, quote, relation
from transforms.core.store import read_chunks
from transforms.report.summary import describe_failures

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

# name -> (expectations factory, id columns that name a failing row, blocking)
SUITES = {
    "raw_rows": (raw_rows.expectations, ["source_file", "source_row"], True),
    "stg_leads": (stg_leads.expectations, ["source_file", "source_row"], False),
    "leads": (leads.expectations, ["lead_id"], True),
    "call_list.csv": (outputs.call_list, ["lead_id"], True),
    "recontact.csv": (outputs.recontact, ["lead_id"], True),
    "recall.csv": (outputs.recall, ["lead_id"], True),
    "do_not_call.csv": (outputs.do_not_call, ["lead_id"], True),
    "lineage.csv": (outputs.lineage, ["source_file", "source_row"], True),
    "quarantine.csv": (outputs.quarantine, ["source_file", "source_row"], True),
    "review_pairs.csv": (outputs.review_pairs, ["source_file_l", "source_row_l"], True),
}


class GateFailed(Exception):
    """A blocking suite failed; the message names the expectation, the rows and the reason."""


@lru_cache(maxsize=1)
def _context():
    import logging

    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    for name in ("great_expectations", "great_expectations.data_context.types.base"):
        logging.getLogger(name).setLevel(logging.WARNING)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


def _batches(name: str, id_columns: list[str]):
    """A function that validates one chunk with GX against a suite (one pandas asset per gate)."""
    gx_context = _context()
    key = name.replace(".", "_")
    source = gx_context.data_sources.add_or_update_pandas(name=f"src_{key}")
    definition = source.add_dataframe_asset(name=key).add_batch_definition_whole_dataframe("whole")

    def validate(chunk: pd.DataFrame, suite):
        ids = [c for c in id_columns if c in chunk.columns]
        return definition.get_batch(batch_parameters={"dataframe": chunk}).validate(
            suite, result_format={"result_format": "COMPLETE", "unexpected_index_column_names": ids,
                                  "return_unique_unexpected": False})
    return validate


def _chunks_of(con: duckdb.DuckDBPyConnection, source: str, columns: list[str]) -> Iterable[pd.DataFrame]:
    """A table's columns that the suite reads, or all of a query's rows, chunk by chunk."""
    sql = f"select {', '.join(quote(c) for c in columns)} from {source}" if is_table(source) else source
    return read_chunks(con, sql)  # one GX batch a chunk: ~0.3 s of GX per 100k rows


def validate_table(con: duckdb.DuckDBPyConnection, source: str, name: str, context: dict,
                   chunks: Iterable[pd.DataFrame] | None = None) -> dict:
    """Validate `source` (a store table, or a SELECT) with suite `name`; returns a plain-dict result
    without personal data. `chunks` are the rows of `source` when the caller already streams them (the
    export writes each file as it is validated), in file order; by default they are read here.
    """
    import great_expectations as gx

    factory, id_columns, blocking = SUITES[name]
    present = {d[0] for d in con.execute(f"select * from {relation(source)} limit 0").description}
    suite = ChunkedSuite(name, factory(context), [c for c in id_columns if c in present])
    suite.judge_unique(con, source)  # before the chunks: no query may run while they stream
    per_chunk = suite.per_chunk
    gx_suite = gx.ExpectationSuite(name=f"suite_{name.replace('.', '_')}", expectations=per_chunk)
    validate = _batches(name, suite.id_columns)
    columns = suite.columns
    for chunk in chunks if chunks is not None else _chunks_of(con, source, columns):
        narrow = chunk[[c for c in columns if c in chunk.columns]]  # GX hashes every column of a batch
        suite.add(narrow, validate(narrow, gx_suite) if per_chunk else None)
    failures = suite.failures()
    return {"suite": name, "blocking": blocking, "success": not failures, "rows": suite.rows,
            "evaluated": len(suite.tallies), "failed": len(failures), "failures": failures}


def validate_frame(name: str, frame: pd.DataFrame, context: dict) -> dict:
    """Validate a small frame with suite `name` (tests, notebooks): the same path as a store table."""
    with duckdb.connect() as con:
        con.register("frame", frame)
        return validate_table(con, "frame", name, context, chunks=[frame])


def run_table_gate(con: duckdb.DuckDBPyConnection, source: str, name: str, context: dict,
                   chunks: Iterable[pd.DataFrame] | None = None) -> dict:
    """Validate `source` with suite `name` (see `validate_table`), record the result in
    `validation_results`, and raise GateFailed if a blocking suite failed."""
    outcome = validate_table(con, source, name, context, chunks)
    con.execute("insert into validation_results (run_id, suite, success, result) values ($run, $suite, $ok, $result)",
                {"run": context.get("run_id"), "suite": name, "ok": outcome["success"],
                 "result": json.dumps(outcome, default=str)})
    if outcome["blocking"] and not outcome["success"]:
        raise GateFailed(f"validation of {name} failed: {describe_failures(outcome)}")
    return outcome


def run_summary(con: duckdb.DuckDBPyConnection, run_id: str) -> dict:
    """This run's gate results for run_summary.json and the report."""
    rows = con.execute("select result from validation_results where run_id = $run order by checked_at",
                       {"run": run_id}).fetchall()
    suites = [json.loads(r[0]) for r in rows]
    return {"engine": "great_expectations", "success": all(s["success"] or not s["blocking"] for s in suites),
            "suites": suites}
