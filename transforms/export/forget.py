"""`leadsweep forget PHONE|EMAIL|LEAD_ID --db FILE`: erase a person from the store and from the outputs its runs
published, keeping only an HMAC of each of their e-mails and phones on the `forgotten` list (the key lives outside
the store: `core/forgotten.py`). A later run that meets them again sets them aside as `forgotten`
(`stage/suppression.mark_forgotten`), and a lead an earlier run delivered is taken back in `recall.csv`.

The person is every lead holding the phone or e-mail (or the lead named). From the store go their rows, features,
keys, golden records, provenance, scored pairs and decisions; the lead id stays in `lead_registry`, marked
forgotten, so that it is recalled. Every working table of the last run and the suppression caches (which hold
rows and numbers) are dropped, to be rebuilt by the next run; the store file is then written anew
(`store.open_store(compact=True)`), so no freed page keeps a byte of them.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from pathlib import Path

import duckdb
import pandas as pd

from transforms.core import forgotten
from transforms.core.store import SCHEMA
from transforms.export.excel import write_call_list_xlsx
from transforms.stage.normalise import normalise_phone

KEPT_EXTRA = ("forgotten",)
ID_COLUMNS = ("lead_id", "lead_id_l", "lead_id_r", "LeadSweep ID")  # columns naming a lead in an output
ROW_COLUMNS = (("source_file", "source_row"), ("source_file_l", "source_row_l"), ("source_file_r", "source_row_r"))
OUTPUT_PATTERNS = ("call_list.csv", "recontact.csv", "do_not_call.csv", "recall.csv", "review_pairs.csv",
                   "quarantine.csv", "hubspot_import*.csv", "salesforce_import*.csv")


class NothingToForget(ValueError):
    """The lead id names no lead of the store."""


def kept_tables() -> set[str]:
    """The store's kept tables (`schema.sql`); every other table is a run's working table."""
    return set(re.findall(r"create table if not exists (\w+)", SCHEMA.read_text(encoding="utf-8"))) | set(KEPT_EXTRA)


def _phones(con: duckdb.DuckDBPyConnection, text: str) -> set[str]:
    """The E.164 numbers `text` can be: as given (+ or 00), else in each country the store holds rows of."""
    countries = [None, *(r[0] for r in con.execute(
        "select distinct country from lead_members where country is not null order by 1").fetchall())]
    found = set()
    for country in countries:
        phone = normalise_phone(text, country)
        if phone.is_valid:
            found.add(phone.e164)
    return found


def find_person(con: duckdb.DuckDBPyConnection, target: str) -> tuple[str, list[str], set[tuple[str, str]]]:
    """What `target` is (lead, email, phone), the leads that hold it, and every contact (kind, value) of them."""
    target = target.strip()
    lead = con.execute("select coalesce(merged_into, lead_id) from lead_registry where lead_id = $t",
                       {"t": target}).fetchall()
    if lead:
        kind, leads, contacts = "lead", [lead[0][0]], set()
    elif "@" in target:
        email = target.lower()
        kind, contacts = "email", {("email", email)}
        leads = [r[0] for r in con.execute(
            "select distinct lead_id from lead_members where email = $e or lower(trim(email_raw)) = $e",
            {"e": email}).fetchall()]
    elif re.fullmatch(r"L[0-9A-F]{11}", target):
        raise NothingToForget(f"the store holds no lead {target}")
    else:
        numbers = _phones(con, target)
        digits = re.sub(r"\D", "", target).lstrip("0")
        if not numbers and len(digits) < 6:
            raise NothingToForget(f"{target!r} is neither a lead id, an e-mail address nor a phone number")
        kind, contacts = "phone", {("phone", n) for n in numbers}
        leads = [r[0] for r in con.execute("""
            select distinct lead_id from lead_members
            where phone_e164 in (select unnest($n)) or mobile_e164 in (select unnest($n))
               or (length($d) >= 8 and ltrim(regexp_replace(coalesce(phone_raw, ''), '\\D', '', 'g'), '0') = $d)
               or (length($d) >= 8 and ltrim(regexp_replace(coalesce(mobile_raw, ''), '\\D', '', 'g'), '0') = $d)
        """, {"n": sorted(numbers), "d": digits}).fetchall()]
    members = "select * from lead_members where lead_id in (select unnest($l))"
    contacts |= set(con.execute(forgotten.contacts_sql(members), {"l": leads}).fetchall())
    if not leads and not contacts:
        raise NothingToForget(f"no lead holds {target!r}, and it is no valid phone number: nothing to forget")
    return kind, sorted(leads), contacts


def forget(con: duckdb.DuckDBPyConnection, store: Path, target: str, now: dt.datetime | None = None) -> dict:
    """Erase the person `target` names from the store (see the module's docstring); returns what was erased,
    with the output folders of its runs and the rows and leads to scrub from them."""
    now = now or dt.datetime.now()
    kind, leads, contacts = find_person(con, target)
    key = forgotten.load_key(store, create=True)
    rows = con.execute("select distinct source_file, source_row from lead_members where lead_id in (select unnest($l))",
                       {"l": leads}).fetchall()
    params = {"l": leads, "rows": [{"f": f, "r": r} for f, r in rows]}
    is_row = "struct_pack(f := {f}, r := {r}) in (select unnest($rows))"
    con.execute("""delete from member_features f where exists (
                       select 1 from lead_members m where m.lead_id in (select unnest($l))
                       and m.run_id = f.run_id and m.row_id = f.row_id)""", {"l": leads})
    for table in ("lead_members", "lead_snapshots", "provenance_history", "lead_keys"):
        con.execute(f"delete from {table} where lead_id in (select unnest($l))", {"l": leads})
    con.execute(f"""delete from pair_evidence where lead_id_l in (select unnest($l)) or lead_id_r in (select unnest($l))
                    or {is_row.format(f="source_file_l", r="source_row_l")}
                    or {is_row.format(f="source_file_r", r="source_row_r")}""", params)
    con.execute(f"""delete from review_decisions where {is_row.format(f="source_file_l", r="source_row_l")}
                    or {is_row.format(f="source_file_r", r="source_row_r")}""", {"rows": params["rows"]})
    con.execute(f"delete from lead_pins where lead_id in (select unnest($l)) "
                f"or {is_row.format(f='source_file', r='source_row')}", params)
    con.execute("update lead_registry set forgotten_at = $at where lead_id in (select unnest($l)) "
                "or merged_into in (select unnest($l))", {"l": leads, "at": now})
    for contact_kind, value in sorted(contacts):
        digest = forgotten.digest(key, contact_kind, value)
        con.execute("insert into forgotten select $k, $d, $at where not exists "
                    "(select 1 from forgotten where kind = $k and digest = $d)",
                    {"k": contact_kind, "d": digest, "at": now})
    # the suppression caches hold lists' numbers and CRM rows: the next run reads the lists again
    con.execute("delete from dnc_readings")
    con.execute("delete from suppression_loads")
    kept = kept_tables()
    for name, table_type in con.execute("select table_name, table_type from information_schema.tables "
                                        "where table_schema = current_schema()").fetchall():
        if name not in kept:
            con.execute(f'drop {"view" if table_type == "VIEW" else "table"} if exists "{name}"')
    folders = [Path(r[0]) for r in con.execute(
        "select distinct out_dir from runs where out_dir is not null order by 1").fetchall()]
    return {"target": kind, "leads": leads, "rows": rows, "contacts": len(contacts), "folders": folders,
            "values": sorted(v for _, v in contacts)}


def _write_atomically(path: Path, text: str, bom: bool) -> None:
    temporary = path.with_name(f".{path.name}.forget")
    temporary.write_text(("\ufeff" if bom else "") + text, encoding="utf-8", newline="")
    os.replace(temporary, path)


def _names_person(record: dict, leads: set[str], rows: set[tuple[str, int]], values: list[str]) -> bool:
    if any(record.get(c) in leads for c in ID_COLUMNS):
        return True
    for file_column, row_column in ROW_COLUMNS:
        number = record.get(row_column)
        if number and number.isdigit() and (record.get(file_column), int(number)) in rows:
            return True
    return any(value in cell for cell in record.values() if cell for value in values)


def scrub_csv(path: Path, leads: set[str], rows: set[tuple[str, int]], values: list[str]) -> int:
    """Drop the rows of an output CSV that name the person (a lead id, a source row, a contact); the call list's
    ranks are numbered 1..N again. Returns how many rows went."""
    raw = path.read_text(encoding="utf-8")
    bom = raw.startswith("\ufeff")
    reader = csv.DictReader(io.StringIO(raw.removeprefix("\ufeff"), newline=""))
    records = list(reader)
    kept = [r for r in records if not _names_person(r, leads, rows, values)]
    if len(kept) == len(records):
        return 0
    if "priority_rank" in (reader.fieldnames or []):
        for rank, record in enumerate(kept, start=1):
            record["priority_rank"] = str(rank)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=reader.fieldnames, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(kept)
    _write_atomically(path, out.getvalue(), bom)
    return len(records) - len(kept)


def scrub_workbook(path: Path, leads: set[str], values: list[str]) -> int:
    """The call list workbook without the person's rows, written anew from its first sheet."""
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    if not sheet:
        return 0
    frame = pd.DataFrame(sheet[1:], columns=sheet[0]).replace("", None)
    text = frame.fillna("").astype(str)
    gone = frame["lead_id"].isin(leads)
    for column in text.columns:
        for value in values:
            gone |= text[column].str.contains(value, regex=False)
    if not gone.any():
        return 0
    frame = frame[~gone].reset_index(drop=True)
    frame["priority_rank"] = range(1, len(frame) + 1)
    temporary = path.with_name(f".{path.name}.forget.xlsx")
    write_call_list_xlsx(frame, temporary)
    os.replace(temporary, path)
    return int(gone.sum())


def scrub_outputs(erased: dict) -> list[str]:
    """Scrub the person from the outputs of every folder the store's runs published to; returns the files changed."""
    leads, rows, values = set(erased["leads"]), set(erased["rows"]), erased["values"]
    changed = []
    for folder in erased["folders"]:
        if not folder.is_dir():
            continue
        for pattern in OUTPUT_PATTERNS:
            for path in sorted(folder.glob(pattern)):
                if scrub_csv(path, leads, rows, values):
                    changed.append(str(path))
        workbook = folder / "call_list.xlsx"
        if workbook.is_file() and scrub_workbook(workbook, leads, values):
            changed.append(str(workbook))
    return changed
