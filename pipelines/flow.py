"""The `leadsweep run` flow: ingest -> stage -> match -> score -> export -> report, one Prefect task per stage.

Tasks are thin: each calls one stage of `transforms/` and hands back what the stage reports, which the
flow writes into the run's context. The flow owns the store connection, the Spark session
(`--engine spark`), the gates it passes to the stages, and the stage timings.
"""
from __future__ import annotations

import datetime as dt
import signal
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.exceptions import TerminationSignal

from expectations import gates
from pipelines.config import RunSettings
from transforms.core import spark_engine, store
from transforms.core.context import RunContext
from transforms.export import outputs
from transforms.ingest import lists
from transforms.match import matching
from transforms.report import html, summary
from transforms.score import scoring
from transforms.stage import staging, suppression


@task(cache_policy=NO_CACHE)
def ingest_raw_rows(settings: RunSettings, db: store.Store, run_id: str) -> lists.IngestSummary:
    ingested = lists.ingest(list(settings.inputs), settings.sources, sink=lists.RawRows(db.con))
    lists.register_sources(db.con, ingested, run_id)
    gates.run_table_gate(db.con, "raw_rows", "raw_rows", {"run_id": run_id, "rows_in": ingested.rows_in})
    return ingested.summary()  # the rows went to the store as they were read


@task(cache_policy=NO_CACHE)
def stage_leads(settings: RunSettings, db: store.Store, run: RunContext,
                engine: spark_engine.SparkEngine | None = None) -> dict:
    scrubbed = suppression.load_dnc(db.con, list(settings.dnc), lists.load_source_settings(settings.sources),
                                    settings.as_of)
    customers = suppression.load_customers(db.con, settings.customers)
    staging.stage_leads(db.con, engine)
    forgotten = suppression.mark_forgotten(db.con, settings.store_path)
    gates.run_table_gate(db.con, "stg_leads", "stg_leads", {"run_id": run.run_id, "rows_in": run.rows_in})
    return {"scrubbed_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "dnc_lists": scrubbed, "customers": customers, "forgotten_rows": forgotten}


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
def export_outputs(settings: RunSettings, db: store.Store, run: RunContext, folder: Path) -> list[str]:
    return outputs.write_outputs(db.con, folder, run.params, gates.run_table_gate, bom=settings.bom,
                                 exports=settings.exports)


@task(cache_policy=NO_CACHE)
def report_run(db: store.Store, run: RunContext, written: list[str], folder: Path) -> tuple[dict, str]:
    data_docs = gates.write_data_docs(run.run_id, folder)
    run_summary = summary.build_summary(db.con, run, gates.run_summary(db.con, run.run_id, data_docs), written)
    return run_summary, html.write_documents(folder, run_summary)


@contextmanager
def _stopwatch(timings: dict, stage: str, stop: threading.Event):
    started = time.perf_counter()
    yield
    store.release_unused_memory()
    timings[stage] = time.perf_counter() - started
    _stop_if_asked(stop)


def _stop_if_asked(stop: threading.Event) -> None:
    if stop.is_set():
        raise TerminationSignal(signal=signal.SIGTERM)


@contextmanager
def _noting_sigterm(stop: threading.Event):
    """Note a SIGTERM in `stop`, so that the run stops at the next stage's end and publishes nothing: Prefect's
    handler raises TerminationSignal in whatever frame runs, and raised inside a garbage-collector callback it
    is lost ('Exception ignored in ...') and the run would go on."""
    try:
        prefect_handler = signal.getsignal(signal.SIGTERM)

        def note(signum, frame):
            stop.set()
            if callable(prefect_handler):
                prefect_handler(signum, frame)

        signal.signal(signal.SIGTERM, note)
    except ValueError:  # not the main thread: no signals here
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, prefect_handler)


@flow(name="leadsweep-run", log_prints=False)
def leadsweep_run(settings: RunSettings) -> dict:
    """Turn the input lists into the contract's outputs under `settings.out_dir`; returns the run summary."""
    logger = get_run_logger()
    run = settings.new_context()
    stop = threading.Event()
    with _noting_sigterm(stop), gates.failures_documented(run.run_id, settings.out_dir), \
            store.open_store(settings.store_path, fresh=not settings.is_persistent_store,
                             memory_limit=settings.memory_limit) as db, \
            spark_engine.open_engine(settings.engine, settings.spark_master) as engine:
        with _stopwatch(run.timings, "ingest", stop):
            ingested = ingest_raw_rows(settings, db, run.run_id)
        run.rows_in, run.rejected = ingested.rows_in, ingested.rejected
        run.sources = {s["source_file"]: s for s in ingested.sources}
        logger.info("read %d rows from %d files (%d rejected)", run.rows_in, len(run.sources), len(run.rejected))
        with _stopwatch(run.timings, "stage", stop):
            run.suppression = stage_leads(settings, db, run, engine)
        with _stopwatch(run.timings, "match", stop):
            matched = match_leads(db, run.run_id, settings.matcher_model, engine)
        run.matcher = matched["matcher"]
        logger.info("matched %d usable rows into %d leads", matched["rows_matched"], matched["leads"])
        with _stopwatch(run.timings, "score", stop):
            tiers = score_leads(db, run.params)
        logger.info("leads per tier: %s", tiers)
        with outputs.staged(settings.out_dir) as folder:  # published whole when the block ends
            with _stopwatch(run.timings, "export", stop):
                written = export_outputs(settings, db, run, folder)
            run.finished_at = dt.datetime.now().isoformat(timespec="seconds")
            run_summary, summary_json = report_run(db, run, written, folder)
            _stop_if_asked(stop)
        outputs.remove_stale_outputs(settings.out_dir, run_summary["outputs"])
        outputs.record_delivery(db.con, run, summary_json)
    logger.info("published %d files to %s", len(run_summary["outputs"]), settings.out_dir)
    return run_summary
