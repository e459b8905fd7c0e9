"""Issue 5: a night of broken files never sinks the run, loses a row or reaches a rep as a formula."""
from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from pipelines.config import RunSettings
from pipelines.flow import leadsweep_run
from tests.hostile_corpus import write_corpus

CHECKER = Path(__file__).resolve().parents[3] / "shared" / "tools" / "check_contract.py"


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    expected = write_corpus(folder / "in")
    summary = leadsweep_run(RunSettings(inputs=(folder / "in",), out_dir=folder / "out", as_of=dt.date(2026, 11, 23)))
    return folder, expected, summary


def read(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def test_corpus_is_big_enough(hostile_run):
    assert len(hostile_run[1]) >= 20


def test_unreadable_files_are_rejected_with_a_reason(hostile_run):
    folder, expected, summary = hostile_run
    rejected = {r["file"]: r["reason"] for r in summary["rejected_files"]}
    assert set(rejected) == {name for name, outcome in expected.items() if outcome == "rejected"}
    assert all(reason and "Traceback" not in reason for reason in rejected.values())
    report = (folder / "out" / "report.html").read_text(encoding="utf-8")
    assert all(name in report for name in rejected)


def test_every_readable_row_is_in_lineage(hostile_run):
    folder, expected, _ = hostile_run
    counts = Counter(r["source_file"] for r in read(folder / "out" / "lineage.csv"))
    for name, outcome in expected.items():
        if outcome != "rejected":
            assert counts.get(name, 0) == outcome, name


def test_unparseable_and_empty_rows_are_quarantined_with_reasons(hostile_run):
    folder = hostile_run[0]
    quarantined = {(r["source_file"], r["source_row"]): r["reason"] for r in read(folder / "out" / "quarantine.csv")}
    assert quarantined[("broken_line.jsonl", "2")].startswith("unparseable: invalid JSON")
    assert quarantined[("only_delimiters.csv", "1")].startswith("no usable content")
    assert ("ragged.csv", "1") not in quarantined  # too few fields, but a name: still a lead


def test_formula_payloads_are_neutralised(hostile_run):
    folder = hostile_run[0]
    for path in (folder / "out").glob("*.csv"):
        for row in read(path):
            for cell in row.values():
                assert not cell or cell[0] not in "=@\t\r", (path.name, cell)
                if cell and cell[0] in "+-":
                    float(cell[1:].replace(" ", ""))


@pytest.mark.skipif(not CHECKER.exists(), reason="shared contract checker not beside the repo")
def test_contract_checker_passes_on_the_hostile_run(hostile_run):
    folder, expected, _ = hostile_run
    readable = [str(folder / "in" / name) for name, outcome in expected.items() if outcome != "rejected"]
    result = subprocess.run([sys.executable, str(CHECKER), str(folder / "out"), *readable],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_validation_results_are_in_the_summary_and_report(hostile_run):
    folder, _, summary = hostile_run
    saved = json.loads((folder / "out" / "run_summary.json").read_text(encoding="utf-8"))
    suites = {s["suite"] for s in saved["validation"]["suites"]}
    assert {"raw_rows", "stg_leads", "leads", "call_list.csv", "lineage.csv"} <= suites
    report = (folder / "out" / "report.html").read_text(encoding="utf-8")
    validation = report.split("<h2>Validation</h2>", 1)[1].split("<h2>", 1)[0]
    assert "lineage.csv" in validation and "stg_leads" in validation
