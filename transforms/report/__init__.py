"""Report: the run summary (`run_summary.json`), `report.html`, and `explain` for one lead."""
