"""`leadsweep explain`: a lead's score, tier and disposition, the rows it merged and why each value won."""
from __future__ import annotations

import json
from pathlib import Path

import duckdb

from transforms.core.store import records

REASON_TEXT = {
    "decision_maker": "title reads as a decision maker", "influencer": "title reads as an influencer",
    "staff": "title reads as staff", "unknown": "title not recognised", "none": "no job title",
    "executive": "owner or chief executive", "director": "director or head of a function",
    "manager": "manager or specialist", "junior": "intern or trainee",
    "size_250_plus": "company of 250+ employees", "size_50_249": "company of 50-249 employees",
    "size_under_50": "company under 50 employees", "complete": "contact details complete",
    "has_budget": "a budget is given", "buying_soon": "plans to buy soon", "has_timeline": "a timeline is given",
    "junk_placeholder_name": "placeholder name (Test, asdf ...)", "junk_stock_name": "stock example name",
    "junk_mash_name": "keyboard-mash name", "junk_no_name": "no name", "junk_fake_phone": "fake phone number",
    "junk_premium_phone": "premium-rate number", "junk_invalid_phone": "no valid phone number",
    "junk_placeholder_email": "placeholder email", "junk_disposable_email": "disposable email domain",
    "junk_invalid_email": "invalid email", "junk_uncontactable": "no valid phone or email",
    "junk_shared_phone": "phone shared by many leads", "junk_title_no_company": "business title without a company",
}


def _describe(code: str) -> str:
    if code.startswith("learned_"):
        feature, weight = code[len("learned_"):].rsplit("_", 1)
        return f"won/lost history: this {feature.replace('_key', '')} has log-odds {weight}"
    if code.startswith("src_junk_rate_"):
        return f"its source looks {code.rsplit('_', 1)[1]}% junk in this run"
    return REASON_TEXT.get(code, code)


VALUE_TEXT = {"value_base": "base points", "value_seniority": "seniority", "value_size": "employees (log size)",
              "value_learned_odds": "learned odds: exp(sum of the log-odds below), kept within 0.25..4",
              "value_bant": "budget and timeline answers", "value_filled_fields": "contact fields filled"}


def _score_lines(con: duckdb.DuckDBPyConnection, lead_id: str, snapshot: dict) -> list[str]:
    """Each contribution to the scores (value factors, learned log-odds, junk weights) from the store's
    latest `lead_scores`, when that is the run of the snapshot; else nothing (the reasons still say why)."""
    try:
        rows = records(con, "select score_parts, tier_rule, priority_score from lead_scores where lead_id = $id",
                       {"id": lead_id})
    except duckdb.Error:
        return []
    if not rows or rows[0]["priority_score"] != snapshot["priority_score"] or not rows[0]["score_parts"]:
        return []
    parts = rows[0]["score_parts"]

    def of(kind: str) -> list[dict]:
        return [p for p in parts if p["kind"] == kind]

    lines = [f"  tier {snapshot['tier']} because {rows[0]['tier_rule']}",
             f"  value {snapshot['value_score']} = product of:"]
    for p in of("value"):
        name, _, value = p["code"].partition("=")
        detail = f" ({value})" if value else ""
        lines.append(f"    x {p['factor']:.3g}  {VALUE_TEXT.get(name, name)}{detail}")
        if name == "value_learned_odds":
            lines += [f"        {q['code'][len('learned_'):].replace('_key', '')}: log-odds {q['factor']:+.2f}"
                      for q in of("learned")] or ["        (no won/lost history for this lead's industry or country)"]
    junk = [p for p in of("junk") if p["factor"] > 0]
    lines.append(f"  junk {snapshot['junk_score']} = 1 - product of (1 - weight) over:")
    lines += [f"    - {p['factor']:.2g}  {p['code']}: {_describe(p['code'])}" for p in junk] or ["    - no junk signal"]
    return lines


