"""Issues 7 and 17: DuckDB writes every file straight from the store (COPY), and the gates read each table
in chunks. Whatever the chunk size, the files hold the same bytes as the whole-table pandas export did,
every cell is neutralised, every chunk is validated, and a problem in any chunk (or across two) stops the
run before anything is published."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from expectations import gates
from expectations.gates import GateFailed
from pipelines.config import rep_params
from tests.hostile_corpus import PAYLOADS
from tests.sql.conftest import publish
from transforms.core import store
from transforms.export import outputs as export
from transforms.export.formulas import neutralise
from transforms.export.invariants import InvariantBroken
from transforms.export.outputs import OUTPUT_FILES
from transforms.report import summary

FIRST = ["Niccolò", "Иван", "Siti", "Giulia", "Цветелина", "Bambang", "Lucà", "Георги", "Dewi", "Piero"]
LAST = ["Ferrè", "Петров", "Rahayu", "Bianchi", "Тодорова", "Santoso", "Donà", "Николов", "Lestari", "Neri"]
COMPANY = ["Ferrè Impianti S.p.A.", "Петров Трейд ЕООД", "PT Maju Jaya", 'Bianchi "Le Volte", S.r.l.',
           "Тодорова Агро АД", "CV Sinar Abadi", "Lucà Meccanica\r\nS.a.s."]
COUNTRY = {"it": ("IT", "347 58{:05d}"), "bg": ("BG", "0887 6{:05d}"), "id": ("ID", "0812-34{:05d}")}
DNC = "+393475800003"
REPS = ("Anna", "Борис")


def lead_rows() -> list[dict]:
    """36 distinct leads in three lists (Italian, Bulgarian, Indonesian); every third company is a formula
    payload, some contracts end soon (recontact), one number is on the DNC list; and two rows are empty."""
    rows = []
    for i in range(36):
        key = ("it", "bg", "id")[i % 3]
        country, phone = COUNTRY[key]
        company = PAYLOADS[i // 3 % len(PAYLOADS)] if i % 3 == 0 else COMPANY[i % len(COMPANY)]
        rows.append({"source_file": f"lista_{key}.csv", "first_name": f"{FIRST[i % 10]} {'ABCD'[i // 10]}",
                     "last_name": LAST[i % 10], "company": company, "country": country,
                     "phone": phone.format(i), "email": f"contatto{i}@esempio{i}.it",
                     "job_title": "-2+3" if i % 7 == 0 else "Direktur Utama",
                     "contract_end": "30/06/2027" if i % 5 == 1 else None, "employees": "50-249"})
    rows += [{"source_file": "lista_it.csv", "notes": "???"}, {"source_file": "lista_bg.csv", "city": "София"}]
    return rows


@pytest.fixture
def exported(run_models):
    """A scored store with the export tables built, as `export_run` builds them."""
    con = run_models(lead_rows(), dnc=[DNC])
    params = {"run_id": "r1", "as_of": "2026-11-23", "recontact_days": 90, **rep_params(REPS),
              "tier_a": 150.0, "tier_b": 50.0}
    export.build_export_tables(con, params)
    return con


def context(con) -> dict:
    rows_in, to_call = con.execute("select (select count(*) from lineage), (select count(*) from call_list)").fetchone()
    return {"run_id": "r1", "rows_in": rows_in, "to_call": to_call}


def write_all(con, folder: Path, chunk_rows: int, monkeypatch) -> Path:
    monkeypatch.setattr(store, "CHUNK_ROWS", chunk_rows)
    folder.mkdir()
    for name in OUTPUT_FILES:
        export.write_output(con, folder, name, context(con), gates.run_table_gate)
    return folder


def read(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def test_fixture_spans_several_chunks_of_seven(exported):
    def rows(name: str) -> int:
        return exported.execute(f"select count(*) from {export.OUTPUT_TABLES[name][0]}").fetchone()[0]

    assert rows("call_list.csv") > 14 and rows("lineage.csv") > 30
    assert rows("recontact.csv") and rows("do_not_call.csv") and rows("quarantine.csv") == 2


def test_bytes_do_not_depend_on_the_chunk_size(exported, tmp_path, monkeypatch):
    small = write_all(exported, tmp_path / "small", 7, monkeypatch)
    large = write_all(exported, tmp_path / "large", 100_000, monkeypatch)
    for name in OUTPUT_FILES:
        assert (small / name).read_bytes() == (large / name).read_bytes(), name


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """`neutralise` on every text cell, as the export before issue 17 did it in pandas."""
    return frame.apply(lambda c: c.map(neutralise) if c.dtype == object or pd.api.types.is_string_dtype(c) else c)


def test_bytes_are_those_of_the_whole_table_export(exported, tmp_path, monkeypatch):
    """The export before issue 7 read each table whole with `.df()`, neutralised it and wrote it with to_csv."""
    copied = write_all(exported, tmp_path / "copied", 7, monkeypatch)
    for name, (table, order) in export.OUTPUT_TABLES.items():
        source = export.QUARANTINE_SQL if name == "quarantine.csv" else f"select * from {table} order by {order}"
        whole = exported.execute(source).df()
        whole = neutralised(export.quarantine_rows(whole) if name == "quarantine.csv" else whole)
        encoding = "utf-8-sig" if name in export.PEOPLE_FILES else "utf-8"  # a BOM for the files meant for people
        whole.to_csv(tmp_path / name, index=False, encoding=encoding, lineterminator="\r\n")
        assert (copied / name).read_bytes() == (tmp_path / name).read_bytes(), name


def test_formulas_are_neutralised_in_every_row(exported, tmp_path, monkeypatch):
    out = write_all(exported, tmp_path / "out", 7, monkeypatch)
    quoted_late = 0
    for name in OUTPUT_FILES:
        for number, row in enumerate(read(out / name)):
            for cell in row.values():
                assert not cell or cell[0] not in "=@\t\r", (name, cell)
                if cell and cell[0] in "+-":
                    float(cell[1:].replace(" ", ""))
                quoted_late += number >= 7 and cell.startswith("'") and cell[1:2] in ("=", "+", "-", "@", "\t", "\r")
    assert quoted_late  # payloads past the first rows were found and quoted


def test_multilingual_text_and_rfc4180_quoting_survive(exported, tmp_path, monkeypatch):
    out = write_all(exported, tmp_path / "out", 7, monkeypatch)
    listed = [r for name in ("call_list.csv", "recontact.csv", "do_not_call.csv") for r in read(out / name)]
    assert {r["first_name"].split()[0] for r in listed} == set(FIRST)
    assert {'Bianchi "Le Volte" S.r.l.', "Петров Трейд ЕООД", "PT Maju Jaya"} <= {r["company"] for r in listed}
    assert read(out / "quarantine.csv")[0]["reason"] == "no usable content: no name, company, phone, email or address"
    # the files meant for people open in Excel as UTF-8 (a BOM); the files for programs have none
    assert (out / "call_list.csv").read_bytes().startswith(b"\xef\xbb\xbfpriority_rank,lead_id,tier,")
    assert (out / "lineage.csv").read_bytes().startswith(b"source_file,")
    export.write_output(exported, tmp_path, "call_list.csv", context(exported), gates.run_table_gate, bom=False)
    assert (tmp_path / "call_list.csv").read_bytes().startswith(b"priority_rank,lead_id,tier,")


def test_a_repeated_lead_in_two_chunks_fails_the_gate(exported, tmp_path, monkeypatch):
    exported.execute("update call_list set lead_id = (select lead_id from call_list where priority_rank = 1) "
                     "where priority_rank = 12")
    with pytest.raises(GateFailed, match="expect_column_values_to_be_unique on lead_id .2 rows"):
        write_all(exported, tmp_path / "out", 7, monkeypatch)
    recorded = exported.execute("select success from validation_results where suite = 'call_list.csv'").fetchall()
    assert recorded == [(False,)]


def test_a_bad_row_in_a_later_chunk_fails_the_gate(exported, tmp_path, monkeypatch):
    lead = exported.execute("update call_list set tier = 'E' where priority_rank = 13 returning lead_id").fetchone()[0]
    with pytest.raises(GateFailed, match="expect_column_values_to_be_in_set on tier .1 rows, e.g. "
                                         f".{{'lead_id': '{lead}'"):
        write_all(exported, tmp_path / "out", 7, monkeypatch)


def test_a_rank_repeated_across_a_chunk_border_fails_the_gate(exported, tmp_path, monkeypatch):
    exported.execute("update call_list set priority_rank = 7 where priority_rank = 8")  # file rows 7 and 8
    with pytest.raises(GateFailed, match="expect_column_values_to_be_unique on priority_rank .2 rows"):
        write_all(exported, tmp_path / "out", 7, monkeypatch)
    result = json.loads(exported.execute("select result from validation_results").fetchone()[0])
    failed = {f["expectation"]: f["unexpected_count"] for f in result["failures"]}
    assert failed["expect_column_values_to_be_increasing"] == 1  # judged across the border


def test_nothing_is_published_when_a_file_breaks_an_invariant(exported, tmp_path, monkeypatch):
    monkeypatch.setattr(export, "printed_query",  # a neutralisation bug
                        lambda con, table, order, exclude=(): f"select * from {table} order by {order}")
    monkeypatch.setattr(store, "CHUNK_ROWS", 7)
    out = tmp_path / "out"
    with pytest.raises(InvariantBroken, match="formula-like cell .invariant 4."), export.staged(out) as staging:
        for name in OUTPUT_FILES:
            export.write_output(exported, staging, name, context(exported), gates.run_table_gate)
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("damage, message", [
    ("delete from lineage where source_row = 3", "lineage has .* rows for .* input rows .invariant 1."),
    ("insert into lineage select * from lineage limit 1", "invariant 1"),
    ("insert into recontact by name select lead_id from call_list limit 1", "1 leads are in more than one list"),
    ("delete from do_not_call", "leads are listed wrongly or not at all .invariant 2."),
    ("insert into dnc_numbers by name select phone as e164 from call_list where phone is not null limit 1",
     "1 leads with a do-not-call number are not suppressed .invariant 3."),
])
def test_invariants_are_judged_on_the_store(exported, damage, message):
    export.check_store(exported)  # the fixture itself is sound
    exported.execute(damage)
    with pytest.raises(InvariantBroken, match=message):
        export.check_store(exported)


def test_leads_by_rep_counts_the_published_call_list(exported, tmp_path, monkeypatch):
    out = write_all(exported, tmp_path / "out", 7, monkeypatch)
    expected: dict[str, dict[str, int]] = {}
    for row in read(out / "call_list.csv"):
        tiers = expected.setdefault(row["assigned_to"], {})
        tiers[row["tier"]] = tiers.get(row["tier"], 0) + 1
    assert set(expected) == set(REPS)
    assert summary.leads_by_rep(exported) == {rep: dict(sorted(t.items())) for rep, t in sorted(expected.items())}


def test_export_run_writes_the_workbook_only_for_short_lists(exported, tmp_path, monkeypatch):
    import openpyxl

    params = {"run_id": "r1", "as_of": "2026-11-23", "recontact_days": 90, **rep_params(REPS),
              "tier_a": 150.0, "tier_b": 50.0}
    published = publish(exported, tmp_path / "short", params)
    book = openpyxl.load_workbook(tmp_path / "short" / "call_list.xlsx", read_only=True)
    assert book.sheetnames == ["Call list", *REPS]
    assert len(list(book["Call list"].iter_rows())) - 1 == len(read(tmp_path / "short" / "call_list.csv"))
    # the workbook's cells are typed text: they hold the values themselves, not the CSV's apostrophe-escaped
    # text ('+39 ... in a CSV, +39 ... in the workbook)
    cells = list(book["Call list"].iter_rows(values_only=True))
    raw = exported.execute(f"select * from call_list order by {export.OUTPUT_TABLES['call_list.csv'][1]}").fetchall()
    texts = [(got, want) for got_row, want_row in zip(cells[1:], raw, strict=True)
             for got, want in zip(got_row, want_row, strict=True) if isinstance(want, str)]
    assert texts and all(got == want for got, want in texts)
    assert any(want.startswith(("+", "=", "-", "@")) for _, want in texts)
    assert "call_list.xlsx" in published["outputs"]
    monkeypatch.setattr(export, "EXCEL_MAX_ROWS", 5)
    published = publish(exported, tmp_path / "long", {**params, "run_id": "r2"})
    assert not (tmp_path / "long" / "call_list.xlsx").exists() and "call_list.xlsx" not in published["outputs"]
    assert (tmp_path / "long" / "call_list.csv").read_bytes() == (tmp_path / "short" / "call_list.csv").read_bytes()
