"""Issue 21, part 1: decisions that stick. `review apply` keeps same / different decisions on review pairs in
the store; every later run honours them over keys and model, and never asks about a decided pair again.
`split` takes rows out of a lead into a new lead for good. Lists from the second generator (US/UK people,
households, firms without a contact name), read again and again into one store."""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bench.generate_people import generate_people
from pipelines.cli import app
from pipelines.config import RunSettings
from pipelines.flow import leadsweep_run

pytestmark = pytest.mark.flow

AS_OF = dt.date(2026, 12, 7)
CANNOT_LINKS = 200


def _run(lists: Path, out: Path, store: Path, files: tuple[str, ...] = ()) -> dict:
    inputs = tuple(lists / f for f in files) if files else (lists,)
    return leadsweep_run(RunSettings(inputs=inputs, out_dir=out, db=store, as_of=AS_OF,
                                     sources=lists / "_meta" / "sources.yaml"))


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _pair(record: dict) -> frozenset:
    return frozenset([(record["source_file_l"], int(record["source_row_l"])),
                      (record["source_file_r"], int(record["source_row_r"]))])


def _consistent(records: list[dict]) -> list[dict]:
    """The decisions less each `same` that would join, through the `same` before it, two rows called different:
    a person does not write A = B, B = C and A != C (a run honours the `different` over such a chain, so the
    chain's `same` could not hold). Which pairs are offered depends on the matcher; arbitrary labels may close one."""
    parent: dict = {}

    def root(row):
        parent.setdefault(row, row)
        while parent[row] != row:
            parent[row] = parent[parent[row]]
            row = parent[row]
        return row

    apart = [_pair(r) for r in records if r["decision"] == "different"]
    kept = [r for r in records if r["decision"] == "different"]
    for record in records:
        if record["decision"] != "same":
            continue
        a, b = (root(row) for row in _pair(record))
        if a != b and any({root(x), root(y)} == {a, b} for x, y in map(tuple, apart)):
            continue  # this `same` closes a chain around a `different`
        parent[a] = b
        kept.append(record)
    return kept


@pytest.fixture(scope="module")
def decided(tmp_path_factory):
    """A first run, its review pairs decided (the first 200 different, the rest the same) and applied."""
    root = tmp_path_factory.mktemp("review")
    lists, store = root / "lists", root / "store.duckdb"
    generate_people(lists, 8000, 3)
    _run(lists, root / "out1", store)
    pairs = _read(root / "out1" / "review_pairs.csv")
    assert len(pairs) > CANNOT_LINKS
    decisions = root / "decisions.csv"
    records = _consistent([{**p, "decision": "different" if i < CANNOT_LINKS else "same"} for i, p in enumerate(pairs)])
    with decisions.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=[*pairs[0], "decision"])
        writer.writeheader()
        writer.writerows(records)
    result = CliRunner().invoke(app, ["review", "apply", str(decisions), "--db", str(store)])
    assert result.exit_code == 0, result.output
    same = len(records) - CANNOT_LINKS
    assert f"kept {len(records)} decisions ({same} same, {CANNOT_LINKS} different" in result.output
    return root, lists, store, _read(decisions)


def test_decisions_hold_over_three_later_runs_and_never_come_back_for_review(decided):
    root, lists, store, decisions = decided
    later = [(), ("hubspot_contacts.csv", "webinar_signups.jsonl", "marketing_list.csv"), ()]
    for number, files in enumerate(later, start=2):
        out = root / f"out{number}"
        summary = _run(lists, out, store, files)
        lead = {(r["source_file"], int(r["source_row"])): r["lead_id"] for r in _read(out / "lineage.csv")}
        present = [d for d in decisions if all(row in lead for row in _pair(d))]
        apart = [d for d in present if d["decision"] == "different"]
        together = [d for d in present if d["decision"] == "same"]
        assert len(apart) >= (CANNOT_LINKS if not files else 50)
        assert [d for d in apart if len({lead[row] for row in _pair(d)}) != 1] == apart, f"run {number}"
        assert [d for d in together if len({lead[row] for row in _pair(d)}) == 1] == together, f"run {number}"
        asked_again = {_pair(p) for p in _read(out / "review_pairs.csv")} & {_pair(d) for d in decisions}
        assert not asked_again, f"run {number}"
        quality = summary["review_decisions"]
        assert quality["decided_pairs"] == len(decisions) and quality["same"] == len(decisions) - CANNOT_LINKS
        assert 0 < quality["precision_at_review"] < 1 and quality["recall_at_review"] == 1.0
    assert "judged by your review decisions" in (root / "out4" / "report.html").read_text(encoding="utf-8")


def test_split_rows_leave_the_lead_for_good(tmp_path):
    lists = tmp_path / "lists"
    lists.mkdir()
    (lists / "leads.csv").write_text(  # one e-mail: the keys make one lead of the three rows
        "first_name,last_name,email,phone\n"
        "Mario,Rossi,m.rossi@example.it,+39 347 111 2233\n"
        "Mario,Rossi,m.rossi@example.it,\n"
        "Maria,Rossi,m.rossi@example.it,+39 348 999 8877\n", encoding="utf-8")
    (lists / "_meta").mkdir()
    (lists / "_meta" / "sources.yaml").write_text("sources:\n  - {file: leads.csv, country: IT}\n", encoding="utf-8")
    store = tmp_path / "store.duckdb"
    _run(lists, tmp_path / "out1", store)
    (old,) = {r["lead_id"] for r in _read(tmp_path / "out1" / "lineage.csv")}

    before = hashlib.sha256(store.read_bytes()).hexdigest()
    refused = CliRunner().invoke(app, ["split", old, "leads.csv:9", "--db", str(store)])
    assert refused.exit_code == 1 and "leads.csv:9 is not a row of" in refused.output
    assert hashlib.sha256(store.read_bytes()).hexdigest() == before  # the store was not changed

    done = CliRunner().invoke(app, ["split", old, "leads.csv:3", "--db", str(store)])
    assert done.exit_code == 0, done.output
    new = done.output.split("are now lead ")[1].split(";")[0]
    for number in (2, 3):  # the same list read again, twice: the keys still say one person
        _run(lists, tmp_path / f"out{number}", store)
        lead = {int(r["source_row"]): r["lead_id"] for r in _read(tmp_path / f"out{number}" / "lineage.csv")}
        assert lead == {1: old, 2: old, 3: new}
