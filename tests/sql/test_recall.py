"""recall.csv (issue 21): a lead an earlier run delivered that must no longer be called is taken back, once:
newly on a do-not-call list (whether or not it is in this run's lists) or now a customer."""
from __future__ import annotations

import csv

from tests.sql.conftest import AS_OF, publish

GIULIA = {"first_name": "Giulia", "last_name": "Bianchi", "phone": "347 581 2233", "company": "Bianchi S.r.l.",
          "email": "giulia.bianchi@bianchi.it", "source_file": "fiera.csv"}
IVAN = {"first_name": "Иван", "last_name": "Петров", "phone": "0888 723 451", "country": "BG",
        "company": "Петров ЕООД", "source_file": "fiera.csv"}
BUDI = {"first_name": "Budi", "last_name": "Santoso", "mobile": "0812 6639 1047", "country": "ID",
        "company": "PT Maju Jaya", "source_file": "webform.csv"}


def params(run_id: str) -> dict:
    return {"run_id": run_id, "as_of": AS_OF.isoformat(), "recontact_days": 90, "reps": [], "rep_countries": [],
            "rep_places": [], "tier_a": 150.0, "tier_b": 50.0}


def recalled(out) -> dict[str, dict]:
    with open(out / "recall.csv", encoding="utf-8", newline="") as fh:
        return {row["lead_id"]: row for row in csv.DictReader(fh)}


def test_a_delivered_lead_newly_on_a_dnc_list_or_now_a_customer_is_recalled_once(run_models, tmp_path):
    first = run_models([GIULIA, IVAN, BUDI], run_id="r1")
    leads = dict(first.execute("select last_name, lead_id from leads").fetchall())
    publish(first, tmp_path / "one", params("r1"))
    assert recalled(tmp_path / "one") == {}
    # Ivan's number is on tonight's DNC list though he is in no list tonight; Giulia is now a customer
    second = run_models([BUDI, GIULIA], dnc=["+359 888 723 451"], run_id="r2",
                        customers=[{"outcome": "customer", "email": "giulia.bianchi@bianchi.it"}])
    publish(second, tmp_path / "two", params("r2"))
    got = recalled(tmp_path / "two")
    assert set(got) == {leads["Петров"], leads["Bianchi"]}
    assert got[leads["Петров"]]["reason"] == "dnc" and got[leads["Петров"]]["first_name"] == "Иван"
    assert got[leads["Bianchi"]]["reason"] == "customer" and got[leads["Bianchi"]]["delivered_on"]
    third = run_models([BUDI, GIULIA], dnc=["+359 888 723 451"], run_id="r3",
                       customers=[{"outcome": "customer", "email": "giulia.bianchi@bianchi.it"}])
    publish(third, tmp_path / "three", params("r3"))
    assert recalled(tmp_path / "three") == {}  # taken back once; do_not_call.csv still lists Giulia
