"""Run the suites as gates: validate a table (as a pandas frame; GX 1.x cannot validate DuckDB tables),
record the result in the store, and stop the run when a blocking gate fails, naming rows and why.

Failures name rows by their ids (source_file/source_row or lead_id), never by personal values.
"""
from __future__ import annotations

import json
import os
from functools import lru_cache

import duckdb
import pandas as pd

from expectations import leads, outputs, raw_rows, stg_leads

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

# name -> (expectations factory, id columns that name a failing row, blocking)
SUITES = {
    "raw_rows": (raw_rows.expectations, ["source_file", "source_row"], True),
    "stg_leads": (stg_leads.expectations, ["source_file", "source_row"], False),
    "leads": (leads.expectations, ["lead_id"], True),
    "call_list.csv": (outputs.call_list, ["lead_id"], True),
    "recontact.csv": (outputs.recontact, ["lead_id"], True),
    "do_not_call.csv": (outputs.do_not_call, ["lead_id"], True),
    "lineage.csv": (outputs.lineage, ["source_file", "source_row"], True),
    "quarantine.csv": (outputs.quarantine, ["source_file", "source_row"], True),
    "review_pairs.csv": (outputs.review_pairs, ["source_file_l", "source_row_l"], True),
}
MAX_ROWS_NAMED = 10


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


def _plain(value):
    return value.item() if hasattr(value, "item") else value


def validate_frame(name: str, frame: pd.DataFrame, context: dict) -> dict:
    """Validate one frame with suite `name`; returns a plain-dict result (no personal data)."""
    import great_expectations as gx

    factory, id_columns, blocking = SUITES[name]
    gx_context = _context()
    key = name.replace(".", "_")
    source = gx_context.data_sources.add_or_update_pandas(name=f"src_{key}")
    asset = source.add_dataframe_asset(name=key)
    batch = asset.add_batch_definition_whole_dataframe("whole").get_batch(batch_parameters={"dataframe": frame})
    suite = gx.ExpectationSuite(name=f"suite_{key}", expectations=factory(context))
    ids = [c for c in id_columns if c in frame.columns]
    result = batch.validate(suite, result_format={"result_format": "COMPLETE", "unexpected_index_column_names": ids,
                                                  "return_unique_unexpected": False})
    failures = []
    for item in result.results:
        if item.success:
            continue
        config = item.expectation_config
        error = (item.exception_info or {}).get("exception_message") if item.exception_info else None
        index = item.result.get("unexpected_index_list") or []
        failures.append({
            "expectation": config.type,
            "column": config.kwargs.get("column") or config.kwargs.get("column_list"),
            "unexpected_count": item.result.get("unexpected_count"),
            "observed": item.result.get("observed_value") if "unexpected_count" not in item.result else None,
            "rows": [{k: _plain(v) for k, v in row.items() if k in ids} if isinstance(row, dict) else _plain(row)
                     for row in index[:MAX_ROWS_NAMED]],
            "error": error,
        })
    stats = result.statistics
    return {"suite": name, "blocking": blocking, "success": bool(result.success), "rows": len(frame),
            "evaluated": stats["evaluated_expectations"], "failed": stats["unsuccessful_expectations"],
            "failures": failures}


def run_gate(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame, context: dict) -> dict:
    """Validate, record the result in `validation_results`, and raise GateFailed if a blocking suite failed."""
    outcome = validate_frame(name, frame, context)
    con.execute("create table if not exists validation_results (run_id varchar, suite varchar, success boolean, "
                "result json, checked_at timestamp default now())")
    con.execute("insert into validation_results (run_id, suite, success, result) values ($run, $suite, $ok, $result)",
                {"run": context.get("run_id"), "suite": name, "ok": outcome["success"],
                 "result": json.dumps(outcome, default=str)})
    if outcome["blocking"] and not outcome["success"]:
        first = outcome["failures"][0]
        raise GateFailed(f"validation of {name} failed: {first['expectation']} on {first['column']} "
                         f"({first['unexpected_count']} rows, e.g. {first['rows'][:3]}{'; ' + first['error'] if first['error'] else ''})")
    return outcome


def table_frame(con: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame:
    """The columns of store table `name` its suite needs (small frames, not whole tables)."""
    columns = {
        "raw_rows": "source_file, source_row",
        "stg_leads": "row_id, source_file, source_row, phone_e164, mobile_e164, email, country, quarantine_reason",
        "leads": "lead_id, n_rows",
    }[name]
    return con.execute(f"select {columns} from {name}").df()


def run_summary(con: duckdb.DuckDBPyConnection, run_id: str) -> dict:
    """This run's gate results for run_summary.json and the report."""
    rows = con.execute("select result from validation_results where run_id = $run order by checked_at",
                       {"run": run_id}).fetchall()
    suites = [json.loads(r[0]) for r in rows]
    return {"engine": "great_expectations", "success": all(s["success"] or not s["blocking"] for s in suites),
            "suites": suites}
