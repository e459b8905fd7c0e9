"""The `leadsweep run` flow: ingest -> stage -> match -> score -> export, one Prefect task per stage.

Tasks are thin: each calls one function in `transforms/`. The flow owns the store connection, the
Spark session (`--engine spark`) and the stage timings; everything else is in the transforms.
"""
from __future__ import annotations

import datetime as dt
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from expectations import gates
from pipelines.config import RunSettings
from transforms import export, ingest, matching, scoring, spark_engine, staging, store, suppression


@task(cache_policy=NO_CACHE)
def ingest_raw_rows(settings: RunSettings, db: store.Store, run_id: str) -> ingest.IngestSummary:
    ingested = ingest.ingest(list(settings.inputs), settings.sources, sink=staging.RawRows(db.con))
    ingest.register_sources(db.con, ingested, run_id)
    gates.run_table_gate(db.con, "raw_rows", "raw_rows", {"run_id": run_id, "rows_in": ingested.rows_in})
    return ingested.summary()  # the rows went to the store as they were read


@task(cache_policy=NO_CACHE)
def stage_leads(settings: RunSettings, db: store.Store, ingested: ingest.IngestSummary, run_id: str,
                engine: spark_engine.SparkEngine | None = None) -> dict:
    scrubbed = suppression.load_dnc(db.con, list(settings.dnc))
    customers = suppression.load_customers(db.con, settings.customers)
    staging.stage_leads(db.con, engine)
    gates.run_table_gate(db.con, "stg_leads", "stg_leads", {"run_id": run_id, "rows_in": ingested.rows_in})
    return {"scrubbed_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "dnc_lists": scrubbed, "customers": customers}


@task(cache_policy=NO_CACHE)
def match_leads(db: store.Store, run_id: str, model_path: Path | None,
                engine: spark_engine.SparkEngine | None = None) -> dict:
    counts = matching.match_leads(db.con, run_id, model_path, engine)
    gates.run_table_gate(db.con, "leads", "leads", {"run_id": run_id})
    return counts


@task(cache_policy=NO_CACHE)
def score_leads(db: store.Store, params: dict) -> dict:
    return scoring.score_leads(db.con, params)


@task(cache_policy=NO_CACHE)
def export_outputs(settings: RunSettings, db: store.Store, run: dict, ingested: ingest.IngestSummary,
                   suppressed: dict, timings: dict) -> dict:
    return export.export_run(db.con, settings.out_dir, settings.sql_params(run["run_id"]), run, ingested.rejected,
                             suppressed, timings, bom=settings.bom, exports=settings.exports)


@contextmanager
def _stopwatch(timings: dict, stage: str):
    started = time.perf_counter()
    yield
    store.release_unused_memory()
    timings[stage] = time.perf_counter() - started


@flow(name="leadsweep-run", log_prints=False)
def leadsweep_run(settings: RunSettings) -> dict:
    """Turn the input lists into the contract's outputs under `settings.out_dir`; returns the run summary."""
    logger = get_run_logger()
    run_id = dt.datetime.now().strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    run = {"run_id": run_id, "command": settings.command, "as_of": settings.as_of.isoformat(),
           "started_at": dt.datetime.now().isoformat(timespec="seconds"), "store": str(settings.store_path),
           "engine": settings.engine}
    timings: dict[str, float] = {}
    with store.open_store(settings.store_path, fresh=not settings.is_persistent_store,
                          memory_limit=settings.memory_limit) as db, \
            spark_engine.open_engine(settings.engine, settings.spark_master) as engine:
        with _stopwatch(timings, "ingest"):
            ingested = ingest_raw_rows(settings, db, run_id)
        logger.info("read %d rows from %d files (%d rejected)", ingested.rows_in,
                    len(ingested.sources), len(ingested.rejected))
        run["sources"] = {s["source_file"]: s for s in ingested.sources}
        with _stopwatch(timings, "stage"):
            suppressed = stage_leads(settings, db, ingested, run_id, engine)
        with _stopwatch(timings, "match"):
            matched = match_leads(db, run_id, settings.matcher_model, engine)
        logger.info("matched %d usable rows into %d leads", matched["rows_matched"], matched["leads"])
        run["matcher"] = matched["matcher"]
        with _stopwatch(timings, "score"):
            tiers = score_leads(db, settings.sql_params(run_id))
        logger.info("leads per tier: %s", tiers)
        with _stopwatch(timings, "export"):
            summary = export_outputs(settings, db, run, ingested, suppressed, timings)
    logger.info("published %d files to %s", len(summary["outputs"]), settings.out_dir)
    return summary
