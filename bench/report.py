"""The bench's closing text: one table line per size, one per public data set, then the two-run and
incremental results."""
from __future__ import annotations

from collections.abc import Callable

LEGEND = """\
gen: 1 = the first generator (IT/BG/ID/GB leads), 2 = the second (US/UK people with dob and addresses, nameless firms)
wall_s: CLI start to exit (Prefect start-up included); stage columns from run_summary.json; other = wall_s minus
        the stages (imports, Prefect start-up, shutdown); rows/s = rows / wall_s
peak_MB: peak RSS of the pipeline process (GNU time); +MB: peak RSS of the programs it starts (Prefect's API server)
P/R/F1: pairwise over lineage.csv vs truth.csv
trapP: trap precision = of pairs of trap rows (usable rows of different real people share a valid phone: household
       = a surname on every person's rows, else colleague) that share that phone and were put in one lead, the
       share that are one person (target >= 0.98); hh/col per kind; merged = different-people trap pairs in one lead
names: share of named leads whose published first and last name are the person's true ones (case, accents and
       script aside; the first generator's people.csv); nm2+: the same over leads of two or more rows; swap: leads
       with first and last name swapped
big: rows of the largest lead; >50: leads over 50 rows (purity = rows of the majority person)
splink: textbook Splink 5 on the same staged rows, F1 at the first threshold (F1real: junk rows left out),
        s = train + predict + cluster;
        x = our end-to-end wall_s / Splink's dedupe seconds; xmatch = our match stage / Splink's dedupe seconds
public sets (FEBRL, soc_sec_id withheld; the Fodor's/Zagat restaurants, a firm list): P/R/F1 pairwise vs rec-N-*
        (the restaurants: vs their 112 matches); splink = textbook Splink 5 (FEBRL example settings; for the
        restaurants name, address, city, phone, type) on the same CSV rows, clustered at 0.9 (F1@0.99 beside it),
        s = train + predict + cluster"""

Column = tuple[str, int, Callable[[dict], object]]


def _get(result: dict, *keys: str) -> object:
    value: object = result
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return "-" if value is None else value


COLUMNS: list[Column] = [
    ("gen", 4, lambda r: {"first": "1", "second": "2"}.get(r.get("generator", "first"), "?")),
    ("rows", 9, lambda r: r["rows"]),
    ("leads", 8, lambda r: r["leads"]),
    ("wall_s", 7, lambda r: r["wall_s"]),
    ("ingest", 7, lambda r: _get(r, "stages_s", "ingest")),
    ("stage", 7, lambda r: _get(r, "stages_s", "stage")),
    ("match", 7, lambda r: _get(r, "stages_s", "match")),
    ("score", 6, lambda r: _get(r, "stages_s", "score")),
    ("export", 7, lambda r: _get(r, "stages_s", "export")),
    ("other", 6, lambda r: r["other_s"]),
    ("rows/s", 7, lambda r: r["rows_per_s"]),
    ("peak_MB", 8, lambda r: r["peak_rss_mb"]),
    ("+MB", 5, lambda r: r["helpers_rss_mb"]),
    ("P", 7, lambda r: r["precision"]),
    ("R", 7, lambda r: r["recall"]),
    ("F1", 7, lambda r: r["f1"]),
    ("trapP", 7, lambda r: r.get("trap_precision", "-")),
    ("hh", 7, lambda r: r.get("trap_household_precision", "-")),
    ("col", 7, lambda r: r.get("trap_colleague_precision", "-")),
    ("merged", 10, lambda r: r.get("trap_merged", "-")),
    ("names", 6, lambda r: r.get("names_right_all", "-")),
    ("nm2+", 6, lambda r: r.get("names_right_multi", "-")),
    ("swap", 5, lambda r: r.get("names_swapped", "-")),
    ("big", 5, lambda r: r["largest_lead_rows"]),
    (">50", 4, lambda r: r["leads_over_50"]),
    ("purity", 7, lambda r: _get(r, "leads_over_50_purity")),
    ("splinkF1", 9, lambda r: _get(r, "splink", "f1")),
    ("P", 7, lambda r: _get(r, "splink", "precision")),
    ("R", 7, lambda r: _get(r, "splink", "recall")),
    ("F1real", 7, lambda r: _get(r, "splink", "f1_real")),
    ("trapP", 7, lambda r: _get(r, "splink", "trap_precision")),
    ("s", 7, lambda r: _get(r, "splink", "dedupe_s")),
    ("x", 5, lambda r: _get(r, "wall_over_splink")),
    ("xmatch", 6, lambda r: _get(r, "match_over_splink")),
]


