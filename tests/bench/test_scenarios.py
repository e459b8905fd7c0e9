"""The incremental scenario's split of the web form: the night's batch keeps its row numbers, the rest
is renamed and renumbered, and the truth follows the rest."""
from __future__ import annotations

import csv
import json
from pathlib import Path

from bench.scenarios import EARLIER_FILE, INCREMENT_FILE, _truth_with_tail, split_records


def test_split_keeps_every_record_once_and_the_truth_follows(tmp_path: Path):
    people = [("P1", "Иван Петров"), ("P2", "Giulia Ferri"), ("P1", "Ivan Petrov"), ("P3", "Budi Santoso")]
    source = tmp_path / INCREMENT_FILE
    source.write_text("\n".join(json.dumps({"nama": name}, ensure_ascii=False) + ("\n" if i == 1 else "")
                                for i, (_, name) in enumerate(people)) + "\n", encoding="utf-8")  # a blank line
    truth = tmp_path / "truth.csv"
    with truth.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["source_file", "source_row", "person_id"])
        writer.writerow(["other.csv", 1, "P9"])
        writer.writerows([INCREMENT_FILE, i, person] for i, (person, _) in enumerate(people, start=1))

    head, tail = split_records(source, tmp_path / "new" / INCREMENT_FILE, tmp_path / "earlier" / EARLIER_FILE, 2)

    assert [json.loads(x)["nama"] for x in head.read_text(encoding="utf-8").splitlines()] == [
        "Иван Петров", "Giulia Ferri"]
    assert [json.loads(x)["nama"] for x in tail.read_text(encoding="utf-8").splitlines()] == [
        "Ivan Petrov", "Budi Santoso"]
    with _truth_with_tail(truth, EARLIER_FILE, 2, tmp_path / "scenario_truth.csv").open(encoding="utf-8") as fh:
        rows = {(r["source_file"], int(r["source_row"])): r["person_id"] for r in csv.DictReader(fh)}
    assert rows[(INCREMENT_FILE, 1)] == "P1" and rows[(INCREMENT_FILE, 2)] == "P2"
    assert rows[(EARLIER_FILE, 1)] == "P1" and rows[(EARLIER_FILE, 2)] == "P3"
    assert (EARLIER_FILE, 3) not in rows and rows[("other.csv", 1)] == "P9"
