"""--export hubspot|salesforce: the call list as each CRM's import tool takes it (issue 18).

The rules checked are the ones the CRMs document: HubSpot's import maps a column by the label of a
contact property and needs a first name, last name or e-mail on every row (at most 1,048,576 rows and
fewer than 1,000 columns per file); Salesforce's Data Import Wizard maps Lead fields by their labels,
needs Last Name and Company on every lead, and takes 50,000 records per import."""
from __future__ import annotations

import csv
from pathlib import Path

from pipelines.config import rep_params
from tests.sql.conftest import publish
from tests.sql.test_export_stream import REPS, exported  # noqa: F401 (the fixture)
from transforms.export import outputs as export

PARAMS = {"run_id": "r1", "as_of": "2026-11-23", "recontact_days": 90, **rep_params(REPS), "tier_a": 150.0,
          "tier_b": 50.0}
# HubSpot's default contact properties (labels) the file uses, plus the external-id property to create
HUBSPOT_LABELS = {"First Name", "Last Name", "Email", "Phone Number", "Mobile Phone Number", "Company Name",
                  "Job Title", "Street Address", "City", "State/Region", "Postal Code", "Country/Region",
                  "Number of Employees",
                  "Contact owner", "Lead Status", "Lifecycle Stage", "Message"}
# the Data Import Wizard's default Lead mappings ("Field Mapping for Importing Leads")
SALESFORCE_LABELS = {"First Name", "Last Name", "Company", "Title", "Email", "Phone", "Mobile Phone", "Street", "City",
                     "State/Province", "Zip/Postal Code", "Country", "Industry", "No. of Employees", "Lead Source",
                     "Lead Status", "Rating", "Record Owner", "Description"}


def read(path: Path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a file for people: Excel opens it as UTF-8
    return list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))


def call_list(con) -> list[tuple]:
    return con.execute("select lead_id, assigned_to from call_list order by priority_rank").fetchall()


def test_the_hubspot_file_follows_hubspots_import_rules(exported, tmp_path):  # noqa: F811
    assert export.write_crm_export(exported, tmp_path, "hubspot", PARAMS) == ["hubspot_import.csv"]
    rows = read(tmp_path / "hubspot_import.csv")
    assert set(rows[0]) == HUBSPOT_LABELS | {"LeadSweep ID"} and len(rows[0]) < 1000
    assert all(r["First Name"] or r["Last Name"] or r["Email"] for r in rows)
    assert [(r["LeadSweep ID"], r["Contact owner"] or None) for r in rows] == call_list(exported)
    assert {r["Lifecycle Stage"] for r in rows} <= {"marketingqualifiedlead", "salesqualifiedlead"}
    assert all(r["Number of Employees"].isdigit() for r in rows if r["Number of Employees"])


def test_the_salesforce_file_has_last_name_and_company_on_every_lead(exported, tmp_path):  # noqa: F811
    assert export.write_crm_export(exported, tmp_path, "salesforce", PARAMS) == ["salesforce_import.csv"]
    rows = read(tmp_path / "salesforce_import.csv")
    assert set(rows[0]) == SALESFORCE_LABELS | {"LeadSweep ID"}
    assert all(r["Last Name"] and r["Company"] for r in rows)
    missing = {lead: (last is None, company is None) for lead, last, company in
               exported.execute("select lead_id, last_name, company from call_list").fetchall()}
    for r in rows:  # Salesforce's own placeholder where the lead has none
        assert ((r["Last Name"] == "[not provided]"), (r["Company"] == "[not provided]")) == missing[r["LeadSweep ID"]]
    assert [(r["LeadSweep ID"], r["Record Owner"] or None) for r in rows] == call_list(exported)
    assert {r["Rating"] for r in rows} <= {"Hot", "Warm", "Cold"}


def test_a_list_longer_than_the_crm_takes_is_cut_into_parts(exported, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.setitem(export.CRM_EXPORTS, "salesforce", ("salesforce_import", 3))
    names = export.write_crm_export(exported, tmp_path, "salesforce", PARAMS)
    leads = call_list(exported)
    assert names == [f"salesforce_import_{n}.csv" for n in range(1, -(-len(leads) // 3) + 1)]
    parts = [read(tmp_path / name) for name in names]
    assert all(1 <= len(part) <= 3 for part in parts)
    assert [r["LeadSweep ID"] for part in parts for r in part] == [lead for lead, _ in leads]


def test_crm_files_of_an_earlier_run_do_not_outlive_it(exported, tmp_path):  # noqa: F811
    out = tmp_path / "out"
    out.mkdir()
    (out / "salesforce_import_2.csv").write_text("stale", encoding="utf-8")
    summary = publish(exported, out, PARAMS, exports=("hubspot",))
    assert "hubspot_import.csv" in summary["outputs"] and (out / "hubspot_import.csv").exists()
    assert not (out / "salesforce_import_2.csv").exists()


def test_a_firm_without_a_contact_and_a_person_without_a_firm_still_import(run_models, tmp_path):
    con = run_models([
        {"company": "Rossi Trasporti S.r.l.", "phone": "02 4871 5011", "country": "IT", "employees": "1-9"},
        {"first_name": "Иван", "last_name": "Петров", "phone": "0888 723 451", "country": "BG", "employees": "120"},
    ])
    export.build_export_tables(con, PARAMS)
    export.write_crm_export(con, tmp_path, "salesforce", PARAMS)
    export.write_crm_export(con, tmp_path, "hubspot", PARAMS)
    salesforce = {r["Company"]: r for r in read(tmp_path / "salesforce_import.csv")}
    assert salesforce["Rossi Trasporti S.r.l."]["Last Name"] == "[not provided]"
    assert salesforce["[not provided]"]["Last Name"] == "Петров"
    hubspot = {r["Company Name"]: r for r in read(tmp_path / "hubspot_import.csv")}
    assert hubspot["Rossi Trasporti S.r.l."]["Last Name"] == "Rossi Trasporti S.r.l."  # a name HubSpot can show
    assert hubspot[""]["First Name"] == "Иван" and hubspot[""]["Number of Employees"] == "120"
    assert hubspot["Rossi Trasporti S.r.l."]["Number of Employees"] == ""  # a band is no count
