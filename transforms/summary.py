"""The run summary (`run_summary.json`): counts in and out, per source, per disposition, timings."""
from __future__ import annotations

import duckdb

from transforms.store import materialise, records

SCORES = ("priority_score", "value_score", "junk_score")


def _scalar(con: duckdb.DuckDBPyConnection, sql: str):
    return con.execute(sql).fetchone()[0]


def score_histograms(con: duckdb.DuckDBPyConnection) -> dict[str, list[dict]]:
    """Per score, its bins low to high with the leads of each tier in them (model `score_histogram`)."""
    materialise(con, "score_histogram")
    rows = records(con, "select * from score_histogram order by score, bin, tier")
    histograms: dict[str, list[dict]] = {score: [] for score in SCORES}
    for row in rows:
        bins = histograms[row["score"]]
        if not bins or bins[-1]["bin_low"] != row["bin_low"]:
            bins.append({"bin_low": row["bin_low"], "bin_high": row["bin_high"], "leads": {}})
        bins[-1]["leads"][row["tier"]] = row["leads"]
    return histograms


def build_summary(con: duckdb.DuckDBPyConnection, run: dict, rejected: list[dict], suppression: dict,
                  timings: dict[str, float]) -> dict:
    """Everything a scheduler, an analyst or the report needs to know about the run, without personal data."""
    rows_in = _scalar(con, "select count(*) from raw_rows")
    quarantined = _scalar(con, "select count(*) from stg_leads where quarantine_reason is not null")
    leads = _scalar(con, "select count(*) from leads")
    rows_by_disposition = dict(con.execute(
        "select disposition, count(*) from lineage group by 1 order by 1").fetchall())
    leads_by_disposition = dict(con.execute(
        "select disposition, count(*) from lead_dispositions group by 1 order by 1").fetchall())
    sources = records(con, "select * from source_stats")
    for source in sources:
        source.update({k: v for k, v in run["sources"].get(source["source_file"], {}).items()
                       if k in ("encoding", "delimiter", "format", "header_language", "mapped_columns",
                                "unmapped_columns", "sha256")})
    return {
        "run_id": run["run_id"],
        "command": run["command"],
        "started_at": run["started_at"],
        "finished_at": run["finished_at"],
        "as_of": run["as_of"],
        "store": run["store"],
        "engine": run["engine"],  # where matching and normalisation ran: duckdb or spark
        "matcher": run.get("matcher", {}),  # what the matcher learnt from this list, and what came from its prior
        "inputs": sorted(run["sources"]),
        "rejected_files": rejected,
        "counts": {
            "rows_in": rows_in,
            "rows_quarantined": quarantined,
            "leads": leads,
            "duplicates_merged": rows_in - quarantined - leads,
            "files_read": len(run["sources"]),
            "files_rejected": len(rejected),
        },
        "rows_by_disposition": rows_by_disposition,
        "leads_by_disposition": leads_by_disposition,
        "leads_by_tier": dict(con.execute("select tier, count(*) from lead_scores group by 1 order by 1").fetchall()),
        "leads_by_stage": dict(con.execute("select stage, count(*) from lead_scores group by 1 order by 1").fetchall()),
        "quarantine_reasons": dict(con.execute(
            "select split_part(quarantine_reason, ':', 1), count(*) from stg_leads "
            "where quarantine_reason is not null group by 1 order by 2 desc").fetchall()),
        "sources": sources,
        "score_histograms": score_histograms(con),
        "assumptions": [
            {"file": s["source_file"], "default_country": s["default_country"], "basis": s["country_basis"]}
            for s in sources
        ],
        "suppression": suppression,
        "stage_seconds": {k: round(v, 3) for k, v in timings.items()},
    }


def describe_failures(outcome: dict) -> str:
    """Every failed expectation of a suite's result, with its column, row count and a few row ids."""
    return "; ".join(
        f"{f['expectation']} on {f['column']} ({f['unexpected_count']} rows, e.g. {f['rows'][:3]}"
        + (f": {f['error']}" if f.get("error") else "") + ")"
        for f in outcome["failures"])
