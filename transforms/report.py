"""`report.html`: a self-contained page for a sales manager (no CDN, no scripts, no personal data)."""
from __future__ import annotations

import html

STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#1f2933;max-width:1100px}
h1{font-size:1.6rem;margin-bottom:.2rem} h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d9e2ec}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem} td,th{padding:.3rem .6rem;border-bottom:1px solid #e4e7eb;text-align:right}
th{background:#f0f4f8} td:first-child,th:first-child{text-align:left}
.cards{display:flex;gap:1rem;flex-wrap:wrap} .card{background:#f0f4f8;border-radius:8px;padding:.8rem 1.2rem}
.card b{display:block;font-size:1.5rem} .bar{background:#3e7bfa;height:.9rem;display:inline-block;border-radius:2px}
.bad{color:#b42318} .muted{color:#616e7c}
"""


def _table(rows: list[dict], columns: list[str]) -> str:
    if not rows:
        return "<p class=muted>none</p>"
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape('' if r.get(c) is None else str(r.get(c)))}</td>" for c in columns) + "</tr>"
        for r in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def _bars(counts: dict) -> str:
    total = max(counts.values(), default=0) or 1
    rows = "".join(
        f"<tr><td>{html.escape(str(k))}</td><td>{v}</td>"
        f"<td style='text-align:left'><span class=bar style='width:{int(300 * v / total)}px'></span></td></tr>"
        for k, v in counts.items()
    )
    return f"<table>{rows}</table>"


def render_report(summary: dict) -> str:
    """The run report: headline numbers, which lists are worth buying, tiers, dispositions, problems."""
    counts = summary["counts"]
    cards = "".join(
        f"<div class=card><b>{v}</b>{html.escape(k.replace('_', ' '))}</div>"
        for k, v in [("rows_in", counts["rows_in"]), ("leads", counts["leads"]),
                     ("duplicates_merged", counts["duplicates_merged"]),
                     ("to_call", summary["leads_by_disposition"].get("call", 0)),
                     ("rows_quarantined", counts["rows_quarantined"]), ("files_rejected", counts["files_rejected"])]
    )
    rejected = "".join(
        f"<li class=bad><b>{html.escape(r['file'])}</b>: {html.escape(r['reason'])}</li>"
        for r in summary["rejected_files"]
    ) or "<li class=muted>every input file was read</li>"
    source_cols = ["source_file", "source", "kind", "rows", "quarantined", "leads", "duplicates_within", "junk_rate",
                   "usable_leads", "to_call", "cost_per_usable_lead", "default_country", "country_basis"]
    validation = summary.get("validation", {})
    validation_html = _table(validation.get("suites", []), ["suite", "success", "evaluated", "failed"]) \
        if validation else "<p class=muted>not run</p>"
    return f"""<!doctype html>
<html lang=en><head><meta charset=utf-8><title>leadsweep run {html.escape(summary['run_id'])}</title>
<style>{STYLE}</style></head><body>
<h1>leadsweep run report</h1>
<p class=muted>run {html.escape(summary['run_id'])} · {html.escape(summary['started_at'])} · as of {html.escape(summary['as_of'])}</p>
<div class=cards>{cards}</div>
<h2>Which lists are worth buying</h2>
{_table(summary['sources'], source_cols)}
<h2>Leads by tier</h2>{_bars(summary['leads_by_tier'])}
<h2>Leads by stage</h2>{_bars(summary['leads_by_stage'])}
<h2>Leads by disposition</h2>{_bars(summary['leads_by_disposition'])}
<h2>Input rows by disposition</h2>{_bars(summary['rows_by_disposition'])}
<h2>Leads per rep and tier</h2>{_table([{"rep": rep, **tiers} for rep, tiers in summary.get("leads_by_rep", {}).items()], ["rep", "A", "B", "C", "D"])}
<h2>Files that could not be read</h2><ul>{rejected}</ul>
<h2>Quarantined rows by reason</h2>{_bars(summary['quarantine_reasons']) if summary['quarantine_reasons'] else '<p class=muted>none</p>'}
<h2>Validation</h2>{validation_html}
<h2>Suppression</h2><pre>{html.escape(str(summary['suppression']))}</pre>
<h2>Stage timings (seconds)</h2>{_bars({k: round(v, 2) for k, v in summary['stage_seconds'].items()})}
</body></html>
"""
