"""`report.html`: a self-contained page for a sales manager (no CDN, no scripts, no personal data).

Charts are inline SVG drawn here from the run summary, so the page reads the same offline, printed
or opened from an e-mail attachment.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

from transforms.report.summary import describe_failures

STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#1f2933;max-width:1100px}
h1{font-size:1.6rem;margin-bottom:.2rem} h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d9e2ec}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem} \
td,th{padding:.3rem .6rem;border-bottom:1px solid #e4e7eb;text-align:left}
th{background:#f0f4f8;vertical-align:bottom} .n{text-align:right}
.cards{display:flex;gap:1rem;flex-wrap:wrap} .card{background:#f0f4f8;border-radius:8px;padding:.8rem 1.2rem}
.card b{display:block;font-size:1.5rem} .charts{display:flex;gap:1.5rem;flex-wrap:wrap}
.charts figure{margin:0} figcaption{font-weight:600;font-size:.9rem}
.bad{color:#b42318} .muted{color:#616e7c} svg text{font-family:inherit;font-size:12px;fill:#1f2933}
"""
TIER_COLOURS = {"A": "#2b8a3e", "B": "#3e7bfa", "C": "#f08c00", "D": "#c92a2a"}
ROW_FATES = [  # where a source's rows went: (summary key, label, colour)
    ("usable_leads", "usable leads (tier A-C)", "#2b8a3e"),
    ("junk_leads", "junk leads (tier D)", "#c92a2a"),
    ("duplicates_within", "duplicate rows", "#9aa5b1"),
    ("quarantined", "quarantined rows", "#52606d"),
]
DISPOSITION_COLOURS = {"call": "#2b8a3e", "recontact": "#f08c00", "do_not_call": "#c92a2a", "known": "#9aa5b1",
                       "quarantine": "#52606d"}
SCORE_TITLES = {"priority_score": "Priority score", "value_score": "Value score", "junk_score": "Junk score"}
BAR_COLOUR = "#3e7bfa"
NONE = "<p class=muted>none</p>"


def _esc(value) -> str:
    return html.escape("" if value is None else str(value))


def _num(value) -> str:
    """Compact axis and bar labels: 0.3, 12, 1.5k."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.2f}".rstrip("0")
    value = int(value)
    return f"{value / 1000:g}k" if value >= 1000 else str(value)


def _svg(width: int, height: int, label: str, body: str) -> str:
    return (f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
            f"viewBox='0 0 {width} {height}' role='img' aria-label='{_esc(label)}'>{body}</svg>")


def _rect(x: float, y: float, w: float, h: float, colour: str, tip: str) -> str:
    return (f"<rect x='{x:.1f}' y='{y:.1f}' width='{max(w, 0):.1f}' height='{max(h, 0):.1f}' fill='{colour}'>"
            f"<title>{_esc(tip)}</title></rect>")


def _text(x: float, y: float, text: str, anchor: str = "start", extra: str = "") -> str:
    return f"<text x='{x:.1f}' y='{y:.1f}' text-anchor='{anchor}' {extra}>{_esc(text)}</text>"


def svg_bars(counts: dict, label: str, colours: dict | None = None, width: int = 560) -> str:
    """A horizontal bar per key, longest = largest value, the value printed after the bar."""
    if not counts:
        return NONE
    left, row, plot = 170, 22, width - 170 - 60
    top = max(counts.values()) or 1
    parts = []
    for i, (key, value) in enumerate(counts.items()):
        y, w = i * row + 3, plot * value / top
        parts.append(_text(left - 6, y + 12, str(key)[:28], "end"))
        parts.append(_rect(left, y, w, row - 6, (colours or {}).get(key, BAR_COLOUR), f"{key}: {value}"))
        parts.append(_text(left + w + 4, y + 12, _num(value)))
    return _svg(width, len(counts) * row + 4, label, "".join(parts))


def _legend(items: list[tuple[str, str]]) -> str:
    x, parts = 0, []
    for name, colour in items:
        parts.append(_rect(x, 3, 12, 12, colour, name) + _text(x + 16, 13, name))
        x += 26 + 7 * len(name)
    return _svg(x, 18, "legend", "".join(parts))


def svg_histogram(bins: list[dict], label: str, width: int = 340, height: int = 200) -> str:
    """Bars for a score's bins (low to high), each stacked by tier; the bin edges label the x axis."""
    if not bins:
        return NONE
    left, bottom, top_pad = 34, 34, 20
    plot_w, plot_h = width - left - 8, height - bottom - top_pad
    top = max(sum(b["leads"].values()) for b in bins) or 1
    step = plot_w / len(bins)
    base_y = top_pad + plot_h
    parts = [f"<line x1='{left}' y1='{base_y}' x2='{width - 8}' y2='{base_y}' stroke='#9aa5b1'/>",
             _text(left - 4, top_pad + 8, _num(top), "end"), _text(left - 4, base_y, "0", "end"),
             _text(0, 10, "leads", "start", "fill='#616e7c'")]
    for i, b in enumerate(bins):
        x, y = left + i * step, base_y
        for tier, n in sorted(b["leads"].items()):
            h = plot_h * n / top
            y -= h
            if n:
                parts.append(_rect(x + 1, y, step - 2, h, TIER_COLOURS.get(tier, BAR_COLOUR),
                                   f"{_num(b['bin_low'])}-{_num(b['bin_high'])}, tier {tier}: {n} leads"))
        parts.append(_text(x, base_y + 13, _num(b["bin_low"]), "middle",
                           f"transform='rotate(-45 {x:.1f} {base_y + 13})'" if len(bins) > 8 else ""))
    parts.append(_text(left + plot_w, base_y + 13, _num(bins[-1]["bin_high"]), "middle"))
    parts.append(_text(left + plot_w / 2, height - 2, "score", "middle", "fill='#616e7c'"))
    return _svg(width, height, label, "".join(parts))


