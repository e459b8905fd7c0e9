"""`make bench`: generate lead lists with ground truth, run the real CLI on them, and measure speed,
memory and matching accuracy (issues #3 and #7).

    python -m bench.run [--sizes 100000,1000000] [--people-sizes 100000] [--seed 1] [--repeat 1] [--keep DIR]
                        [--two-run 10000] [--incremental-base 1350000] [--incremental-rows 10000]
                        [--splink-max-rows 1000000] [--splink-thresholds 0.95,0.9] [--engine duckdb|spark]
                        [--public febrl1,febrl2,febrl3,febrl4,restaurants,fake1000,chicago,historical50k|none]

Per size (input rows, approximately; 1000000 takes minutes, 10000000 is opt-in and takes hours):
one CLI run in a child process (wall time including Prefect start-up, stage times from
run_summary.json, the pipeline process's peak RSS and that of the Prefect server it starts), pairwise
precision/recall/F1, trap precision, the largest leads (`bench/matching_eval.py`), and a textbook
Splink dedupe of the same staged rows (`bench/splink_baseline.py`). The same for the second generator's
lists (`--people-sizes`: US/UK people with dates of birth and street addresses, firms without a contact
name; written apart from the first, `bench/generate_people.py`). Then the public FEBRL data sets and the
Fodor's/Zagat restaurants, data we did not write, each run through the CLI and beside a textbook Splink dedupe
of the same rows
(`bench/public_sets.py`; `--public none` skips them, `--sizes none` runs no generated size). Then the
value model on random ideal-customer profiles (`bench/value_profiles.py`; `--profiles 0` skips it). Then two
runs sharing one store and a small batch against a big store (`bench/scenarios.py`). Timings on a
shared machine are noisy: use --repeat for medians and read the ratios. Prints a JSON line per part, a summary
table, and writes everything to bench/results/bench-<time>.json.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

from bench import report
from bench.evaluate import scoring_scores
from bench.generate import generate
from bench.generate_people import generate_people
from bench.matching_eval import accuracy
from bench.measure import run_cli
from bench.name_eval import name_scores
from bench.public_sets import bench_public, parse_names
from bench.scenarios import incremental, two_runs
from bench.splink_baseline import lineage_path, plain_splink
from bench.value_profiles import bench_profiles

ROWS_PER_PERSON = 1.5  # the generator emits about 1.5 rows per person
INCREMENTAL_BASE = 1_350_000  # rows that make a store of about 1M leads (the generator: 0.74 leads per row)
FULL_RUN = 1_000_000  # the size the incremental run is compared with, when this bench ran it
RESULTS_DIR = Path(__file__).parent / "results"


def lists_for(work: Path, rows: int, seed: int, generator: str = "first") -> Path:
    """Generated lists of about `rows` input rows (made once per generator, size and seed): the first
    generator's (IT/BG/ID/GB leads, DNC list and CRM history) or the second's (US/UK people with dates
    of birth and street addresses, firms without a contact name; `bench/generate_people.py`)."""
    lists = work / (f"lists_{rows}_s{seed}" if generator == "first" else f"people_{rows}_s{seed}")
    if not (lists / "_meta" / "truth.csv").exists():
        if generator == "first":
            generate(lists, people=max(10, int(rows / ROWS_PER_PERSON)), seed=seed)
        else:
            generate_people(lists, rows, seed)
    return lists


def splink_part(store: Path, truth: Path, work: Path, thresholds: list[float]) -> dict:
    """The plain-Splink baseline on a run's staged rows, scored like the run at each threshold."""
    timing = plain_splink(store, work / "splink.duckdb", work / "splink", thresholds)
    scores = {t: accuracy(lineage_path(work / "splink", t), store, truth) for t in thresholds}
    return {"threshold": thresholds[0], **timing, **scores[thresholds[0]],
            "other_thresholds": {str(t): scores[t] for t in thresholds[1:]}}


