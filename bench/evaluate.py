"""Accuracy of a run against the generator's ground truth: pairwise matching precision/recall/F1,
junk AUC and value capture of the call-list order, do-not-call and customer suppression, recontact dates.

Truth is per input row (`_meta/truth.csv`); `lineage.csv` maps each row to its lead, so a person's
flags reach every lead their rows became. Junk rows have person ids starting with J.
"""
from __future__ import annotations

import csv
import json
import re
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
    tp, pred, true = pair_counts(con, "pairs_base")
    precision, recall, f1 = pairwise(tp, pred, true)
    return {"pairs_true": int(true), "pairs_predicted": int(pred), "pairs_correct": int(tp),
            "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def pair_counts(con: duckdb.DuckDBPyConnection, rows: str) -> tuple[int, int, int]:
    """(correct, predicted, true) same-person pairs of `rows` (a table or subquery with lead_id, person_id)."""
    return con.execute(f"""
        select (select coalesce(sum(n * (n - 1) / 2), 0)
                from (select count(*) n from {rows} group by lead_id, person_id)),
               (select coalesce(sum(n * (n - 1) / 2), 0) from (select count(*) n from {rows} group by lead_id)),
               (select coalesce(sum(n * (n - 1) / 2), 0) from (select count(*) n from {rows} group by person_id))
    """).fetchone()


def pairwise(correct: int, predicted: int, true: int) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1 (1.0 where nothing was predicted or there is nothing to find)."""
    precision = correct / predicted if predicted else 1.0
    recall = correct / true if true else 1.0
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0



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
             n as (select count(*) filter (where is_junk = 1) as pos, count(*) filter (where is_junk = 0) as neg
                   from scored)
        select (sum(r) filter (where is_junk = 1) - pos * (pos + 1) / 2) / nullif(pos * neg, 0)
        from ranked, n group by pos, neg
    """).fetchone()
    capture = con.execute("""
        with k as (select greatest(1, (count(*) * 0.2)::int) as k from scored),
             ours as (select sum(value) as v from scored, k where priority_rank <= k.k),
             oracle as (select sum(value) as v
                        from (select value from scored order by value desc limit (select k from k)))
        select ours.v / nullif(oracle.v, 0) from ours, oracle
    """).fetchone()
    return {"junk_auc": round(auc[0], 4) if auc and auc[0] is not None else None,
            "value_capture_top20": round(capture[0], 4) if capture[0] is not None else None}


def _digits(text: str) -> str:
    """A phone's digits as written, leading zeros (trunk 0, international 00) dropped."""
    return re.sub(r"\D", "", text).lstrip("0")


def _suffixes(digits: str) -> set[str]:
    return {digits[i:] for i in range(len(digits) - 7)}  # every ending of 8 digits or more


def rows_showing_numbers(lists_dir: Path, numbers: list[str]) -> list[tuple[str, int]]:
    """(source_file, source_row) of every input record with a cell holding one of `numbers`.

    Read independently of the pipeline's header mapping and phone parsing: a cell shows a number when
    the digits of one, leading zeros dropped, end with all the digits of the other (at least 8), so
    "+39 02 4445 8971", "02/444 58 971" and "0039 0244458971" all show +390244458971.
    """
    from transforms.ingest.readers import read_table

    listed = {d for d in map(_digits, numbers) if len(d) >= 8}
    listed_endings = set().union(*map(_suffixes, listed)) if listed else set()
    shown = []
    for path in sorted(p for p in lists_dir.iterdir() if p.is_file() and not p.name.startswith((".", "_"))):
        for row, record in enumerate(read_table(path).records, start=1):
            cells = [d for d in (_digits(c) for c in record if c) if len(d) >= 8]
            if any(d in listed_endings or _suffixes(d) & listed for d in cells):
                shown.append((path.name, row))
    return shown


