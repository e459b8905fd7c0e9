"""Match: group staged rows into leads and give every lead a `lead_id` that never changes.

Rows that share a match key (`sql/20_match_keys.sql`) or form a sure Splink pair (probability >=
MERGE_PROBABILITY and the rules of `sql/21_sure_pairs.sql`; scores from `probabilistic.py`)
are one person: the connected components of that graph are the leads (a component that probable
pairs grow past MAX_LEAD_ROWS keeps only its keys); less certain pairs go to review. With a
persistent store, keys already issued to a lead, and sure pairs with the rows of earlier runs, pull
new rows into that lead, so a person seen again keeps their `lead_id`.

What a person decided (`decisions.py`: `review apply`, `split`) comes first: two rows they called the
same are joined like a shared key, two they called different never end in one lead (`keep_apart`), and
a row they put in a lead goes there again (`lead_pins`).
"""
from __future__ import annotations

import time
from contextlib import contextmanager
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


def keep_apart(rows: np.ndarray, labels: np.ndarray, edges: dict[str, np.ndarray],
               apart: list[tuple[int, int]]) -> np.ndarray:
    """`labels` with every component that holds two rows a person called different (`apart`) rebuilt edge by
    edge: a person's must-links first, then the keys, then the sure pairs, surest first (`edges`: row_id,
    code, rank, low first), leaving out any edge that would join two such rows. Other components are kept."""
    position = {row: i for i, row in enumerate(rows.tolist())}
    split = {labels[position[a]] for a, b in apart
             if a in position and b in position and labels[position[a]] == labels[position[b]]}
    if not split:
        return labels
    members = rows[np.isin(labels, list(split))]
    keep = np.isin(edges["row_id"], members)
    row_ids, codes, ranks = edges["row_id"][keep], edges["code"][keep], edges["rank"][keep]
    parent = {row: row for row in members.tolist()}
    group = {row: {row} for row in parent}
    never: dict[int, set[int]] = {}
    for a, b in apart:
        never.setdefault(a, set()).add(b)
        never.setdefault(b, set()).add(a)

    def root(row: int) -> int:
        while parent[row] != row:
            parent[row] = parent[parent[row]]
            row = parent[row]
        return row

    first_of: dict[int, int] = {}
    for i in np.lexsort((row_ids, codes, ranks)).tolist():
        code, row = int(codes[i]), int(row_ids[i])
        if code not in first_of:
            first_of[code] = row
            continue
        a, b = root(first_of[code]), root(row)
        if a == b or any(never.get(x, set()) & group[b] for x in group[a]):
            continue
        parent[b] = a
        group[a] |= group.pop(b)
    labels = labels.copy()
    fresh = labels.max(initial=-1) + 1
    roots = {r: fresh + n for n, r in enumerate(sorted(group))}
    for row in members.tolist():
        labels[position[row]] = roots[root(row)]
    return labels


@contextmanager
def _timed(seconds: dict[str, float], step: str):
    started = time.perf_counter()
    yield
    seconds[step] = round(time.perf_counter() - started, 3)


def cluster_leads(con: duckdb.DuckDBPyConnection, run_id: str, model_path: Path | None = None,
                  engine=None, seconds: dict[str, float] | None = None) -> dict[str, int]:
    """Materialise `match_keys` and `lead_clusters` (row_id -> lead_id); record new leads and keys.
    Splink's pair scoring runs on `engine` (Spark) if given; `seconds` gets the time of each step."""
    seconds = {} if seconds is None else seconds
    with _timed(seconds, "keys"):
        materialise(con, "match_keys", {"max_key_rows": MAX_KEY_ROWS, "max_nameless_rows": MAX_NAMELESS_ROWS})
        materialise(con, "decided_pairs")
    with _timed(seconds, "splink"):
        _, learnt = predict_pairs(con, REVIEW_PROBABILITY, model_path, engine, run_id=run_id)
    with _timed(seconds, "clusters"):
        leads = _clusters(con, run_id, learnt.get("households", True))
    return {"rows_matched": leads[0], "leads": leads[1], "matcher": learnt}


def _clusters(con: duckdb.DuckDBPyConnection, run_id: str, households: bool = True) -> tuple[int, int]:
    """Components of keys, decisions and sure pairs, and their leads (`lead_clusters`); returns (rows, leads)."""
    keys = con.execute("select row_id, dense_rank() over (order by key) - 1 as code from match_keys").fetchnumpy()
    _store_components(con, "key_components", *components(keys["row_id"], keys["code"]))
    materialise(con, "sure_pairs", {"merge": MERGE_PROBABILITY, "first_name_similarity": FIRST_NAME_SIMILARITY,
                                    "households": households})
    # a sure pair joins its rows like a shared key (one not kept across runs); a sure pair with a
    # stored row joins the new row to that row's lead, through a node standing for the lead; two rows a
    # person called the same join like a key (rank: the order `keep_apart` takes edges in)
    keyed = con.execute("""
        with edges as (
            select unnest([row_id, partner_row_id]) as row_id,
                   'm:' || least(row_id, partner_row_id) || ':' || greatest(row_id, partner_row_id) as key,
                   true as is_key, 0.0 as rank
            from decided_pairs where decision = 'same' and partner_row_id is not null
            union all
            select row_id, key, true, 1.0 from match_keys
            union all
            select unnest([row_id_l, row_id_r]), 's:' || row_id_l || ':' || row_id_r, false, 2 - match_probability
            from sure_pairs where row_id_r is not null
            union all
            select row_id_l, 'lead:' || lead_id_r, false, 2 - match_probability from sure_pairs
            where lead_id_r is not null
        )
        select row_id, is_key, rank, dense_rank() over (order by key) - 1 as code from edges
    """).fetchnumpy()
    rows, labels = capped_components(keyed["row_id"], keyed["code"], keyed["is_key"])
    apart = con.execute("select row_id, partner_row_id from decided_pairs "
                        "where decision = 'different' and partner_row_id is not null").fetchall()
    labels = keep_apart(rows, labels, keyed, apart)
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
    return n, con.execute("select count(distinct lead_id) from lead_clusters").fetchone()[0]


def match_leads(con: duckdb.DuckDBPyConnection, run_id: str, model_path: Path | None = None,
                engine=None) -> dict[str, int]:
    """Cluster rows into leads, remember them, and build each lead's golden record with provenance; the
    matcher's report says how long each step took (`seconds`)."""
    seconds: dict[str, float] = {}
    counts = cluster_leads(con, run_id, model_path, engine, seconds)
    with _timed(seconds, "remember"):
        record_members(con, run_id)
        record_pair_evidence(con, run_id)
    with _timed(seconds, "golden_record"):
        materialise(con, "lead_provenance")
        materialise(con, "leads", {"run_id": run_id})
    counts["matcher"] = {**counts["matcher"], "seconds": {**counts["matcher"].get("seconds", {}), **seconds}}
    return counts