def _source_name(source: dict) -> str:
    return source.get("source") or source["source_file"]


def svg_source_rows(sources: list[dict], width: int = 760) -> str:
    """One stacked bar per source: its rows split into usable leads, junk leads, duplicates and quarantine."""
    if not sources:
        return NONE
    left, row, plot = 190, 24, width - 190 - 50
    top = max(s["rows"] for s in sources) or 1
    parts = []
    for i, source in enumerate(sources):
        y, x = i * row + 3, left
        fates = {**source, "junk_leads": source["leads"] - source["usable_leads"]}
        parts.append(_text(left - 6, y + 13, _source_name(source)[:30], "end"))
        for key, name, colour in ROW_FATES:
            w = plot * fates[key] / top
            parts.append(_rect(x, y, w, row - 6, colour, f"{_source_name(source)}: {fates[key]} {name}"))
            x += w
        parts.append(_text(x + 4, y + 13, f"{source['rows']} rows"))
    return _svg(width, len(sources) * row + 4, "where each list's rows went", "".join(parts))


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) or \
        isinstance(value, str) and re.fullmatch(r"[\d.,]+%?", value) is not None


def _table(rows: list[dict], columns: list[str], headings: dict | None = None) -> str:
    """A plain table; numbers (and their headings) right-aligned."""
    if not rows:
        return NONE
    numeric = {c for c in columns if any(_is_number(r.get(c)) for r in rows)}
    align = {c: " class=n" if c in numeric else "" for c in columns}
    head = "".join(f"<th{align[c]}>{_esc((headings or {}).get(c, c))}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td{align[c]}>{_esc(r.get(c))}</td>" for c in columns) + "</tr>"
                   for r in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


SOURCE_COLUMNS = {
    "name": "source", "kind": "kind", "rows": "rows", "duplicates_within": "duplicate rows",
    "quarantined": "quarantined rows", "leads": "leads", "known": "already known", "junk": "junk rate",
    "delivered": "leads delivered", "spend": "spend", "cost_per_usable_lead": "cost per usable lead",
}


