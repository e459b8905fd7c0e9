import os

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from prefect.testing.utilities import prefect_test_harness  # noqa: E402


@pytest.fixture(autouse=True, scope="session")
def prefect_harness():
    """One temporary Prefect API for all flow tests (starting one costs ~10 s)."""
    with prefect_test_harness():
        yield


SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
SAMPLE_SOURCES = """\
sources:
  - {file: elenco_telefonico.txt, source: Phone book Milano, kind: phone_book, country: IT, cost_per_lead: 0.02}
  - {file: fornitore_lombardia.csv, source: Fornitore Lombardia, kind: purchased, country: IT, cost_per_lead: 0.5}
  - {file: tradeshow_london.xlsx, source: Tradeshow London, kind: event, cost_per_lead: 2.0}
"""


@pytest.fixture(scope="session")
def sample_report_run(tmp_path_factory):
    """One real run on the whole bundled sample, with costs for some lists and three reps; its output folder
    (report.html, run_summary.json, leadsweep.duckdb ...) is shared by the report and notebook tests."""
    import datetime as dt

    from pipelines.config import RunSettings
    from pipelines.flow import leadsweep_run

    root = tmp_path_factory.mktemp("sample_report_run")
    (root / "sources.yaml").write_text(SAMPLE_SOURCES, encoding="utf-8")
    out = root / "out"
    leadsweep_run(RunSettings(inputs=(SAMPLE,), out_dir=out, dnc=(SAMPLE / "_meta" / "dnc.csv",),
                              customers=SAMPLE / "_meta" / "customers.csv", sources=root / "sources.yaml",
                              reps=("Anna", "Boris"), as_of=dt.date(2026, 11, 23)))
    return out