PUBLIC_COLUMNS: list[Column] = [
    ("set", 8, lambda r: r["set"]),
    ("rows", 6, lambda r: r["rows"]),
    ("leads", 6, lambda r: r["leads"]),
    ("pairs", 6, lambda r: r["pairs_true"]),
    ("wall_s", 7, lambda r: r["wall_s"]),
    ("match", 6, lambda r: _get(r, "stages_s", "match")),
    ("P", 7, lambda r: r["precision"]),
    ("R", 7, lambda r: r["recall"]),
    ("F1", 7, lambda r: r["f1"]),
    ("big", 4, lambda r: r["largest_lead_rows"]),
    ("splinkP", 8, lambda r: _get(r, "splink", "precision")),
    ("R", 7, lambda r: _get(r, "splink", "recall")),
    ("F1", 7, lambda r: _get(r, "splink", "f1")),
    ("F1@0.99", 8, lambda r: _get(r, "splink", "other_thresholds", "0.99", "f1")),
    ("big", 4, lambda r: _get(r, "splink", "largest_lead_rows")),
    ("s", 6, lambda r: _get(r, "splink", "dedupe_s")),
]


def size_table(sizes: list[dict], columns: list[Column] = COLUMNS) -> str:
    lines = [" ".join(f"{name:<{width}}" for name, width, _ in columns)]
    for result in sizes:
        lines.append(" ".join(f"{str(value(result)):<{width}}" for _, width, value in columns))
    return "\n".join(lines)


def two_run_line(part: dict) -> str:
    stable = part["stability"]
    return (f"two runs on one store ({part['rows']} rows; run 1: {', '.join(part['first_files'])}; "
            f"run 2: {', '.join(part['second_files'])}):\n"
            f"  F1 one run {part['one_run']['f1']} (P {part['one_run']['precision']} R {part['one_run']['recall']})"
            f" vs two runs {part['two_runs']['f1']} (P {part['two_runs']['precision']} R {part['two_runs']['recall']});"
            f" pairs across the runs: P {part['cross']['cross_precision']} R {part['cross']['cross_recall']}"
            f" of {part['cross']['cross_pairs_true']}\n"
            f"  lead_ids of run 1 stable: {'yes' if stable['lead_ids_stable'] else 'NO'}"
            f" ({stable['first_run_leads']} leads, {stable['first_run_leads_missing']} missing from lead_registry;"
            f" {_get(stable, 'first_run_rows')} rows, {_get(stable, 'first_run_rows_moved')} moved,"
            f" {_get(stable, 'first_run_rows_absent')} absent from lead_members)")


def incremental_line(part: dict) -> str:
    base, new = part["base"], part["new"]
    full = (f"; vs the full 1M run's {part['full_run_wall_s']} s: time ratio {part['full_run_ratio']},"
            f" stage-time ratio {part['full_run_stage_ratio']}") if "full_run_ratio" in part else ""
    return (f"incremental: {new['rows']} new rows against a store of {part.get('store_leads')} leads built from"
            f" {base['rows']} rows: {new['wall_s']} s vs {base['wall_s']} s for the big run{full}"
            f" (time ratio {part['time_ratio']},"
            f" rows ratio {part['rows_ratio']}, stage-time ratio {part['pipeline_ratio']};"
            f" {part['new_rows_per_s']} rows/s; match stage"
            f" {_get(new, 'stages_s', 'match')} s vs {_get(base, 'stages_s', 'match')} s); F1 over both {part['f1']}")


def match_steps(sizes: list[dict]) -> str:
    """Where each size's match stage went (seconds per step, of its last run)."""
    return "\n".join(f"match steps, gen {1 if r['generator'] == 'first' else 2}, {r['size']} rows: "
                     + ", ".join(f"{step} {seconds}" for step, seconds in r["match_steps_s"].items())
                     for r in sizes if r.get("match_steps_s"))


def summary(results: dict) -> str:
    parts = ["", size_table(results["sizes"]), match_steps(results["sizes"])] if results["sizes"] else [""]
    if results.get("public"):
        parts.append(size_table(results["public"], PUBLIC_COLUMNS))
    if "two_run" in results:
        parts.append(two_run_line(results["two_run"]))
    if "incremental" in results:
        parts.append(incremental_line(results["incremental"]))
    if results.get("value_profiles"):
        from bench.value_profiles import table

        parts.append(table(results["value_profiles"]))
    parts.append(LEGEND)
    return "\n".join(parts)
