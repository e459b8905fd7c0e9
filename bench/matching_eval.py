"""Matching metrics beyond pairwise F1 (which is `bench.evaluate.matching_scores`): the phone traps,
the largest leads, and what two runs on one store did to F1 and to the lead_ids of the first run.

Every function reads a *lineage* file (`source_file, source_row, lead_id`, as in `lineage.csv`), the
generator's `truth.csv` (person_id P... a real person, J... a junk row of its own) and, where it needs
phones, names or lead tables, a run's store (opened read-only).

Phone traps
    A *trap group* is a valid phone number (not a placeholder or premium number) that the usable rows
    of two or more different real people (person_id P...) carry, as phone or mobile. Its rows are
    *trap rows*. A group is a *household* when one surname (name_key minus first_key) is on rows of
    every person of the group, else *colleagues* (a switchboard). *Trap pairs* are the pairs of trap
    rows of one group.
    - trap precision: of the trap pairs the run put in one lead, the share that are one real person
      (target >= 0.98). 1.0 when it merged none.
    - merged/total: of the trap pairs of *different* people, how many the run put in one lead.
    - trap recall: of the trap pairs of *one* person, the share the run put in one lead.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb

from bench.evaluate import matching_scores, pair_counts, pairwise

GIANT_LEAD_ROWS = 50  # a lead with more rows than this is suspect: one person is rarely in 50 list rows

LABELLED_SQL = """
create or replace temp table labelled as
select t.source_file, t.source_row::bigint as source_row, t.person_id, nullif(l.lead_id, '') as lead_id
from read_csv($truth, all_varchar = true) t
join read_csv($lineage, all_varchar = true) l
  on l.source_file = t.source_file and l.source_row::bigint = t.source_row::bigint
