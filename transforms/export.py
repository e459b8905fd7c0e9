"""Export: the contract's output files, checked against the invariants, then published whole.

Every file is first written into a hidden staging folder inside the output folder; only when all
of them are written and the invariants hold are they renamed into place, one atomic rename each.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import uuid
from pathlib import Path

import duckdb
import pandas as pd

from expectations import gates
from transforms.excel import EXCEL_MAX_ROWS, write_call_list_xlsx
from transforms.report import render_report
from transforms.store import materialise
from transforms.summary import build_summary

# file -> (table, row order). The order is explicit when reading: the store lets DuckDB drop the
# insertion order of big tables (`preserve_insertion_order = false`), so a table's own order is not kept.
OUTPUT_TABLES = {
    "call_list.csv": ("call_list", "priority_rank"),
    "recontact.csv": ("recontact", "recontact_on, priority_score desc, lead_id"),
    "do_not_call.csv": ("do_not_call", "reason, lead_id"),
    "lineage.csv": ("lineage", "source_file, source_row"),
    "review_pairs.csv": ("review_pairs", "match_probability desc, source_file_l, source_row_l, source_file_r, source_row_r"),
}
FORMULA_START = re.compile(r"^[=+\-@\t\r]")
NUMBER = re.compile(r"^[+-]?\s*\d[\d\s]*(\.\d+)?$")
RAW_FIELDS_LIMIT = 2000  # characters of a quarantined row's raw text kept in quarantine.csv


class InvariantBroken(Exception):
    """The run would publish output that breaks the contract; nothing is written."""


def neutralise(value):
    """Make a cell safe to open in Excel: a leading =, +, -, @, TAB or CR gets a quote, unless a number."""
    if not isinstance(value, str) or not value or not FORMULA_START.match(value):
        return value
    if value[0] in "+-" and NUMBER.match(value):
        return value
    return "'" + value


def formula_cells(column: pd.Series) -> pd.Series:
    """True where a cell would run as a formula in a spreadsheet (numbers such as +3912345 are safe)."""
    if not (column.dtype == object or pd.api.types.is_string_dtype(column)):
        return pd.Series(False, index=column.index)
    text = column.astype("string")
    risky = text.str.match(r"^[=+\-@\t\r]", na=False).astype(bool)
    number = text.str.match(NUMBER.pattern, na=False).astype(bool) & text.str.match(r"^[+-]", na=False).astype(bool)
    return risky & ~number


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """`neutralise` every text cell of a frame (vectorised over the cells that need it)."""
    frame = frame.copy()
    for column in frame.columns:
        risky = formula_cells(frame[column])
        if risky.any():
            frame[column] = frame[column].astype(object)
            frame.loc[risky, column] = frame.loc[risky, column].map(neutralise)
    return frame


def quarantine_frame(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Quarantined rows with their reason and their raw values as JSON (long cells cut)."""
    rows = con.execute("""
        select s.source_file, s.source_row, s.quarantine_reason as reason, r.* exclude (source_file, source_row, country_default)
        from stg_leads s join raw_rows r using (source_file, source_row)
        where s.quarantine_reason is not null order by 1, 2
    """).df()
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


def check_invariants(con: duckdb.DuckDBPyConnection, frames: dict[str, pd.DataFrame]) -> None:
    """Invariants 1-4 of the contract, on what is about to be published."""
    lineage = frames["lineage.csv"]
    n_rows = con.execute("select count(*) from raw_rows").fetchone()[0]
    if len(lineage) != n_rows or lineage.duplicated(["source_file", "source_row"]).any():
        raise InvariantBroken(f"lineage has {len(lineage)} rows for {n_rows} input rows (invariant 1)")
    listed = pd.concat([frames[name][["lead_id"]].assign(list=name)
                        for name in ("call_list.csv", "recontact.csv", "do_not_call.csv")])
    twice = listed[listed.duplicated("lead_id", keep=False)]
    if len(twice):
        raise InvariantBroken(f"{twice.lead_id.nunique()} leads are in more than one list (invariant 2)")
    expected = set(lineage.loc[lineage.disposition.isin(["call", "recontact", "do_not_call"]), "lead_id"])
    if expected != set(listed.lead_id):
        raise InvariantBroken(f"{len(expected ^ set(listed.lead_id))} leads are listed wrongly or not at all (invariant 2)")
    dnc_missing = con.execute("""
        select count(distinct l.lead_id) from leads l, unnest(l.phones) as t(phone)
        join dnc_numbers d on d.e164 = t.phone
        where l.lead_id not in (select lead_id from lead_dispositions where disposition = 'do_not_call')
    """).fetchone()[0]
    if dnc_missing:
        raise InvariantBroken(f"{dnc_missing} leads with a do-not-call number are not suppressed (invariant 3)")
    for name, frame in frames.items():
        for column in frame.columns:
            if formula_cells(frame[column]).any():
                raise InvariantBroken(f"{name}: column {column} has a formula-like cell (invariant 4)")


