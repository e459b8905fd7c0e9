"""The analyst notebook runs top to bottom (jupytext -> nbclient, a kernel from this venv) on a real run."""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import jupytext
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "1.0-explore-call-list.py"


def output_text(notebook) -> str:
    """Everything the cells printed or displayed, as text (SVG and table HTML included)."""
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            for _mime, data in output.get("data", {}).items():
                parts.append(data if isinstance(data, str) else json.dumps(data))
    return "\n".join(parts)


def test_notebook_explores_a_real_run_without_showing_people(sample_report_run, monkeypatch):
    monkeypatch.setenv("LEADSWEEP_RUN_DIR", str(sample_report_run))
    notebook = jupytext.read(NOTEBOOK)
    assert notebook.cells[1].metadata.get("tags") == ["parameters"]  # papermill can set run_dir
    NotebookClient(notebook, kernel_name="python3", timeout=180,
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()

    text = output_text(notebook)
    summary = json.loads((sample_report_run / "run_summary.json").read_text(encoding="utf-8"))
    assert summary["run_id"] in text
    assert text.count("<svg") >= 5  # three score histograms, where the rows went, value against junk
    assert "cdn." not in text and "<script" not in text  # every chart shows offline
    for source in summary["sources"]:
        assert source["source_file"] in text or source["source"] in text
    assert "Tradeshow London" in text and "junk_share" in text

    with open(sample_report_run / "call_list.csv", encoding="utf-8-sig") as fh:
        leads = list(csv.DictReader(fh))
    personal = {lead[k] for lead in leads for k in ("phone", "email", "last_name") if len(lead[k]) > 4}
    shown = {v for v in personal if re.search(rf"(?<![\w+.]){re.escape(v)}(?![\w.])", text)}  # whole values only
    assert personal and not shown
