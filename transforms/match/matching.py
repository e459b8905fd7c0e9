"""Match: group staged rows into leads and give every lead a `lead_id` that never changes.

Rows that share a match key (`sql/20_match_keys.sql`) or form a sure Splink pair (probability >=
MERGE_PROBABILITY and the rules of `sql/21_sure_pairs.sql`; scores from `probabilistic.py`)
are one person: the connected components of that graph are the leads (a component that probable
pairs grow past MAX_LEAD_ROWS keeps only its keys); less certain pairs go to review. With a
persistent store, keys already issued to a lead, and sure pairs with the rows of earlier runs, pull
new rows into that lead, so a person seen again keeps their `lead_id`.
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from transforms.core.store import materialise
from transforms.match.members import record_members, record_pair_evidence
from transforms.match.probabilistic import predict_pairs

MAX_KEY_ROWS = 50        # a key held by more rows is a shared or fake value, not a person
MAX_LEAD_ROWS = 50       # a lead grown past this by probable pairs is a chain of namesakes: keys only there
MAX_NAMELESS_ROWS = 5    # a nameless row joins the one named person on its number only below this
REVIEW_PROBABILITY = 0.5  # Splink pairs from here up are kept as evidence (review_pairs.csv) ...
MERGE_PROBABILITY = 0.95  # ... and from here up they merge automatically,
FIRST_NAME_SIMILARITY = 0.85  # when the first names agree this well (Jaro-Winkler) or the name is the same


def components(row_ids: np.ndarray, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Connected components of the bipartite row-key graph (`codes` number the keys 0..k-1)."""
    rows, row_index = np.unique(row_ids, return_inverse=True)
    n_rows, n_keys = len(rows), int(codes.max()) + 1 if len(codes) else 0
    graph = coo_matrix((np.ones(len(codes), dtype=np.int8), (row_index, n_rows + codes)),
                       shape=(n_rows + n_keys, n_rows + n_keys))
    _, labels = connected_components(graph, directed=False)
    return rows, labels[:n_rows]


def _store_components(con: duckdb.DuckDBPyConnection, table: str, rows: np.ndarray, labels: np.ndarray) -> None:
    con.register("components_arrow", pa.table({"row_id": rows, "component": labels}))
    con.execute(f"create or replace table {table} as select * from components_arrow")
    con.unregister("components_arrow")


def capped_components(row_ids: np.ndarray, codes: np.ndarray, is_key: np.ndarray,
                      max_rows: int = MAX_LEAD_ROWS) -> tuple[np.ndarray, np.ndarray]:
    """`components`, but a component grown past `max_rows` by probable pairs (a chain of namesakes:
    one person does not leave that many rows) is rebuilt from its deterministic keys alone."""
    rows, labels = components(row_ids, codes)
    oversized = rows[np.bincount(labels)[labels] > max_rows]
    if not len(oversized):
        return rows, labels
    keep = is_key | ~np.isin(row_ids, oversized)
    kept_rows, kept_labels = components(row_ids[keep], codes[keep])
    # rows left with no edge at all stand alone
    alone = np.setdiff1d(rows, kept_rows)
    return (np.concatenate([kept_rows, alone]),
            np.concatenate([kept_labels, kept_labels.max(initial=-1) + 1 + np.arange(len(alone))]))


def cluster_leads(con: duckdb.DuckDBPyConnection, run_id: str, model_path: Path | None = None,
                  engine=None) -> dict[str, int]:
    """Materialise `match_keys` and `lead_clusters` (row_id -> lead_id); record new leads and keys.
    Splink's pair scoring runs on `engine` (Spark) if given."""
    materialise(con, "match_keys", {"max_key_rows": MAX_KEY_ROWS, "max_nameless_rows": MAX_NAMELESS_ROWS})
    _, learnt = predict_pairs(con, REVIEW_PROBABILITY, model_path, engine)
    keys = con.execute("select row_id, dense_rank() over (order by key) - 1 as code from match_keys").fetchnumpy()
    _store_components(con, "key_components", *components(keys["row_id"], keys["code"]))
    materialise(con, "sure_pairs", {"merge": MERGE_PROBABILITY, "first_name_similarity": FIRST_NAME_SIMILARITY})
    # a sure pair joins its rows like a shared key (one not kept across runs); a sure pair with a
    # stored row joins the new row to that row's lead, through a node standing for the lead
    keyed = con.execute("""
        with edges as (
            select row_id, key, true as is_key from match_keys
            union all
            select unnest([row_id_l, row_id_r]), 's:' || row_id_l || ':' || row_id_r, false
            from sure_pairs where row_id_r is not null
            union all
            select row_id_l, 'lead:' || lead_id_r, false from sure_pairs where lead_id_r is not null
        )
        select row_id, is_key, dense_rank() over (order by key) - 1 as code from edges
    """).fetchnumpy()
    rows, labels = capped_components(keyed["row_id"], keyed["code"], keyed["is_key"])
    _store_components(con, "row_components", rows, labels)
    n = materialise(con, "lead_clusters")
    con.execute("""
        insert into lead_registry by name
        select distinct lead_id, $run_id as issued_run_id, now() as issued_at
        from lead_clusters where is_new_lead
    """, {"run_id": run_id})
    con.execute("""
        insert into lead_keys by name
        select k.key, min(c.lead_id) as lead_id, $run_id as run_id
        from match_keys k join lead_clusters c using (row_id)
        anti join lead_keys lk on lk.key = k.key
        group by k.key
    """, {"run_id": run_id})
    leads = con.execute("select count(distinct lead_id) from lead_clusters").fetchone()[0]
    return {"rows_matched": n, "leads": leads, "matcher": learnt}


def match_leads(con: duckdb.DuckDBPyConnection, run_id: str, model_path: Path | None = None,
                engine=None) -> dict[str, int]:
    """Cluster rows into leads, remember them, and build each lead's golden record with provenance."""
    counts = cluster_leads(con, run_id, model_path, engine)
    record_members(con, run_id)
    record_pair_evidence(con, run_id)
    materialise(con, "lead_provenance")
    materialise(con, "leads", {"run_id": run_id})
    return counts
