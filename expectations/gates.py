"""Run the suites as gates: validate a store table chunk by chunk (GX 1.x validates
pandas frames, not DuckDB tables), record the result in the store, and stop the run when a blocking gate
fails, naming rows and why.

Memory is bounded by a chunk whatever the table's size: each chunk is one run of the gate's GX Checkpoint
(one ValidationDefinition: the gate's dataframe batch and suite), and the results add up
(`expectations/chunked.py`); uniqueness, which no chunk can judge alone, is judged in DuckDB.
Failures name rows by their ids (source_file/source_row or lead_id), never by personal values.

GX keeps every chunk's result and, per gate, the whole table's verdict (the gate's own: counts summed,
uniqueness and row counts included); `write_data_docs` renders them as Data Docs into the output folder.
The pages show counts and percentages, never a row's values.
"""
from __future__ import annotations

import copy
import json
import os
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

from expectations import leads, outputs, raw_rows, stg_leads
from expectations.chunked import ChunkedSuite
from expectations.table_checks import is_table, relation
from transforms.core.store import quote_identifier, read_chunks
from transforms.export.outputs import FAILED_RUN_DOCS
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
    """A blocking suite failed; the message names the expectation, the rows and the reason. `data_docs` is
    where the run's Data Docs were written, once they have been."""

    data_docs: Path | None = None


DATA_DOCS = "data_docs"  # the Data Docs site's folder in the output folder
RESULT_FORMAT = {"result_format": "COMPLETE", "return_unique_unexpected": False,
                 "partial_unexpected_count": 0}  # failing rows are named by id only; no values in the docs


@lru_cache(maxsize=1)
def _context(run_id: str | None = None):
    """One ephemeral GX context per run: its stores hold this run's suites, checkpoints and results."""
    import logging

    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    for name in ("great_expectations", "great_expectations.data_context.types.base"):
        logging.getLogger(name).setLevel(logging.WARNING)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


def _gx_name(name: str) -> str:
    return name.replace(".", "_")  # GX files a dotted suite name in folders


def _checkpoint(run_id: str | None, name: str, expectations: list, id_columns: list[str]):
    """The gate's Checkpoint: one ValidationDefinition of its dataframe batch and the expectations each
    chunk is judged by."""
    import great_expectations as gx

    context, key = _context(run_id), _gx_name(name)
    batches = (context.data_sources.add_or_update_pandas(name=f"src_{key}").add_dataframe_asset(name=key)
               .add_batch_definition_whole_dataframe("whole"))
    suite = context.suites.add_or_update(gx.ExpectationSuite(name=key, expectations=expectations))
    definition = context.validation_definitions.add_or_update(gx.ValidationDefinition(name=key, data=batches,
                                                                                      suite=suite))
    return context.checkpoints.add_or_update(gx.Checkpoint(
        name=key, validation_definitions=[definition],
        result_format={**RESULT_FORMAT, "unexpected_index_column_names": id_columns}))


ROW_LISTS = ("unexpected_list", "unexpected_index_list", "unexpected_index_query", "partial_unexpected_list",
             "partial_unexpected_index_list", "partial_unexpected_counts")


def _validate_chunk(checkpoint, chunk: pd.DataFrame, run_id: str | None, first_row: int, suite: ChunkedSuite) -> None:
    """Run the checkpoint on one chunk and add its result to `suite`'s tallies; GX keeps the result under
    the chunk's rows, with its counts only (the rows' ids and values, which the tallies took, would make a
    run's results grow with its failures and could reach the Data Docs)."""
    from great_expectations.core.run_identifier import RunIdentifier

    rows = f"rows {first_row + 1}-{first_row + len(chunk)}" if len(chunk) else "no rows"
    outcome = checkpoint.run(batch_parameters={"dataframe": chunk},
                             run_id=RunIdentifier(run_name=f"{run_id or 'check'} {rows}"))
    key, result = next(iter(outcome.run_results.items()))
    suite.add(chunk, result)
    for item in result.results:
        for name in ROW_LISTS:
            (item.result or {}).pop(name, None)
    _context(run_id).validation_results_store.set(key, result)


def _keep_verdict(run_id: str | None, name: str, suite: ChunkedSuite) -> None:
    """Keep the gate's verdict on the whole table among GX's results, beside the chunks' (for Data Docs)."""
    import datetime as dt

    import great_expectations as gx
    from great_expectations.core import ExpectationSuiteValidationResult
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    context, key = _context(run_id), f"{_gx_name(name)}_whole_table"
    expectations = [copy.copy(t.expectation) for t in suite.tallies]  # each is bound to its own suite
    context.suites.add_or_update(gx.ExpectationSuite(name=key, expectations=expectations))
    results = suite.gx_results()
    passed = sum(r.success for r in results)
    run = RunIdentifier(run_name=f"{run_id or 'check'} whole table", run_time=dt.datetime.now(dt.UTC))
    verdict = ExpectationSuiteValidationResult(
        success=passed == len(results), results=results, suite_name=key,
        statistics={"evaluated_expectations": len(results), "successful_expectations": passed,
                    "unsuccessful_expectations": len(results) - passed,
                    "success_percent": 100.0 * passed / len(results) if results else None},
        meta={"run_id": run, "validation_time": run.run_time, "batch_markers": {}, "rows": suite.rows})
    context.validation_results_store.set(ValidationResultIdentifier(ExpectationSuiteIdentifier(name=key), run, key),
                                         verdict)


