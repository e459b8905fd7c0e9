"""Runs on a kept store (`--db`): the same lists split over two runs (issue #3), and a small batch
of new rows against a store built from a big run (issue #7).

Both reuse generated lists (`bench.generate`, truth in `_meta/truth.csv`) and score the union of the
runs' lineage files, where each row carries the lead its own run gave it.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from bench.generate import FILES
from bench.matching_eval import cross_run_scores, lead_id_stability, union_matching_scores
from bench.measure import CliRun, run_cli

FIRST_RUN_FILES = FILES[:3]     # run 1: the Italian, Bulgarian and Indonesian lists
SECOND_RUN_FILES = FILES[3:]    # run 2: the trade show, the web form and the phone book
INCREMENT_FILE = "webform.jsonl"  # the new batch: the first N records of the web form
EARLIER_FILE = "webform_earlier.jsonl"  # the web form's other records, in the store's big run


def _fresh_store(folder: Path) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder / "store.duckdb"


def _pairwise(scores: dict) -> dict:
    return {k: scores[k] for k in ("precision", "recall", "f1")}


def run_summary(run: CliRun) -> dict:
    """The timing and size facts of one run that the scenarios report."""
    return {"rows": run.rows, "wall_s": round(run.wall_s, 2), "peak_rss_mb": int(run.peak_rss_mb),
            "stages_s": {k: round(v, 2) for k, v in run.stage_seconds.items()},
            "rows_by_disposition": run.summary.get("rows_by_disposition", {})}


def two_runs(lists: Path, work: Path, one_run_lineage: Path | None = None) -> dict:
    """Files 1-3 in run 1 and 4-6 in run 2 on one store, against one run over all six files.

    Reports pairwise P/R/F1 of both, the pairs spanning the two runs, and whether run 1's lead_ids
    and row memberships survived run 2.
    """
    extras, truth = lists / "_meta", lists / "_meta" / "truth.csv"
    store = _fresh_store(work)
    first = run_cli([lists / f for f in FIRST_RUN_FILES], work / "run1", extras, db=store)
    second = run_cli([lists / f for f in SECOND_RUN_FILES], work / "run2", extras, db=store)
    if one_run_lineage is None:
        one_run_lineage = run_cli([lists], work / "one_run", extras).out / "lineage.csv"
    lineages = [first.out / "lineage.csv", second.out / "lineage.csv"]
    return {"rows": first.rows + second.rows,
            "first_files": list(FIRST_RUN_FILES), "second_files": list(SECOND_RUN_FILES),
            "one_run": _pairwise(union_matching_scores([one_run_lineage], truth)),
            "two_runs": _pairwise(union_matching_scores(lineages, truth)),
            "cross": cross_run_scores(*lineages, truth),
            "stability": lead_id_stability(store, lineages[0]),
            "first_run": run_summary(first), "second_run": run_summary(second)}


def split_records(source: Path, head: Path, tail: Path, records: int) -> tuple[Path, Path]:
    """The first `records` non-blank lines of a JSON Lines file to `head` (numbered as in `source`, as
    the reader counts), the others to `tail` (numbered from 1 again)."""
    for dest in (head, tail):
        dest.parent.mkdir(parents=True, exist_ok=True)
    kept = 0
    with source.open(encoding="utf-8") as src, head.open("w", encoding="utf-8", newline="\n") as first, \
            tail.open("w", encoding="utf-8", newline="\n") as rest:
        for line in src:
            if line.strip():
                (first if kept < records else rest).write(line)
                kept += 1
    return head, tail


def _truth_with_tail(truth: Path, tail_name: str, records: int, dest: Path) -> Path:
    """`truth` plus the rows of the split-off tail file under its own name and numbering."""
    with duckdb.connect() as con:
        con.execute(f"""
            copy (
                select * from read_csv('{truth}', all_varchar = true)
                union all
                select * replace ($tail_name as source_file, (source_row::bigint - $records)::varchar as source_row)
                from read_csv('{truth}', all_varchar = true)
                where source_file = $file and source_row::bigint > $records
            ) to '{dest}' (header)
        """, {"tail_name": tail_name, "records": records, "file": INCREMENT_FILE})
    return dest


def incremental(lists: Path, work: Path, new_rows: int) -> dict:
    """A store built from every list, the web form less its first `new_rows` records, then those
    records as the night's new batch against it (like people who filled the form since).

    time_ratio is the small run's wall time over the big run's; pipeline_ratio the same for the summed
    stage times (start-up left out); rows_ratio the same for rows; store_leads the leads the store held.
    f1 is over the union of both runs' lineage.
    """
    extras, truth = lists / "_meta", lists / "_meta" / "truth.csv"
    store = _fresh_store(work)
    batch, earlier = split_records(lists / INCREMENT_FILE, work / "new" / INCREMENT_FILE,
                                   work / "earlier" / EARLIER_FILE, new_rows)
    base = run_cli([*(lists / f for f in FILES if f != INCREMENT_FILE), earlier], work / "base", extras, db=store)
    new = run_cli([batch], work / "increment", extras, db=store)
    truth = _truth_with_tail(truth, EARLIER_FILE, new_rows, work / "truth.csv")
    scores = union_matching_scores([base.out / "lineage.csv", new.out / "lineage.csv"], truth)
    return {"base": run_summary(base), "new": run_summary(new), "store_leads": base.summary["counts"]["leads"],
            "time_ratio": round(new.wall_s / base.wall_s, 3), "rows_ratio": round(new.rows / base.rows, 3),
            "pipeline_ratio": round(sum(new.stage_seconds.values()) / sum(base.stage_seconds.values()), 3),
            "new_rows_per_s": int(new.rows / new.wall_s), **_pairwise(scores)}
