"""End to end: the `leadsweep run` flow on the bundled sample, checked against the contract."""
from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.config import RunSettings
from pipelines.flow import leadsweep_run

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"
META = SAMPLE / "_meta"
CHECKER = ROOT.parent / "shared" / "tools" / "check_contract.py"
AS_OF = dt.date(2026, 11, 23)


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def sample_files() -> list[Path]:
    return sorted(p for p in SAMPLE.iterdir() if p.is_file())


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sample_run")
    leadsweep_run(RunSettings(inputs=(SAMPLE,), out_dir=out, dnc=(META / "dnc.csv",), customers=META / "customers.csv",
                              reps=("Anna", "Boris", "Цветa"), as_of=AS_OF))
    return out


@pytest.mark.skipif(not CHECKER.exists(), reason="shared contract checker not beside the repo")
def test_contract_checker_passes(sample_run):
    result = subprocess.run([sys.executable, str(CHECKER), str(sample_run), *map(str, sample_files())],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_every_input_row_is_in_lineage_once(sample_run):
    lineage = read_csv(sample_run / "lineage.csv")
    truth = read_csv(META / "truth.csv")
    assert sorted((r["source_file"], int(r["source_row"])) for r in lineage) == \
        sorted((r["source_file"], int(r["source_row"])) for r in truth)


def test_every_lead_is_in_exactly_one_list(sample_run):
    listed = [r["lead_id"] for name in ("call_list", "recontact", "do_not_call")
              for r in read_csv(sample_run / f"{name}.csv")]
    leads = {r["lead_id"] for r in read_csv(sample_run / "lineage.csv") if r["lead_id"]}
    assert len(listed) == len(set(listed)) and set(listed) == leads


def test_no_lead_with_a_dnc_number_is_called(sample_run):
    from transforms.stage.normalise import normalise_phone

    dnc = {normalise_phone(r["phone"], "IT").e164 for r in read_csv(META / "dnc.csv")}
    for name in ("call_list.csv", "recontact.csv"):
        for row in read_csv(sample_run / name):
            assert not set(row["all_phones"].lstrip("'").split(";")) & dnc, row
    suppressed = [r for r in read_csv(sample_run / "do_not_call.csv") if r["reason"] == "dnc"]
    assert suppressed and all(set(r["all_phones"].lstrip("'").split(";")) & dnc for r in suppressed)


def test_no_formula_reaches_an_output_cell(sample_run):
    for path in sample_run.glob("*.csv"):
        for row in read_csv(path):
            for cell in row.values():
                if cell and cell[0] in "=@\t\r":
                    pytest.fail(f"{path.name}: {cell!r}")
                if cell and cell[0] in "+-":
                    float(cell[1:].replace(" ", ""))  # only numbers may start with + or -


def test_junk_ranks_below_real_leads(sample_run):
    truth = {(r["source_file"], r["source_row"]): r for r in read_csv(META / "truth.csv")}
    junk_leads = {r["lead_id"] for r in read_csv(sample_run / "lineage.csv")
                  if r["lead_id"] and truth[(r["source_file"], r["source_row"])]["is_junk"] == "1"}
    calls = read_csv(sample_run / "call_list.csv")
    junk_ranks = [int(r["priority_rank"]) for r in calls if r["lead_id"] in junk_leads]
    real_ranks = [int(r["priority_rank"]) for r in calls if r["lead_id"] not in junk_leads]
    assert junk_ranks and sum(junk_ranks) / len(junk_ranks) > 0.8 * len(calls)
    assert sum(real_ranks) / len(real_ranks) < 0.55 * len(calls)


def test_reps_get_the_same_mix(sample_run):
    calls = read_csv(sample_run / "call_list.csv")
    for tier in "ABCD":
        counts = {}
        for r in calls:
            if r["tier"] == tier:
                counts[r["assigned_to"]] = counts.get(r["assigned_to"], 0) + 1
        if counts:
            assert max(counts.values()) - min(counts.values()) <= 1, (tier, counts)


def test_every_lead_to_call_has_its_zone_and_a_window_within_its_country_rules(sample_run):
    from zoneinfo import ZoneInfo

    zones = {"IT": "Europe/Rome", "BG": "Europe/Sofia", "GB": "Europe/London", "ID": "Asia/Jakarta"}
    calls = read_csv(sample_run / "call_list.csv")
    assert {r["country"] for r in calls} == set(zones)  # the sample's Indonesian leads are all in Jakarta
    for r in calls:
        assert r["time_zone"] == zones[r["country"]], r["lead_id"]
        start = dt.datetime.fromisoformat(r["call_window_start"])
        local = start.astimezone(ZoneInfo(r["time_zone"]))
        assert start.utcoffset() == local.utcoffset() and local.weekday() < 6, r["lead_id"]


def test_summary_reports_sources_assumptions_and_suppression(sample_run):
    summary = json.loads((sample_run / "run_summary.json").read_text(encoding="utf-8"))
    assert summary["rejected_files"] == []
    assert summary["counts"]["rows_in"] == len(read_csv(META / "truth.csv"))
    by_file = {s["source_file"]: s for s in summary["sources"]}
    assert by_file["kontakti_sofia.csv"]["encoding"] == "cp1251"
    assert by_file["fornitore_lombardia.csv"]["default_country"] == "IT"
    assert by_file["elenco_telefonico.txt"]["junk_rate"] > by_file["fornitore_lombardia.csv"]["junk_rate"]
    assert summary["suppression"]["dnc_lists"][0]["sha256"]
    assert set(summary["stage_seconds"]) >= {"ingest", "stage", "match", "score"}
    assert "Which lists are worth buying" in (sample_run / "report.html").read_text(encoding="utf-8")


def test_second_run_on_one_store_keeps_lead_ids(tmp_path):
    files = sample_files()
    first_inputs, second_inputs = tuple(files[:3]), tuple(files[3:])
    db = tmp_path / "store.duckdb"
    leadsweep_run(RunSettings(inputs=first_inputs, out_dir=tmp_path / "one", db=db, as_of=AS_OF))
    first = {(r["source_file"], r["source_row"]): r["lead_id"] for r in read_csv(tmp_path / "one" / "lineage.csv")}
    leadsweep_run(RunSettings(inputs=(*first_inputs, *second_inputs), out_dir=tmp_path / "two", db=db, as_of=AS_OF))
    second = read_csv(tmp_path / "two" / "lineage.csv")
    now_in: dict[str, set[str]] = {}  # first run's lead -> the leads its rows are in now
    earlier_of: dict[str, set[str]] = {}  # second run's lead -> the first run's leads of its rows
    for row in second:
        key = (row["source_file"], row["source_row"])
        if key in first and first[key]:
            now_in.setdefault(first[key], set()).add(row["lead_id"])
            earlier_of.setdefault(row["lead_id"], set()).add(first[key])
            assert row["disposition"] in ("known", "do_not_call", "recontact"), row
    # a lead is never split, and a person seen again keeps an id already issued: where the bigger list
    # shows two earlier leads to be one person, the merged lead keeps one of their ids
    assert all(len(leads) == 1 for leads in now_in.values())
    assert all(lead in earlier for lead, earlier in earlier_of.items())
    assert sum(len(e) > 1 for e in earlier_of.values()) <= 0.05 * len(earlier_of)
    assert any(r["disposition"] == "call" for r in second)


def test_bad_file_is_rejected_and_the_rest_is_read(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SAMPLE / "kontakti_sofia.csv", inputs)
    (inputs / "broken.xlsx").write_bytes(b"PK\x03\x04 truncated")
    (inputs / "empty.csv").write_bytes(b"")
    summary = leadsweep_run(RunSettings(inputs=(inputs,), out_dir=tmp_path / "out", as_of=AS_OF))
    assert {r["file"] for r in summary["rejected_files"]} == {"broken.xlsx", "empty.csv"}
    assert summary["counts"]["rows_in"] > 0
    assert "broken.xlsx" in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")


def test_cli_run_and_explain(tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["run", str(SAMPLE / "kontakti_sofia.csv"), str(SAMPLE / "tradeshow_london.xlsx"),
                                 "--out", str(tmp_path), "--as-of", "2026-11-23"])
    assert result.exit_code == 0, result.output
    lead = read_csv(tmp_path / "call_list.csv")[0]["lead_id"]
    explained = runner.invoke(app, ["explain", lead, "--db", str(tmp_path / "leadsweep.duckdb")])
    assert explained.exit_code == 0 and lead in explained.output and "merged rows" in explained.output


def test_cli_errors_are_one_line(tmp_path):
    result = CliRunner().invoke(app, ["run", str(tmp_path / "missing.csv"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_excel_call_list_keeps_text_and_has_a_sheet_per_rep(sample_run):
    import openpyxl

    book = openpyxl.load_workbook(sample_run / "call_list.xlsx", read_only=True)
    assert book.sheetnames == ["Call list", "Anna", "Boris", "Цветa"]
    rows = list(book["Call list"].iter_rows(values_only=True))
    header, first = rows[0], rows[1]
    phone = first[header.index("phone")]
    assert isinstance(phone, str) and phone.startswith("+")
    assert len(rows) - 1 == len(read_csv(sample_run / "call_list.csv"))
    report = (sample_run / "report.html").read_text(encoding="utf-8")
    assert "Leads per rep and tier" in report and "Boris" in report