"""

TRAP_PAIRS_SQL = """
create or replace temp table trap_pairs as
with staged as (
    select dense_rank() over (order by s.source_file, s.source_row) as rid, b.person_id, b.lead_id,
           nullif(array_to_string(list_filter(string_split(s.name_key, ' '),
                  lambda x: not list_contains(string_split(coalesce(s.first_key, ''), ' '), x)), ' '), '') as surname,
           list_filter([case when s.phone_valid and s.phone_kind not in ('placeholder', 'premium_rate')
                             then s.phone_e164 end,
                        case when s.mobile_valid and s.mobile_kind not in ('placeholder', 'premium_rate')
                             then s.mobile_e164 end],
                       lambda x: x is not null) as phones
    from store.stg_leads s
    join labelled b on b.source_file = s.source_file and b.source_row = s.source_row::bigint
    where s.quarantine_reason is null and b.person_id like 'P%'
),
held as (
    select distinct rid, person_id, lead_id, surname, unnest(phones) as phone from staged
),
groups as (
    select phone from held group by phone having count(distinct person_id) >= 2
),
surnames as (
    select phone, surname, count(distinct person_id) as people
    from held semi join groups using (phone) where surname is not null group by all
),
group_kinds as (
    -- a household: one surname is on rows of every person of the group
    select g.phone, case when max(s.people) = (select count(distinct person_id) from held h where h.phone = g.phone)
                         then 'household' else 'colleague' end as kind
    from groups g left join surnames s using (phone)
    group by g.phone
),
pairs as (
    select a.rid as rid_a, b.rid as rid_b, max(k.kind) as kind, any_value(a.person_id = b.person_id) as same_person,
           any_value(coalesce(a.lead_id = b.lead_id, false)) as same_lead
    from held a
    join held b on a.phone = b.phone and a.rid < b.rid
    join group_kinds k on k.phone = a.phone
    group by all
)
select * from pairs
"""


def _labelled(con: duckdb.DuckDBPyConnection, lineage_csv: Path, truth_csv: Path) -> None:
    con.execute(LABELLED_SQL, {"truth": str(truth_csv), "lineage": str(lineage_csv)})


def _precision(correct: int, predicted: int) -> float:
    return round(correct / predicted, 4) if predicted else 1.0


def accuracy(lineage_csv: Path, store: Path, truth_csv: Path) -> dict:
    """Pairwise P/R/F1, trap scores and largest leads of one lineage file (named lineage.csv)."""
    return {**matching_scores(lineage_csv.parent, truth_csv), **real_people_scores(lineage_csv, truth_csv),
            **trap_scores(store, lineage_csv, truth_csv), **largest_leads(lineage_csv, truth_csv)}


def real_people_scores(lineage_csv: Path, truth_csv: Path) -> dict:
    """Pairwise P/R/F1 over the rows of real people only (junk rows, J..., left out of both sides)."""
    with duckdb.connect() as con:
        _labelled(con, lineage_csv, truth_csv)
        correct, predicted, true = pair_counts(con, """(
            select person_id, coalesce(lead_id, 'Q' || source_file || source_row) as lead_id
            from labelled where person_id like 'P%')""")
    precision, recall, f1 = pairwise(correct, predicted, true)
    return {"precision_real": round(precision, 4), "recall_real": round(recall, 4), "f1_real": round(f1, 4)}


def trap_scores(store: Path, lineage_csv: Path, truth_csv: Path) -> dict:
    """Trap precision and recall, overall and per kind, and merged/total pairs of different people."""
    with duckdb.connect() as con:
        con.execute("attach $path as store (read_only)", {"path": str(store)})
        _labelled(con, lineage_csv, truth_csv)
        con.execute(TRAP_PAIRS_SQL)
        rows = con.execute("""
            select coalesce(kind, 'all') as kind,
                   count(*) filter (where same_lead) as predicted,
                   count(*) filter (where same_lead and same_person) as correct,
                   count(*) filter (where not same_person) as strangers,
                   count(*) filter (where not same_person and same_lead) as merged,
                   count(*) filter (where same_person) as own,
                   count(*) filter (where same_person and same_lead) as own_merged
            from trap_pairs group by grouping sets ((kind), ())
        """).fetchall()
    scores = {}
    for kind, predicted, correct, strangers, merged, own, own_merged in rows:
        prefix = "trap" if kind == "all" else f"trap_{kind}"
        scores |= {f"{prefix}_precision": _precision(correct, predicted),
                   f"{prefix}_merged": f"{merged}/{strangers}",
                   f"{prefix}_recall": round(own_merged / own, 4) if own else None}
    return scores


def largest_leads(lineage_csv: Path, truth_csv: Path) -> dict:
    """The largest lead (rows, share of its majority person) and the leads over GIANT_LEAD_ROWS rows.

    Purity is the share of a lead's rows that belong to its most frequent person_id; junk rows each
    have their own id, so a lead of junk rows has a low purity.
    """
    with duckdb.connect() as con:
        _labelled(con, lineage_csv, truth_csv)
        row = con.execute("""
            with per_person as (
                select lead_id, person_id, count(*) as n from labelled where lead_id is not null group by all
            ),
            leads as (select lead_id, sum(n) as n, max(n) as majority from per_person group by lead_id)
            select max(n), arg_max(majority / n, n),
                   count(*) filter (where n > $giant), sum(n) filter (where n > $giant),
                   sum(majority) filter (where n > $giant) / sum(n) filter (where n > $giant),
                   min(majority / n) filter (where n > $giant)
            from leads
        """, {"giant": GIANT_LEAD_ROWS}).fetchone()
    top, top_purity, giants, giant_rows, giant_purity, giant_min = row
    return {"largest_lead_rows": int(top or 0), "largest_lead_purity": _round(top_purity),
            f"leads_over_{GIANT_LEAD_ROWS}": int(giants), f"leads_over_{GIANT_LEAD_ROWS}_rows": int(giant_rows or 0),
            f"leads_over_{GIANT_LEAD_ROWS}_purity": _round(giant_purity),
            f"leads_over_{GIANT_LEAD_ROWS}_min_purity": _round(giant_min)}


def _round(x: float | None) -> float | None:
    return round(float(x), 4) if x is not None else None


def union_lineage(lineage_csvs: list[Path], dest: Path) -> Path:
    """One lineage.csv under `dest` holding the rows of several runs (each row as its own run left it)."""
    dest.mkdir(parents=True, exist_ok=True)
    with duckdb.connect() as con:
        con.execute("""
            copy (select source_file, source_row, lead_id, disposition
                  from read_csv($paths, all_varchar = true, union_by_name = true))
            to $out (header, delimiter ',')
        """, {"paths": [str(p) for p in lineage_csvs], "out": str(dest / "lineage.csv")})
    return dest / "lineage.csv"


def union_matching_scores(lineage_csvs: list[Path], truth_csv: Path) -> dict:
    """`matching_scores` (pairwise P/R/F1) over the union of several runs' lineage files."""
    with tempfile.TemporaryDirectory(prefix="bench-union-") as tmp:
        union_lineage(lineage_csvs, Path(tmp))
        return matching_scores(Path(tmp), truth_csv)


