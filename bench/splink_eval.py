"""Pairwise accuracy of deterministic vs deterministic + Splink matching vs a plain Splink baseline.

    python bench/splink_eval.py STORE.duckdb TRUTH.csv [--thresholds 0.5,0.9,0.99] [--model PATH]

STORE must hold `stg_leads`, `match_keys` and `lead_clusters` (a run's store, or /tmp/dbg.py output).
The store is copied to a temp file first, so the original is not modified.
Variants:
  deterministic      lead_clusters of the store
  det+splink@T       connected components of the deterministic clusters + match_pairs with p >= T
  plain_splink@T     textbook Splink (first/last name, email, phone, city; simple blocking; trained on the
                     evaluated data), clusters at T
Traps: pairs of non-junk rows of different people sharing a valid phone (household = same surname,
colleague = otherwise); "merged" is how many of them a variant puts in one lead (lower is better).
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from transforms import probabilistic


def components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    g = coo_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(n, n))
    return connected_components(g, directed=False)[1]


def pair_scores(con: duckdb.DuckDBPyConnection, labels: np.ndarray) -> dict:
    """P/R/F1 of row labels (indexed like table `ev_rows`.idx) against ev_rows.person_id."""
    import pyarrow as pa

    con.register("ev_lab", pa.table({"idx": np.arange(len(labels)), "lab": labels}))
    tp, pred, true = con.execute("""
        with b as (select r.person_id, l.lab from ev_rows r join ev_lab l using (idx))
        select (select coalesce(sum(n * (n - 1) / 2), 0) from (select count(*) n from b group by lab, person_id)),
               (select coalesce(sum(n * (n - 1) / 2), 0) from (select count(*) n from b group by lab)),
               (select coalesce(sum(n * (n - 1) / 2), 0) from (select count(*) n from b group by person_id))
    """).fetchall()[0]
    traps = con.execute("""
        select t.kind, count(*) as pairs, count(*) filter (where la.lab = lb.lab) as merged
        from ev_traps t join ev_lab la on la.idx = t.a join ev_lab lb on lb.idx = t.b
        group by t.kind order by t.kind
    """).fetchall()
    con.unregister("ev_lab")
    p = tp / pred if pred else 1.0
    r = tp / true if true else 1.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0, 4),
            "pairs_pred": int(pred), "pairs_true": int(true),
            "traps_merged": {k: f"{m}/{n}" for k, n, m in traps}}


def setup(con: duckdb.DuckDBPyConnection, truth: Path) -> int:
    con.execute(f"""
        create or replace temp table ev_rows as
        select (row_number() over (order by s.row_id) - 1)::bigint as idx, s.row_id, t.person_id,
               s.quarantine_reason is null as usable, c.lead_id
        from stg_leads s
        join read_csv('{truth}', all_varchar = true) t
          on t.source_file = s.source_file and t.source_row::bigint = s.source_row::bigint
        left join lead_clusters c using (row_id)
    """).fetchall()
    con.execute("""
        create or replace temp table ev_traps as
        with ph as (
            select e.idx, e.person_id, s.last_name, p as phone
            from ev_rows e join stg_leads s using (row_id),
                 unnest([case when s.phone_valid and s.phone_kind not in ('placeholder','premium_rate') then s.phone_e164 end,
                         case when s.mobile_valid and s.mobile_kind not in ('placeholder','premium_rate') then s.mobile_e164 end]) as u(p)
            where p is not null and e.person_id like 'P%' and e.usable
        )
        select distinct a.idx as a, b.idx as b,
               case when lower(a.last_name) = lower(b.last_name) then 'household' else 'colleague' end as kind
        from ph a join ph b on a.phone = b.phone and a.idx < b.idx and a.person_id <> b.person_id
    """).fetchall()
    return con.execute("select count(*) from ev_rows").fetchall()[0][0]


def lead_labels(con: duckdb.DuckDBPyConnection, n: int) -> tuple[np.ndarray, np.ndarray]:
    d = con.execute("select idx, coalesce(lead_id, 'Q' || row_id) as lead from ev_rows order by idx").fetchnumpy()
    _, codes = np.unique(d["lead"].astype(str), return_inverse=True)
    return codes, d["idx"]


def union_labels(con, n: int, det: np.ndarray, threshold: float) -> np.ndarray:
    e = con.execute(f"""
        select a.idx as a, b.idx as b from match_pairs m
        join ev_rows a on a.row_id = m.row_id_l join ev_rows b on b.row_id = m.row_id_r
        where m.match_probability >= {threshold}
    """).fetchnumpy()
    # deterministic leads as edges row -> first row of its lead
    first = {}
    da, db = [], []
    for i, lab in enumerate(det.tolist()):
        j = first.setdefault(lab, i)
        if j != i:
            da.append(i)
            db.append(j)
    a = np.concatenate([np.array(da, dtype=np.int64), e["a"].astype(np.int64)])
    b = np.concatenate([np.array(db, dtype=np.int64), e["b"].astype(np.int64)])
    return components(n, a, b)


def plain_splink(con: duckdb.DuckDBPyConnection, n: int, thresholds: list[float]) -> tuple[dict, float]:
    """Textbook Splink: NameComparison/EmailComparison/ExactMatch, blocking on email, phone, names."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    con.execute("""
        create or replace table plain_input as
        select row_id as unique_id, lower(first_name) as first_name, lower(last_name) as last_name,
               email, coalesce(mobile_e164, phone_e164) as phone, lower(city) as city
        from stg_leads where quarantine_reason is null
    """).fetchall()
    t0 = time.time()
    db_api = DuckDBAPI(connection=con)
    sdf = db_api.register("plain_input")
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[cl.NameComparison("first_name"), cl.NameComparison("last_name"),
                     cl.EmailComparison("email"), cl.ExactMatch("phone"), cl.ExactMatch("city")],
        blocking_rules_to_generate_predictions=[block_on("email"), block_on("phone"),
                                                block_on("first_name", "last_name")])
    linker = Linker(sdf, settings, log_level=40)
    linker.training.estimate_probability_two_random_records_match([block_on("email")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("first_name", "last_name"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("email"))
    pred = linker.inference.predict(threshold_match_probability=min(thresholds))
    secs = time.time() - t0
    out = {}
    for t in thresholds:
        e = con.execute(f"""
            select a.idx as a, b.idx as b from {pred.physical_name} m
            join ev_rows a on a.row_id = m.unique_id_l join ev_rows b on b.row_id = m.unique_id_r
            where m.match_probability >= {t}
        """).fetchnumpy()
        out[f"plain_splink@{t}"] = pair_scores(con, components(n, e["a"].astype(np.int64), e["b"].astype(np.int64)))
    return out, secs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("store", type=Path)
    ap.add_argument("truth", type=Path)
    ap.add_argument("--thresholds", default="0.5,0.8,0.9,0.95,0.99")
    ap.add_argument("--model", type=Path, default=None)
    ap.add_argument("--no-plain", action="store_true")
    args = ap.parse_args()
    thresholds = [float(x) for x in args.thresholds.split(",")]
    tmp = Path(tempfile.mkdtemp()) / "eval.duckdb"
    shutil.copy(args.store, tmp)
    con = duckdb.connect(str(tmp))
    n = setup(con, args.truth)
    det, _ = lead_labels(con, n)
    res = {"rows": n, "deterministic": pair_scores(con, det)}
    t0 = time.time()
    n_pairs = probabilistic.predict_pairs(con, threshold=min(thresholds), params_path=args.model)
    res["predict_pairs_seconds"] = round(time.time() - t0, 2)
    res["predict_pairs_count"] = n_pairs
    for t in thresholds:
        res[f"det+splink@{t}"] = pair_scores(con, union_labels(con, n, det, t))
    res["splink_false_pairs_sample"] = [list(r) for r in con.execute("""
        select m.match_probability, m.evidence, a.person_id, b.person_id
        from match_pairs m join ev_rows a on a.row_id = m.row_id_l join ev_rows b on b.row_id = m.row_id_r
        where a.person_id <> b.person_id order by m.match_probability desc limit 8
    """).fetchall()]
    if not args.no_plain:
        plain, secs = plain_splink(con, n, thresholds)
        res.update(plain)
        res["plain_splink_seconds"] = round(secs, 2)
    print(json.dumps(res, indent=1, ensure_ascii=False))
    con.close()
    shutil.rmtree(tmp.parent)


if __name__ == "__main__":
    main()