def publish(out_dir: Path, frames: dict[str, pd.DataFrame], documents: dict[str, str]) -> list[Path]:
    """Write every file to a staging folder, then rename each into `out_dir` (invariant 6)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.glob(".leadsweep-staging-*"):  # left by a run that was killed while writing
        shutil.rmtree(stale, ignore_errors=True)
    staging = out_dir / f".leadsweep-staging-{uuid.uuid4().hex[:8]}"
    staging.mkdir()
    try:
        for name, frame in frames.items():
            frame.to_csv(staging / name, index=False, encoding="utf-8", lineterminator="\r\n")
        for name, text in documents.items():
            (staging / name).write_text(text, encoding="utf-8")
        write_call_list_xlsx(frames["call_list.csv"], staging / "call_list.xlsx")
        for path in staging.iterdir():
            with open(path, "rb") as fh:
                os.fsync(fh.fileno())
        published = []
        for path in sorted(staging.iterdir()):
            target = out_dir / path.name
            os.replace(path, target)
            published.append(target)
        return published
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def read_output(con: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame:
    """Output file `name`'s table, in the file's row order."""
    table, order = OUTPUT_TABLES[name]
    return con.execute(f"select * from {table} order by {order}").df()


def build_frames(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """The CSV outputs as neutralised frames, in contract column order first."""
    frames = {name: read_output(con, name) for name in OUTPUT_TABLES}
    frames["quarantine.csv"] = quarantine_frame(con)
    return {name: neutralise_frame(frame) for name, frame in frames.items()}


EXPORT_MODELS = ("call_list", "recontact", "do_not_call", "lineage", "review_pairs", "source_stats")


def export_run(con: duckdb.DuckDBPyConnection, out_dir: Path, params: dict, run: dict, rejected: list[dict],
               suppressed: dict, timings: dict[str, float]) -> dict:
    """Build, check and publish every output file; mark the delivered leads in the store."""
    started = dt.datetime.now()
    for model in EXPORT_MODELS:
        materialise(con, model, params)
    frames = build_frames(con)
    check_invariants(con, frames)
    context = {"run_id": run["run_id"], "rows_in": len(frames["lineage.csv"]), "to_call": len(frames["call_list.csv"])}
    for name, frame in frames.items():  # one whole frame each until the export streams (next commit)
        source = OUTPUT_TABLES[name][0] if name in OUTPUT_TABLES else "stg_leads"  # quarantine: no uniqueness
        gates.run_table_gate(con, source, name, context, chunks=[frame])
    run = {**run, "finished_at": dt.datetime.now().isoformat(timespec="seconds")}
    timings = {**timings, "export": (dt.datetime.now() - started).total_seconds()}  # up to publishing
    summary = build_summary(con, run, rejected, suppressed, timings)
    summary["validation"] = gates.run_summary(con, run["run_id"])
    with_xlsx = len(frames["call_list.csv"]) <= EXCEL_MAX_ROWS
    summary["outputs"] = sorted([*frames, *(["call_list.xlsx"] if with_xlsx else []), "run_summary.json", "report.html"])
    calls = frames["call_list.csv"]
    summary["leads_by_rep"] = {str(rep): {str(t): int(n) for t, n in group.value_counts().sort_index().items()}
                               for rep, group in calls.groupby("assigned_to")["tier"]} if calls["assigned_to"].notna().any() else {}
    documents = {
        "run_summary.json": json.dumps(summary, indent=2, ensure_ascii=False, default=str),
        "report.html": render_report(summary),
    }
    publish(out_dir, frames, documents)
    con.execute("""
        update lead_registry set delivered_run_id = $run_id, delivered_at = now()
        where delivered_run_id is null
          and lead_id in (select lead_id from lead_dispositions where disposition in ('call', 'recontact'))
    """, {"run_id": run["run_id"]})
    remember_leads(con, run["run_id"])
    con.execute("insert into runs values ($run_id, $started, now(), $as_of, $command, $summary)",
                {"run_id": run["run_id"], "started": run["started_at"], "as_of": run["as_of"],
                 "command": run["command"], "summary": documents["run_summary.json"]})
    return summary


def remember_leads(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    """Keep each lead's golden record, scores and disposition of this run for `explain` and later runs."""
    snapshot = """
        select $run_id as run_id, l.lead_id, l.first_name, l.last_name, l.company, l.job_title, l.phone, l.email,
               l.country, l.sources, s.tier, s.stage, s.priority_score, s.value_score, s.junk_score, s.reasons,
               d.disposition, d.reason, d.recontact_on
        from leads l join lead_scores s using (lead_id) join lead_dispositions d using (lead_id)
    """
    con.execute(f"create table if not exists lead_snapshots as {snapshot} limit 0", {"run_id": run_id})
    con.execute(f"insert into lead_snapshots by name {snapshot}", {"run_id": run_id})
    history = "select $run_id as run_id, * from lead_provenance"
    con.execute(f"create table if not exists provenance_history as {history} limit 0", {"run_id": run_id})
    con.execute(f"insert into provenance_history by name {history}", {"run_id": run_id})