def cross_run_scores(first_csv: Path, second_csv: Path, truth_csv: Path) -> dict:
    """Pairs with one row in each run: precision and recall of putting them in one lead."""
    with duckdb.connect() as con:
        _labelled(con, first_csv, truth_csv)
        con.execute("create temp table first_rows as select * from labelled")
        _labelled(con, second_csv, truth_csv)
        true_pairs, correct, predicted = con.execute("""
            select (select count(*) from first_rows a join labelled b using (person_id)),
                   (select count(*) from first_rows a join labelled b using (person_id) where a.lead_id = b.lead_id),
                   (select count(*) from first_rows a join labelled b using (lead_id))
        """).fetchone()
    return {"cross_pairs_true": true_pairs, "cross_pairs_predicted": predicted,
            "cross_precision": _precision(correct, predicted),
            "cross_recall": round(correct / true_pairs, 4) if true_pairs else None}


def lead_id_stability(store: Path, first_csv: Path) -> dict:
    """After a later run on `store`: do the first run's lead_ids still exist (`lead_registry`), and is
    every first-run row still a member of the lead it got (`lead_members`)?"""
    with duckdb.connect() as con:
        con.execute("attach $path as store (read_only)", {"path": str(store)})
        con.execute("""
            create temp table first_rows as
            select source_file, source_row::bigint as source_row, lead_id
            from read_csv($lineage, all_varchar = true) where nullif(lead_id, '') is not null
        """, {"lineage": str(first_csv)})
        leads, missing = con.execute("""
            select count(distinct lead_id),
                   count(distinct lead_id) filter (where lead_id not in (select lead_id from store.lead_registry))
            from first_rows
        """).fetchone()
        if not con.execute("select count(*) from duckdb_tables() where database_name = 'store' "
                           "and table_name = 'lead_members'").fetchone()[0]:
            return {"first_run_leads": leads, "first_run_leads_missing": missing, "lead_members": "absent",
                    "lead_ids_stable": missing == 0}
        rows, moved, absent = con.execute("""
            with now as (
                select source_file, source_row::bigint as source_row, list(distinct lead_id) as lead_ids
                from store.lead_members group by all
            )
            select count(*),
                   count(*) filter (where n.lead_ids is not null and n.lead_ids <> [f.lead_id]),
                   count(*) filter (where n.lead_ids is null)
            from first_rows f left join now n using (source_file, source_row)
        """).fetchone()
    return {"first_run_leads": leads, "first_run_leads_missing": missing,
            "first_run_rows": rows, "first_run_rows_moved": moved, "first_run_rows_absent": absent,
            "lead_ids_stable": missing == 0 and moved == 0 and absent == 0}
