"""What a person decided about who is who, kept in the store (`review_decisions`, `lead_pins`) and honoured by
every later run over keys and model (`matching.py`, `sql/19_decided_pairs.sql`, `sql/22_lead_clusters.sql`).

- `review apply DECISIONS.csv`: a `review_pairs.csv` (or any CSV with source_file_l, source_row_l,
  source_file_r, source_row_r and decision) whose decision says `same` or `different`. Two stored leads
  called the same are merged now (into the older one; the other id is kept as merged_into); two rows of one
  stored lead called different are parted now (the right row into a lead of its own): a person's "different"
  outranks the merges their other decisions imply. A decided pair is never offered for review again.
- `split LEAD_ID FILE:ROW...`: those rows leave the lead for a new one, for good: they are pinned there and
  kept apart from the rows that stayed.

Rows are named by file and row number, as every output names them; a list read again meets its decisions.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from transforms.match.matching import MERGE_PROBABILITY, REVIEW_PROBABILITY

REQUIRED = ("source_file_l", "source_row_l", "source_file_r", "source_row_r", "decision")
SAME = {"same", "yes", "y", "match", "duplicate", "stesso", "stessa", "uguale", "sì", "si", "същият", "същия",
        "да", "sama", "ya"}
DIFFERENT = {"different", "no", "n", "distinct", "diverso", "diversa", "различен", "различни", "не", "beda",
             "berbeda", "tidak"}

Row = tuple[str, int]  # (source_file, source_row)
DECISIONS_SCHEMA = pa.schema([("source_file_l", pa.string()), ("source_row_l", pa.int64()),
                              ("source_file_r", pa.string()), ("source_row_r", pa.int64()),
                              ("decision", pa.string()), ("match_probability", pa.float64()),
                              ("origin", pa.string()), ("decided_at", pa.timestamp("us"))])


class DecisionError(ValueError):
    """A decisions file or a split the store cannot take; the message says which line or row and why."""


@dataclass(frozen=True)
class Decision:
    left: Row
    right: Row
    decision: str  # same | different
    match_probability: float | None = None


def _word(value: str) -> str | None:
    word = value.strip().lower()
    if not word:
        return None
    if word in SAME:
        return "same"
    if word in DIFFERENT:
        return "different"
    raise ValueError(word)


def read_decisions(path: Path) -> tuple[list[Decision], int]:
    """The decided pairs of a decisions CSV (any of , ; tab; UTF-8 with or without BOM) and how many rows
    it leaves undecided (an empty decision). DecisionError names the line of anything else."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DecisionError(f"cannot read {path.name}: {exc}") from None
    lines = text.splitlines()
    delimiter = next((d for d in (",", ";", "\t") if lines and d in lines[0]), ",")
    reader = csv.DictReader(lines, delimiter=delimiter)
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise DecisionError(f"{path.name} has no {', '.join(missing)} column; give review_pairs.csv with a "
                            "decision column (same / different)")
    decisions: dict[tuple[Row, Row], Decision] = {}
    undecided = 0
    for line, record in enumerate(reader, start=2):
        where = f"{path.name}, line {line}"
        try:
            word = _word(record["decision"] or "")
        except ValueError:
            raise DecisionError(f"{where}: decision {record['decision']!r} is neither same nor different") from None
        if word is None:
            undecided += 1
            continue
        try:
            left = (record["source_file_l"].strip(), int(record["source_row_l"]))
            right = (record["source_file_r"].strip(), int(record["source_row_r"]))
        except (TypeError, ValueError, AttributeError):
            raise DecisionError(f"{where}: source_row_l and source_row_r must be row numbers") from None
        if left == right:
            raise DecisionError(f"{where}: a row is paired with itself")
        left, right = sorted((left, right))
        try:
            probability = float(record.get("match_probability") or "nan")
        except ValueError:
            probability = float("nan")
        decisions[(left, right)] = Decision(left, right, word, None if probability != probability else probability)
    return list(decisions.values()), undecided  # the last word on a pair wins


def _current_leads(con: duckdb.DuckDBPyConnection, rows: list[Row]) -> dict[Row, str]:
    """The lead each of `rows` is in now (its latest run's), for the rows the store holds: one query."""
    con.register("decided_rows", pa.table({"source_file": [f for f, _ in rows], "source_row": [r for _, r in rows]}))
    try:
        return {(f, r): lead for f, r, lead in con.execute("""
            select source_file, source_row, lead_id
            from lead_members semi join decided_rows using (source_file, source_row)
            qualify row_number() over (partition by source_file, source_row order by run_id desc) = 1""").fetchall()}
    finally:
        con.unregister("decided_rows")


