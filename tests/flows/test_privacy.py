"""Logs at INFO, the report (charts included) and run_summary.json carry counts, never phone numbers, emails
or names."""
from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"


def test_info_logs_and_report_hold_no_personal_data(tmp_path):
    env = {**os.environ, "PREFECT_LOGGING_LEVEL": "INFO", "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    env.pop("PREFECT_API_URL", None)
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "pipelines.cli", "run", str(SAMPLE / "tradeshow_london.xlsx"),
                           str(SAMPLE / "webform.jsonl"), "--out", str(out)], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    logs = proc.stdout + proc.stderr
    assert "INFO" in logs  # the logs were really on
    with open(out / "call_list.csv", encoding="utf-8-sig") as fh:
        leads = list(csv.DictReader(fh))
    personal = {v for r in leads for k, v in r.items()
                if k in ("phone", "email", "last_name") and v and len(v) > 4}
    report = (out / "report.html").read_text(encoding="utf-8")
    summary = (out / "run_summary.json").read_text(encoding="utf-8")
    assert personal and "<svg" in report
    for value in personal:
        assert value not in logs, value
        assert value not in report, value
        assert value not in summary, value