def _suppression_lines(con: duckdb.DuckDBPyConnection, lead_id: str, snapshot: dict) -> list[str]:
    """For a lead set aside as dnc or customer: the list it was scrubbed against (file, SHA-256) and,
    for DNC, the numbers on it, from the run's summary and the store's latest scrub."""
    if snapshot["reason"] not in ("dnc", "customer"):
        return []
    summary = records(con, "select summary from runs where run_id = $run", {"run": snapshot["run_id"]})
    scrub = json.loads(summary[0]["summary"]).get("suppression", {}) if summary and summary[0]["summary"] else {}
    lists = scrub.get("dnc_lists", []) if snapshot["reason"] == "dnc" else [scrub.get("customers") or {}]
    lines = [f"    scrubbed against {x.get('file')} (sha256 {x.get('sha256')}) at {scrub.get('scrubbed_at')}"
             for x in lists if x]
    if snapshot["reason"] == "dnc":
        try:
            numbers = records(con, """
                select distinct d.e164, d.list_name from dnc_numbers d
                where d.e164 in (select unnest(phones) from leads where lead_id = $id)
                   or d.national in (select ltrim(regexp_replace(t.raw, '\\D', '', 'g'), '0')
                                     from lead_members, unnest([phone_raw, mobile_raw]) as t(raw)
                                     where lead_id = $id and t.raw is not null)
                order by 1""", {"id": lead_id})
        except duckdb.Error:
            numbers = []
        lines += [f"    {n['e164']} is on {n['list_name']}" for n in numbers]
    return lines


def _pair_lines(con: duckdb.DuckDBPyConnection, lead_id: str) -> list[str]:
    """The scored pairs that touch the lead's rows: merged into it, or kept apart (and sent to review)."""
    try:
        pairs = records(con, """
            select * from pair_evidence where lead_id_l = $id or lead_id_r = $id
            order by match_probability desc, run_id, source_file_l, source_row_l limit 20""", {"id": lead_id})
    except duckdb.CatalogException:
        return ["    (none recorded)"]
    lines = []
    for p in pairs:
        other = p["lead_id_r"] if p["lead_id_l"] == lead_id else p["lead_id_l"]
        verdict = "merged" if p["lead_id_l"] == p["lead_id_r"] else f"kept apart from {other}"
        lines.append(f"    - {p['source_file_l']} row {p['source_row_l']}"
                     f" ~ {p['source_file_r']} row {p['source_row_r']}:"
                     f" p={p['match_probability']:.3f}, {verdict}; {p['evidence']}")
    return lines or ["    (no pair scored: the rows were joined by shared keys only, or the lead has one row)"]


def explain_lead(db_path: Path, lead_id: str) -> str | None:
    """Plain-text explanation of one lead from its latest snapshot in the store, or None if unknown."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        try:
            snap = records(con, "select * from lead_snapshots where lead_id = $id order by run_id desc limit 1",
                         {"id": lead_id})
        except duckdb.CatalogException:
            return None  # a store no run has finished writing
        if not snap:
            return None
        s = snap[0]
        members = records(con, """select run_id, source_file, source_row, first_name, last_name, company,
                                       coalesce(mobile_e164, phone_e164, phone_raw, mobile_raw) as phone, email
                                from lead_members where lead_id = $id order by run_id, source_file, source_row""",
                        {"id": lead_id})
        provenance = records(con, """select field, value, source_file, source_row, rule from provenance_history
                                   where lead_id = $id and run_id = $run order by field""",
                           {"id": lead_id, "run": s["run_id"]})
        keys = records(con, "select key from lead_keys where lead_id = $id order by key", {"id": lead_id})
        pairs = _pair_lines(con, lead_id)
        contributions = _score_lines(con, lead_id, s)
        suppression = _suppression_lines(con, lead_id, s)
    lines = [
        f"lead {lead_id}: {s['first_name'] or ''} {s['last_name'] or ''}"
        f" · {s['company'] or '-'} · {s['job_title'] or '-'}",
        f"  disposition {s['disposition']}" + (f" ({s['reason']})" if s["reason"] else "")
        + (f", recontact on {s['recontact_on']}" if s.get("recontact_on") else ""),
        *suppression,
        f"  tier {s['tier']} · stage {s['stage']} · priority {s['priority_score']} = value {s['value_score']}"
        f" x (1 - junk {s['junk_score']})",
        "  why:",
        *[f"    - {code}: {_describe(code)}" for code in (s["reasons"] or "").split(";") if code],
        *contributions,
        f"  merged rows ({len(members)}):",
        *[f"    - {m['source_file']} row {m['source_row']} (run {m['run_id']}): {m['first_name'] or ''} "
          f"{m['last_name'] or ''} · {m['company'] or '-'} · {m['phone'] or '-'} · {m['email'] or '-'}"
          for m in members],
        "  matched on:",
        *[f"    - {k['key'].split(':', 1)[0] == 'e' and 'email' or 'phone + name'} {k['key'].split(':', 1)[1]}"
          for k in keys],
        "  probabilistic evidence (Splink pairs; field:level(match weight in bits)):",
        *pairs,
        "  golden record:",
        *[f"    - {p['field']}: {p['value']!s:.60} <- {p['source_file']} row {p['source_row']} ({p['rule']})"
          for p in provenance],
    ]
    return "\n".join(line.replace(chr(31), " ") for line in lines)
