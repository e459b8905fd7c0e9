"""Issue 21: a do-not-call register reading older than the register's window (RPO 15 days, TPS 28) publishes
no number of its country: those leads go to do_not_call.csv as `dnc_stale`, the rest of the run is published,
and the CLI says so on one line with exit status 1. A fresh reading, or an own opt-out list, changes nothing."""
from __future__ import annotations

import csv
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.config import RunSettings
from pipelines.flow import leadsweep_run

pytestmark = pytest.mark.flow

AS_OF = dt.date(2026, 12, 7)
LEADS = [("Giulia", "Bianchi", "+39 347 581 2233", "IT"), ("Marco", "Conti", "+39 02 4008 4396", "IT"),
         ("Paola", "Greco", "", "Italia"),  # no number: the country alone says whose register covers her
         ("Amelia", "Hughes", "+44 7911 123456", "UK"), ("Oliver", "Price", "+44 20 7946 0018", "UK"),
         ("Иван", "Петров", "+359 888 723 451", "България")]


def _lists(tmp_path: Path, rpo_consulted: dt.date) -> tuple[Path, Path, Path]:
    leads = tmp_path / "lista.csv"
    with leads.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["first_name", "last_name", "phone", "country"])
        writer.writerows(LEADS)
    rpo, tps = tmp_path / "rpo.csv", tmp_path / "tps.csv"
    rpo.write_text("telefono\n+39 333 000 0000\n", encoding="utf-8")  # nobody of the list
    tps.write_text("phone\n020 7946 0018\n", encoding="utf-8")  # Oliver Price
    sources = tmp_path / "sources.yaml"
    tps_consulted = AS_OF - dt.timedelta(days=28)
    sources.write_text("sources:\n"
                       f"  - {{file: rpo.csv, register: it_rpo, consulted: {rpo_consulted.isoformat()}}}\n"
                       f"  - {{file: tps.csv, register: uk_tps, consulted: {tps_consulted.isoformat()}}}\n",
                       encoding="utf-8")
    return leads, sources, (rpo, tps)


def _published(out: Path) -> dict[str, list[dict]]:
    return {name: list(csv.DictReader((out / f"{name}.csv").open(encoding="utf-8-sig")))
            for name in ("call_list", "recontact", "do_not_call")}


def test_a_stale_rpo_reading_publishes_no_italian_number_and_exits_1(tmp_path):
    leads, sources, (rpo, tps) = _lists(tmp_path, rpo_consulted=AS_OF - dt.timedelta(days=16))
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    env.pop("PREFECT_API_URL", None)
    done = subprocess.run([sys.executable, "-m", "pipelines.cli", "run", str(leads), "--out", str(tmp_path / "out"),
                           "--dnc", str(rpo), "--dnc", str(tps), "--sources", str(sources),
                           "--as-of", AS_OF.isoformat(), "--quiet"],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 1
    (line,) = done.stderr.strip().splitlines()
    assert "rpo.csv (it_rpo, consulted 2026-11-21, 16 days before 2026-12-07; good for 15 days)" in line
    assert "tps.csv" not in line  # 28 days old: still good
    published = _published(tmp_path / "out")
    callable_rows = published["call_list"] + published["recontact"]
    assert {r["last_name"] for r in callable_rows} == {"Hughes", "Петров"}
    assert not [r for r in callable_rows if r["phone"].startswith("+39") or r["country"] == "IT"]
    reasons = {r["last_name"]: r["reason"] for r in published["do_not_call"]}
    assert reasons == {"Bianchi": "dnc_stale", "Conti": "dnc_stale", "Greco": "dnc_stale", "Price": "dnc"}


def test_a_fresh_reading_calls_the_country_as_usual(tmp_path):
    leads, sources, (rpo, tps) = _lists(tmp_path, rpo_consulted=AS_OF - dt.timedelta(days=15))

    summary = leadsweep_run(RunSettings(inputs=(leads,), out_dir=tmp_path / "out", dnc=(rpo, tps), sources=sources,
                                        as_of=AS_OF))
    published = _published(tmp_path / "out")
    assert {r["last_name"] for r in published["call_list"]} == {"Bianchi", "Conti", "Greco", "Hughes", "Петров"}
    assert [r["reason"] for r in published["do_not_call"]] == ["dnc"]
    readings = {r["file"]: r for r in summary["suppression"]["dnc_lists"]}
    assert readings["rpo.csv"]["register"] == "it_rpo" and readings["rpo.csv"]["age_days"] == 15
    assert not readings["rpo.csv"]["stale"] and not readings["tps.csv"]["stale"]
