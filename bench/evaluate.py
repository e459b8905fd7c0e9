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


if __name__ == "__main__":
    print(matching_scores(Path(sys.argv[1]), Path(sys.argv[2])))
