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
    "has_budget": "a budget is given", "buying_soon": "plans to buy soon", "has_timeline": "a timeline is given",
    "junk_placeholder_name": "placeholder name (Test, asdf ...)", "junk_stock_name": "stock example name",
    "junk_mash_name": "keyboard-mash name", "junk_no_name": "no name", "junk_fake_phone": "fake phone number",
    "junk_premium_phone": "premium-rate number", "junk_invalid_phone": "no valid phone number",
    "junk_placeholder_email": "placeholder email", "junk_disposable_email": "disposable email domain",
    "junk_invalid_email": "invalid email", "junk_uncontactable": "no valid phone or email",
    "junk_shared_phone": "phone shared by many leads", "junk_title_no_company": "business title without a company",
}


VALUE_STEPS = {"value_base": "a typical lead's points (no history: the base points)", "seniority": "seniority",
               "size": "company size band", "industry": "industry", "country": "country",
               "bant": "budget and timeline answers", "fields": "contact fields filled"}


def _value_step(code: str) -> tuple[str, str] | None:
    """A value contribution `code:+points` of reasons as (what, points); None for any other code."""
    name, colon, points = code.rpartition(":")
    if not colon or points[:1] not in ("+", "-"):
        return None
    feature, _, value = name.partition("_")
    what = VALUE_STEPS.get(name) or f"{VALUE_STEPS.get(feature, feature)} {value}".strip()
    return what, points


def _describe(code: str) -> str:
    step = _value_step(code)
    if step is not None:
        return step[0]
    if code.startswith("src_junk_rate_"):
        return f"its source looks {code.rsplit('_', 1)[1]}% junk in this run"
    return REASON_TEXT.get(code, code)


def _score_lines(con: duckdb.DuckDBPyConnection, lead_id: str, snapshot: dict) -> list[str]:
    """Each contribution to the scores (the value's signed points, the junk weights) from the store's latest
    `lead_scores`, when that is the run of the snapshot; else nothing (the reasons still say why)."""
    try:
        rows = records(con, "select score_parts, tier_rule, priority_score from lead_scores where lead_id = $id",
                       {"id": lead_id})
        model = records(con, "select * from value_model")
    except duckdb.Error:
        return []
    if not rows or rows[0]["priority_score"] != snapshot["priority_score"] or not rows[0]["score_parts"]:
        return []
    parts = rows[0]["score_parts"]
    learned = bool(model and model[0]["learned"])
    how = (f"learned from {model[0]['won_deals']} won and {model[0]['lost_deals']} lost deals "
           f"(held-out AUC {model[0]['cv_auc']:.2f})" if learned else "cold-start prior: too little won/lost history")
    lines = [f"  tier {snapshot['tier']} because {rows[0]['tier_rule']}",
             f"  value {snapshot['value_score']} = sum of ({how}):"]
    for p in (p for p in parts if p["kind"] == "value"):
        step = _value_step(f"{p['code']}:{p['factor']:+.2f}")
        lines.append(f"    {p['factor']:+8.2f}  {step[0] if step else p['code']}")
    junk = [p for p in parts if p["kind"] == "junk" and p["factor"] > 0]
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
