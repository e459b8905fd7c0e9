"""Run the SQL models on a few hand-written rows in a throwaway store, without Prefect."""
from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pyarrow as pa
import pytest

from expectations import gates
from transforms.core import store
from transforms.core.context import RunContext
from transforms.export import outputs
from transforms.ingest import lists
from transforms.ingest.lists import RAW_SCHEMA
from transforms.match import matching
from transforms.report import html, summary
from transforms.score import scoring
from transforms.stage import staging, suppression

AS_OF = dt.date(2026, 11, 23)


def raw_table(rows: list[dict]) -> pa.Table:
    """raw_rows from dicts of canonical fields; source_file defaults to 'list.csv', rows numbered in order."""
    counters: dict[str, int] = {}
    records = []
    for row in rows:
        row = dict(row)
        name = row.setdefault("source_file", "list.csv")
        counters[name] = counters.get(name, 0) + 1
        row.setdefault("source_row", counters[name])
        row.setdefault("country_default", "IT")
        records.append(row)
    return pa.Table.from_pylist(records, schema=RAW_SCHEMA)


@pytest.fixture
def run_models(tmp_path):
    """Returns run(rows, dnc=[], customers=None, run_id=...) -> open connection after scoring; `run.close()`
    ends the run (its store is kept only then, as a run's is when it ends)."""
    opened = []

    def run(rows: list[dict], dnc: list[str] = (), customers: list[dict] | None = None, run_id: str = "r1",
            db_name: str = "store.duckdb", recontact_days: int = 90):
        while opened:  # one open store at a time, as in real runs
            opened.pop().__exit__(None, None, None)
        ctx = store.open_store(tmp_path / db_name, fresh=False)
        db = ctx.__enter__()
        opened.append(ctx)
        con = db.con
        table = raw_table(rows)
        files = sorted(set(table["source_file"].to_pylist()))
        con.register("src", pd.DataFrame({"source_file": files, "source": [f.split(".")[0] for f in files],
                                          "kind": "unknown", "cost_per_lead": None,
                                          "sha256": [f"sha-{run_id}-{f}" for f in files],
                                          "default_country": "IT", "country_basis": "test", "rows": 0}))
        con.execute("create or replace table run_sources as select * from src")
        con.execute("insert into source_files by name select source_file, sha256, source, kind, now() as read_at, "
                    "$run_id as run_id from run_sources", {"run_id": run_id})
        dnc_file = tmp_path / "dnc.csv"
        dnc_file.write_text("phone\n" + "\n".join(dnc) + "\n", encoding="utf-8")
        suppression.load_dnc(con, [dnc_file] if dnc else [])
        cust_file = None
        if customers:
            cust_file = tmp_path / "crm.csv"
            pd.DataFrame(customers).to_csv(cust_file, index=False)
        suppression.load_customers(con, cust_file)
        lists.load_raw_rows(con, table)
        staging.stage_leads(con)
        suppression.mark_forgotten(con, tmp_path / db_name)
        matching.match_leads(con, run_id)
        scoring.score_leads(con, {"run_id": run_id, "as_of": AS_OF.isoformat(),
                                  "recontact_days": recontact_days, "reps": [],
                                  "tier_a": 150.0, "tier_b": 50.0})
        return con

    def close() -> None:
        """End the open run as a run ends: the store is written back to its file."""
        while opened:
            opened.pop().__exit__(None, None, None)

    run.close = close
    yield run
    close()


def leads_of(con) -> dict[tuple[str, int], str]:
    """{(source_file, source_row): lead_id} for the usable rows of the last run."""
    return {(f, r): lead for f, r, lead in con.execute(
        "select s.source_file, s.source_row, c.lead_id from stg_leads s join lead_clusters c using (row_id)"
    ).fetchall()}


def publish(con, out, params: dict, exports: tuple[str, ...] = ()) -> dict:
    """The flow's export and report stages on a scored store: the outputs and documents published to `out`,
    the delivery recorded; returns the run summary."""
    run = RunContext(run_id=params["run_id"], command="run", as_of=params["as_of"],
                     started_at=dt.datetime(2026, 11, 23, 9).isoformat(), store="test", out_dir=str(out),
                     engine="duckdb", params=params)
    with outputs.staged(out) as folder:
        written = outputs.write_outputs(con, folder, params, gates.run_table_gate, exports=exports)
        run_summary = summary.build_summary(con, run, gates.run_summary(con, run.run_id), written)
        summary_json = html.write_documents(folder, run_summary)
    outputs.remove_stale_outputs(out, run_summary["outputs"])
    outputs.record_delivery(con, run, summary_json)
    return run_summary


def memory_store(**tables: tuple[str, list[tuple]]) -> duckdb.DuckDBPyConnection:
    """An in-memory store with `name=(column definitions, rows)` tables."""
    con = duckdb.connect()
    for name, (columns, rows) in tables.items():
        con.execute(f"create table {name} ({columns})")
        for row in rows:
            con.execute(f"insert into {name} values ({', '.join('?' * len(row))})", list(row))
    return con
