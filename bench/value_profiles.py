"""The value model judged on ideal-customer profiles it was not written for (issue 20).

    python -m bench.value_profiles [--profiles 5] [--people 8000] [--seed 1] [--keep DIR]

Each profile (`bench.generate.random_profile`) draws 2-3 target industries, a company size band that
can beat bigger firms, and the seniority that signs; the generator makes a person's true worth and the
CRM's won/lost history follow it. Each list is run through the real CLI with its DNC list and CRM
history, and measured: value captured by the call list's top 20% (against an oracle ordering), the
ceiling (the same for a model that knew the profile, given what the run read of each lead: half the
leads of these lists do not say their industry), junk AUC, the value model's held-out AUC and mode, and
whether every lead's signed contributions in `reasons` add up to its value_score.
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

import duckdb
import numpy as np
import pandas as pd

from bench.evaluate import scoring_scores
from bench.generate import INDUSTRIES, Generator, generate, random_profile
from bench.measure import run_cli

CAPTURE_GOAL = 0.85


def rebuild_error(call_list: Path) -> float:
    """The largest gap between a lead's value_score and the sum of the signed points in its reasons."""
    with open(call_list, encoding="utf-8-sig", newline="") as fh:
        return float(max((abs(sum(Decimal(x) for x in re.findall(r":([+-]\d+(?:\.\d+)?)", row["reasons"]))
                              - Decimal(row["value_score"])) for row in csv.DictReader(fh)), default=0))


LEVELS = {"junior": 0, "staff": 1, "manager": 2, "director": 3, "executive": 4}


def ceiling(out: Path, truth: Path, generator: Generator) -> float:
    """The top-20% capture of a model that knew the profile, given what the run read of each lead
    (seniority, headcount, industry; a field a lead does not give counts at its average): what no
    model learned from the history can beat, short of luck. Leads are ordered by that worth x (1 - junk)."""
    profile = generator.profile
    people = pd.DataFrame({"person": range(generator.total)})
    size_f = np.where((generator.c_size >= profile["size_band"][0]) & (generator.c_size <= profile["size_band"][1]),
                      2.5, 0.7)
    keys = {re.sub(r"[^a-z]+", "_", name.lower()).strip("_"): i for i, (name, *_) in enumerate(INDUSTRIES)}
    with duckdb.connect(str(out / "leadsweep.duckdb"), read_only=True) as con:
        con.register("people", people)
        leads = con.execute(f"""
            select s.lead_id, any_value(s.seniority) as seniority, any_value(s.employees_n) as employees,
                   any_value(s.industry_key) as industry, any_value(j.junk_score) as junk, max(t.value::double) as worth
            from lead_signals s join lead_junk j using (lead_id)
            join read_csv('{out / "lineage.csv"}', all_varchar = true) l on l.lead_id = s.lead_id
            join read_csv('{truth}', all_varchar = true) t using (source_file, source_row)
            semi join read_csv('{out / "call_list.csv"}', all_varchar = true) c on c.lead_id = s.lead_id
            group by s.lead_id""").df()
    seniority_w, industry_w = np.array(profile["seniority_w"]), np.array(profile["industry_w"])
    level = leads.seniority.map(LEVELS)
    sen = np.where(level.isna(), seniority_w[generator.level].mean(), seniority_w[level.fillna(0).astype(int)])
    lo, hi = profile["size_band"]
    size = np.where(leads.employees.isna(), size_f[generator.comp].mean(),
                    np.where((leads.employees >= lo) & (leads.employees <= hi), 2.5, 0.7))
    industry = leads.industry.map(keys)
    ind = np.where(industry.isna(), industry_w[generator.c_ind[generator.comp]].mean(),
                   industry_w[industry.fillna(0).astype(int)])
    leads["known"] = 10 * sen * size * ind * (1 - leads.junk)
    k = max(1, int(len(leads) * 0.2))
    return round(leads.nlargest(k, "known").worth.sum() / leads.nlargest(k, "worth").worth.sum(), 4)


def bench_profile(index: int, people: int, seed: int, work: Path) -> dict:
    profile = random_profile(seed * 1000 + index)
    lists = work / f"profile_{index}"
    if not (lists / "_meta" / "truth.csv").exists():
        generate(lists, people=people, seed=seed * 1000 + index, profile=profile)
    run = run_cli([lists], work / f"profile_out_{index}", lists / "_meta")
    truth = lists / "_meta" / "truth.csv"
    return {"part": "value_profile", "profile": profile, "rows": run.summary["counts"]["rows_in"],
            **scoring_scores(run.out, truth), "value_model": run.summary.get("value_model", {}),
            "ceiling": ceiling(run.out, truth, Generator(people, seed * 1000 + index, profile)),
            "rebuild_error": rebuild_error(run.out / "call_list.csv")}


def bench_profiles(count: int, people: int, seed: int, work: Path) -> list[dict]:
    results = []
    for index in range(count):
        results.append(bench_profile(index, people, seed, work))
        print(json.dumps(results[-1], ensure_ascii=False), flush=True)
    return results


def table(results: list[dict]) -> str:
    lines = ["value profiles (issue 20: top-20% capture >= 0.85 on every profile)",
             f"{'profile':<48} {'capture':>8} {'ceiling':>8} {'junk AUC':>9} {'model':>8} {'cv AUC':>7} "
             f"{'rebuild':>8}"]
    for r in results:
        p, m = r["profile"], r["value_model"]
        name = f"{'+'.join(i.split()[0] for i in p['industries'])} {p['size_band'][0]}-{p['size_band'][1]} " \
               f"lvl{p['seniority_w'].index(max(p['seniority_w']))}"
        lines.append(f"{name:<48} {r['value_capture_top20']:>8} {r['ceiling']:>8} {r['junk_auc']:>9} "
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
