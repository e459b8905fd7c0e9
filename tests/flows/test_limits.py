"""Issue 22: limits keep one hostile file from exhausting memory, in a real process. A workbook that would
expand to more than LEADSWEEP_MAX_XLSX_MB (2 GB by default) is refused before it is opened, with the reason,
and the run goes on with the other lists under 2 GB of memory."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.flow


def bomb(path: Path, expanded_mb: int) -> None:
    """An .xlsx whose one sheet expands to `expanded_mb` of repeated rows (15 MB on disk for 2.2 GB)."""
    row = b'<row><c t="inlineStr"><is><t>Mario Rossi</t></is></c></row>' * 16384
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for _ in range(expanded_mb * 2**20 // len(row)):
                sheet.write(row)


def test_an_xlsx_bomb_is_refused_and_the_run_stays_under_2_gb(tmp_path):
    lists = tmp_path / "lists"
    lists.mkdir()
    bomb(lists / "fiera.xlsx", 2200)
    (lists / "fornitore.csv").write_text("nome,cognome,telefono\nGiulia,Bianchi,347 581 2233\n"
                                         "Иван,Петров,+359 888 723 451\n", encoding="utf-8")
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    env.pop("PREFECT_API_URL", None)
    env.pop("LEADSWEEP_MAX_XLSX_MB", None)
    # the CLI runs under a small parent that reports the peak memory of the CLI and what it started (and only
    # theirs: this test process has other children, such as Spark's JVM)
    measured = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
                "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(code)")
    done = subprocess.run([sys.executable, "-c", measured, sys.executable, "-m", "pipelines.cli", "run", str(lists),
                           "--out", str(tmp_path / "out"), "--quiet"], capture_output=True, text=True, env=env,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    peak_mb = int(done.stderr.split()[-1]) / 1024  # ru_maxrss is in KiB on Linux
    assert peak_mb < 2048
    summary = json.loads((tmp_path / "out" / "run_summary.json").read_text(encoding="utf-8"))
    (refused,) = summary["rejected_files"]
    assert refused["file"] == "fiera.xlsx" and "over the 2,048 MB allowed (LEADSWEEP_MAX_XLSX_MB)" in refused["reason"]
    assert summary["counts"]["rows_in"] == 2
