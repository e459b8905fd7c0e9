"""The run summary (`run_summary.json`): counts in and out, per source, per disposition, timings."""
from __future__ import annotations

import duckdb

from transforms.core.context import RunContext
from transforms.core.store import materialise, records
from transforms.export.formulas import neutralise
from transforms.match.decisions import decision_quality
from transforms.score.scoring import MIN_DEALS

DOCUMENTS = ("run_summary.json", "report.html")  # written by `html.write_documents`

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


def value_model(con: duckdb.DuckDBPyConnection) -> dict:
    """How the leads' value was set: learned from the CRM's won/lost deals (with its held-out quality and the
    weights that matter most) or the cold-start prior, and why."""
    model = records(con, "select * from value_model")[0]
    learned = bool(model["learned"])
    top = records(con, """
        select feature, value, round(weight, 3) as weight, won_n as won, lost_n as lost from value_weights
        where fit = -1 and feature <> 'intercept'
        order by abs(weight) desc, feature, value limit 12""") if learned else []
    return {"mode": "learned" if learned else "cold_start", "learned": learned,
            "won_deals": model["won_deals"], "lost_deals": model["lost_deals"],
            "why": (f"learned from {model['won_deals']} won and {model['lost_deals']} lost deals" if learned else
                    f"cold-start prior (seniority x company size): the history has {model['won_deals']} won and "
                    f"{model['lost_deals']} lost deals, fewer than {MIN_DEALS} of each"),
            "cv_auc": None if model["cv_auc"] is None else round(model["cv_auc"], 4),
            "cv_log_loss": None if model["cv_log_loss"] is None else round(model["cv_log_loss"], 4),
            "strongest_weights": top}


def build_summary(con: duckdb.DuckDBPyConnection, run: RunContext, validation: dict, outputs: list[str]) -> dict:
    """Everything a scheduler, an analyst or the report needs to know about the run, without personal data:
    counts in and out, per source and disposition, the gates' results (`validation`), the files published."""
    materialise(con, "source_stats")
    rows_in = _scalar(con, "select count(*) from raw_rows")
    quarantined = _scalar(con, "select count(*) from stg_leads where quarantine_reason is not null")
    leads = _scalar(con, "select count(*) from leads")
    rows_by_disposition = dict(con.execute(
        "select disposition, count(*) from lineage group by 1 order by 1").fetchall())
    leads_by_disposition = dict(con.execute(
        "select disposition, count(*) from lead_dispositions group by 1 order by 1").fetchall())
    sources = records(con, "select * from source_stats")
    for source in sources:
        source.update({k: v for k, v in run.sources.get(source["source_file"], {}).items()
                       if k in ("encoding", "delimiter", "format", "header_language", "mapped_columns",
                                "unmapped_columns", "sha256")})
    return {
        "run_id": run.run_id,
        "command": run.command,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "as_of": run.as_of,
        "store": run.store,
        "engine": run.engine,  # where matching and normalisation ran: duckdb or spark
        "matcher": run.matcher,  # what the matcher learnt from this list, and what came from its prior
        "value_model": value_model(con),  # learned from won/lost history or the cold-start prior, and how well
        "inputs": sorted(run.sources),
        "rejected_files": run.rejected,
        "counts": {
            "rows_in": rows_in,
            "rows_quarantined": quarantined,
            "leads": leads,
            "duplicates_merged": rows_in - quarantined - leads,
            "files_read": len(run.sources),
            "files_rejected": len(run.rejected),
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
        "suppression": run.suppression,
        "stage_seconds": {k: round(v, 3) for k, v in run.timings.items()},
        "validation": validation,
        "outputs": sorted([*outputs, *DOCUMENTS]),
        "leads_by_rep": leads_by_rep(con),
        "review_decisions": decision_quality(con),  # the model's cut-offs judged by the pairs people decided
    }


def leads_by_rep(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, int]]:
    """Per rep, the leads of each tier the call list deals them (names as the call list prints them)."""
    rows = con.execute("select assigned_to::varchar, tier, count(*) from call_list "
                       "where assigned_to is not null group by all").fetchall()
    counts: dict[str, dict[str, int]] = {}
    for rep, tier, leads in rows:
        tiers = counts.setdefault(str(neutralise(rep)), {})
        if tier is not None:
            tiers[str(neutralise(tier))] = leads
    return {rep: dict(sorted(tiers.items())) for rep, tiers in sorted(counts.items())}


def describe_failures(outcome: dict) -> str:
    """Every failed expectation of a suite's result, with its column, row count and a few row ids."""
    return "; ".join(
        f"{f['expectation']} on {f['column']} ({f['unexpected_count']} rows, e.g. {f['rows'][:3]}"
        + (f": {f['error']}" if f.get("error") else "") + ")"
        for f in outcome["failures"])