def source_rows(sources: list[dict]) -> list[dict]:
    """The buying table: what each list cost and brought (cost columns blank where the cost is unknown)."""
    rows = []
    for s in sources:
        name, cost, per_usable = _source_name(s), s.get("cost_per_lead"), s.get("cost_per_usable_lead")
        rows.append({
            **s,
            "name": name if name == Path(s["source_file"]).stem else f"{name} ({s['source_file']})",
            "junk": None if s["junk_rate"] is None else f"{100 * s['junk_rate']:.0f}%",
            "delivered": s["to_call"] + s["to_recontact"],
            "spend": None if cost is None else f"{cost * s['rows']:.2f}",
            "cost_per_usable_lead": None if per_usable is None else f"{per_usable:.2f}",
        })
    return rows


def _buying_section(summary: dict) -> str:
    sources = summary["sources"]
    return (f"{_legend([(name, colour) for _, name, colour in ROW_FATES])}{svg_source_rows(sources)}"
            f"{_table(source_rows(sources), list(SOURCE_COLUMNS), SOURCE_COLUMNS)}"
            "<p class=muted>Leads delivered: to call now or later. Cost per usable lead: the list's spend over its "
            "leads of tier A-C; blank where --sources gives no cost per lead.</p>")


def _scores_section(summary: dict) -> str:
    histograms = summary.get("score_histograms", {})
    figures = "".join(f"<figure><figcaption>{SCORE_TITLES[name]}</figcaption>"
                      f"{svg_histogram(bins, SCORE_TITLES[name])}</figure>"
                      for name, bins in histograms.items() if name in SCORE_TITLES)
    return f"{_legend([(f'tier {t}', c) for t, c in TIER_COLOURS.items()])}<div class=charts>{figures}</div>"


def _suppression(suppression: dict) -> str:
    """Which do-not-call lists and customer file the run scrubbed against, with their fingerprints."""
    lists = [{"list": "do not call", **d} for d in suppression.get("dnc_lists", [])]
    if suppression.get("customers"):
        lists.append({"list": "customers", **suppression["customers"]})
    for row in lists:
        row["sha256"] = (row.get("sha256") or "")[:12]
    return (f"<p class=muted>scrubbed at {_esc(suppression.get('scrubbed_at'))}</p>"
            + _table(lists, ["list", "file", "rows", "numbers", "customers", "register", "consulted",
                           "stale", "sha256"]))


def _decisions(quality: dict | None) -> str:
    """Precision and recall of the merge and review cut-offs, estimated from the pairs people decided."""
    if not quality:
        return ("<p class=muted>no decisions yet: mark review_pairs.csv's decision column same / different and "
                "run <code>leadsweep review apply</code></p>")
    rows = [{"cut-off": f"{name} (p >= {quality[f'{name}_cutoff']})",
             "decided pairs at or above": quality[f"pairs_at_{name}"],
             "precision": quality[f"precision_at_{name}"], "recall": quality[f"recall_at_{name}"]}
            for name in ("merge", "review")]
    return (f"<p class=muted>{quality['decided_pairs']} decided pairs, {quality['same']} of them the same "
            "person; recall is among the pairs people were shown</p>"
            + _table(rows, ["cut-off", "decided pairs at or above", "precision", "recall"]))


def _value_model(model: dict | None) -> str:
    """How the leads' value was set: learned from won/lost deals (its held-out AUC, its strongest weights)
    or the cold-start prior, and why."""
    if not model:
        return "<p class=muted>not recorded</p>"
    text = f"<p>{_esc(model['why'])}."
    if model["learned"]:
        text += (f" On deals it did not learn from (five folds), a won deal outscores a lost one "
                 f"{_num(model['cv_auc'])} of the time (AUC; 0.5 is a coin). Each lead's <code>reasons</code> "
                 f"give every feature's signed points, which add up to its value.</p>")
        weights = [{**w, "weight": f"{w['weight']:+.2f}"} for w in model["strongest_weights"]]
        return text + _table(weights, ["feature", "value", "weight", "won", "lost"],
                             {"weight": "log-odds weight", "won": "won deals", "lost": "lost deals"})
    return text + " With 20 won and 20 lost deals in the <code>--customers</code> export, it is learned from them.</p>"


