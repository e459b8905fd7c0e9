"""`make bench`: generate lists with ground truth, run the whole pipeline, print speed, memory and accuracy.

    python -m bench.run [--sizes 10000,100000] [--seed 1] [--keep DIR]

Sizes are input rows (approximately). Each size runs the real CLI in a child process, so the peak
RSS is the pipeline's own; stage timings come from run_summary.json. Numbers are medians where a
size is repeated (--repeat), since timings on a shared machine are noisy.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.evaluate import matching_scores, scoring_scores
from bench.generate import generate

ROWS_PER_PERSON = 1.5  # the generator emits about 1.5 rows per person


def run_once(lists: Path, out: Path, extras: Path) -> tuple[float, float, dict]:
    """Run the CLI once; returns (wall seconds, peak RSS in MB of the child, summary)."""
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    cmd = [sys.executable, "-m", "pipelines.cli", "run", str(lists), "--out", str(out), "--quiet",
           "--dnc", str(extras / "dnc.csv"), "--customers", str(extras / "customers.csv")]
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"run failed: {proc.stderr[-2000:]}")
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return wall, peak_mb, json.loads((out / "run_summary.json").read_text(encoding="utf-8"))


def bench_size(rows: int, seed: int, repeat: int, work: Path) -> dict:
    lists = work / f"lists_{rows}"
    t0 = time.perf_counter()
    generate(lists, people=max(10, int(rows / ROWS_PER_PERSON)), seed=seed)
    generated = time.perf_counter() - t0
    extras = lists / "_meta"
    walls, peaks, stages = [], [], {}
    for i in range(repeat):
        out = work / f"out_{rows}_{i}"
        wall, peak, summary = run_once(lists, out, extras)
        walls.append(wall)
        peaks.append(peak)
        for stage, seconds in summary["stage_seconds"].items():
            stages.setdefault(stage, []).append(seconds)
    counts = summary["counts"]
    pipeline = sum(statistics.median(v) for v in stages.values())
    return {
        "rows": counts["rows_in"], "leads": counts["leads"], "generate_s": round(generated, 1),
        "wall_s": round(statistics.median(walls), 2),
        "pipeline_s": round(pipeline, 2),
        "rows_per_s": int(counts["rows_in"] / pipeline) if pipeline else None,
        "peak_rss_mb": int(max(peaks)),
        "stages_s": {k: round(statistics.median(v), 2) for k, v in stages.items()},
        **matching_scores(out, extras / "truth.csv"),
        **scoring_scores(out, extras / "truth.csv"),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated input row counts")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="keep lists and outputs in this folder")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="leadsweep-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results = []
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            result = bench_size(size, args.seed, args.repeat, work)
            results.append(result)
            print(json.dumps(result), flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print("\nrows      leads    pipeline_s  rows/s   peak_MB  precision recall  f1      junk_auc value@20%")
    for r in results:
        print(f"{r['rows']:<9} {r['leads']:<8} {r['pipeline_s']:<11} {r['rows_per_s']:<8} {r['peak_rss_mb']:<8} "
              f"{r['precision']:<9} {r['recall']:<7} {r['f1']:<7} {r['junk_auc']:<8} {r['value_capture_top20']}")


if __name__ == "__main__":
    main()