def _record(con: duckdb.DuckDBPyConnection, decisions: list[Decision], origin: str, now: dt.datetime) -> None:
    """Keep `decisions` in `review_decisions`, each replacing an earlier word on its pair."""
    con.register("new_decisions", pa.Table.from_pylist([
        {"source_file_l": d.left[0], "source_row_l": d.left[1], "source_file_r": d.right[0],
         "source_row_r": d.right[1], "decision": d.decision, "match_probability": d.match_probability,
         "origin": origin, "decided_at": now} for d in decisions], schema=DECISIONS_SCHEMA))
    try:
        con.execute("""delete from review_decisions d where exists (
                           select 1 from new_decisions n where (n.source_file_l, n.source_row_l, n.source_file_r,
                           n.source_row_r) = (d.source_file_l, d.source_row_l, d.source_file_r, d.source_row_r))""")
        con.execute("insert into review_decisions by name select * from new_decisions")
    finally:
        con.unregister("new_decisions")


def _pin(con: duckdb.DuckDBPyConnection, rows: Iterable[Row], lead_id: str, now: dt.datetime) -> None:
    for file, number in rows:
        con.execute("delete from lead_pins where source_file = $f and source_row = $r", {"f": file, "r": number})
        con.execute("insert into lead_pins values ($f, $r, $l, $at)", {"f": file, "r": number, "l": lead_id, "at": now})


def _merge(con: duckdb.DuckDBPyConnection, same: list[tuple[str, str]]) -> dict[str, str]:
    """Merge the stored leads that `same` pairs join, each group into its lead issued first; returns
    {merged lead: the lead it is now part of}."""
    parent: dict[str, str] = {}

    def root(lead: str) -> str:
        while parent.setdefault(lead, lead) != lead:
            lead = parent[lead]
        return lead

    for a, b in same:
        parent[root(a)] = root(b)
    issued = dict(con.execute("select lead_id, issued_at from lead_registry where lead_id in (select unnest($l))",
                              {"l": sorted(parent)}).fetchall())
    groups: dict[str, list[str]] = {}
    for lead in parent:
        groups.setdefault(root(lead), []).append(lead)
    into = {}
    for members in groups.values():
        keep = min(members, key=lambda lead: (issued.get(lead) or dt.datetime.max, lead))
        into |= {lead: keep for lead in members if lead != keep}
    if into:
        con.register("merges", pa.table({"gone": list(into), "keep": list(into.values())}))
        try:
            for table in ("lead_members", "lead_keys", "lead_pins"):
                con.execute(f"update {table} set lead_id = m.keep from merges m where {table}.lead_id = m.gone")
            for column in ("merged_into", "lead_id"):  # leads merged into a lead merged now follow it
                con.execute(f"update lead_registry set merged_into = m.keep from merges m "
                            f"where lead_registry.{column} = m.gone")
        finally:
            con.unregister("merges")
    return into


def _move_out(con: duckdb.DuckDBPyConnection, lead_id: str, rows: list[Row], now: dt.datetime) -> str:
    """Move `rows` of `lead_id` into a new lead (its id from the old one and the rows: the same split gives
    the same id) and pin them there; returns the new lead's id."""
    seed = lead_id + ":" + ",".join(f"{f}:{r}" for f, r in sorted(rows))
    new_id = "L" + hashlib.sha256(seed.encode("utf-8")).hexdigest()[:11].upper()
    for file, number in rows:
        con.execute("update lead_members set lead_id = $new where lead_id = $old and source_file = $f "
                    "and source_row = $r", {"new": new_id, "old": lead_id, "f": file, "r": number})
    con.execute("insert into lead_registry (lead_id, issued_run_id, issued_at) select $l, 'split', $at "
                "where not exists (select 1 from lead_registry where lead_id = $l)", {"l": new_id, "at": now})
    _pin(con, rows, new_id, now)
    return new_id