def _cards(summary: dict) -> str:
    counts = summary["counts"]
    return "".join(
        f"<div class=card><b>{v}</b>{_esc(k.replace('_', ' '))}</div>"
        for k, v in [("rows_in", counts["rows_in"]), ("leads", counts["leads"]),
                     ("duplicates_merged", counts["duplicates_merged"]),
                     ("to_call", summary["leads_by_disposition"].get("call", 0)),
                     ("rows_quarantined", counts["rows_quarantined"]), ("files_rejected", counts["files_rejected"])]
    )


def render_report(summary: dict) -> str:
    """The run report: headline numbers, which lists are worth buying, tiers and scores, dispositions, problems."""
    rejected = "".join(f"<li class=bad><b>{_esc(r['file'])}</b>: {_esc(r['reason'])}</li>"
                       for r in summary["rejected_files"]) or "<li class=muted>every input file was read</li>"
    validation = summary.get("validation", {})
    suites = [{**v, "result": "passed" if v["success"] else "failed",
               "on failure": "stops the run" if v["blocking"] else "warns",
               "what failed": describe_failures(v)} for v in validation.get("suites", [])]
    validation_html = _table(suites, ["suite", "result", "on failure", "evaluated", "failed", "what failed"],
                             {"evaluated": "expectations", "failed": "failed"}) \
        if validation else "<p class=muted>not run</p>"
    if validation.get("data_docs"):
        validation_html += (f"<p>Every expectation and its result, as Great Expectations shows them: "
                            f"<a href=\"{_esc(validation['data_docs'])}\">Data Docs</a> (each gate's verdict "
                            f"on the whole table, and each chunk of rows GX judged).</p>")
    reps = [{"rep": rep, **tiers} for rep, tiers in summary.get("leads_by_rep", {}).items()]
    timings = {k: round(v, 2) for k, v in summary["stage_seconds"].items()}
    return f"""<!doctype html>
<html lang=en><head><meta charset=utf-8><title>leadsweep run {_esc(summary['run_id'])}</title>
<style>{STYLE}</style></head><body>
<h1>leadsweep run report</h1>
<p class=muted>run {_esc(summary['run_id'])} · {_esc(summary['started_at'])} · as of {_esc(summary['as_of'])}</p>
<div class=cards>{_cards(summary)}</div>
<h2>Which lists are worth buying</h2>{_buying_section(summary)}
<h2>Leads by tier</h2>{svg_bars(summary['leads_by_tier'], 'leads by tier', TIER_COLOURS)}
<h2>Score distributions</h2>{_scores_section(summary)}
<h2>What a good lead looks like, from your won and lost deals</h2>{_value_model(summary.get('value_model'))}
<h2>Leads by disposition</h2>{svg_bars(summary['leads_by_disposition'], 'leads', DISPOSITION_COLOURS)}
<h2>Leads by stage</h2>{svg_bars(summary['leads_by_stage'], 'leads by stage')}
<h2>Input rows by disposition</h2>{svg_bars(summary['rows_by_disposition'], 'input rows', DISPOSITION_COLOURS)}
<h2>Leads per rep and tier</h2>{_table(reps, ["rep", "A", "B", "C", "D"])}
<h2>Files that could not be read</h2><ul>{rejected}</ul>
<h2>Quarantined rows by reason</h2>{svg_bars(summary['quarantine_reasons'], 'quarantined rows by reason')}
<h2>Validation</h2>{validation_html}
<h2>Suppression</h2>{_suppression(summary['suppression'])}
<h2>Matching, judged by your review decisions</h2>{_decisions(summary.get('review_decisions'))}
<h2>Stage timings (seconds)</h2>{svg_bars(timings, 'stage timings in seconds')}
</body></html>
"""


def write_documents(folder: Path, summary: dict) -> str:
    """Write `run_summary.json` and `report.html` into `folder`; returns the summary's JSON text."""
    summary_json = json.dumps(summary, indent=2, ensure_ascii=False, default=str)
    (folder / "run_summary.json").write_text(summary_json, encoding="utf-8")
    (folder / "report.html").write_text(render_report(summary), encoding="utf-8")
    return summary_json
