"""`leadsweep nightly`: new files by content hash, re-sent files skipped, earlier leads come back `known`."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

from typer.testing import CliRunner

from pipelines.cli import app

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"


def nightly(inbox: Path, out: Path):
    return CliRunner().invoke(app, ["nightly", "--inbox", str(inbox), "--out", str(out), "--as-of", "2026-11-23"])


def test_two_nights_resent_file_and_known_leads(tmp_path):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    shutil.copy(SAMPLE / "fornitore_lombardia.csv", inbox)
    shutil.copy(SAMPLE / "kontakti_sofia.csv", inbox)

    first = nightly(inbox, out)
    assert first.exit_code == 0, first.output
    assert not list(inbox.glob("*.csv"))
    assert len(list((inbox / "processed").rglob("*.csv"))) == 2

    second = nightly(inbox, out)
    assert second.exit_code == 0 and "nothing new" in second.output

    shutil.copy(SAMPLE / "fornitore_lombardia.csv", inbox / "resent_under_new_name.csv")
    shutil.copy(SAMPLE / "webform.jsonl", inbox)
    third = nightly(inbox, out)
    assert third.exit_code == 0, third.output
    assert "skipped resent_under_new_name.csv" in third.output
    with open(out / "lineage.csv", encoding="utf-8") as fh:
        lineage = list(csv.DictReader(fh))
    assert {r["source_file"] for r in lineage} == {"webform.jsonl"}
    assert any(r["disposition"] == "known" for r in lineage)
