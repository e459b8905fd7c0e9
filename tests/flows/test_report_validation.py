"""The report's validation table says which expectation of a suite failed, not only that one did (issue 18)."""
from __future__ import annotations

import json

from transforms.report.html import render_report


def test_the_report_names_what_a_warning_suite_found(sample_report_run):
    summary = json.loads((sample_report_run / "run_summary.json").read_text(encoding="utf-8"))
    failing = {"suite": "stg_leads", "blocking": False, "success": False, "rows": 9, "evaluated": 7, "failed": 1,
               "failures": [{"expectation": "expect_column_values_to_match_regex", "column": "email",
                             "unexpected_count": 2, "rows": [{"source_file": "a.csv", "source_row": 4}],
                             "error": None}]}
    summary["validation"]["suites"] = [failing, *summary["validation"]["suites"][1:]]
    page = render_report(summary)
    assert "warns" in page and "stops the run" in page
    assert ("expect_column_values_to_match_regex on email (2 rows,"
            " e.g. [{&#x27;source_file&#x27;: &#x27;a.csv&#x27;") in page