def _load_truth_rows(con: duckdb.DuckDBPyConnection, out_dir: Path, truth_csv: Path) -> None:
    """Temp table truth_rows: every truth row with its lead and disposition, plus the lead's list reason."""
    con.execute("""
        create or replace temp table truth_rows as
        with truth as (select * from read_csv($truth, all_varchar = true)),
             lineage as (select * from read_csv($lineage, all_varchar = true)),
             dnc as (select lead_id, reason from read_csv($dnc, all_varchar = true))
        select t.source_file, t.source_row::int as source_row, t.person_id, t.person_id like 'J%' as is_junk,
               t.is_customer = '1' as is_customer, t.has_dnc = '1' as has_dnc,
               nullif(t.contract_end, '')::date as contract_end,
               nullif(l.lead_id, '') as lead_id, l.disposition, d.reason as dnc_reason
        from truth t
        join lineage l on l.source_file = t.source_file and l.source_row = t.source_row
        left join dnc d on d.lead_id = l.lead_id
    """, {"truth": str(truth_csv), "lineage": str(out_dir / "lineage.csv"), "dnc": str(out_dir / "do_not_call.csv")})


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def suppression_scores(out_dir: Path, truth_csv: Path, con: duckdb.DuckDBPyConnection | None = None) -> dict:
    """Do-not-call and customer suppression against truth.

    - dnc_rows: of the rows that show a number on the DNC list (dnc.csv beside truth.csv), the share
      whose lead is in do_not_call.csv (target >= 0.99); dnc_people: of the people with has_dnc whose rows
      show their listed number, the share with every lead in do_not_call.csv. dnc_people_flagged is the
      same over all has_dnc people, including those whose rows never show the listed number.
    - customer_people: of the existing customers (is_customer), the share with every lead suppressed
      (target >= 0.95); customer_rows likewise per row.
    - wrongly_suppressed: of the leads none of whose rows belongs to a DNC or customer person, the
      share in do_not_call.csv for reason dnc or customer (target <= 0.001).
    """
    con = con or duckdb.connect()
    _load_truth_rows(con, out_dir, truth_csv)
    numbers = [r[0] for r in csv.reader((truth_csv.parent / "dnc.csv").open(encoding="utf-8"))][1:]
    shown = rows_showing_numbers(truth_csv.parent.parent, numbers)
    con.execute("create or replace temp table dnc_shown (source_file varchar, source_row int)")
    if shown:
        con.executemany("insert into dnc_shown values (?, ?)", shown)
    row = con.execute("""
        with rows_ as (
            select r.*, s.source_row is not null as shows_dnc, r.disposition = 'do_not_call' as suppressed
            from truth_rows r left join dnc_shown s using (source_file, source_row)
            where r.lead_id is not null
        ),
        people as (
            select person_id, bool_or(has_dnc) as has_dnc, bool_or(shows_dnc) as shows_dnc,
                   bool_or(is_customer) as is_customer, bool_and(suppressed) as suppressed
            from rows_ where not is_junk group by person_id
        ),
        leads_ as (
            select lead_id, bool_or(has_dnc or is_customer) as flagged,
                   any_value(dnc_reason) in ('dnc', 'customer') as suppressed_for_list
            from rows_ group by lead_id
        )
        select
            (select count(*) from rows_ where shows_dnc),
            (select count(*) from rows_ where shows_dnc and suppressed),
            (select count(*) from people where has_dnc and shows_dnc),
            (select count(*) from people where has_dnc and shows_dnc and suppressed),
            (select count(*) from people where has_dnc),
            (select count(*) from people where has_dnc and suppressed),
            (select count(*) from rows_ where is_customer),
            (select count(*) from rows_ where is_customer and suppressed),
            (select count(*) from people where is_customer),
            (select count(*) from people where is_customer and suppressed),
            (select count(*) from leads_ where not flagged),
            (select count(*) from leads_ where not flagged and suppressed_for_list)
    """).fetchall()[0]
    (dnc_rows, dnc_rows_ok, dnc_people, dnc_people_ok, flagged, flagged_ok,
     cust_rows, cust_rows_ok, cust_people, cust_people_ok, clean_leads, wrong) = row
    return {"dnc_rows": _share(dnc_rows_ok, dnc_rows), "dnc_rows_n": dnc_rows,
            "dnc_people": _share(dnc_people_ok, dnc_people), "dnc_people_n": dnc_people,
            "dnc_people_flagged": _share(flagged_ok, flagged), "dnc_people_flagged_n": flagged,
            "customer_rows": _share(cust_rows_ok, cust_rows), "customer_people": _share(cust_people_ok, cust_people),
            "customer_people_n": cust_people,
            "wrongly_suppressed": _share(wrong, clean_leads), "wrongly_suppressed_n": wrong}


def recontact_scores(out_dir: Path, truth_csv: Path, recontact_days: int = 90,
                     con: duckdb.DuckDBPyConnection | None = None) -> dict:
    """Recontact dates against truth's contract_end, as of the run's --as-of (from run_summary.json).

    Counted: leads whose rows all belong to one real person with a contract_end, who is neither a DNC
    person nor a customer (those are never called), and with a row in a list that can carry a
    contract date (not the phone book). recontact: of those whose contract ends more than
    `recontact_days` after as-of, the share in recontact.csv on contract_end - recontact_days
    (target >= 0.95); call_now: of those whose date has passed, the share in call_list.csv.
    """
    con = con or duckdb.connect()
    _load_truth_rows(con, out_dir, truth_csv)
    as_of = json.loads((out_dir / "run_summary.json").read_text(encoding="utf-8"))["as_of"]
    due, due_ok, passed, passed_ok, wrong_date = con.execute("""
        with recontact as (
            select lead_id, recontact_on::date as recontact_on from read_csv($recontact, all_varchar = true)
        ),
        leads_ as (
            select lead_id, any_value(disposition) as disposition, any_value(contract_end) as contract_end
            from truth_rows
            where lead_id is not null
            group by lead_id
            having count(distinct person_id) = 1 and not bool_or(is_junk) and not bool_or(has_dnc or is_customer)
               and any_value(contract_end) is not null and bool_or(source_file <> 'elenco_telefonico.txt')
        ),
        judged as (
            select l.*, r.recontact_on, l.contract_end - to_days($days) > $as_of::date as is_due,
                   r.recontact_on = (l.contract_end - to_days($days))::date as right_date
            from leads_ l left join recontact r using (lead_id)
        )
        select count(*) filter (where is_due),
               count(*) filter (where is_due and right_date),
               count(*) filter (where not is_due),
               count(*) filter (where not is_due and disposition = 'call'),
               count(*) filter (where recontact_on is not null and not right_date)
        from judged
    """, {"recontact": str(out_dir / "recontact.csv"), "days": recontact_days, "as_of": as_of}).fetchall()[0]
    return {"recontact_right_date": _share(due_ok, due), "recontact_due_n": due,
            "recontact_wrong_date_n": wrong_date,
            "passed_in_call_list": _share(passed_ok, passed), "passed_n": passed}


if __name__ == "__main__":
    out, truth = Path(sys.argv[1]), Path(sys.argv[2])
    print(matching_scores(out, truth), scoring_scores(out, truth), suppression_scores(out, truth),
          recontact_scores(out, truth))
