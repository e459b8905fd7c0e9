"""Great Expectations' Data Docs in the output folder, linked from report.html (issue 18): every gate's
verdict and every chunk GX judged, where GX users look for them, with no row's values in them."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from urllib.parse import unquote

from pipelines.config import RunSettings
from pipelines.flow import leadsweep_run


def pages(folder: Path, docs: str = "data_docs") -> dict[str, str]:
    """The Data Docs' validation pages by path (from `folder`), as text without markup."""
    return {str(p.relative_to(folder)): re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", p.read_text(encoding="utf-8")))
            for p in (folder / docs / "validations").rglob("*.html")}


def test_every_gate_has_its_verdict_in_data_docs_linked_from_the_report(sample_report_run):
    summary = json.loads((sample_report_run / "run_summary.json").read_text(encoding="utf-8"))
    assert summary["validation"]["data_docs"] == "data_docs/index.html"
    assert 'href="data_docs/index.html"' in (sample_report_run / "report.html").read_text(encoding="utf-8")
    index = (sample_report_run / "data_docs" / "index.html").read_text(encoding="utf-8")
    linked = {unquote(link) for link in re.findall(r'validations/[^"\'\s]+\.html', index)}
    assert linked and all((sample_report_run / "data_docs" / link).is_file() for link in linked)
    for suite in summary["validation"]["suites"]:
        gate = suite["suite"].replace(".", "_")
        verdicts = [link for link in linked if link.startswith(f"validations/{gate}_whole_table/")]
        assert len(verdicts) == 1, gate  # the gate's own verdict on the whole table
        assert any(link.startswith(f"validations/{gate}/") for link in linked) or not suite["rows"], gate
        page = pages(sample_report_run)[f"data_docs/{verdicts[0]}"]
        assert ("Status: Succeeded" if suite["success"] else "Status: Failed") in page, gate


def test_a_warning_is_read_in_data_docs_without_the_rows_values(tmp_path):
    # one lead and three rows with nothing usable: most of the file quarantined, which stg_leads warns about
    (tmp_path / "mostly_empty.csv").write_text(
        "nome,email,telefono,note\n"
        "Zephyrine Quackenbush,zephyrine.quackenbush@quack.example,+39 02 8765 4321,\n"
        ",,,---\n,,,***\n,,,...\n", encoding="utf-8")
    out = tmp_path / "out"
    summary = leadsweep_run(RunSettings(inputs=(tmp_path / "mostly_empty.csv",), out_dir=out,
                                        as_of=dt.date(2026, 11, 23)))
    staged = next(s for s in summary["validation"]["suites"] if s["suite"] == "stg_leads")
    assert not staged["success"] and not staged["blocking"]
    verdict = next(text for path, text in pages(out).items() if "/stg_leads_whole_table/" in path)
    assert "Status: Failed" in verdict and "3 unexpected values found" in verdict
    docs = b"".join(p.read_bytes() for p in (out / "data_docs").rglob("*") if p.is_file()).lower()
    for value in (b"quackenbush", b"zephyrine", b"8765", b"quack.example"):
        assert value not in docs


def test_a_new_run_replaces_the_last_runs_data_docs(tmp_path):
    (tmp_path / "a.csv").write_text("name,email\nIvan Petrov,ivan.petrov@firma.bg\n", encoding="utf-8")
    out = tmp_path / "out"
    runs = [leadsweep_run(RunSettings(inputs=(tmp_path / "a.csv",), out_dir=out, as_of=dt.date(2026, 11, 23)))
            for _ in range(2)]
    shown = {path.split("/")[3] for path in pages(out)}
    assert all(name.startswith(runs[1]["run_id"]) for name in shown)
    assert not list(out.glob(".leadsweep-staging-*"))


def test_a_blocking_failure_leaves_its_data_docs_and_the_next_good_run_removes_them(tmp_path, monkeypatch):
    import great_expectations.expectations as gxe
    import pytest

    from expectations import gates
    from transforms.core import store

    rows = "".join(f"Lead {i},lead{i}@firma{i}.it,+39 02 1234 {i:04d}\n" for i in range(30))
    (tmp_path / "list.csv").write_text("name,email,phone\n" + rows, encoding="utf-8")
    out, settings = tmp_path / "out", RunSettings(inputs=(tmp_path / "list.csv",), out_dir=tmp_path / "out",
                                                  as_of=dt.date(2026, 11, 23))
    factory, ids, blocking = gates.SUITES["call_list.csv"]
    impossible = gxe.ExpectColumnValuesToBeBetween(column="junk_score", min_value=2, max_value=3)
    with monkeypatch.context() as patch:
        patch.setattr(store, "CHUNK_ROWS", 10)  # three chunks of the call list, each a checkpoint run
        patch.setitem(gates.SUITES, "call_list.csv", (lambda context: [*factory(context), impossible], ids, blocking))
        with pytest.raises(gates.GateFailed) as failed:
            leadsweep_run(settings)
    assert failed.value.data_docs == out / "data_docs_failed_run" / "index.html" and failed.value.data_docs.is_file()
    assert not (out / "call_list.csv").exists()  # nothing published
    shown = pages(out, "data_docs_failed_run")
    chunks = sorted(path for path in shown if "/validations/call_list_csv/" in path)
    assert [path.split("/")[3].split(" ", 1)[1] for path in chunks] == ["rows 1-10", "rows 11-20", "rows 21-30"]
    verdict = next(text for path, text in shown.items() if "/call_list_csv_whole_table/" in path)
    assert "Status: Failed" in verdict and "30 unexpected values found" in verdict

    leadsweep_run(settings)
    assert (out / "call_list.csv").exists() and (out / "data_docs" / "index.html").exists()
    assert not (out / "data_docs_failed_run").exists()