def bench_size(rows: int, args: argparse.Namespace, work: Path, generator: str = "first") -> dict:
    """Run one size `args.repeat` times (median wall and stage times, max peak) and score the last run."""
    lists = lists_for(work, rows, args.seed, generator)
    meta = lists / "_meta"
    truth = meta / "truth.csv"
    if generator == "first":  # its DNC list and CRM history go along
        runs = [run_cli([lists], work / f"out_{rows}_{i}", meta) for i in range(args.repeat)]
    else:  # its lists name their country and kind in a sources file
        runs = [run_cli([lists], work / f"people_out_{rows}_{i}", None, sources=meta / "sources.yaml")
                for i in range(args.repeat)]
    last = runs[-1]
    wall = statistics.median(r.wall_s for r in runs)
    stages = {s: round(statistics.median(r.stage_seconds[s] for r in runs), 2) for s in last.stage_seconds}
    result = {
        "part": "size", "generator": generator, "size": rows, "rows": last.rows,
        "leads": last.summary["counts"]["leads"],
        "wall_s": round(wall, 2), "stages_s": stages, "pipeline_s": round(sum(stages.values()), 2),
        "match_steps_s": last.summary.get("matcher", {}).get("seconds", {}),  # of the last run
        "other_s": round(wall - sum(stages.values()), 2),  # imports, Prefect start-up and shutdown
        "rows_per_s": int(last.rows / wall), "rows_per_s_stages": int(last.rows / sum(stages.values())),
        "peak_rss_mb": int(max(r.peak_rss_mb for r in runs)),
        "helpers_rss_mb": int(max(r.helpers_rss_mb for r in runs)),
        "load_before": [round(r.load_before, 2) for r in runs],
        **accuracy(last.out / "lineage.csv", last.out / "leadsweep.duckdb", truth),
        # the second generator has no value truth, nor true names
        **(scoring_scores(last.out, truth) if generator == "first" else {}),
        **(name_scores(last.out, truth, meta / "people.csv") if (meta / "people.csv").exists() else {}),
        "lineage": str(last.out / "lineage.csv"),
    }
    if rows <= args.splink_max_rows:  # the size asked for (a size yields a few rows more or less)
        splink = splink_part(last.out / "leadsweep.duckdb", truth, work / f"splink_{generator}_{rows}",
                             args.splink_thresholds)
        result["splink"] = splink
        result["wall_over_splink"] = round(wall / splink["dedupe_s"], 2)
        result["match_over_splink"] = round(stages["match"] / splink["dedupe_s"], 2)
    return result


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], capture_output=True, text=True, cwd=Path(__file__).parent).stdout.strip()


def host_info() -> dict:
    """What the numbers were measured on: the commit (and whether the tree had local changes), the machine."""
    return {"commit": _git("rev-parse", "--short", "HEAD"), "dirty": bool(_git("status", "--porcelain", "-uno")),
            "cpus": os.cpu_count(), "load": [round(x, 2) for x in os.getloadavg()],
            "python": platform.python_version(), "platform": platform.platform()}


