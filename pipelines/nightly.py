"""The `leadsweep nightly` flow: process what is new in the inbox, then move it to `processed/`."""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from pipelines.config import RunSettings
from pipelines.flow import leadsweep_run
from transforms.ingest import inbox


@task(cache_policy=NO_CACHE, retries=2, retry_delay_seconds=5)
def scan_inbox(inbox_dir: Path, db_path: Path) -> list[inbox.InboxFile]:
    return inbox.scan_inbox(inbox_dir, db_path)


@task(cache_policy=NO_CACHE, retries=2, retry_delay_seconds=5)
def archive_files(inbox_dir: Path, files: list[Path], day: dt.date) -> list[str]:
    return [str(inbox.archive(inbox_dir, path, day)) for path in files]


@flow(name="leadsweep-nightly")
def leadsweep_nightly(inbox_dir: Path, settings: RunSettings) -> dict:
    """New files (by content hash) go through `leadsweep-run` against the persistent store; re-sent ones are skipped."""
    logger = get_run_logger()
    waiting = scan_inbox(inbox_dir, settings.store_path)
    new = [f for f in waiting if f.seen_as is None]
    unique_new = list({f.sha256: f for f in new}.values())  # the same file twice in one night counts once
    resent = [f for f in waiting if f not in unique_new]
    result = {"new_files": [f.path.name for f in unique_new],
              "skipped_files": [{"file": f.path.name, "same_content_as": f.seen_as or "another file tonight"}
                                for f in resent],
              "summary": None}
    if unique_new:
        run_settings = dataclasses.replace(settings, inputs=tuple(f.path for f in unique_new), command="nightly")
        result["summary"] = leadsweep_run(run_settings)
    archive_files(inbox_dir, [f.path for f in waiting], settings.as_of)
    logger.info("nightly: %d new files, %d skipped as already processed", len(unique_new), len(resent))
    _publish_artifacts(result)
    return result


def _publish_artifacts(result: dict) -> None:
    """A markdown summary and the per-source table, so the night is readable in the Prefect UI."""
    summary = result["summary"]
    if summary is None:
        create_markdown_artifact(key="leadsweep-nightly", markdown="Nothing new in the inbox tonight.")
        return
    counts = summary["counts"]
    create_markdown_artifact(key="leadsweep-nightly", markdown=(
        f"# leadsweep nightly {summary['run_id']}\n\n"
        f"- files: {len(result['new_files'])} new, {len(result['skipped_files'])} skipped as re-sent\n"
        f"- rows in: {counts['rows_in']}, leads: {counts['leads']}, duplicates merged: {counts['duplicates_merged']}\n"
        f"- leads by disposition: {summary['leads_by_disposition']}\n"
        f"- rejected files: {len(summary['rejected_files'])}\n"))
    create_table_artifact(key="leadsweep-sources", table=[
        {k: s.get(k) for k in ("source_file", "source", "rows", "leads", "duplicates_within", "junk_rate", "to_call",
                               "to_recontact", "known", "cost_per_usable_lead")}
        for s in summary["sources"]])
