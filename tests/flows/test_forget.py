"""Issue 21, part 3: `forget` erases a person from the store and the outputs of its runs, keeping only keyed
hashes (HMAC; the key sits beside the store, not in it); when they come back in a later list they are set aside
as `forgotten`, and the lead an earlier run delivered is taken back in recall.csv."""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.config import RunSettings
from pipelines.flow import leadsweep_run

pytestmark = pytest.mark.flow

AS_OF = dt.date(2026, 12, 7)
LIST = """nome;cognome;email;cellulare;azienda
Giulia;Bianchardi;giulia.bianchardi@studiobianchardi.it;347 581 2233;Studio Bianchardi S.r.l.
Giulia;Bianchardi;;+39 347 581 2233;Studio Bianchardi
Marco;Conti;m.conti@contiimpianti.it;348 192 7734;Conti Impianti S.p.A.
Иван;Петров;ivan.petrov@petrov.bg;+359 888 723 451;Петров ЕООД
"""
TRACES = ["Bianchardi", "bianchardi", "3475812233", "347 581 2233", "giulia.bianchardi@studiobianchardi.it"]


def _run(path: Path, out: Path, store: Path) -> dict:
    return leadsweep_run(RunSettings(inputs=(path,), out_dir=out, db=store, as_of=AS_OF))


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _traces(paths: list[Path]) -> dict[str, list[str]]:
    found = {}
    for path in paths:
        data = path.read_bytes()
        hits = [t for t in TRACES if t.encode("utf-8") in data]
        if hits:
            found[path.name] = hits
    return found


def test_forget_leaves_no_trace_and_a_returning_person_is_set_aside(tmp_path):
    lists, store = tmp_path / "lists", tmp_path / "store.duckdb"
    lists.mkdir()
    (lists / "fornitore.csv").write_text(LIST, encoding="utf-8")
    out = tmp_path / "out1"
    _run(lists / "fornitore.csv", out, store)
    (giulia,) = {r["lead_id"] for r in _read(out / "call_list.csv") if r["last_name"] == "Bianchardi"}
    assert _traces([store, out / "call_list.csv"])  # the person is there before

    done = CliRunner().invoke(app, ["forget", "giulia.bianchardi@studiobianchardi.it", "--db", str(store)])
    assert done.exit_code == 0, done.output
    assert "1 leads (2 rows) erased" in done.output
    published = [p for p in out.iterdir() if p.is_file()]
    assert _traces([store, *published]) == {}
    assert not store.with_name(store.name + ".wal").exists()
    kept = [r["last_name"] for r in _read(out / "call_list.csv")]
    assert sorted(kept) == ["Conti", "Петров"]
    assert [r["priority_rank"] for r in _read(out / "call_list.csv")] == ["1", "2"]
    key = store.with_name(".store.forget.key")
    assert key.stat().st_size == 32 and key.read_bytes() not in store.read_bytes()

    # she comes back in another list, with her phone only: set aside, and the lead delivered before is recalled
    (lists / "fiera.csv").write_text("Name,Phone\nG. Bianchardi,+393475812233\nAnna Verdi,+39 02 4008 4396\n",
                                     encoding="utf-8")
    summary = _run(lists / "fiera.csv", tmp_path / "out2", store)
    assert summary["suppression"]["forgotten_rows"] == 1
    do_not_call = {r["last_name"]: r["reason"] for r in _read(tmp_path / "out2" / "do_not_call.csv")}
    assert do_not_call == {"Bianchardi": "forgotten"}
    assert [(r["lead_id"], r["reason"]) for r in _read(tmp_path / "out2" / "recall.csv")] == [(giulia, "forgotten")]


def test_forget_refuses_an_unknown_lead_and_changes_nothing(tmp_path):
    path, store = tmp_path / "fornitore.csv", tmp_path / "store.duckdb"
    path.write_text(LIST, encoding="utf-8")
    _run(path, tmp_path / "out", store)
    before = hashlib.sha256(store.read_bytes()).hexdigest()
    refused = CliRunner().invoke(app, ["forget", "L0123456789A", "--db", str(store)])
    assert refused.exit_code == 1 and "the store holds no lead L0123456789A" in refused.output
    assert hashlib.sha256(store.read_bytes()).hexdigest() == before


def test_a_run_without_the_key_of_its_forgotten_list_stops(tmp_path):
    path, store = tmp_path / "fornitore.csv", tmp_path / "store.duckdb"
    path.write_text(LIST, encoding="utf-8")
    _run(path, tmp_path / "out", store)
    assert CliRunner().invoke(app, ["forget", "+39 348 192 7734", "--db", str(store)]).exit_code == 0
    store.with_name(".store.forget.key").unlink()
    from transforms.stage.suppression import BadSuppressionList

    with pytest.raises(BadSuppressionList, match="forgotten list needs its key"):
        _run(path, tmp_path / "out2", store)
