"""`leadsweep explain`: a lead's score, tier and disposition, the rows it merged and why each value won."""
from __future__ import annotations

from pathlib import Path

import duckdb

from transforms.store import records

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
    lines = [
        f"lead {lead_id}: {s['first_name'] or ''} {s['last_name'] or ''} · {s['company'] or '-'} · {s['job_title'] or '-'}",
        f"  disposition {s['disposition']}" + (f" ({s['reason']})" if s["reason"] else "")
        + (f", recontact on {s['recontact_on']}" if s.get("recontact_on") else ""),
        f"  tier {s['tier']} · stage {s['stage']} · priority {s['priority_score']} = value {s['value_score']}"
        f" x (1 - junk {s['junk_score']})",
        "  why:",
        *[f"    - {code}: {_describe(code)}" for code in (s["reasons"] or "").split(";") if code],
        f"  merged rows ({len(members)}):",
        *[f"    - {m['source_file']} row {m['source_row']} (run {m['run_id']}): {m['first_name'] or ''} "
          f"{m['last_name'] or ''} · {m['company'] or '-'} · {m['phone'] or '-'} · {m['email'] or '-'}" for m in members],
        "  matched on:",
        *[f"    - {k['key'].split(':', 1)[0] == 'e' and 'email' or 'phone + name'} {k['key'].split(':', 1)[1]}"
          for k in keys],
        "  golden record:",
        *[f"    - {p['field']}: {p['value']!s:.60} <- {p['source_file']} row {p['source_row']} ({p['rule']})"
          for p in provenance],
    ]
    return "\n".join(line.replace(chr(31), " ") for line in lines)
