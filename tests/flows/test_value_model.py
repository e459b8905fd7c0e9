"""The value learned from the user's own won/lost deals, end to end (issue 20): the run learns when the CRM
export holds enough deals, says how well it ranks deals it did not learn from, ranks the leads the way the
deals do (not by firm size), and each lead's signed points in `reasons` add up to its value."""
from __future__ import annotations

import csv
import datetime as dt
import json
import random
import re
from decimal import Decimal

from pipelines.config import RunSettings
from pipelines.flow import leadsweep_run

# small firms in healthcare, with a director, are what this user wins; big firms lose
WINS = ("Healthcare", 25, "Sales Director")


def crm_export(path, deals: int = 200) -> None:
    rng = random.Random(3)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["company", "first_name", "last_name", "email", "industry", "employees", "job_title", "outcome"])
        for i in range(deals):
            industry = rng.choice(["Healthcare", "Retail", "Energy"])
            employees = rng.choice([25, 3000])
            title = rng.choice(["Sales Director", "Receptionist"])
            score = (industry == WINS[0]) + (employees == WINS[1]) + (title == WINS[2])
            won = rng.random() < [0.05, 0.2, 0.6, 0.95][score]
            out.writerow([f"Firm {i} S.r.l.", f"N{i}", "Rossi", f"n{i}@firm{i}.it", industry, employees, title,
                          "Chiuso vinto" if won else "Chiuso perso"])


def test_the_value_is_learned_from_the_deals_and_adds_up(tmp_path):
    leads = [("Anna", "Healthcare", 30, "Sales Director"), ("Bruno", "Energy", 3500, "Receptionist"),
             ("Carla", "Retail", 2800, "Sales Director"), ("Dario", "Healthcare", 4000, "Receptionist")]
    with open(tmp_path / "lista.csv", "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["nome", "cognome", "azienda", "email", "telefono", "settore", "dipendenti", "ruolo"])
        for i, (name, industry, employees, title) in enumerate(leads):
            out.writerow([name, "Verdi", f"Verdi {i} S.r.l.", f"{name.lower()}@verdi{i}.it", f"+39 347 123 45{i:02d}",
                          industry, employees, title])
    crm_export(tmp_path / "crm.csv")
    out = tmp_path / "out"
    summary = leadsweep_run(RunSettings(inputs=(tmp_path / "lista.csv",), out_dir=out, customers=tmp_path / "crm.csv",
                                        as_of=dt.date(2026, 11, 23)))
    model = summary["value_model"]
    assert model["learned"] and model["won_deals"] >= 20 and model["lost_deals"] >= 20
    assert model["cv_auc"] > 0.7  # held out: five folds, each scored by the fit that did not see it
    assert json.loads((out / "run_summary.json").read_text(encoding="utf-8"))["value_model"] == model
    report = (out / "report.html").read_text(encoding="utf-8")
    assert f"learned from {model['won_deals']} won and {model['lost_deals']} lost deals" in report

    with open(out / "call_list.csv", encoding="utf-8-sig", newline="") as fh:
        rows = {r["first_name"]: r for r in csv.DictReader(fh)}
    assert [rows[n]["priority_rank"] for n in ("Anna", "Bruno")] == ["1", "4"]  # the deals' order, not firm size
    for row in rows.values():
        points = sum(Decimal(x) for x in re.findall(r":([+-]\d+\.\d+)", row["reasons"]))
        assert points == Decimal(row["value_score"])
    assert re.search(r"industry_healthcare:\+", rows["Anna"]["reasons"])
    assert re.search(r"size_1000-4999:-", rows["Bruno"]["reasons"])


def test_the_sample_run_says_it_kept_the_prior(sample_report_run):
    model = json.loads((sample_report_run / "run_summary.json").read_text(encoding="utf-8"))["value_model"]
    assert model["mode"] == "cold_start" and "fewer than 20 of each" in model["why"]
    assert "cold-start prior" in (sample_report_run / "report.html").read_text(encoding="utf-8")
