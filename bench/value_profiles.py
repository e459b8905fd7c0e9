"""The value model judged on ideal-customer profiles it was not written for (issue 20).

    python -m bench.value_profiles [--profiles 5] [--people 8000] [--seed 1] [--keep DIR]

Each profile (`bench.generate.random_profile`) draws 2-3 target industries, a company size band that
can beat bigger firms, and the seniority that signs; the generator makes a person's true worth and the
CRM's won/lost history follow it. Each list is run through the real CLI with its DNC list and CRM
history, and measured: value captured by the call list's top 20% (against an oracle ordering), junk
AUC, the value model's held-out AUC and mode, and whether every lead's signed contributions in
`reasons` add up to its value_score.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

from bench.evaluate import scoring_scores
from bench.generate import generate, random_profile
from bench.measure import run_cli

CAPTURE_GOAL = 0.85


def rebuild_error(call_list: Path) -> float:
    """The largest gap between a lead's value_score and the sum of the signed points in its reasons."""
    with open(call_list, encoding="utf-8-sig", newline="") as fh:
        return float(max((abs(sum(Decimal(x) for x in re.findall(r":([+-]\d+(?:\.\d+)?)", row["reasons"]))
                              - Decimal(row["value_score"])) for row in csv.DictReader(fh)), default=0))


def bench_profile(index: int, people: int, seed: int, work: Path) -> dict:
    profile = random_profile(seed * 1000 + index)
    lists = work / f"profile_{index}"
    if not (lists / "_meta" / "truth.csv").exists():
        generate(lists, people=people, seed=seed * 1000 + index, profile=profile)
    run = run_cli([lists], work / f"profile_out_{index}", lists / "_meta")
    model = run.summary.get("value_model", {})
    return {"part": "value_profile", "profile": profile, "rows": run.summary["counts"]["rows_in"],
            **scoring_scores(run.out, lists / "_meta" / "truth.csv"), "value_model": model,
            "rebuild_error": rebuild_error(run.out / "call_list.csv")}


def bench_profiles(count: int, people: int, seed: int, work: Path) -> list[dict]:
    results = []
    for index in range(count):
        results.append(bench_profile(index, people, seed, work))
        print(json.dumps(results[-1], ensure_ascii=False), flush=True)
    return results


def table(results: list[dict]) -> str:
    lines = ["value profiles (issue 20: top-20% capture >= 0.85 on every profile)",
             f"{'profile':<48} {'capture':>8} {'junk AUC':>9} {'model':>8} {'cv AUC':>7} {'rebuild':>8}"]
    for r in results:
        p, m = r["profile"], r["value_model"]
        name = f"{'+'.join(i.split()[0] for i in p['industries'])} {p['size_band'][0]}-{p['size_band'][1]} " \
               f"lvl{p['seniority_w'].index(max(p['seniority_w']))}"
        lines.append(f"{name:<48} {r['value_capture_top20']:>8} {r['junk_auc']:>9} "
                     f"{('learned' if m.get('learned') else 'prior'):>8} {m.get('cv_auc') or '-':>7} "
                     f"{r['rebuild_error']:>8.1g}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=5)
    parser.add_argument("--people", type=int, default=8000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="leadsweep-profiles-"))
    try:
        print(table(bench_profiles(args.profiles, args.people, args.seed, work)))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