def apply_decisions(con: duckdb.DuckDBPyConnection, decisions: list[Decision],
                    now: dt.datetime | None = None) -> dict:
    """Keep `decisions` in the store and act on the stored leads now; returns what was done. The merges come
    first: where they join two rows called different (A same as B, B as C, C not A), the different wins."""
    now = now or dt.datetime.now()
    _record(con, decisions, "review", now)
    lead = _current_leads(con, sorted({row for d in decisions for row in (d.left, d.right)}))
    known = [d for d in decisions if d.left in lead and d.right in lead]  # the others: honoured when they come
    same = [d for d in known if d.decision == "same"]
    into = _merge(con, [(lead[d.left], lead[d.right]) for d in same if lead[d.left] != lead[d.right]])
    lead = {row: into.get(lead_id, lead_id) for row, lead_id in lead.items()}
    for d in same:
        _pin(con, [d.left, d.right], lead[d.left], now)
    parted = 0
    for d in known:
        if d.decision == "different" and lead[d.left] == lead[d.right]:
            lead[d.right] = _move_out(con, lead[d.left], [d.right], now)
            parted += 1
    return {"decisions": len(decisions), "same": sum(d.decision == "same" for d in decisions),
            "different": sum(d.decision == "different" for d in decisions), "leads_merged": len(into),
            "leads_parted": parted, "rows_not_in_store": len(decisions) - len(known)}


def parse_row(text: str) -> Row:
    """`leads.csv:12` -> ("leads.csv", 12); the file name may itself hold colons."""
    file, _, number = text.rpartition(":")
    if not file or not number.strip().isdigit():
        raise DecisionError(f"{text!r} is not SOURCE_FILE:SOURCE_ROW (e.g. fornitore.csv:12)")
    return file, int(number)


def split_lead(con: duckdb.DuckDBPyConnection, lead_id: str, rows: list[Row], now: dt.datetime | None = None) -> str:
    """Take `rows` out of `lead_id` into a new lead, for good; returns the new lead's id."""
    now = now or dt.datetime.now()
    members = sorted({(f, r) for f, r in con.execute(
        "select source_file, source_row from lead_members where lead_id = $l", {"l": lead_id}).fetchall()})
    if not members:
        raise DecisionError(f"the store holds no lead {lead_id}")
    moving = sorted(set(rows))
    strangers = [f"{f}:{r}" for f, r in moving if (f, r) not in members]
    if strangers:
        shown = ", ".join(f"{f}:{r}" for f, r in members[:10]) + (" ..." if len(members) > 10 else "")
        raise DecisionError(f"{', '.join(strangers)} is not a row of {lead_id} (its rows: {shown})")
    staying = [m for m in members if m not in moving]
    if not staying:
        raise DecisionError(f"those are all the rows of {lead_id}; name the rows to take out, not all of them")
    new_id = _move_out(con, lead_id, moving, now)
    apart = [Decision(*sorted((a, b)), "different") for a in moving for b in staying]
    together = [Decision(a, b, "same") for i, a in enumerate(moving) for b in moving[i + 1:]]
    _record(con, [*apart, *together], "split", now)
    return new_id


def decision_quality(con: duckdb.DuckDBPyConnection) -> dict | None:
    """How good the model's cut-offs look by the pairs people decided (with the probability the model gave
    them): the share called the same (precision) among decided pairs at or above the merge and the review
    cut-off, and the share of pairs called the same that each cut-off reaches (recall; decided pairs are
    those people were shown, so this is recall among them). None before any decision."""
    row = con.execute("""
        select count(*) as decided,
               count(*) filter (where decision = 'same') as same,
               count(*) filter (where match_probability >= $merge) as at_merge,
               count(*) filter (where match_probability >= $merge and decision = 'same') as same_at_merge,
               count(*) filter (where match_probability >= $review) as at_review,
               count(*) filter (where match_probability >= $review and decision = 'same') as same_at_review
        from review_decisions where origin = 'review' and match_probability is not null
    """, {"merge": MERGE_PROBABILITY, "review": REVIEW_PROBABILITY}).fetchone()
    decided, same, at_merge, same_at_merge, at_review, same_at_review = row
    if not decided:
        return None

    def share(a: int, b: int) -> float | None:
        return round(a / b, 4) if b else None

    return {"decided_pairs": decided, "same": same,
            "merge_cutoff": MERGE_PROBABILITY, "review_cutoff": REVIEW_PROBABILITY,
            "precision_at_merge": share(same_at_merge, at_merge), "pairs_at_merge": at_merge,
            "precision_at_review": share(same_at_review, at_review), "pairs_at_review": at_review,
            "recall_at_merge": share(same_at_merge, same), "recall_at_review": share(same_at_review, same)}