def write_data_docs(run_id: str | None, folder: Path, name: str = DATA_DOCS) -> str:
    """Render this run's GX results as Data Docs in `folder`/`name` (replacing what is there); returns the
    index's path in `folder`."""
    shutil.rmtree(folder / name, ignore_errors=True)
    context, site, docs = _context(run_id), "leadsweep", (folder / name).resolve()
    if site in context.get_site_names():
        context.delete_data_docs_site(site)
    context.add_data_docs_site(site_name=site, site_config={
        "class_name": "SiteBuilder", "show_how_to_buttons": False,
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs)},
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"}})
    context.build_data_docs(site_names=[site])
    return f"{name}/index.html"


@contextmanager
def failures_documented(run_id: str, out_dir: Path) -> Iterator[None]:
    """A blocking gate that stops the run leaves its Data Docs in `out_dir`/data_docs_failed_run (not an
    output: the published files stay the last good run's); the next run that publishes removes them."""
    try:
        yield
    except GateFailed as failed:
        failed.data_docs = out_dir / write_data_docs(run_id, out_dir, FAILED_RUN_DOCS)
        raise


def _chunks_of(con: duckdb.DuckDBPyConnection, source: str, columns: list[str],
               order: str | None = None) -> Iterable[pd.DataFrame]:
    """A table's columns that the suite reads (in `order`, if given), or all of a query's rows, chunk by
    chunk."""
    if not is_table(source):
        return read_chunks(con, source)
    ordered = f" order by {order}" if order else ""
    return read_chunks(con, f"select {', '.join(quote_identifier(c) for c in columns)} from {source}{ordered}")


def validate_table(con: duckdb.DuckDBPyConnection, source: str, name: str, context: dict,
                   chunks: Iterable[pd.DataFrame] | None = None, order: str | None = None) -> dict:
    """Validate `source` (a store table, or a SELECT) with suite `name`; returns a plain-dict result
    without personal data. A table is read in `order` (an output file's row order, which expectations
    such as increasing ranks judge); `chunks` are the rows of `source` when the caller has them already.
    """
    factory, id_columns, blocking = SUITES[name]
    present = {d[0] for d in con.execute(f"select * from {relation(source)} limit 0").description}
    suite = ChunkedSuite(name, factory(context), [c for c in id_columns if c in present])
    suite.judge_unique(con, source)  # before the chunks: no query may run while they stream
    run_id, per_chunk, columns = context.get("run_id"), suite.per_chunk, suite.columns
    checkpoint = _checkpoint(run_id, name, per_chunk, suite.id_columns) if per_chunk else None
    for chunk in chunks if chunks is not None else _chunks_of(con, source, columns, order):
        narrow = chunk[[c for c in columns if c in chunk.columns]]  # GX hashes every column of a batch
        if checkpoint:
            _validate_chunk(checkpoint, narrow, run_id, suite.rows, suite)
        else:
            suite.add(narrow, None)
    failures = suite.failures()
    _keep_verdict(run_id, name, suite)
    return {"suite": name, "blocking": blocking, "success": not failures, "rows": suite.rows,
            "evaluated": len(suite.tallies), "failed": len(failures), "failures": failures}


def validate_frame(name: str, frame: pd.DataFrame, context: dict) -> dict:
    """Validate a small frame with suite `name` (tests, notebooks): the same path as a store table."""
    with duckdb.connect() as con:
        con.register("frame", frame)
        return validate_table(con, "frame", name, context, chunks=[frame])


def run_table_gate(con: duckdb.DuckDBPyConnection, source: str, name: str, context: dict,
                   chunks: Iterable[pd.DataFrame] | None = None, order: str | None = None) -> dict:
    """Validate `source` with suite `name` (see `validate_table`), record the result in
    `validation_results`, and raise GateFailed if a blocking suite failed."""
    outcome = validate_table(con, source, name, context, chunks, order)
    con.execute("insert into validation_results (run_id, suite, success, result) values ($run, $suite, $ok, $result)",
                {"run": context.get("run_id"), "suite": name, "ok": outcome["success"],
                 "result": json.dumps(outcome, default=str)})
    if outcome["blocking"] and not outcome["success"]:
        raise GateFailed(f"validation of {name} failed: {describe_failures(outcome)}")
    return outcome


def run_summary(con: duckdb.DuckDBPyConnection, run_id: str, data_docs: str | None = None) -> dict:
    """This run's gate results for run_summary.json and the report, with the path of its Data Docs."""
    rows = con.execute("select result from validation_results where run_id = $run order by checked_at",
                       {"run": run_id}).fetchall()
    suites = [json.loads(r[0]) for r in rows]
    return {"engine": "great_expectations", "success": all(s["success"] or not s["blocking"] for s in suites),
            "data_docs": data_docs, "suites": suites}