def write_results(results: dict) -> Path:
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"bench-{dt.datetime.now():%Y%m%dT%H%M%S}.json"
    path.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _public(text: str) -> list[str]:
    try:
        return parse_names(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    sizes = lambda text: [int(float(s)) for s in text.split(",") if s and s.lower() != "none"]  # noqa: E731
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=sizes, default=[100_000, 1_000_000],
                        help="comma-separated input row counts (none: no generated lists)")
    parser.add_argument("--people-sizes", type=sizes, default=[100_000],
                        help="input row counts of the second generator's lists (US/UK people and firms; none: skip)")
    parser.add_argument("--public", type=_public,
                        default=parse_names("febrl1,febrl2,febrl3,febrl4,restaurants,fake1000,chicago,historical50k"),
                        help="public data sets to run (febrl1,febrl2,febrl3,febrl4,restaurants,fake1000,chicago,"
                             "historical50k; none: skip)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1, help="CLI runs per size (medians are reported)")
    parser.add_argument("--keep", type=Path, help="keep lists, outputs and stores in this folder")
    parser.add_argument("--two-run", type=int, default=10_000, help="size split over two runs on one store (0: skip)")
    parser.add_argument("--incremental-base", type=int, default=INCREMENTAL_BASE,
                        help="rows of the lists the store is built from (default: about 1M leads; 0: skip)")
    parser.add_argument("--incremental-rows", type=int, default=10_000, help="new rows run against that store")
    parser.add_argument("--splink-max-rows", type=int, default=1_000_000, help="skip plain Splink above this")
    parser.add_argument("--splink-thresholds", type=lambda t: [float(x) for x in t.split(",")], default=[0.95, 0.9],
                        help="cluster thresholds; the first is timed and tabled")
    parser.add_argument("--profiles", type=int, default=5,
                        help="random ideal-customer profiles the value model is judged on (0: skip)")
    parser.add_argument("--profile-people", type=int, default=8000, help="people per profile's lists")
    parser.add_argument("--engine", choices=("duckdb", "spark"), default=os.environ.get("LEADSWEEP_ENGINE", "duckdb"),
                        help="the runs' --engine (spark: LEADSWEEP_SPARK_MASTER, default local[*])")
    return parser.parse_args(argv)


def run_parts(args: argparse.Namespace, work: Path, results: dict) -> None:
    """Every part of the bench in turn, each printed as a JSON line when it is done."""
    for rows in args.sizes:
        results["sizes"].append(bench_size(rows, args, work))
        print(json.dumps(results["sizes"][-1]), flush=True)
    for rows in args.people_sizes:
        results["sizes"].append(bench_size(rows, args, work, "second"))
        print(json.dumps(results["sizes"][-1]), flush=True)
    for name in args.public:
        results["public"].append(bench_public(name, work / "public"))
        print(json.dumps(results["public"][-1]), flush=True)
    if args.profiles:
        results["value_profiles"] = bench_profiles(args.profiles, args.profile_people, args.seed, work / "profiles")
    if args.two_run:
        lists = lists_for(work, args.two_run, args.seed)
        same = [r for r in results["sizes"] if r["size"] == args.two_run and r["generator"] == "first"]
        results["two_run"] = {"part": "two_run", "size": args.two_run,
                              **two_runs(lists, work / "two_run", Path(same[0]["lineage"]) if same else None)}
        print(json.dumps(results["two_run"]), flush=True)
    if args.incremental_base:
        lists = lists_for(work, args.incremental_base, args.seed)
        part = {"part": "incremental", "size": args.incremental_base,
                **incremental(lists, work / "incremental", args.incremental_rows)}
        full = [r for r in results["sizes"] if r["size"] == FULL_RUN and r["generator"] == "first"]
        if full:  # the acceptance figure: the night's run against the full 1M run of this bench
            part["full_run_wall_s"] = full[0]["wall_s"]
            part["full_run_ratio"] = round(part["new"]["wall_s"] / full[0]["wall_s"], 3)
            part["full_run_stage_ratio"] = round(sum(part["new"]["stages_s"].values()) / full[0]["pipeline_s"], 3)
        results["incremental"] = part
        print(json.dumps(results["incremental"]), flush=True)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    os.environ["LEADSWEEP_ENGINE"] = args.engine  # every CLI run the bench starts reads it
    work = args.keep or Path(tempfile.mkdtemp(prefix="leadsweep-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results = {"started_at": dt.datetime.now().isoformat(timespec="seconds"), "host": host_info(),
               "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()}, "sizes": [],
               "public": []}
    try:
        run_parts(args, work, results)
    finally:
        results["finished_at"] = dt.datetime.now().isoformat(timespec="seconds")
        path = write_results(results)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(report.summary(results))
    print(f"results: {path}")


if __name__ == "__main__":
    main()
