"""Accuracy of a run against the generator's ground truth: pairwise matching precision/recall/F1,
junk AUC and value capture of the call-list order."""
from __future__ import annotations

import sys
from pathlib import Path

import duckdb


def matching_scores(out_dir: Path, truth_csv: Path, con: duckdb.DuckDBPyConnection | None = None) -> dict:
    """Pairwise precision, recall and F1 of lineage.csv's lead_ids against truth.csv's person_ids."""
    con = con or duckdb.connect()
    con.execute(f"""
        create or replace temp table pairs_base as
        select t.person_id, coalesce(nullif(l.lead_id, ''), 'Q' || l.source_file || l.source_row) as lead_id
        from read_csv('{truth_csv}', all_varchar = true) t
        join read_csv('{out_dir / 'lineage.csv'}', all_varchar = true) l
          on l.source_file = t.source_file and l.source_row = t.source_row
    """)
    tp, pred, true = con.execute("""
        select (select coalesce(sum(n * (n - 1) / 2), 0) from (select count(*) n from pairs_base group by lead_id, person_id)),
               (select coalesce(sum(n * (n - 1) / 2), 0) from (select count(*) n from pairs_base group by lead_id)),
               (select coalesce(sum(n * (n - 1) / 2), 0) from (select count(*) n from pairs_base group by person_id))
    """).fetchone()
    precision = tp / pred if pred else 1.0
    recall = tp / true if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"pairs_true": int(true), "pairs_predicted": int(pred), "pairs_correct": int(tp),
            "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}



def scoring_scores(out_dir: Path, truth_csv: Path, con: duckdb.DuckDBPyConnection | None = None) -> dict:
    """Junk AUC (row truth vs the lead's junk_score) and value capture of the call list's top 20%."""
    con = con or duckdb.connect()
    con.execute(f"""
        create or replace temp table scored as
        with lists as (
            select lead_id, junk_score::double as junk_score, priority_rank::int as priority_rank
            from read_csv('{out_dir / 'call_list.csv'}', all_varchar = true)
        )
        select l.lead_id, max(t.is_junk::int) as is_junk, max(t.value::double) as value,
               any_value(c.junk_score) as junk_score, any_value(c.priority_rank) as priority_rank
        from read_csv('{truth_csv}', all_varchar = true) t
        join read_csv('{out_dir / 'lineage.csv'}', all_varchar = true) l using (source_file, source_row)
        join lists c on c.lead_id = l.lead_id
        group by l.lead_id
    """)
    auc = con.execute("""
        with ranked as (select is_junk, rank() over (order by junk_score) as r from scored),
             n as (select count(*) filter (where is_junk = 1) as pos, count(*) filter (where is_junk = 0) as neg from scored)
        select (sum(r) filter (where is_junk = 1) - pos * (pos + 1) / 2) / nullif(pos * neg, 0)
        from ranked, n group by pos, neg
    """).fetchone()
    capture = con.execute("""
        with k as (select greatest(1, (count(*) * 0.2)::int) as k from scored),
             ours as (select sum(value) as v from scored, k where priority_rank <= k.k),
             oracle as (select sum(value) as v from (select value from scored order by value desc limit (select k from k)))
        select ours.v / nullif(oracle.v, 0) from ours, oracle
    """).fetchone()
    return {"junk_auc": round(auc[0], 4) if auc and auc[0] is not None else None,
            "value_capture_top20": round(capture[0], 4) if capture[0] is not None else None}


if __name__ == "__main__":
    print(matching_scores(Path(sys.argv[1]), Path(sys.argv[2])), scoring_scores(Path(sys.argv[1]), Path(sys.argv[2])))
